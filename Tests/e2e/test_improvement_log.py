"""The improvement log in a real browser (headless Chromium), issue 13: an analyst opens the fiscal-year
report, clicks "record an improvement" on a frequent-complaint Pareto row, sets the day the change took
effect, links a metric, saves, and sees the metric's values before and after on /staff/improvements.

The cases are imported history (`siang import cases`), placed relative to today so both windows have
ended: the improvement is dated the 15th of the month five months back, its before window is the three
months before that month and its after window the three months after it. The values are worked out by
hand below."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from selenium.webdriver.common.by import By

import conftest
from test_report_pages import BANGKOK, PASSWORD, fiscal_year
from test_staff_workspace import LABELS_JS, click_and_wait

pytestmark = pytest.mark.browser


def month_shift(d: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (negative: before) the month of `d`."""
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def at(day: dt.date, hour: int) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK).isoformat()


def road_case(ref: str, month: dt.date, resolved: bool) -> dict:
    received = month.replace(day=10)
    history = [{"status": "triaged", "at": at(received, 11)}]
    if resolved:
        history.append({"status": "resolved", "at": at(received + dt.timedelta(days=2), 15), "note": "ซ่อมแล้ว"})
    return {"ref": ref, "kind": "complaint", "category": "road", "channel": "hotline",
            "text": "ถนนหน้าตลาดเป็นหลุมลึก", "receivedAt": at(received, 9), "history": history}


def test_an_analyst_records_an_improvement_from_the_frequent_complaint_pareto_and_sees_before_and_after(server, browser, tmp_path):
    today = dt.datetime.now(BANGKOK).date()
    change_month = month_shift(today, -5)
    change_day = change_month.replace(day=15)
    # Before (months -8 to -6): one road complaint resolved, one still open at the window's end: 1 / 2 = 50.
    # After (months -4 to -2): two road complaints, both resolved: 2 / 2 = 100.
    cases = [road_case("B-1", month_shift(today, -8), True), road_case("B-2", month_shift(today, -7), False),
             road_case("A-1", month_shift(today, -4), True), road_case("A-2", month_shift(today, -3), True)]
    data = tmp_path / "data"
    lines = tmp_path / "cases.jsonl"
    lines.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n", encoding="utf-8")
    imported = subprocess.run([conftest.SIANG_BIN, "import", "cases", str(lines), "--json", "--data-dir", str(data)],
                              capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0 and json.loads(imported.stdout)["imported"] == 4, imported.stdout + imported.stderr
    added = subprocess.run([conftest.SIANG_BIN, "user", "add", "--data-dir", str(data), "--username", "ana", "--role", "analyst"],
                           input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    srv = server(data_dir=data)

    fy = fiscal_year(change_day)
    browser.get(srv.url + f"/staff/reports?kind=fy&id={fy}")
    browser.find_element(By.ID, "username").send_keys("ana")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.ID, "signin"))
    assert f"kind=fy&id={fy}" in browser.current_url, browser.current_url

    # The frequent-complaint Pareto's road row links to the new-entry form with its category.
    row = next(tr for tr in browser.find_elements(By.CSS_SELECTOR, "#frequent tbody tr")
               if tr.find_elements(By.CSS_SELECTOR, "a[href*='category=road']"))
    link = row.find_element(By.CSS_SELECTOR, "a[href*='category=road']")
    assert link.text.strip() == "บันทึกการปรับปรุง" and link.get_attribute("aria-label").startswith("บันทึกการปรับปรุง: ")
    click_and_wait(browser, link)
    assert "/staff/improvements/new" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert browser.execute_script(LABELS_JS) == [], "form controls without labels"
    assert browser.find_element(By.ID, "category-road").is_selected()
    assert browser.find_element(By.ID, "improvement-date").get_attribute("value"), "the period's date is prefilled"

    # The day the change took effect, its words and the metric to follow.
    browser.execute_script("arguments[0].value = arguments[1];", browser.find_element(By.ID, "improvement-date"), change_day.isoformat())
    browser.find_element(By.ID, "improvement-title").send_keys("ตั้งทีมซ่อมถนนเร่งด่วน")
    browser.find_element(By.ID, "improvement-action").send_keys("ซ่อมหลุมบ่อภายใน 3 วันทำการ และแจ้งผู้ร้องทุกราย")
    browser.find_element(By.ID, "improvement-owningUnit").send_keys("กองช่าง")
    browser.find_element(By.ID, "metric-complaints_resolved_pct").click()
    click_and_wait(browser, browser.find_element(By.ID, "improvement-save"))

    assert "/staff/improvements" in browser.current_url and "done=added" in browser.current_url, browser.current_url
    assert "บันทึกการปรับปรุงเรียบร้อยแล้ว" in browser.find_element(By.ID, "notice").text
    entry = browser.find_element(By.ID, "improvement-1")
    assert "ตั้งทีมซ่อมถนนเร่งด่วน" in entry.text and "กองช่าง" in entry.text
    effect = entry.find_element(By.CSS_SELECTOR, "tr[data-metric='complaints_resolved_pct']")
    assert effect.find_element(By.CSS_SELECTOR, "td.before .value").text.strip() == "50"
    assert effect.find_element(By.CSS_SELECTOR, "td.after .value").text.strip() == "100"
    assert "n = 2" in effect.find_element(By.CSS_SELECTOR, "td.before").text
    assert "n = 2" in effect.find_element(By.CSS_SELECTOR, "td.after").text
