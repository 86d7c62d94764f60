"""A hotline call-back survey answer entered on the staff page in a real browser (headless Chromium,
390x844): a hotline case is taken in and resolved through the staff API, the agent who makes the
call-backs signs in, opens the call-back list, records the person's answer as dissatisfied with a
reason, and the survey figures count it (issue 19, docs/surveys.md)."""

from __future__ import annotations

import subprocess

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import conftest
from test_staff_workspace import LABELS_JS, PASSWORD, click_and_wait, staff_server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

TIMEOUT = 10


def cli(srv, *args, stdin=None):
    return subprocess.run([conftest.SIANG_BIN, *args, "--data-dir", str(srv.data_dir)], input=stdin, capture_output=True,
                          text=True, timeout=60)


def token_of(srv, username: str) -> str:
    made = cli(srv, "user", "token", "--username", username)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def choose(browser, input_id: str) -> None:
    """Clicks the label of a radio or checkbox, as the officer does."""
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='{input_id}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    assert browser.find_element(By.ID, input_id).is_selected()


def test_an_agent_enters_a_dissatisfied_call_back_answer_with_reasons(staff_server, browser):
    srv = staff_server
    agent = token_of(srv, "somchai")
    auth = {"Authorization": f"Bearer {agent}"}
    created = requests.post(srv.url + "/api/v1/complaints", headers=auth, timeout=TIMEOUT, json={
        "text": "ไฟส่องสว่างหน้าโรงเรียนวัดกลางดับมาสามคืน เด็กเดินกลับบ้านลำบาก", "category": "lighting", "channel": "hotline",
        "contact": {"name": "นางสาวมาลี ทดสอบ", "phone": "081-555-0199"}, "consent": True})
    assert created.status_code == 201, created.text
    tracking_id = created.json()["trackingId"]
    for status, note in [("in_progress", "ส่งช่างไฟฟ้าตรวจสอบแล้ว"), ("resolved", "เปลี่ยนหลอดไฟหน้าโรงเรียนเรียบร้อยแล้ว")]:
        r = requests.patch(srv.url + f"/api/v1/staff/complaints/{tracking_id}", json={"status": status, "publicNote": note},
                           headers=auth, timeout=TIMEOUT)
        assert r.status_code == 200, r.text

    # The agent signs in and opens the call-back list from the menu.
    browser.get(srv.url + "/staff/callbacks")
    browser.find_element(By.ID, "username").send_keys("somchai")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.ID, "signin"))
    assert browser.current_url.endswith("/staff/callbacks"), browser.current_url
    surveys = browser.find_element(By.ID, "survey-callbacks")
    assert tracking_id in surveys.text and "081-555-0199" in surveys.text
    click_and_wait(browser, browser.find_element(By.ID, f"survey-callback-{tracking_id}"))

    # The questionnaire as the web survey asks it, every control labelled, in Thai.
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    assert browser.find_element(By.ID, "case-id").text.strip() == tracking_id
    assert browser.execute_script(LABELS_JS) == [], "call-back form controls without labels"
    assert "<script" not in browser.page_source
    for input_id in ["overall-2", "process-3", "staff-4", "channel-3", "access-3", "outcome-1", "trust-2", "recommend-2",
                     "frequency-first"]:
        if browser.find_elements(By.ID, input_id):
            choose(browser, input_id)

    # A 2 without a reason is refused as on the web survey; what was chosen is kept.
    click_and_wait(browser, browser.find_element(By.ID, "survey-callback-save"))
    summary = WebDriverWait(browser, TIMEOUT).until(lambda d: d.find_element(By.ID, "error-summary"))
    assert "โปรดเลือกสาเหตุที่ท่านไม่พึงพอใจอย่างน้อย 1 ข้อ" in summary.text
    assert browser.find_element(By.ID, "overall-2").is_selected()

    choose(browser, "reason-delay")
    choose(browser, "reason-no_update")
    browser.find_element(By.ID, "comment").send_keys("ผู้ร้องแจ้งว่ารอนานและไม่มีใครแจ้งความคืบหน้า")
    click_and_wait(browser, browser.find_element(By.ID, "survey-callback-save"))
    assert browser.current_url.endswith("/staff/callbacks?surveyDone=dissatisfied"), browser.current_url
    assert "บันทึกคำตอบแบบสำรวจความพึงพอใจเรียบร้อยแล้ว" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_elements(By.ID, f"survey-callback-{tracking_id}") == [], "the case leaves the list"

    # Stored: the figures count one dissatisfied hotline answer with both reasons; the case is in service recovery.
    added = cli(srv, "user", "add", "--username", "boss", "--role", "supervisor", stdin="a-long-password-1\n")
    assert added.returncode == 0, added.stderr
    supervisor = {"Authorization": f"Bearer {token_of(srv, 'boss')}"}
    figures = requests.get(srv.url + "/api/v1/staff/surveys/summary?by=channel", headers=supervisor, timeout=TIMEOUT)
    assert figures.status_code == 200, figures.text
    hotline = [g for g in figures.json()["groups"] if g["key"] == {"channel": "hotline"}][0]["metrics"]
    assert hotline["responses"] == 1
    assert hotline["satisfaction"]["bottomTwoShare"] == 100
    assert [r["code"] for r in hotline["reasons"]] == ["delay", "no_update"]
    assert hotline["responseRate"] == 100
    case = requests.get(srv.url + f"/api/v1/staff/complaints/{tracking_id}", headers=auth, timeout=TIMEOUT)
    assert "Service Recovery" in case.text
    left = requests.get(srv.url + "/api/v1/staff/surveys/callbacks", headers=auth, timeout=TIMEOUT)
    assert left.json()["callbacks"] == []
