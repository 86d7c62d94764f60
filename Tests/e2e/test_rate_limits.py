"""Per-address limits on public intake and tracking lookups (DESIGN.md 5.12) against the real binary:
bounded bursts from loopback, each answered 201/200 up to the limit and 429 with Retry-After past it."""

from __future__ import annotations

import requests

from conftest import unknown_valid_id

TIMEOUT = 10
LIMITS = {
    "SIANG_LIMITS_INTAKE_PER_MINUTE": "5", "SIANG_LIMITS_INTAKE_PER_HOUR": "50",
    "SIANG_LIMITS_LOOKUPS_PER_MINUTE": "40", "SIANG_LIMITS_LOOKUP_MISSES_PER_HOUR": "10",
}
BODY = {"text": "ไฟถนนในซอยประชาร่วมใจ 3 ดับทั้งซอยมาสามคืนแล้ว", "category": "lighting"}


def test_a_burst_of_complaints_from_one_address_is_refused_past_the_limit(server):
    srv = server(env=LIMITS)
    statuses = []
    for i in range(20):
        # Changing X-Forwarded-For makes no new address: no proxy is trusted.
        r = requests.post(srv.url + "/api/v1/complaints", json=BODY, headers={"X-Forwarded-For": f"198.51.100.{i}"}, timeout=TIMEOUT)
        statuses.append(r.status_code)
        if r.status_code == 429:
            assert int(r.headers["Retry-After"]) >= 1
            assert r.json()["error"]["code"] == "too_many_requests"
    assert statuses[:5] == [201] * 5, statuses
    assert statuses[5:] == [429] * 15, statuses

    # The web form is the same allowance; its answer is a Thai page that says how long to wait.
    page = requests.post(srv.url + "/complaints", data={"text": "ขยะล้น"}, timeout=TIMEOUT)
    assert page.status_code == 429
    assert "กรุณารอประมาณ" in page.text and page.headers.get("Retry-After")


def test_random_tracking_ids_from_one_address_are_stopped_after_a_few_misses(server):
    srv = server(env=LIMITS)
    real = requests.post(srv.url + "/api/v1/complaints", json=BODY, timeout=TIMEOUT).json()["trackingId"]
    statuses = [requests.get(srv.url + f"/api/v1/track/{unknown_valid_id()}", timeout=TIMEOUT).status_code for _ in range(30)]
    assert statuses[:10] == [404] * 10, statuses
    assert set(statuses[10:]) == {429}, statuses
    # Even a real case is not answered to this address now, by the API or the page.
    assert requests.get(srv.url + f"/api/v1/track/{real}", timeout=TIMEOUT).status_code == 429
    page = requests.get(srv.url + f"/track/{real}", timeout=TIMEOUT)
    assert page.status_code == 429 and "กรุณารอประมาณ" in page.text
