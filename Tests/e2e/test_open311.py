"""Open311 GeoReport v2 end to end (DESIGN.md 5.10, docs/open311.md): a running server driven over plain
HTTP as civic apps drive it. Reading is done with `georeport`, an Open311 client from PyPI (it cannot post);
posting is done with `requests`, from the specification's own example of a POST. XML answers are parsed
with xml.etree, a real XML parser."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from georeport import GeoReport

from conftest import TRACKING_ID_RE, unknown_valid_id

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
TIMEOUT = 10

# The specification's POST example (a sinkhole in San Francisco) in this agency's terms: a Thai road
# report with its map point, the reporter's contact and consent, and a media_url that is never fetched.
SPEC_EXAMPLE = {
    "jurisdiction_id": "city.example",
    "service_code": "road",
    "lat": "13.7563",
    "long": "100.5018",
    "address_string": "ถนนราชดำเนินกลาง หน้าอนุสาวรีย์ประชาธิปไตย",
    "email": "somchai.open311@example.org",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "สมชาย",
    "last_name": "ทดสอบ",
    "phone": "0812345678",
    "description": "หลุมยุบขนาดใหญ่กลางถนน รถเสียหลักหลายคัน",
    "media_url": "http://example.org/sinkhole.jpg",
    "attribute[consent]": "true",
}


def siang(srv, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([SIANG, *args, "--data-dir", str(srv.data_dir)], input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def post(srv, fields: dict, fmt: str = "json", headers: dict | None = None) -> requests.Response:
    return requests.post(f"{srv.url}/open311/v2/requests.{fmt}", data=fields, headers=headers or {}, timeout=TIMEOUT)


def xml_root(r: requests.Response) -> ET.Element:
    assert r.headers["Content-Type"] == "text/xml; charset=utf-8", r.headers
    assert r.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), r.content[:80]
    return ET.fromstring(r.content)


def error_of(r: requests.Response, fmt: str) -> tuple[int, str]:
    if fmt == "xml":
        root = xml_root(r)
        assert root.tag == "errors", r.text
        return int(root.find("error/code").text), root.find("error/description").text
    errors = r.json()
    assert isinstance(errors, list) and errors, r.text
    return errors[0]["code"], errors[0]["description"]


@pytest.fixture(scope="module")
def api(shared_server):
    key = siang(shared_server, "open311", "key", "add", "--name", "civic-app")
    assert re.fullmatch(r"o311_[A-Za-z0-9_-]{43}", key), key
    return shared_server, key


def test_the_services_are_the_taxonomy_in_thai_in_both_formats(api):
    srv, _ = api
    services = GeoReport(srv.url + "/open311/v2").get_service_list()
    codes = [s["service_code"] for s in services]
    assert "road" in codes and "waste" in codes, codes
    road = next(s for s in services if s["service_code"] == "road")
    assert road["group"] == "กองช่าง" and road["type"] == "realtime" and road["metadata"] is False, road
    assert re.search(r"[\u0E00-\u0E7F]", road["service_name"]), road

    as_xml = GeoReport(srv.url + "/open311/v2", output_format="xml").get_service_list()
    assert [s["service_code"] for s in as_xml] == codes
    root = xml_root(requests.get(f"{srv.url}/open311/v2/services.xml", timeout=TIMEOUT))
    assert [e.findtext("service_code") for e in root.findall("service")] == codes

    definition = GeoReport(srv.url + "/open311/v2").get_service_definition("road")
    assert definition["service_code"] == "road"
    assert [a["code"] for a in definition["attributes"]] == ["consent"]
    xml_definition = xml_root(requests.get(f"{srv.url}/open311/v2/services/road.xml", timeout=TIMEOUT))
    assert xml_definition.findtext("attributes/attribute/code") == "consent"

    discovery = requests.get(f"{srv.url}/open311/v2/discovery.json", timeout=TIMEOUT).json()
    assert discovery["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert xml_root(requests.get(f"{srv.url}/open311/v2/discovery.xml", timeout=TIMEOUT)).tag == "discovery"


def test_the_specification_example_post_becomes_a_case_that_staff_and_the_citizen_see(api):
    srv, key = api
    r = post(srv, {**SPEC_EXAMPLE, "api_key": key})
    assert r.status_code == 201, r.text
    [answer] = r.json()
    tid = answer["service_request_id"]
    assert re.match(TRACKING_ID_RE, tid), answer
    assert answer["account_id"] == "123456"
    assert f"/track/{tid}" in answer["service_notice"]

    read = GeoReport(srv.url + "/open311/v2").get_service_request(tid)
    assert read["service_request_id"] == tid and read["status"] == "open" and read["service_code"] == "road", read
    assert read["agency_responsible"] == "กองช่าง"
    assert read["lat"] == 13.7563 and read["long"] == 100.5018
    assert read["address"] == SPEC_EXAMPLE["address_string"]
    assert read["requested_datetime"].endswith("+07:00"), read
    for private in ("description", "media_url", "email", "phone", "first_name", "last_name", "device_id", "account_id"):
        assert private not in read, private
    one_xml = xml_root(requests.get(f"{srv.url}/open311/v2/requests/{tid}.xml", timeout=TIMEOUT))
    assert one_xml.findtext("request/service_request_id") == tid
    assert one_xml.find("request/media_url") is None

    siang(srv, "user", "add", "--username", "open311admin", "--role", "admin", stdin="a-long-password-1\n")
    token = siang(srv, "user", "token", "--username", "open311admin")
    staff = requests.get(f"{srv.url}/api/v1/staff/complaints/{tid}", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
    assert staff.status_code == 200, staff.text
    case = staff.json()
    assert case["channel"] == "open311"
    assert case["contact"]["email"] == SPEC_EXAMPLE["email"], "kept: the client sent attribute[consent]=true"
    page = requests.get(f"{srv.url}/track/{tid}", timeout=TIMEOUT)
    assert page.status_code == 200 and tid in page.text


def test_without_consent_the_contact_is_not_kept(api):
    srv, key = api
    fields = {**SPEC_EXAMPLE, "api_key": key, "description": "ทางเท้าแตก ผู้สูงอายุสะดุดล้ม"}
    del fields["attribute[consent]"]
    root = xml_root(post(srv, fields, "xml"))
    tid = root.findtext("request/service_request_id")
    siang(srv, "user", "add", "--username", "open311viewer", "--role", "admin", stdin="a-long-password-1\n")
    token = siang(srv, "user", "token", "--username", "open311viewer")
    case = requests.get(f"{srv.url}/api/v1/staff/complaints/{tid}", headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT).json()
    assert not (case.get("contact") or {}).get("email"), case.get("contact")


def test_a_repeated_idempotency_key_is_the_same_request(api):
    srv, key = api
    fields = {"api_key": key, "service_code": "lighting", "description": "ไฟถนนดับทั้งซอย", "address_string": "ซอยสุขใจ"}
    first = post(srv, fields, headers={"Idempotency-Key": "app-report-42"})
    again = post(srv, fields, "xml", headers={"Idempotency-Key": "app-report-42"})
    assert first.status_code == again.status_code == 201
    assert first.json()[0]["service_request_id"] == xml_root(again).findtext("request/service_request_id")


def test_the_request_list_filters_as_the_specification_says(api):
    srv, key = api
    made = post(srv, {"api_key": key, "service_code": "waste", "description": "ขยะล้นถังหน้าตลาด"}).json()[0]["service_request_id"]
    client = GeoReport(srv.url + "/open311/v2")
    listed = client.get_service_requests()
    assert made in [r["service_request_id"] for r in listed]
    assert [r["service_code"] for r in client.get_service_requests(service_code="waste")] == ["waste"] * len(
        client.get_service_requests(service_code="waste"))
    assert made in [r["service_request_id"] for r in client.get_service_requests(status="open")]
    assert made not in [r["service_request_id"] for r in client.get_service_requests(status="closed")]
    assert [r["service_request_id"] for r in client.get_service_requests(service_request_id=made)] == [made]
    old = client.get_service_requests(start_date="2020-01-01T00:00:00Z", end_date="2020-03-01T00:00:00+07:00")
    assert old == []
    as_xml = xml_root(requests.get(f"{srv.url}/open311/v2/requests.xml", params={"service_code": "waste"}, timeout=TIMEOUT))
    assert made in [e.findtext("service_request_id") for e in as_xml.findall("request")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_error_is_the_specifications_list(api, fmt):
    srv, key = api
    cases = [
        (requests.get(f"{srv.url}/open311/v2/services/potholes.{fmt}", timeout=TIMEOUT), 404),
        (requests.get(f"{srv.url}/open311/v2/requests/{unknown_valid_id()}.{fmt}", timeout=TIMEOUT), 404),
        (requests.get(f"{srv.url}/open311/v2/requests.{fmt}", params={"start_date": "last week"}, timeout=TIMEOUT), 400),
        (requests.get(f"{srv.url}/open311/v2/requests.{fmt}",
                      params={"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, timeout=TIMEOUT), 400),
        (post(srv, {"service_code": "road", "description": "ไม่มีกุญแจ"}, fmt), 403),
        (post(srv, {"api_key": "o311_made-up", "service_code": "road", "description": "กุญแจปลอม"}, fmt), 403),
        (post(srv, {"api_key": key, "service_code": "potholes", "description": "บริการที่ไม่มี"}, fmt), 400),
    ]
    for response, status in cases:
        assert response.status_code == status, (response.url, response.text)
        code, description = error_of(response, fmt)
        assert code == status and description, response.text


def test_a_revoked_key_is_refused_and_every_key_is_counted(api):
    srv, _ = api
    key = siang(srv, "open311", "key", "add", "--name", "old-dashboard")
    fields = {"api_key": key, "service_code": "water", "description": "ท่อประปาแตก น้ำไหลนอง"}
    assert post(srv, fields).status_code == 201
    assert siang(srv, "open311", "key", "revoke", "--name", "old-dashboard") == "revoked old-dashboard"
    refused = post(srv, fields, "xml")
    assert refused.status_code == 403 and error_of(refused, "xml")[0] == 403
    raw = siang(srv, "open311", "key", "list", "--json")
    listed = {k["name"]: k for k in json.loads(raw)["keys"]}
    assert listed["old-dashboard"]["requestCount"] == 1 and listed["old-dashboard"]["revokedAt"].endswith("+07:00")
    assert listed["civic-app"]["requestCount"] >= 4
    assert key not in raw and hashlib.sha256(key.encode()).hexdigest() not in raw, "neither a key nor its hash is ever shown again"
