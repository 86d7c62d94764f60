"""The satisfaction survey in a real browser (headless Chromium, 390x844): a case is filed and resolved
through the public and staff APIs, and the complainant answers the survey from the tracking page's link
as dissatisfied with two reasons (DESIGN.md 4, 5.3)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
TIMEOUT = 10


def run(*args, stdin=None):
    return subprocess.run([SIANG, *args], input=stdin, capture_output=True, text=True, timeout=120)


def staff_token(srv) -> str:
    """An admin account and its API token, made with the CLI on the server's data directory."""
    added = run("user", "add", "--username", "surveyadmin", "--role", "admin", "--data-dir", str(srv.data_dir),
                stdin="a-long-password-1\n")
    assert added.returncode == 0, added.stderr
    token = run("user", "token", "--username", "surveyadmin", "--data-dir", str(srv.data_dir))
    assert token.returncode == 0, token.stderr
    return token.stdout.strip()


def resolved_web_case(srv, token: str) -> str:
    created = requests.post(srv.url + "/api/v1/complaints", json={
        "text": "ไฟฟ้าส่องสว่างในซอยประชาร่วมใจ 3 ดับมาหนึ่งสัปดาห์แล้ว กลางคืนมืดมาก", "category": "lighting", "segment": "citizen",
        "contact": {"phone": "081-234-5678"}, "consent": True})
    assert created.status_code == 201, created.text
    tracking_id = created.json()["trackingId"]
    auth = {"Authorization": f"Bearer {token}"}
    for status, note in [("in_progress", "ส่งช่างไฟฟ้าตรวจสอบแล้ว"), ("resolved", "ซ่อมไฟส่องสว่างเรียบร้อยแล้ว")]:
        r = requests.patch(srv.url + f"/api/v1/staff/complaints/{tracking_id}", json={"status": status, "publicNote": note}, headers=auth)
        assert r.status_code == 200, r.text
    return tracking_id


def wait_for(browser, element_id: str):
    return WebDriverWait(browser, TIMEOUT).until(lambda d: d.find_element(By.ID, element_id))


def choose(browser, input_id: str) -> None:
    """Clicks the label of a radio or checkbox, as a person taps it on a phone."""
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='{input_id}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    assert browser.find_element(By.ID, input_id).is_selected()


def submit(browser) -> None:
    button = browser.find_element(By.ID, "submit")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    browser.execute_script("window.__siangOldPage = true;")
    button.click()
    WebDriverWait(browser, TIMEOUT).until(lambda d: d.execute_script(
        "return window.__siangOldPage === undefined && document.readyState === 'complete';"))


def test_answer_a_survey_as_dissatisfied_with_two_reasons(server, browser):
    srv = server()
    token = staff_token(srv)
    tracking_id = resolved_web_case(srv, token)

    # A stranger's link leads to the tracking page, which asks the complainant for the phone's last
    # four digits; they open the case's survey, in Thai, without any script.
    browser.get(srv.url + f"/track/{tracking_id}/survey")
    wait_for(browser, "survey-locked")
    assert "/survey/" not in browser.current_url
    browser.find_element(By.ID, "phoneLast4").send_keys("5678")
    browser.find_element(By.ID, "survey-phone-submit").click()
    wait_for(browser, "survey-form")
    assert "/survey/" in browser.current_url
    survey_path = browser.current_url.split(srv.url, 1)[1].split("?")[0]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert browser.find_element(By.ID, "case-id").text == tracking_id
    assert "<script" not in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "input[name^='reason_']") == [], "reasons come on the second page"
    for radio in browser.find_elements(By.CSS_SELECTOR, "input[type=radio]"):
        assert browser.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").text.strip()

    # Page 1: overall 2, outcome 1, the rest in between.
    for input_id in ["overall-2", "process-3", "staff-4", "channel-3", "access-3", "outcome-1", "trust-2", "recommend-2", "frequency-first"]:
        choose(browser, input_id)
    submit(browser)

    # Page 2 asks why; sending without a reason is refused with a clear message.
    wait_for(browser, "reasons")
    assert "หน้า 2 จาก 2" in browser.page_source
    assert browser.find_elements(By.ID, "error-summary") == []
    submit(browser)
    summary = wait_for(browser, "error-summary")
    assert "โปรดเลือกสาเหตุที่ท่านไม่พึงพอใจอย่างน้อย 1 ข้อ" in summary.text

    choose(browser, "reason-delay")
    choose(browser, "reason-no_update")
    comment = browser.find_element(By.ID, "comment")
    comment.send_keys("ไฟดับนานหนึ่งสัปดาห์ และไม่มีเจ้าหน้าที่แจ้งความคืบหน้าเลย")
    submit(browser)

    title = wait_for(browser, "survey-title")
    assert title.text == "ขอบคุณที่ตอบแบบสำรวจ"
    assert "ขออภัย" in browser.find_element(By.ID, "survey-message").text

    # One answer per token: the page says so, and the API answers 409.
    browser.get(srv.url + survey_path)
    assert wait_for(browser, "survey-title").text == "ท่านตอบแบบสำรวจนี้แล้ว"
    survey_token = survey_path.rsplit("/", 1)[1]
    again = requests.post(srv.url + f"/api/v1/surveys/{survey_token}", json={"overall": 5})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_answered"

    # The answer counts as dissatisfied with both reasons, and the supervisors were told (service recovery).
    auth = {"Authorization": f"Bearer {token}"}
    figures = requests.get(srv.url + "/api/v1/staff/surveys/summary?by=channel", headers=auth)
    assert figures.status_code == 200, figures.text
    web = [g for g in figures.json()["groups"] if g["key"] == {"channel": "web"}][0]["metrics"]
    assert web["responses"] == 1
    assert web["satisfaction"]["bottomTwoShare"] == 100
    assert [r["code"] for r in web["reasons"]] == ["delay", "no_update"]
    assert web["responseRate"] == 100
    case = requests.get(srv.url + f"/api/v1/staff/complaints/{tracking_id}", headers=auth)
    assert case.status_code == 200
    assert "Service Recovery" in case.text
