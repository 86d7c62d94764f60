"""Durability (DESIGN.md 3, "Durable before acknowledged" and "Idempotent everywhere"): what the server
acknowledged survives a restart and a SIGKILL, and an Idempotency-Key still finds its case afterwards."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import requests

from conftest import TRACKING_ID_RE

TIMEOUT = 10
STABLE_KEYS = ("trackingId", "status", "kind", "category", "receivedAt", "timeline")


def create(base: str, body: dict, key: str | None = None, session=None) -> dict:
    http = session or requests
    r = http.post(base + "/api/v1/complaints", json=body, headers={"Idempotency-Key": key} if key else {}, timeout=TIMEOUT)
    assert r.status_code == 201, f"POST {body} -> {r.status_code} {r.text}"
    return r.json()


def track(base: str, tracking_id: str, session=None) -> requests.Response:
    return (session or requests).get(f"{base}/api/v1/track/{tracking_id}", timeout=TIMEOUT)


class _Hidden(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden":
            self.fields[a.get("name", "")] = a.get("value", "")


def test_cases_survive_a_normal_restart(server):
    srv = server()
    bodies = [
        {"text": "ถนนทรุดตัวเป็นแอ่งหน้าซอย 7", "kind": "complaint", "category": "road"},
        {"text": "ขอชมเชยเจ้าหน้าที่จุดบริการที่ช่วยเหลืออย่างดี", "kind": "compliment"},
        {"text": "ขอสอบถามเอกสารที่ต้องใช้ในการต่อใบอนุญาต", "kind": "inquiry", "category": "process_delay", "segment": "business"},
        {"text": "เสนอให้เพิ่มถังขยะแยกประเภทในสวนสาธารณะ", "kind": "suggestion", "category": "waste",
         "contact": {"name": "ทดสอบ รีสตาร์ท", "email": "restart@example.org"}, "consent": True},
        {"text": "เสียงดังจากโรงงานตอนกลางคืน", "category": "nuisance",
         "location": {"lat": 13.8, "lon": 100.6, "address": "นิคมอุตสาหกรรม"}},
    ]
    key = f"restart-{uuid.uuid4()}"
    created = [create(srv.url, b, key if i == 0 else None) for i, b in enumerate(bodies)]
    before = {}
    for c in created:
        r = track(srv.url, c["trackingId"])
        assert r.status_code == 200, r.text
        before[c["trackingId"]] = r.json()
    assert len(before) == len(bodies), "two complaints got the same tracking ID"

    # A citizen opens the form before the restart and sends it after.
    browser = requests.Session()
    form = _Hidden()
    form.feed(browser.get(srv.url + "/", timeout=TIMEOUT).text)
    assert form.fields.get("nonce")

    # SIGTERM: the server shuts down by itself, cleanly.
    proc = srv.proc
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        srv.kill()
        raise AssertionError("siang did not exit within 10 s of SIGTERM")
    assert code == 0, f"siang exited with {code} after SIGTERM\n{srv.output()}"

    srv.start()  # same data directory, new port
    for tid, old in before.items():
        r = track(srv.url, tid)
        assert r.status_code == 200, f"{tid} lost after restart: {r.status_code} {r.text}"
        new = r.json()
        for k in STABLE_KEYS:
            assert new.get(k) == old.get(k), f"{tid}.{k} changed across restart: {old.get(k)!r} -> {new.get(k)!r}"

    # The Idempotency-Key still finds its case, and new cases get new IDs.
    again = create(srv.url, bodies[0], key)
    assert again["trackingId"] == created[0]["trackingId"]
    fresh = create(srv.url, {"text": "เรื่องใหม่หลังรีสตาร์ท"})
    assert fresh["trackingId"] not in before
    assert re.match(TRACKING_ID_RE, fresh["trackingId"])

    # The form opened before the restart is still accepted (its cookie and nonce are still valid).
    fields = {**form.fields, "kind": "complaint", "text": "ส่งแบบฟอร์มหลังระบบเริ่มใหม่", "category": "unsure"}
    r = browser.post(srv.url + "/complaints", files={k: (None, v) for k, v in fields.items()}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 303, f"form from before the restart: {r.status_code}"
    assert re.match(r"^/track/CMP-[0-9A-Z]{11}", r.headers["Location"])


def test_sigkill_while_requests_are_in_flight_loses_no_acknowledged_case(server):
    srv = server()
    base = srv.url
    lock = threading.Lock()
    acknowledged: list[tuple[str, dict, str]] = []  # (Idempotency-Key, body, trackingId)
    unanswered_after_kill: list[tuple[str, dict]] = []  # in flight (or refused) once the kill began
    unexpected: list[str] = []  # anything but 201 before the kill
    cut_after_kill: list[str] = []  # requests whose connection died under them (in flight at the kill)
    refused_after_kill: list[str] = []  # requests sent after the server was gone
    killing = threading.Event()
    stop = threading.Event()
    kinds = ["complaint", "suggestion", "inquiry", "compliment"]

    def worker(n: int) -> None:
        session = requests.Session()
        i = 0
        while not stop.is_set():
            i += 1
            key = f"kill-{n}-{i}-{uuid.uuid4().hex[:8]}"
            body = {"text": f"เรื่องทดสอบการปิดระบบกะทันหัน เธรด {n} ลำดับ {i}", "kind": kinds[i % 4]}
            try:
                r = session.post(base + "/api/v1/complaints", json=body, headers={"Idempotency-Key": key}, timeout=TIMEOUT)
            except requests.RequestException as e:
                with lock:
                    if killing.is_set():
                        unanswered_after_kill.append((key, body))
                        refused = "refused" in str(e).lower()
                        (refused_after_kill if refused else cut_after_kill).append(key)
                    else:
                        unexpected.append(f"{key}: {type(e).__name__} {e}")
                if killing.is_set():
                    return
                continue
            with lock:
                if r.status_code == 201:
                    acknowledged.append((key, body, r.json()["trackingId"]))
                elif not killing.is_set():
                    unexpected.append(f"{key}: {r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(8)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(1.5)
    with lock:
        before_kill = len(acknowledged)
    killing.set()
    srv.kill()  # SIGKILL: no shutdown code runs
    time.sleep(max(0.0, 3.0 - (time.monotonic() - started)))
    stop.set()
    for t in threads:
        t.join(timeout=TIMEOUT + 5)
    assert not any(t.is_alive() for t in threads), "a client thread hung"

    assert not unexpected, f"{len(unexpected)} requests failed before the kill: {unexpected[:5]}"
    assert before_kill >= 20, f"only {before_kill} complaints acknowledged in 1.5 s; the load never built up"
    assert cut_after_kill, (f"no request was in flight when the server was killed "
                            f"({len(refused_after_kill)} were refused afterwards)")
    ids = [tid for _, _, tid in acknowledged]
    assert len(set(ids)) == len(ids), "two acknowledged complaints share a tracking ID"

    print(f"acknowledged {len(acknowledged)} ({before_kill} in the first 1.5 s), "
          f"{len(unanswered_after_kill)} unanswered at the kill "
          f"({len(cut_after_kill)} cut in flight, {len(refused_after_kill)} refused)")
    srv.start()  # same data directory

    def check(item):
        key, body, tid = item
        r = track(srv.url, tid, session=local.session)
        if r.status_code != 200:
            return f"{tid} (key {key}): {r.status_code} {r.text[:200]}"
        data = r.json()
        if data.get("status") != "received" or data.get("kind") != body["kind"] or data.get("trackingId") != tid:
            return f"{tid}: unexpected {data}"
        return None

    local = threading.local()

    def init():
        local.session = requests.Session()

    with ThreadPoolExecutor(max_workers=8, initializer=init) as pool:
        problems = [p for p in pool.map(check, acknowledged) if p]
    assert not problems, (f"{len(problems)} of {len(acknowledged)} acknowledged complaints are missing or wrong "
                          f"after SIGKILL: {problems[:5]}")

    # Idempotency across the crash: a client retrying an acknowledged request gets the same case ...
    step = max(1, len(acknowledged) // 60)
    for key, body, tid in acknowledged[::step] + acknowledged[-5:]:
        again = create(srv.url, body, key)
        assert again["trackingId"] == tid, f"retry of {key} after the crash made {again['trackingId']}, not {tid}"
    # ... and a client retrying a request that got no answer gets one case, stable on further retries.
    for key, body in unanswered_after_kill:
        first = create(srv.url, body, key)
        second = create(srv.url, body, key)
        assert first["trackingId"] == second["trackingId"], f"retries of unanswered {key} made two cases"
        assert track(srv.url, first["trackingId"]).status_code == 200
