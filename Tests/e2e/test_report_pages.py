"""The PMQA reports page in a real browser (headless Chromium), issue 12: an analyst signs in, opens the
fiscal-year report, sets a target, locks last month and downloads the XLSX, which arrives as a zip
holding the workbook. The analyst is made with `siang user add`, as an agency would."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
import zipfile

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import conftest
from test_staff_workspace import LABELS_JS, click_and_wait

pytestmark = pytest.mark.browser

TIMEOUT = 10
PASSWORD = "รหัสผ่านผู้วิเคราะห์-2569"
BANGKOK = dt.timezone(dt.timedelta(hours=7))


def fiscal_year(d: dt.date) -> int:
    """The BE fiscal year a day lies in (1 October starts the next one)."""
    return d.year + 543 + (1 if d.month >= 10 else 0)


@pytest.fixture
def analyst_server(server, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    added = subprocess.run(
        [conftest.SIANG_BIN, "user", "add", "--data-dir", str(data), "--username", "ana", "--role", "analyst"],
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    return server(data_dir=data)


def test_an_analyst_opens_the_fy_report_sets_a_target_locks_a_month_and_downloads_the_xlsx(analyst_server, browser, tmp_path):
    srv = analyst_server
    for text in ["ไฟส่องสว่างหน้าโรงเรียนดับสามวันแล้ว", "ถนนหน้าตลาดเป็นหลุมลึก รถจักรยานยนต์ล้ม"]:
        created = requests.post(srv.url + "/api/v1/complaints", json={"text": text}, timeout=TIMEOUT)
        assert created.status_code == 201, created.text
    today = dt.datetime.now(BANGKOK).date()
    fy = fiscal_year(today)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")

    browser.get(srv.url + "/staff/reports")
    assert "/staff/signin" in browser.current_url
    browser.find_element(By.ID, "username").send_keys("ana")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.ID, "signin"))
    assert "/staff/reports" in browser.current_url, browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert browser.execute_script(LABELS_JS) == [], "pickers without labels"

    # The fiscal-year report through its picker.
    Select(browser.find_element(By.ID, "pick-fy-id")).select_by_value(str(fy))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#pick-fy button[type=submit]"))
    assert f"kind=fy&id={fy}" in browser.current_url
    table = browser.find_element(By.ID, "metrics")
    assert "complaints_received" in browser.page_source
    received = browser.find_element(By.CSS_SELECTOR, "#metric-complaints_received a.figure")
    assert received.text.strip() == "2", received.text
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "ค่าเป้าหมาย" in headers and "ระดับตามเกณฑ์ PMQA" in headers, headers

    # A target for this fiscal year through the targets form.
    click_and_wait(browser, browser.find_element(By.ID, "targets-link"))
    assert browser.execute_script(LABELS_JS) == [], "targets form without labels"
    Select(browser.find_element(By.ID, "target-metric")).select_by_value("complaints_resolved_pct")
    year = browser.find_element(By.ID, "target-fiscalYear")
    year.clear()
    year.send_keys(str(fy))
    browser.find_element(By.ID, "target-target").send_keys("90")
    browser.find_element(By.ID, "target-c1_name").send_keys("สำนักงานเขตใกล้เคียง")
    browser.find_element(By.ID, "target-c1_value").send_keys("87.5")
    browser.find_element(By.ID, "target-c1_why").send_keys("ให้บริการประชาชนจำนวนใกล้เคียงกัน")
    click_and_wait(browser, browser.find_element(By.ID, "target-save"))
    assert "บันทึกค่าเป้าหมายแล้ว" in browser.find_element(By.ID, "notice").text
    assert "สำนักงานเขตใกล้เคียง" in browser.find_element(By.ID, "targets").text

    # Lock last month.
    browser.get(srv.url + f"/staff/reports?kind=monthly&id={last_month}")
    click_and_wait(browser, browser.find_element(By.ID, "lock-button"))
    assert "ปิดงวดรายงานเดือนนี้แล้ว" in browser.find_element(By.ID, "notice").text
    assert browser.find_element(By.ID, "locked-state").text.strip() == "ปิดงวดแล้ว"
    assert browser.find_element(By.ID, "restate-reason").get_attribute("required") is not None

    # Download the FY workbook.
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(srv.url + f"/staff/reports?kind=fy&id={fy}")
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a") if a.text.strip() == "XLSX")
    link.click()
    expected = downloads / f"siang-report-fy-{fy}.xlsx"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not expected.exists():
        time.sleep(0.1)
    assert expected.exists(), list(downloads.iterdir())
    with zipfile.ZipFile(expected) as z:
        names = z.namelist()
        assert "xl/workbook.xml" in names and "[Content_Types].xml" in names, names
        assert any(n.startswith("xl/worksheets/") for n in names), names
