"""Black-box checks of the public JSON API (DESIGN.md 5.2, 5.3) with `requests`."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

import pytest
import requests
import yaml

from conftest import TRACKING_ID_RE, unknown_valid_id, wrong_check

TIMEOUT = 10
PERSON = {"name": "สมศรี ทดสอบข้อมูล", "phone": "0891234567", "email": "somsri.pii-check@example.org"}


def post_complaint(base: str, body, headers: dict | None = None) -> requests.Response:
    return requests.post(base + "/api/v1/complaints", json=body, headers=headers or {}, timeout=TIMEOUT)


def assert_error_body(r: requests.Response, status: int) -> dict:
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:500]}"
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    body = r.json()
    assert isinstance(body.get("error"), dict), body
    assert isinstance(body["error"].get("code"), str) and body["error"]["code"], body
    assert isinstance(body["error"].get("message"), str) and body["error"]["message"], body
    return body["error"]


def test_create_answers_201_with_the_documented_shape(shared_server):
    r = post_complaint(shared_server.url, {
        "text": "ไฟถนนในซอยประชาร่วมใจ 3 ดับทั้งซอยมาสามคืนแล้ว",
        "kind": "complaint", "subject": "ไฟถนนดับ", "category": "lighting", "segment": "citizen",
        "location": {"lat": 13.7563, "lon": 100.5018, "address": "ซอยประชาร่วมใจ 3"},
    })
    assert r.status_code == 201, r.text
    assert r.headers["Content-Type"].startswith("application/json"), r.headers
    body = r.json()
    for key in ("trackingId", "status", "kind", "category", "receivedAt", "trackUrl"):
        assert key in body, f"201 body lacks {key!r}: {body}"
    tid = body["trackingId"]
    assert re.match(TRACKING_ID_RE, tid), tid
    assert body["status"] == "received"
    assert body["kind"] == "complaint"
    assert body["category"] == "lighting"
    assert body["trackUrl"].endswith(f"/track/{tid}"), body["trackUrl"]
    received = datetime.fromisoformat(body["receivedAt"])
    assert received.utcoffset() is not None, f"receivedAt has no offset: {body['receivedAt']}"
    # The tracking ID starts with the two last digits of the BE year of receipt (Bangkok time).
    assert tid[4:6] == str(received.year + 543)[-2:], (tid, body["receivedAt"])

    t = requests.get(f"{shared_server.url}/api/v1/track/{tid}", timeout=TIMEOUT)
    assert t.status_code == 200, t.text
    assert t.headers["Content-Type"].startswith("application/json")
    track = t.json()
    assert track["trackingId"] == tid
    assert track["status"] == "received"
    assert track["kind"] == "complaint"
    assert track["category"] == "lighting"
    assert track["statusLabel"] == {"th": "รับเรื่องแล้ว", "en": "Received"}
    assert track["receivedAt"] == body["receivedAt"]
    assert "updatedAt" in track
    assert [e["status"] for e in track["timeline"]] == ["received"], track["timeline"]


def test_track_is_tolerant_of_case_and_hyphens(shared_server):
    tid = post_complaint(shared_server.url, {"text": "ขยะไม่มีคนเก็บหน้าตลาด"}).json()["trackingId"]
    sloppy = tid.lower().replace("-", "")
    r = requests.get(f"{shared_server.url}/api/v1/track/{sloppy}", timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    assert r.json()["trackingId"] == tid


def test_track_ignores_spaces_in_the_id(shared_server):
    """DESIGN.md 5.2: spaces in a tracking ID are ignored (here percent-encoded in the path)."""
    tid = post_complaint(shared_server.url, {"text": "ป้ายรถเมล์ชำรุด"}).json()["trackingId"]
    spaced = f"{tid[:3]}%20{tid[4:8]}%20{tid[8:]}"
    r = requests.get(f"{shared_server.url}/api/v1/track/{spaced}", timeout=TIMEOUT)
    assert r.status_code == 200, f"GET /api/v1/track/{spaced} -> {r.status_code} {r.text}"
    assert r.json()["trackingId"] == tid


def test_track_wrong_check_character_is_400_and_unknown_id_is_404(shared_server):
    tid = post_complaint(shared_server.url, {"text": "น้ำประปาไม่ไหลสองวัน"}).json()["trackingId"]
    err = assert_error_body(requests.get(f"{shared_server.url}/api/v1/track/{wrong_check(tid)}", timeout=TIMEOUT), 400)
    assert "check" in err["message"].lower(), err
    assert_error_body(requests.get(f"{shared_server.url}/api/v1/track/{unknown_valid_id()}", timeout=TIMEOUT), 404)


def test_track_response_carries_no_personal_data(shared_server):
    r = post_complaint(shared_server.url, {
        "text": "เจ้าหน้าที่พูดจาไม่สุภาพที่จุดบริการ", "contact": PERSON, "consent": True,
    })
    assert r.status_code == 201, r.text
    tid = r.json()["trackingId"]
    for body in (r.text, requests.get(f"{shared_server.url}/api/v1/track/{tid}", timeout=TIMEOUT).text):
        for value in PERSON.values():
            assert value not in body, f"personal data {value!r} leaked in {body}"
        # Also the pieces (first name, the phone's digits, the mailbox name).
        for piece in ("สมศรี", "891234567", "somsri.pii-check"):
            assert piece not in body, f"personal data {piece!r} leaked in {body}"
    # DESIGN.md 3: personal data never in logs.
    log = shared_server.full_output()
    for value in PERSON.values():
        assert value not in log, f"personal data {value!r} written to the server log"


def test_malformed_json_is_400_with_error_body(shared_server):
    r = requests.post(shared_server.url + "/api/v1/complaints", data=b'{"text": "unterminated',
                      headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert_error_body(r, 400)


def test_text_is_required(shared_server):
    r = post_complaint(shared_server.url, {"kind": "complaint", "subject": "ไม่มีรายละเอียด"})
    err = assert_error_body(r, 422)
    assert "text" in [f["field"] for f in err.get("fields", [])], err


def test_oversized_body_is_413(shared_server):
    big = json.dumps({"text": "ก" * 400_000}).encode()  # 1.2 MB of UTF-8
    assert len(big) > 1024 * 1024
    r = requests.post(shared_server.url + "/api/v1/complaints", data=big,
                      headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert_error_body(r, 413)

    # Without a Content-Length (chunked), the limit still holds while reading.
    def chunks():
        yield b'{"text": "'
        for _ in range(12):
            yield b"x" * 100_000
        yield b'"}'

    r = requests.post(shared_server.url + "/api/v1/complaints", data=chunks(),
                      headers={"Content-Type": "application/json"}, timeout=TIMEOUT)
    assert_error_body(r, 413)
    # The server is still fine afterwards.
    assert post_complaint(shared_server.url, {"text": "หลังคำขอใหญ่เกิน"}).status_code == 201


def test_unknown_api_route_is_404_json(shared_server):
    r = requests.get(shared_server.url + "/api/v1/no-such-thing", timeout=TIMEOUT)
    assert_error_body(r, 404)


def test_contact_without_consent_is_422_naming_consent(shared_server):
    r = post_complaint(shared_server.url, {"text": "ถนนชำรุดเป็นหลุมลึก", "contact": {"phone": "0812223333"}})
    err = assert_error_body(r, 422)
    fields = err.get("fields")
    assert isinstance(fields, list) and fields, err
    assert "consent" in [f.get("field") for f in fields], err
    # consent: false is the same as missing.
    r = post_complaint(shared_server.url, {"text": "ถนนชำรุดเป็นหลุมลึก", "contact": {"email": "a@example.org"}, "consent": False})
    assert "consent" in [f.get("field") for f in assert_error_body(r, 422).get("fields", [])]


def test_wrong_content_type_is_415(shared_server):
    r = requests.post(shared_server.url + "/api/v1/complaints", data='{"text":"ส่งผิดชนิด"}'.encode(),
                      headers={"Content-Type": "text/plain"}, timeout=TIMEOUT)
    assert_error_body(r, 415)


def test_idempotency_key_returns_the_same_case(shared_server):
    key = str(uuid.uuid4())
    body = {"text": "ขอสอบถามขั้นตอนการขออนุญาตก่อสร้าง", "kind": "inquiry"}
    first = post_complaint(shared_server.url, body, {"Idempotency-Key": key})
    second = post_complaint(shared_server.url, body, {"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert second.status_code == 201, second.text
    assert first.json()["trackingId"] == second.json()["trackingId"]
    other = post_complaint(shared_server.url, body, {"Idempotency-Key": str(uuid.uuid4())})
    assert other.status_code == 201
    assert other.json()["trackingId"] != first.json()["trackingId"]


@pytest.mark.parametrize("field,value", [("channel", "hotline"), ("externalRef", "X-1"), ("receivedAt", "2026-01-05T09:00:00+07:00")])
def test_staff_only_fields_need_a_token(shared_server, field, value):
    r = post_complaint(shared_server.url, {"text": "ทดสอบช่องของเจ้าหน้าที่", field: value})
    assert_error_body(r, 401)


def test_openapi_document_is_yaml_3_1(shared_server):
    r = requests.get(shared_server.url + "/openapi.yaml", timeout=TIMEOUT)
    assert r.status_code == 200, r.text[:300]
    doc = yaml.safe_load(r.text)
    assert isinstance(doc, dict), type(doc)
    assert re.match(r"^3\.1\.\d+$", str(doc.get("openapi"))), doc.get("openapi")
    paths = doc.get("paths") or {}
    assert "/api/v1/complaints" in paths, sorted(paths)
    assert any(p.startswith("/api/v1/track/") for p in paths), sorted(paths)
