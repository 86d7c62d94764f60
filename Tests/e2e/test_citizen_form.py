"""The citizen pages in a real browser (headless Chromium, 390x844): the Thai complaint form, its errors,
English, labels and keyboard use, and the tracking lookup (DESIGN.md 5.3, 6)."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import TRACKING_ID_RE, make_png, unknown_valid_id, wrong_check

pytestmark = pytest.mark.browser

TIMEOUT = 10
THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


def wait(browser, timeout: float = TIMEOUT) -> WebDriverWait:
    return WebDriverWait(browser, timeout)


def html_lang(browser) -> str:
    return browser.find_element(By.TAG_NAME, "html").get_attribute("lang")


def mark_page(browser) -> None:
    browser.execute_script("window.__siangOldPage = true;")


def wait_for_new_page(browser) -> None:
    """Waits until the marked document has been replaced by a new, fully loaded one."""
    wait(browser).until(lambda d: d.execute_script(
        "return window.__siangOldPage === undefined && document.readyState === 'complete';"))


def submit_and_wait_for_new_page(browser, element) -> None:
    """Clicks and waits until the next page has loaded."""
    mark_page(browser)
    element.click()
    wait_for_new_page(browser)


def test_file_a_complaint_through_the_thai_form(server, browser, tmp_path):
    """The acceptance test: a citizen files a suggestion with a photo, contact details and consent,
    and lands on the tracking page showing the new case in Thai with a BE date."""
    srv = server()
    png = make_png(tmp_path / "ไฟดับ.png")
    text = "ขอเสนอให้ติดตั้งไฟส่องสว่างเพิ่มที่ซอยวัดใหม่ 5 เพราะกลางคืนมืดมากและมีคนเดินผ่านทุกวัน"
    contact = {"name": "สมชาย ใจดีทดสอบ", "phone": "0812345678", "email": "somchai.e2e@example.org"}

    browser.get(srv.url + "/")
    assert html_lang(browser) == "th"
    assert browser.find_element(By.ID, "submit").text.strip() == "ส่งเรื่อง"
    assert Select(browser.find_element(By.ID, "category")).first_selected_option.get_attribute("value") == "unsure"

    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=suggestion]").click()
    browser.find_element(By.ID, "subject").send_keys("ขอไฟส่องสว่างเพิ่ม")
    browser.find_element(By.ID, "text").send_keys(text)
    Select(browser.find_element(By.ID, "category")).select_by_value("lighting")
    Select(browser.find_element(By.ID, "segment")).select_by_value("citizen")
    browser.find_element(By.ID, "address").send_keys("ซอยวัดใหม่ 5 ถนนประชาราษฎร์")
    browser.find_element(By.ID, "lat").send_keys("13.7563")
    browser.find_element(By.ID, "lon").send_keys("100.5018")
    for field, value in contact.items():
        browser.find_element(By.ID, field).send_keys(value)
    consent = browser.find_element(By.ID, "consent")
    consent.click()
    assert consent.is_selected()
    browser.find_element(By.ID, "attachments").send_keys(str(tmp_path / "ไฟดับ.png"))
    # What the browser holds before sending is what was typed (Thai input reached the fields intact).
    assert browser.find_element(By.ID, "text").get_attribute("value") == text

    submit_and_wait_for_new_page(browser, browser.find_element(By.ID, "submit"))

    assert re.search(r"/track/CMP-[0-9A-Z]{11}\?created=1$", browser.current_url), browser.current_url
    assert html_lang(browser) == "th"
    tracking_id = browser.find_element(By.ID, "tracking-id").text.strip()
    assert re.match(TRACKING_ID_RE, tracking_id), tracking_id
    assert browser.current_url.split("?")[0].endswith("/track/" + tracking_id)
    assert browser.find_element(By.ID, "status").text.strip() == "รับเรื่องแล้ว"
    received_text = browser.find_element(By.ID, "received-at").text.strip()
    m = re.match(r"^(\d{1,2}) (\S+) (25\d\d) (\d\d):(\d\d) น\.$", received_text)
    assert m, f"received date not in Thai BE form: {received_text!r}"
    # No personal data on the public page.
    page = browser.page_source
    for value in contact.values():
        assert value not in page, f"{value!r} shown on the public tracking page"

    r = requests.get(f"{srv.url}/api/v1/track/{tracking_id}", timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    api = r.json()
    assert api["trackingId"] == tracking_id
    assert api["status"] == "received"
    assert api["statusLabel"]["th"] == "รับเรื่องแล้ว"
    assert api["kind"] == "suggestion"
    assert api["category"] == "lighting"
    for value in contact.values():
        assert value not in r.text
    # The page's date is the API's receivedAt in Bangkok time with the BE year.
    received = datetime.fromisoformat(api["receivedAt"])
    assert received.utcoffset().total_seconds() == 7 * 3600, api["receivedAt"]
    assert (int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4)), int(m.group(5))) == (
        received.day, THAI_MONTHS[received.month - 1], received.year + 543, received.hour, received.minute
    ), (received_text, api["receivedAt"])

    # The photo was stored under the data directory, sealed with the data key: never as the PNG it was.
    files = [p for p in (srv.data_dir / "attachments").rglob("*") if p.is_file()]
    assert any(p.read_bytes().startswith(b"SGE1") for p in files), f"no sealed attachment under {srv.data_dir}"
    assert not [p for p in srv.data_dir.rglob("*") if p.is_file() and png in p.read_bytes()], "the PNG is on disk in plain"


def test_contact_without_consent_shows_errors_and_keeps_the_text(server, browser):
    srv = server()
    text = "ท่อระบายน้ำหน้าโรงเรียนอุดตัน ฝนตกทีไรน้ำท่วมขังทุกครั้ง"
    browser.get(srv.url + "/")
    browser.find_element(By.ID, "text").send_keys(text)
    browser.find_element(By.ID, "name").send_keys("มานี มีนา")
    browser.find_element(By.ID, "phone").send_keys("0898765432")
    Select(browser.find_element(By.ID, "category")).select_by_value("water")
    assert not browser.find_element(By.ID, "consent").is_selected()

    submit_and_wait_for_new_page(browser, browser.find_element(By.ID, "submit"))

    assert "/track/" not in browser.current_url, browser.current_url
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.is_displayed()
    assert summary.text.strip(), "empty error summary"
    # The summary links to the consent checkbox, and the checkbox's error is shown next to it.
    links = [a.get_attribute("href") for a in summary.find_elements(By.TAG_NAME, "a")]
    assert any(h.endswith("#consent") for h in links), links
    assert browser.find_element(By.ID, "consent-error").text.strip()
    # Everything typed is still there.
    assert html_lang(browser) == "th"
    assert browser.find_element(By.ID, "text").get_attribute("value") == text
    assert browser.find_element(By.ID, "name").get_attribute("value") == "มานี มีนา"
    assert browser.find_element(By.ID, "phone").get_attribute("value") == "0898765432"
    assert Select(browser.find_element(By.ID, "category")).first_selected_option.get_attribute("value") == "water"

    # Ticking consent and sending again now files the case.
    browser.find_element(By.ID, "consent").click()
    submit_and_wait_for_new_page(browser, browser.find_element(By.ID, "submit"))
    assert re.match(TRACKING_ID_RE, browser.find_element(By.ID, "tracking-id").text.strip())
    assert browser.find_element(By.ID, "status").text.strip() == "รับเรื่องแล้ว"


def test_english_page(server, browser):
    srv = server()
    browser.get(srv.url + "/?lang=en")
    assert html_lang(browser) == "en"

    def label(for_id: str) -> str:
        return browser.find_element(By.CSS_SELECTOR, f"label[for='{for_id}']").text.strip()

    assert label("text").startswith("Details"), label("text")
    assert label("category") == "Category"
    assert label("email") == "Email"
    assert browser.find_element(By.ID, "submit").text.strip() == "Send"
    assert Select(browser.find_element(By.ID, "category")).first_selected_option.text.startswith("Not sure")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "ส่งเรื่อง" not in body and "รายละเอียดเรื่อง" not in body, "Thai form labels on the English page"

    # Sending in English leads to the English tracking page.
    browser.find_element(By.ID, "text").send_keys("The street light outside number 12 has been off for a week.")
    submit_and_wait_for_new_page(browser, browser.find_element(By.ID, "submit"))
    assert html_lang(browser) == "en"
    assert "lang=en" in browser.current_url, browser.current_url
    assert browser.find_element(By.ID, "status").text.strip() == "Received"
    assert re.match(r"^\d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d$", browser.find_element(By.ID, "received-at").text.strip())


LABELS_JS = """
const problems = [];
for (const el of document.querySelectorAll('form input, form select, form textarea')) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (type === 'hidden' || type === 'submit') continue;
  const byFor = el.id ? Array.from(document.querySelectorAll('label')).filter(l => l.htmlFor === el.id) : [];
  const wrapping = el.closest('label');
  const labels = byFor.concat(wrapping ? [wrapping] : []);
  const named = labels.some(l => l.textContent.trim().length > 0);
  if (!named) problems.push(el.outerHTML.slice(0, 120));
}
return problems;
"""


def test_every_form_control_has_a_label_and_the_keyboard_reaches_everything(server, browser):
    srv = server()
    browser.get(srv.url + "/")
    assert browser.find_elements(By.CSS_SELECTOR, "html[lang=th]"), "html lang is not th"
    controls = browser.find_elements(By.CSS_SELECTOR, "form input:not([type=hidden]), form select, form textarea")
    assert len(controls) >= 14, f"form looks incomplete: {len(controls)} controls"
    assert browser.execute_script(LABELS_JS) == [], "controls without a label"
    for tracked in ("text", "category", "segment", "address", "lat", "lon", "name", "phone", "email", "consent", "attachments", "subject"):
        assert browser.find_element(By.ID, tracked)
    assert browser.find_element(By.ID, "kind").tag_name == "fieldset"
    assert browser.find_element(By.CSS_SELECTOR, "#kind legend").text.strip()

    # Keyboard only: Tab from the top of the page; the first stop is the skip link, and every control
    # is reached in order before the submit button.
    browser.get(srv.url + "/")  # fresh page: focus on the document
    seen: list[str] = []
    first = None
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        el = browser.switch_to.active_element
        if first is None:
            first = el
        key = el.get_attribute("id") or el.get_attribute("name") or el.tag_name
        seen.append(key)
        if key == "submit":
            break
    assert first.tag_name == "a" and first.get_attribute("href").endswith("#main"), "first Tab stop is not the skip link"
    assert seen[-1] == "submit", f"Tab never reached the submit button: {seen}"
    expected = ["kind", "subject", "text", "category", "segment", "address", "lat", "lon", "name", "phone", "email",
                "consent", "attachments", "submit"]
    order = [k for k in seen if k in expected]
    assert order == expected, f"keyboard order {order}"

    # Filling and sending by keyboard alone works: Shift+Tab back to the text box, type, Tab to the
    # submit button, Enter.
    for _ in range(40):
        if browser.switch_to.active_element.get_attribute("id") == "text":
            break
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "text"
    ActionChains(browser).send_keys("ทางเท้าหน้าตลาดสดแตกเป็นหลุม คนแก่สะดุดล้มบ่อย").perform()
    for _ in range(40):
        if browser.switch_to.active_element.get_attribute("id") == "submit":
            break
        ActionChains(browser).send_keys(Keys.TAB).perform()
    mark_page(browser)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for_new_page(browser)
    assert browser.find_element(By.ID, "status").text.strip() == "รับเรื่องแล้ว"


def _lookup(browser, base: str, typed: str) -> None:
    """Types an ID into the lookup form at /track and sends it."""
    browser.get(base + "/track")
    assert html_lang(browser) == "th"
    box = browser.find_element(By.ID, "id")
    assert browser.find_elements(By.CSS_SELECTOR, "label[for=id]"), "lookup box has no label"
    box.clear()
    box.send_keys(typed)
    submit_and_wait_for_new_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/track'] button[type=submit]"))


def _create(base: str, text: str = "ต้นไม้ล้มขวางถนนหน้าหมู่บ้าน") -> str:
    created = requests.post(base + "/api/v1/complaints", json={"text": text, "category": "safety"}, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    return created.json()["trackingId"]


def test_tracking_lookup_redirects_to_the_canonical_page(server, browser):
    srv = server()
    tracking_id = _create(srv.url)
    # Lower case, no hyphen: redirected to the canonical page.
    _lookup(browser, srv.url, tracking_id.lower().replace("-", ""))
    assert browser.current_url == f"{srv.url}/track/{tracking_id}", browser.current_url
    assert browser.find_element(By.ID, "tracking-id").text.strip() == tracking_id
    assert browser.find_element(By.ID, "status").text.strip() == "รับเรื่องแล้ว"
    assert not browser.find_elements(By.ID, "lookup-error")

    # O for 0 and l/I for 1 are read too (DESIGN.md 5.2); pick a case whose ID has a 0 or a 1.
    ids = [tracking_id] + [_create(srv.url, f"เรื่องที่ {i}") for i in range(10)]
    with_digits = next((i for i in ids if re.search("[01]", i[4:])), tracking_id)
    look_alike = with_digits.replace("0", "O").replace("1", "l").lower().replace("-", "")
    _lookup(browser, srv.url, look_alike)
    assert browser.current_url == f"{srv.url}/track/{with_digits}", (look_alike, browser.current_url)
    assert browser.find_element(By.ID, "tracking-id").text.strip() == with_digits


def test_tracking_lookup_ignores_spaces(server, browser):
    """DESIGN.md 5.2: spaces in a typed ID are ignored. The GET form sends them as '+'."""
    srv = server()
    tracking_id = _create(srv.url)
    spaced = f"{tracking_id[:3]} {tracking_id[4:8]} {tracking_id[8:]}"
    _lookup(browser, srv.url, spaced)
    errors = browser.find_elements(By.ID, "lookup-error")
    if errors:
        pytest.fail(f"typed {spaced!r} into /track, landed on {browser.current_url} with error {errors[0].text!r}; "
                    f"expected the page of {tracking_id}", pytrace=False)
    assert browser.current_url == f"{srv.url}/track/{tracking_id}", browser.current_url
    assert browser.find_element(By.ID, "tracking-id").text.strip() == tracking_id


def test_tracking_lookup_wrong_check_character_and_unknown_id(server, browser):
    srv = server()
    tracking_id = _create(srv.url)
    # A wrong check character: an error message, and no case.
    _lookup(browser, srv.url, wrong_check(tracking_id))
    error = browser.find_element(By.ID, "lookup-error")
    assert error.is_displayed() and "ตรวจสอบ" in error.text, error.text
    assert not browser.find_elements(By.ID, "tracking-id")
    assert not browser.find_elements(By.ID, "status")
    assert tracking_id not in browser.find_element(By.TAG_NAME, "body").text

    # A well-formed ID nobody was given: not found, and no case.
    _lookup(browser, srv.url, unknown_valid_id())
    assert browser.find_element(By.ID, "lookup-error").text.strip()
    assert not browser.find_elements(By.ID, "tracking-id")

    # The same answers over plain HTTP: 400 and 404 pages.
    assert requests.get(f"{srv.url}/track/{wrong_check(tracking_id)}", timeout=TIMEOUT).status_code == 400
    assert requests.get(f"{srv.url}/track/{unknown_valid_id()}", timeout=TIMEOUT).status_code == 404


# -- the form without a browser: CSRF and double submit --------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden":
            self.hidden[a.get("name", "")] = a.get("value", "")


def _form_fields(html: str) -> dict[str, str]:
    p = _FormParser()
    p.feed(html)
    return p.hidden


def test_form_post_without_the_form_cookie_is_refused(server):
    srv = server()
    page = requests.get(srv.url + "/", timeout=TIMEOUT)
    assert "siang_form" in page.cookies, page.headers
    hidden = _form_fields(page.text)
    assert hidden.get("nonce")
    fields = {**hidden, "kind": "complaint", "text": "ทดสอบการปลอมแบบฟอร์มจากเว็บอื่น", "category": "unsure"}
    # No cookie (as from another site): refused, nothing created.
    r = requests.post(srv.url + "/complaints", files={k: (None, v) for k, v in fields.items()}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 403, (r.status_code, r.headers.get("Location"))
    assert "Location" not in r.headers
    # A nonce from another browser's page with this browser's cookie: refused too.
    other = requests.Session()
    other.get(srv.url + "/", timeout=TIMEOUT)
    r = other.post(srv.url + "/complaints", files={k: (None, v) for k, v in fields.items()}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 403, r.status_code


def test_same_form_sent_twice_gives_one_case(server):
    srv = server()
    s = requests.Session()
    page = s.get(srv.url + "/", timeout=TIMEOUT)
    fields = {**_form_fields(page.text), "kind": "complaint", "text": "กดส่งสองครั้งเพราะเน็ตช้า", "category": "unsure"}
    multipart = {k: (None, v) for k, v in fields.items()}
    first = s.post(srv.url + "/complaints", files=multipart, allow_redirects=False, timeout=TIMEOUT)
    second = s.post(srv.url + "/complaints", files=multipart, allow_redirects=False, timeout=TIMEOUT)
    assert first.status_code == 303, first.text[:300]
    assert second.status_code == 303, second.text[:300]
    loc1, loc2 = first.headers["Location"], second.headers["Location"]
    assert re.match(r"^/track/CMP-[0-9A-Z]{11}\?created=1$", loc1), loc1
    assert loc1 == loc2
    # A fresh page (new nonce) is a new case.
    fields2 = {**fields, **_form_fields(s.get(srv.url + "/", timeout=TIMEOUT).text)}
    third = s.post(srv.url + "/complaints", files={k: (None, v) for k, v in fields2.items()}, allow_redirects=False, timeout=TIMEOUT)
    assert third.status_code == 303
    assert third.headers["Location"] != loc1


def test_form_errors_answer_422_and_keep_the_input(server):
    srv = server()
    s = requests.Session()
    fields = {**_form_fields(s.get(srv.url + "/", timeout=TIMEOUT).text), "kind": "complaint", "category": "road",
              "text": "ฟุตบาทหน้าบ้านเลขที่ 99 พัง", "phone": "0811112222"}
    # Contact without consent.
    r = s.post(srv.url + "/complaints", files={k: (None, v) for k, v in fields.items()}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 422, r.status_code
    assert 'class="error-summary"' in r.text and 'href="#consent"' in r.text
    assert "ฟุตบาทหน้าบ้านเลขที่ 99 พัง" in r.text and 'value="0811112222"' in r.text
    # A file that is not a photo or PDF, whatever its name says.
    fields = {**_form_fields(r.text), **{k: v for k, v in fields.items() if k != "nonce"}, "consent": "on"}
    multipart = [(k, (None, v)) for k, v in fields.items()]
    multipart.append(("attachments", ("photo.png", b"#!/bin/sh\necho not a picture\n", "image/png")))
    r = s.post(srv.url + "/complaints", files=multipart, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 422, r.status_code
    assert 'href="#attachments"' in r.text, "the error summary does not point at the attachments"
    # Empty text.
    fields = {**_form_fields(r.text), "kind": "complaint", "text": "   "}
    r = s.post(srv.url + "/complaints", files={k: (None, v) for k, v in fields.items()}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 422, r.status_code
    assert 'href="#text"' in r.text
