"""`siang import cases` (DESIGN.md 5.8) run as an agency would: the real binary on a small JSON Lines
file, then the server on the same data, where staff find the cases by their old references and the
tracking page shows their history."""
import json
import os
import subprocess
from pathlib import Path

import requests

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))


def run(*args, stdin=None):
    return subprocess.run([SIANG, *args], input=stdin, capture_output=True, text=True, timeout=120)


CASES = [
    {"ref": "OLD-2566-000101", "kind": "complaint", "category": "water", "channel": "hotline", "segment": "citizen",
     "subject": "ท่อประปาแตก", "text": "ท่อประปาแตกหน้าบ้านเลขที่ 12 น้ำไหลนองถนน", "receivedAt": "2023-11-02T09:15:00+07:00",
     "contact": {"name": "สมชาย ใจดี", "phone": "081-234-5678"}, "consent": True,
     "history": [{"status": "triaged", "at": "2023-11-02T10:00:00+07:00"},
                 {"status": "in_progress", "at": "2023-11-03T09:00:00+07:00"},
                 {"status": "resolved", "at": "2023-11-06T15:00:00+07:00", "note": "ซ่อมท่อเรียบร้อยแล้ว"},
                 {"status": "closed", "at": "2023-11-20T09:00:00+07:00"}],
     "survey": {"answeredAt": "2023-11-07T10:00:00+07:00", "overall": 5, "trust": 5, "recommend": 4}},
    {"ref": "OLD-2566-000123", "kind": "complaint", "text": "ท่อประปาแตกอีกจุดหนึ่ง ซอยเดียวกัน", "receivedAt": "2023-11-02T11:00:00+07:00",
     "duplicateOf": "OLD-2566-000101", "history": [{"status": "duplicate", "at": "2023-11-02T13:00:00+07:00"}]},
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def test_history_import_lands_cases_staff_find_by_ref_and_citizens_can_track(tmp_path, server):
    data = tmp_path / "data"
    lines = [json.dumps(c, ensure_ascii=False) for c in CASES]
    good = write(tmp_path / "cases.jsonl", lines + ["", '{"ref": "BAD", "kind": "praise", "text": "x", "receivedAt": "2023-11-02T09:00:00+07:00"}'])

    first = run("import", "cases", str(good), "--json", "--data-dir", str(data))
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["imported"] == 2 and summary["duplicates"] == 0
    assert [r["line"] for r in summary["rejected"]] == [4] and "kind \"praise\"" in summary["rejected"][0]["reason"]

    again = run("import", "cases", str(good), "--json", "--data-dir", str(data))
    assert json.loads(again.stdout) == {"imported": 0, "duplicates": 2, "rejected": summary["rejected"]}

    strict = run("import", "cases", str(write(tmp_path / "strict.jsonl", ['{"ref": "NEW-1", "kind": "inquiry", "text": "สอบถาม", '
                                                                          '"receivedAt": "2024-01-05T09:00:00+07:00"}', "not json"])),
                 "--strict", "--data-dir", str(data))
    assert strict.returncode != 0 and "strict.jsonl:2: the line is not valid JSON" in strict.stderr
    assert "imported 0" in strict.stdout

    assert run("user", "add", "--username", "pranee", "--role", "admin", "--data-dir", str(data), stdin="a-long-password-7\n").returncode == 0
    token = run("user", "token", "--username", "pranee", "--data-dir", str(data)).stdout.strip()
    srv = server(data_dir=data)
    headers = {"Authorization": f"Bearer {token}"}
    r = requests.get(f"{srv.url}/api/v1/staff/complaints", params={"queue": "all", "status": "all", "q": "OLD-2566-000101"},
                     headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    found = r.json()["complaints"]
    assert len(found) == 1 and found[0]["trackingId"].startswith("CMP-66")
    tracking_id = found[0]["trackingId"]
    # The strict run wrote nothing: the two cases of the first file are all there is.
    every = requests.get(f"{srv.url}/api/v1/staff/complaints", params={"queue": "all", "status": "all"}, headers=headers, timeout=10)
    assert len(every.json()["complaints"]) == 2

    track = requests.get(f"{srv.url}/api/v1/track/{tracking_id}", timeout=10).json()
    assert track["status"] == "closed" and track["receivedAt"] == "2023-11-02T09:15:00+07:00"
    assert [t["status"] for t in track["timeline"]][-4:] == ["triaged", "in_progress", "resolved", "closed"]
    assert "ซ่อมท่อเรียบร้อยแล้ว" in json.dumps(track, ensure_ascii=False)
    assert "สมชาย" not in json.dumps(track, ensure_ascii=False)

    # The server log never names the people of the imported cases.
    log = srv.full_output()
    assert "สมชาย" not in log and "081-234-5678" not in log
