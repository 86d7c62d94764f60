"""The LINE channel end to end (DESIGN.md 5.3, 5.6; issue 4): the real server, signed webhook bodies in the
documented format, and a stand-in Messaging API on loopback (line_standin.py) that records what Siang sends.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from line_standin import PUSH, REPLY, LineStandIn, sign

SECRET = "e2e-line-channel-secret"
TOKEN = "e2e-channel-access-token"
BOT = "U0bot00000000000000000000000000bot"
ALICE = "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"
ID_RE = re.compile(r"CMP-[0-9A-HJKMNP-TV-Z]{11}")


@pytest.fixture
def line_api():
    with LineStandIn() as standin:
        yield standin


@pytest.fixture
def line_server(server, line_api):
    """A server whose LINE channel points at the stand-in."""
    return server(env={
        "SIANG_LINE_CHANNEL_SECRET": SECRET,
        "SIANG_LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "SIANG_LINE_API_BASE_URL": line_api.url,
        "SIANG_LINE_DATA_API_BASE_URL": line_api.url,
    })


def event_id() -> str:
    return "01E2E" + uuid.uuid4().hex[:21].upper()


def text_event(text: str, user: str = ALICE, eid: str | None = None, redelivery: bool = False, at: float | None = None) -> dict:
    eid = eid or event_id()
    return {
        "type": "message", "mode": "active", "timestamp": int((at or time.time()) * 1000),
        "source": {"type": "user", "userId": user}, "webhookEventId": eid,
        "deliveryContext": {"isRedelivery": redelivery}, "replyToken": "rt-" + uuid.uuid4().hex,
        "message": {"type": "text", "id": str(uuid.uuid4().int)[:18], "quoteToken": "q", "text": text},
    }


def image_event(message_id: str, user: str = ALICE) -> dict:
    return {
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user}, "webhookEventId": event_id(),
        "deliveryContext": {"isRedelivery": False}, "replyToken": "rt-" + uuid.uuid4().hex,
        "message": {"type": "image", "id": message_id, "quoteToken": "q", "contentProvider": {"type": "line"}},
    }


def webhook_body(events: list[dict]) -> bytes:
    return json.dumps({"destination": BOT, "events": events}, ensure_ascii=False).encode("utf-8")


def post(srv, body: bytes, signature: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if signature is not None:
        headers["x-line-signature"] = signature
    return requests.post(srv.url + "/webhooks/line", data=body, headers=headers, timeout=10)


def post_signed(srv, events: list[dict]) -> requests.Response:
    body = webhook_body(events)
    return post(srv, body, sign(body, SECRET))


def db(srv) -> sqlite3.Connection:
    return sqlite3.connect(str(srv.data_dir / "siang.sqlite"), timeout=10)


def scalar(srv, sql: str, *args):
    with db(srv) as c:
        return c.execute(sql, args).fetchone()[0]


def wait_until(predicate, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def inbox_drained(srv) -> bool:
    return scalar(srv, "SELECT count(*) FROM inbox WHERE source = 'line' AND processed_at IS NULL") == 0


def test_a_signed_text_opens_a_case_and_is_answered_with_its_tracking_link(line_server, line_api):
    r = post_signed(line_server, [text_event("ไฟส่องสว่างหน้าตลาดสดดับมา 3 วันแล้ว กลางคืนมืดมาก")])
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "accepted"}

    reply = line_api.wait_for(lambda s: s.calls(REPLY))[0]
    assert reply.headers["authorization"] == f"Bearer {TOKEN}"
    text = reply.texts()[0]
    tracking_id = ID_RE.search(text).group(0)
    assert f"{line_server.url}/track/{tracking_id}" in text
    track = requests.get(f"{line_server.url}/api/v1/track/{tracking_id}", timeout=10)
    assert track.status_code == 200
    assert track.json()["status"] == "received"
    # No personal data leaves through the public tracking API or the log.
    assert ALICE not in track.text
    assert ALICE not in line_server.full_output()
    assert "ไฟส่องสว่างหน้าตลาด" not in line_server.full_output()


def test_a_wrong_or_missing_signature_is_401_and_nothing_is_stored(line_server, line_api):
    body = webhook_body([text_event("ถนนเป็นหลุมบ่อ")])
    assert post(line_server, body, sign(body, "not-the-channel-secret")).status_code == 401
    assert post(line_server, body.replace("หลุม".encode(), "หลม".encode()), sign(body, SECRET)).status_code == 401
    assert post(line_server, body, None).status_code == 401
    assert post(line_server, body, "garbage").status_code == 401
    assert scalar(line_server, "SELECT count(*) FROM inbox") == 0
    time.sleep(1)
    assert scalar(line_server, "SELECT count(*) FROM cases") == 0
    assert line_api.calls() == []


def test_a_redelivered_event_makes_one_case_and_one_reply(line_server, line_api):
    event = text_event("น้ำประปาไม่ไหลทั้งหมู่บ้านตั้งแต่เช้า")
    assert post_signed(line_server, [event]).status_code == 200
    line_api.wait_for(lambda s: s.calls(REPLY))
    again = dict(event, deliveryContext={"isRedelivery": True}, replyToken="rt-redelivered")
    assert post_signed(line_server, [again]).status_code == 200
    wait_until(lambda: inbox_drained(line_server) and scalar(line_server, "SELECT count(*) FROM inbox") == 2, what="both bodies processed")
    time.sleep(3)  # a second reply, if one had been queued, would have gone out by now (outbox every 2 s)
    assert scalar(line_server, "SELECT count(*) FROM cases") == 1
    assert len(line_api.calls(REPLY)) + len(line_api.calls(PUSH)) == 1


def test_ten_events_in_one_request_and_an_image_joining_its_text_case(line_server, line_api):
    users = [f"U{i:032x}" for i in range(10)]
    events = [text_event(f"ขยะไม่มีคนมาเก็บที่ซอย {i + 1} มาหนึ่งสัปดาห์แล้ว", user=u) for i, u in enumerate(users)]
    assert post_signed(line_server, events).status_code == 200
    replies = line_api.wait_for(lambda s: len(s.calls(REPLY)) >= 10 and s.calls(REPLY))
    assert len({ID_RE.search(r.texts()[0]).group(0) for r in replies}) == 10

    assert post_signed(line_server, [image_event("700123456", user=users[3])]).status_code == 200
    line_api.wait_for(lambda s: len(s.calls(REPLY)) >= 11)
    content = line_api.calls("/v2/bot/message/700123456/content")
    assert len(content) == 1 and content[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert scalar(line_server, "SELECT count(*) FROM cases") == 10
    assert scalar(line_server, "SELECT count(*) FROM attachments WHERE content_type = 'image/png'") == 1


def test_a_tracking_query_is_answered_without_a_case(line_server, line_api):
    assert post_signed(line_server, [text_event("ต้นไม้ใหญ่ล้มขวางถนน")]).status_code == 200
    tracking_id = ID_RE.search(line_api.wait_for(lambda s: s.calls(REPLY))[0].texts()[0]).group(0)
    assert post_signed(line_server, [text_event(f"ติดตาม {tracking_id.lower()}", user="U" + "b" * 32)]).status_code == 200
    answer = line_api.wait_for(lambda s: len(s.calls(REPLY)) >= 2 and s.calls(REPLY)[1])
    assert f"เรื่องเลขที่ {tracking_id}" in answer.texts()[0]
    assert "สถานะ: รับเรื่องแล้ว" in answer.texts()[0]
    assert scalar(line_server, "SELECT count(*) FROM cases") == 1


def test_a_500_and_a_429_from_line_are_retried_until_delivered_once(line_server, line_api):
    line_api.fail_next(REPLY, 500)
    line_api.fail_next(REPLY, 429, retry_after=1)
    assert post_signed(line_server, [text_event("เจ้าหน้าที่ให้บริการล่าช้ามาก รอคิวสามชั่วโมง")]).status_code == 200
    line_api.wait_for(lambda s: s.delivered(), timeout=45)
    time.sleep(3)
    statuses = [r.status for r in line_api.calls(REPLY) + line_api.calls(PUSH)]
    assert statuses == [500, 429, 200]
    assert len(line_api.delivered()) == 1


def test_events_answered_200_are_all_processed_after_a_sigkill(line_server, line_api):
    """The durability contract: a 200 means stored; a crash before processing loses nothing."""
    requests_ = [[text_event(f"ท่อระบายน้ำอุดตันจุดที่ {n}-{k}", user=f"U{n:016x}{k:016x}") for k in range(3)] for n in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda events: post_signed(line_server, events).status_code, requests_))
    line_server.kill()
    assert answers == [200] * len(requests_)
    accepted = {e["webhookEventId"] for events in requests_ for e in events}
    pending_at_kill = scalar(line_server, "SELECT count(*) FROM inbox WHERE processed_at IS NULL")
    print(f"webhook bodies not yet processed when the server was killed: {pending_at_kill} of {len(requests_)}")

    line_server.start()
    wait_until(lambda: inbox_drained(line_server), timeout=90, what="the inbox to drain after the restart")
    with db(line_server) as c:
        keys = {k for (k,) in c.execute("SELECT key FROM channel_keys WHERE channel = 'line'")}
        cases = c.execute("SELECT count(*) FROM cases").fetchone()[0]
    assert {f"event:{e}" for e in accepted} <= keys
    assert cases == len(accepted)
