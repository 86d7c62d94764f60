"""Notices to staff end to end (issue 19): a case that has breached its SLA is escalated, and the queue's
supervisor is told by email (an aiosmtpd sink) and by a LINE push (the stand-in Messaging API) to the LINE
user they linked with a one-time code from the account page. The notices carry the case link and no
citizen data; a restart sends nothing twice."""

from __future__ import annotations

import email
import email.policy
import json
import re
import sqlite3
import stat
import subprocess
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import requests

import conftest
from line_standin import PUSH, REPLY, LineStandIn, sign
from mailservers import SMTPSink
from test_line import wait_until

SECRET = "e2e-line-channel-secret"
BOSS_LINE = "U0b0550000000000000000000000b055"
PASSWORD = "รหัสผ่านหัวหน้างาน-2569"
CITIZEN_TEXT = "ถนนหน้าบ้านเลขที่ 99 ซอยสุขใจ เป็นหลุมลึกมาก"
CITIZEN = {"name": "สมศรี มีสุข", "phone": "0812345678", "email": "somsri@example.com"}
ROUTING = """
# An http address: the session cookie of an https one is Secure, which requests will not send to loopback.
agency: {nameTh: เทศบาลตัวอย่าง, nameEn: Example Municipality, publicBaseURL: "http://voice.example.go.th"}
routing:
  queues:
    - {code: triage, th: งานคัดกรองเรื่องร้องเรียน, en: Complaint screening, supervisors: [boss]}
    - {code: integrity, th: ศูนย์ปฏิบัติการต่อต้านการทุจริต, en: Anti-corruption centre}
    - {code: engineering, th: กองช่าง, en: Engineering division, supervisors: [boss]}
    - {code: public_health, th: กองสาธารณสุขและสิ่งแวดล้อม, en: Public health and environment division}
    - {code: disaster, th: งานป้องกันและบรรเทาสาธารณภัย, en: Disaster prevention and relief}
    - {code: administration, th: สำนักปลัด, en: Office of the permanent secretary}
    - {code: it, th: งานเทคโนโลยีสารสนเทศ, en: Information technology unit}
"""


