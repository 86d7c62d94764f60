"""The watched hotline folder (config `hotline.watchFolder`) through the real `siang serve`: a call-centre
log dropped into the folder becomes cases found through the staff API, and the log is filed in `done/`
(or `failed/`) with its report beside it."""
import json
import os
import subprocess
import time
from pathlib import Path

import requests

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
WAIT = 30.0

CALLS = """เลขที่สาย,วันเวลา,เบอร์โทร,ชื่อผู้โทร,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย
W-001,21/11/2569 09:15,081-234-5678,สมชาย ใจดี,,ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก,ไฟในซอยวัดใหม่ดับมาสามคืนแล้ว,ร้องเรียน
W-002,21/11/2569 09:30,,,,,,สายหลุด
W-003,21/11/2569 09:45,089-000-1111,มาลี ใจงาม,road,ถนนเป็นหลุม,"หน้าตลาดสดมีหลุมลึก
รถจักรยานยนต์ล้มไปแล้วสองคัน",complaint
"""


def run(*args, stdin=None):
    return subprocess.run([SIANG, *args], input=stdin, capture_output=True, text=True, timeout=120)


def drop(folder: Path, name: str, text: str) -> None:
    """Writes under a hidden name and renames, so the server only ever sees the whole file."""
    part = folder / f".{name}.part"
    part.write_text(text, encoding="utf-8")
    part.rename(folder / name)


def wait_for(path: Path, srv) -> None:
    deadline = time.monotonic() + WAIT
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear within {WAIT:.0f} s\n{srv.output()}"
        assert srv.running, f"siang stopped\n{srv.output()}"
        time.sleep(0.2)


def test_a_log_dropped_into_the_watched_folder_becomes_cases_and_is_filed_with_its_report(tmp_path, server):
    data = tmp_path / "data"
    assert run("user", "add", "--username", "supansa", "--role", "admin", "--data-dir", str(data), stdin="a-long-password-3\n").returncode == 0
    token = run("user", "token", "--username", "supansa", "--data-dir", str(data)).stdout.strip()
    inbox = tmp_path / "สายด่วน-inbox"  # not there yet: serve creates it
    srv = server(data_dir=data, env={"SIANG_HOTLINE_WATCH_FOLDER": str(inbox), "SIANG_HOTLINE_WATCH_INTERVAL_SECONDS": "1"})
    assert (inbox / "done").is_dir() and (inbox / "failed").is_dir()

    drop(inbox, "calls-2569-11-21.csv", CALLS)
    drop(inbox, "broken.csv", "ไม่ใช่บันทึกสายด่วน\nเป็นแค่ข้อความ\n")
    wait_for(inbox / "done" / "calls-2569-11-21.csv", srv)
    wait_for(inbox / "failed" / "broken.csv", srv)

    assert not (inbox / "calls-2569-11-21.csv").exists() and not (inbox / "broken.csv").exists()
    report = json.loads((inbox / "done" / "calls-2569-11-21.csv.report.json").read_text(encoding="utf-8"))
    assert report == {"imported": 2, "duplicates": 0, "skipped": 1, "rejected": []}
    failed = json.loads((inbox / "failed" / "broken.csv.report.json").read_text(encoding="utf-8"))
    assert "the header has no column for call_id" in failed["error"]

    headers = {"Authorization": f"Bearer {token}"}
    r = requests.get(f"{srv.url}/api/v1/staff/complaints", params={"queue": "all", "status": "all", "channel": "hotline"},
                     headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    cases = {c["subject"]: c for c in r.json()["complaints"]}
    assert set(cases) == {"ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก", "ถนนเป็นหลุม"}
    # Classified and routed as `siang import hotline` does: the classifier for the first, the column for the second.
    assert cases["ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก"]["category"] == "lighting"
    road = cases["ถนนเป็นหลุม"]
    assert road["category"] == "road" and road["queue"] and road["kind"] == "complaint"
    whole = requests.get(f"{srv.url}/api/v1/staff/complaints/{road['trackingId']}", headers=headers, timeout=10)
    assert whole.status_code == 200 and "รถจักรยานยนต์ล้มไปแล้วสองคัน" in whole.text

    # The log names files and counts, never what the callers said or who they are.
    log = srv.full_output()
    assert "calls-2569-11-21.csv" in log and "broken.csv" in log
    for personal in ("081-234-5678", "สมชาย", "มาลี", "ไม่ใช่บันทึกสายด่วน"):
        assert personal not in log

    # The same log again (another export of the same calls) is filed too, and only counted as duplicates.
    drop(inbox, "calls-2569-11-21.csv", CALLS)
    wait_for(inbox / "done" / "calls-2569-11-21-2.csv.report.json", srv)
    again = json.loads((inbox / "done" / "calls-2569-11-21-2.csv.report.json").read_text(encoding="utf-8"))
    assert again == {"imported": 0, "duplicates": 3, "skipped": 0, "rejected": []}
    assert srv.stop() == 0


def test_a_bad_watch_interval_stops_the_start_naming_the_key(tmp_path):
    p = subprocess.run([SIANG, "serve", "--data-dir", str(tmp_path / "data"), "--port", "0"], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "SIANG_HOTLINE_WATCH_FOLDER": str(tmp_path / "inbox"), "SIANG_HOTLINE_WATCH_INTERVAL_SECONDS": "0"})
    assert p.returncode != 0 and "hotline.watchIntervalSeconds" in p.stderr
    assert not (tmp_path / "inbox").exists()
