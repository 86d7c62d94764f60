"""The staff workspace in a real browser (headless Chromium): an agent signs in, opens their queue,
takes a case, resolves it with a public reply, and the citizen reads that reply on the tracking page
(issue 6, DESIGN.md 5.3). The agent is made with `siang user add` and given a queue by the routing
configuration, as an agency would."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import conftest

pytestmark = pytest.mark.browser

TIMEOUT = 10
PASSWORD = "รหัสผ่านเจ้าหน้าที่-2569"

ROUTING = """
routing:
  queues:
    - {code: triage, th: งานคัดกรองเรื่องร้องเรียน, en: Complaint screening}
    - {code: integrity, th: ศูนย์ปฏิบัติการต่อต้านการทุจริต, en: Anti-corruption centre}
    - {code: engineering, th: กองช่าง, en: Engineering division, members: [somchai]}
    - {code: public_health, th: กองสาธารณสุขและสิ่งแวดล้อม, en: Public health and environment division}
    - {code: disaster, th: งานป้องกันและบรรเทาสาธารณภัย, en: Disaster prevention and relief}
    - {code: administration, th: สำนักปลัด, en: Office of the permanent secretary}
    - {code: it, th: งานเทคโนโลยีสารสนเทศ, en: Information technology unit}
"""


@pytest.fixture
def staff_server(server, tmp_path, monkeypatch):
    """A server whose routing gives the agent `somchai` the engineering queue, and that agent."""
    config = tmp_path / "siang.yaml"
    config.write_text(ROUTING, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    # The shared fixture starts `$SIANG_BIN serve …`; this wrapper adds the configuration file.
    wrapper = tmp_path / "siang-with-config"
    wrapper.write_text(f'#!/bin/sh\nexec "{conftest.SIANG_BIN}" "$@" --config "{config}"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    added = subprocess.run(
        [conftest.SIANG_BIN, "user", "add", "--config", str(config), "--data-dir", str(data), "--username", "somchai", "--role", "agent"],
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    monkeypatch.setattr(conftest, "SIANG_BIN", str(wrapper))
    return server(data_dir=data)


def wait(browser) -> WebDriverWait:
    return WebDriverWait(browser, TIMEOUT)


def click_and_wait(browser, element) -> None:
    browser.execute_script("window.__siangOldPage = true;")
    element.click()
    wait(browser).until(lambda d: d.execute_script(
        "return window.__siangOldPage === undefined && document.readyState === 'complete';"))


LABELS_JS = """
const problems = [];
for (const el of document.querySelectorAll('main input, main select, main textarea')) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (type === 'hidden' || type === 'submit') continue;
  const labelled = el.id && Array.from(document.querySelectorAll('label')).some(l => l.htmlFor === el.id && l.textContent.trim());
  if (!labelled) problems.push(el.outerHTML.slice(0, 120));
}
return problems;
"""


def test_an_agent_resolves_a_case_and_the_citizen_reads_the_reply(staff_server, browser):
    srv = staff_server
    text = "ไฟส่องสว่างในซอยประชาอุทิศ 12 ดับทั้งซอยมาหนึ่งสัปดาห์ กลางคืนมืดมาก"
    created = requests.post(srv.url + "/api/v1/complaints", json={"text": text, "category": "lighting"}, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    tracking_id = created.json()["trackingId"]
    reply = "กองช่างได้เปลี่ยนหลอดไฟ LED ในซอยประชาอุทิศ 12 จำนวน 4 ดวงเรียบร้อยแล้ว ขอบคุณที่แจ้งเรื่อง"

    # Sign in: the workspace sends a visitor without a session to the sign-in page.
    browser.get(srv.url + "/staff/queue")
    assert "/staff/signin" in browser.current_url, browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "th"
    browser.find_element(By.ID, "username").send_keys("somchai")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.ID, "signin"))
    assert browser.current_url.endswith("/staff/queue"), browser.current_url
    assert "somchai" in browser.find_element(By.ID, "who").text

    # Open the queue: choose it in the filter form.
    Select(browser.find_element(By.ID, "f-queue")).select_by_value("engineering")
    click_and_wait(browser, browser.find_element(By.ID, "filter-submit"))
    assert browser.find_element(By.ID, "queue-heading").text.strip() == "คิวงาน: กองช่าง"
    assert browser.execute_script(LABELS_JS) == [], "queue filters without labels"
    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-tracking-id='{tracking_id}']")
    assert "sla-row-on_track" in row.get_attribute("class")
    assert "เหลือ" in row.text, row.text
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a.case-link"))
    assert browser.find_element(By.ID, "case-id").text.strip() == tracking_id
    assert browser.execute_script(LABELS_JS) == [], "case page controls without labels"
    # A new case cannot be resolved at once: the form is not offered.
    assert not browser.find_elements(By.ID, "form-resolve")

    # Take it, start work, resolve it with a public reply.
    click_and_wait(browser, browser.find_element(By.ID, "take"))
    assert browser.find_element(By.ID, "case-assignee").text.strip() == "somchai"
    Select(browser.find_element(By.ID, "status-to")).select_by_value("in_progress")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#form-status button[type=submit]"))
    assert browser.find_element(By.ID, "case-status").text.strip() == "อยู่ระหว่างดำเนินการ"
    browser.find_element(By.ID, "resolve-note").send_keys(reply)
    click_and_wait(browser, browser.find_element(By.ID, "resolve-submit"))
    assert browser.find_element(By.ID, "case-status").text.strip() == "ดำเนินการแล้วเสร็จ"
    assert "บันทึกผลการดำเนินการแล้วเสร็จ" in browser.find_element(By.ID, "case-notice").text
    assert reply in browser.find_element(By.ID, "timeline").text

    # The citizen reads the reply on the tracking page.
    browser.get(srv.url + f"/track/{tracking_id}")
    assert browser.find_element(By.ID, "status").text.strip() == "ดำเนินการแล้วเสร็จ"
    assert reply in browser.find_element(By.ID, "timeline").text
    tracked = requests.get(srv.url + f"/api/v1/track/{tracking_id}", timeout=TIMEOUT).json()
    assert tracked["status"] == "resolved"
    assert any(entry.get("note") == reply for entry in tracked["timeline"])

    # Signing out ends the session.
    browser.get(srv.url + "/staff/queue")
    click_and_wait(browser, browser.find_element(By.ID, "signout"))
    assert "/staff/signin" in browser.current_url
    browser.get(srv.url + "/staff/queue")
    assert "/staff/signin" in browser.current_url


def test_the_staff_pages_refuse_a_post_without_the_session_token(staff_server):
    srv = staff_server
    s = requests.Session()
    page = s.get(srv.url + "/staff/signin", timeout=TIMEOUT)
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    signed = s.post(srv.url + "/staff/signin", data={"csrf": token, "username": "somchai", "password": PASSWORD, "next": "/staff/queue"},
                    allow_redirects=False, timeout=TIMEOUT)
    assert signed.status_code == 303, signed.text[:300]
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # A form posted from elsewhere (no CSRF token) changes nothing.
    r = s.post(srv.url + "/staff/signout", data={}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 403
    assert s.get(srv.url + "/staff/queue", allow_redirects=False, timeout=TIMEOUT).status_code == 200