def run(*args, stdin: str | None = None, config=None, data=None) -> str:
    p = subprocess.run([conftest.SIANG_BIN, *args, "--config", str(config), "--data-dir", str(data)],
                       input=stdin, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture
def smtp():
    sink = SMTPSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def line_api():
    with LineStandIn() as standin:
        yield standin


@pytest.fixture
def notice_server(server, tmp_path, monkeypatch, smtp, line_api):
    """A server with SMTP and LINE pointed at the stand-ins, and the supervisor `boss` of the engineering
    queue, whose email is set with `siang user add --email` and who wants email and LINE."""
    config = tmp_path / "siang.yaml"
    config.write_text(ROUTING, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    run("user", "add", "--username", "boss", "--role", "supervisor", "--email", "boss@example.go.th",
        stdin=PASSWORD + "\n", config=config, data=data)
    assert run("user", "contact", "--username", "boss", "--preference", "both", config=config, data=data).strip() == "updated boss"
    token = run("user", "token", "--username", "boss", config=config, data=data).strip()
    wrapper = tmp_path / "siang-with-config"
    wrapper.write_text(f'#!/bin/sh\nexec "{conftest.SIANG_BIN}" "$@" --config "{config}"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(conftest, "SIANG_BIN", str(wrapper))
    srv = server(data_dir=data, env={
        "SIANG_EMAIL_SMTP_URL": smtp.url, "SIANG_EMAIL_FROM": "siang@voice.example.go.th",
        "SIANG_LINE_CHANNEL_SECRET": SECRET, "SIANG_LINE_CHANNEL_ACCESS_TOKEN": "e2e-token",
        "SIANG_LINE_API_BASE_URL": line_api.url, "SIANG_LINE_DATA_API_BASE_URL": line_api.url,
    })
    srv.token = token
    return srv


def signed_in(srv) -> requests.Session:
    s = requests.Session()
    page = s.get(srv.url + "/staff/signin", timeout=10)
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    r = s.post(srv.url + "/staff/signin", data={"csrf": csrf, "username": "boss", "password": PASSWORD, "next": "/staff/account"},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text[:300]
    return s


def csrf_of(page: str) -> str:
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def line_text(srv, text: str, user: str) -> None:
    event = {"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
             "source": {"type": "user", "userId": user}, "webhookEventId": "01E2E" + uuid.uuid4().hex[:21].upper(),
             "deliveryContext": {"isRedelivery": False}, "replyToken": "rt-" + uuid.uuid4().hex,
             "message": {"type": "text", "id": str(uuid.uuid4().int)[:18], "quoteToken": "q", "text": text}}
    body = json.dumps({"destination": "U0bot", "events": [event]}, ensure_ascii=False).encode("utf-8")
    r = requests.post(srv.url + "/webhooks/line", data=body, timeout=10,
                      headers={"Content-Type": "application/json; charset=utf-8", "x-line-signature": sign(body, SECRET)})
    assert r.status_code == 200, r.text


def mail_text(message) -> str:
    parsed = email.message_from_bytes(message["data"], policy=email.policy.default)
    return str(parsed["Subject"]) + "\n" + parsed.get_content()


def notices(smtp, tracking_id: str) -> list:
    """The notices to staff about the case (the citizen's own acknowledgement is another mail)."""
    return [m for m in smtp.messages if tracking_id in mail_text(m) and "[แจ้งเตือน]" in mail_text(m)]


def test_a_breach_reaches_the_supervisor_by_email_and_line_once(notice_server, smtp, line_api):
    srv = notice_server
    # The supervisor links their LINE user: a one-time code from the account page, sent to the OA.
    s = signed_in(srv)
    account = s.get(srv.url + "/staff/account", timeout=10)
    assert "ยังไม่ได้เชื่อมบัญชี LINE" in account.text
    refused = s.post(srv.url + "/staff/account/line-link", data={}, timeout=10)
    assert refused.status_code == 403, "no CSRF token, no code"
    issued = s.post(srv.url + "/staff/account/line-link", data={"csrf": csrf_of(account.text)}, timeout=10)
    code = re.search(r"<code>(SL[A-Z0-9]{6})</code>", issued.text).group(1)
    line_text(srv, code, BOSS_LINE)
    reply = line_api.wait_for(lambda st: [c for c in st.calls(REPLY) if "เชื่อมบัญชี LINE" in " ".join(c.texts())])
    assert reply
    assert "เชื่อมบัญชี LINE แล้ว" in s.get(srv.url + "/staff/account", timeout=10).text
    # A second use of the same code is refused; neither message became a case.
    line_text(srv, code, "U0someoneelse000000000000000000aa")
    line_api.wait_for(lambda st: [c for c in st.calls(REPLY) if "ไม่ถูกต้องหรือหมดอายุ" in " ".join(c.texts())])
    with sqlite3.connect(str(srv.data_dir / "siang.sqlite"), timeout=10) as db:
        assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0

    # A case received 60 days ago (entered by staff with its real receipt time) is long past its allowance.
    received = (datetime.now(timezone.utc) - timedelta(days=60)).isoformat(timespec="seconds")
    r = requests.post(srv.url + "/api/v1/complaints", timeout=10, headers={"Authorization": f"Bearer {srv.token}"},
                      json={"text": CITIZEN_TEXT, "category": "road", "channel": "hotline", "receivedAt": received,
                            "contact": CITIZEN, "consent": True})
    assert r.status_code == 201, r.text
    tracking_id = r.json()["trackingId"]
    # The ticker looks at once when the server starts.
    srv.restart()
    link = f"http://voice.example.go.th/staff/cases/{tracking_id}"
    wait_until(lambda: any(tracking_id in mail_text(m) and "เกินระยะเวลา" in mail_text(m) for m in smtp.messages), timeout=60, what="the breach email")
    wait_until(lambda: any(link in " ".join(c.texts()) and "เกินระยะเวลา" in " ".join(c.texts()) for c in line_api.calls(PUSH)),
               timeout=60, what="the breach push")
    time.sleep(5)  # every escalation of the case (both clocks, at risk and breached) is out by now
    mails = notices(smtp, tracking_id)
    pushes = [c for c in line_api.calls(PUSH) if tracking_id in " ".join(c.texts())]
    assert {tuple(m["to"]) for m in mails} == {("boss@example.go.th",)}
    assert {c.json()["to"] for c in pushes} == {BOSS_LINE}
    assert len(mails) == len(pushes) and len(mails) >= 2
    for text in [mail_text(m) for m in mails] + [" ".join(c.texts()) for c in pushes]:
        assert link in text and "กองช่าง" in text
        for personal in [CITIZEN_TEXT, "หลุม", CITIZEN["name"], CITIZEN["phone"], CITIZEN["email"]]:
            assert personal not in text
    # Restarted, the server sends nothing again.
    srv.restart()
    time.sleep(6)
    assert len(notices(smtp, tracking_id)) == len(mails)
    assert len([c for c in line_api.calls(PUSH) if tracking_id in " ".join(c.texts())]) == len(pushes)
