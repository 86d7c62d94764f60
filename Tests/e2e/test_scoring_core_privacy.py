"""Issue 13: aggregates only. Cases that carry a name, a phone, an email, a LINE user ID and distinctive
citizen text come in through the real server (LINE webhook, the complaints API) and `siang import cases`;
an improvement is recorded; none of that personal data or citizen text reaches the scoring-core export,
which holds the evidence pack, its Thai narratives, the improvement log and the readiness check."""
import json
import os
import subprocess
from datetime import datetime, timedelta, timezone

import requests

from line_standin import REPLY
from test_line import line_api, line_server, post_signed, text_event  # noqa: F401 (fixtures)

BANGKOK = timezone(timedelta(hours=7))
LINE_USER = "U9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"
SECRETS = {
    "name": "ประภาพร ลับเฉพาะยิ่ง",
    "phone": "0816549873",
    "email": "prapaporn.secret@example.net",
    "line": LINE_USER,
    "line_text": "น้ำประปาหน้าบ้านเลขที่ 88/19 ซอยลับแล ขุ่นเป็นสีน้ำตาลมาห้าวันแล้ว",
    "api_text": "ท่อระบายน้ำอุดตันหน้าร้านก๋วยเตี๋ยวป้าอร ถนนวิเศษสุขนคร",
    "import_text": "ไฟฟ้าดับบ่อยในหมู่บ้านสุขสันต์นิเวศน์ซอยเจ็ด",
}


def siang(*args, data):
    return subprocess.run([os.environ["SIANG_BIN"], *args, "--data-dir", str(data)], capture_output=True, text=True, timeout=300)


def test_no_personal_data_or_citizen_text_reaches_the_export(line_server, line_api, tmp_path):
    assert post_signed(line_server, [text_event(SECRETS["line_text"], user=LINE_USER)]).status_code == 200
    line_api.wait_for(lambda s: s.calls(REPLY))
    r = requests.post(line_server.url + "/api/v1/complaints", timeout=10, json={
        "text": SECRETS["api_text"], "category": "water", "consent": True,
        "contact": {"name": SECRETS["name"], "phone": SECRETS["phone"], "email": SECRETS["email"]},
    })
    assert r.status_code == 201, r.text
    line_server.stop()
    data = line_server.data_dir

    received = (datetime.now(BANGKOK) - timedelta(days=2)).replace(microsecond=0)
    line = {"ref": "OLD-PII-1", "kind": "complaint", "category": "water", "channel": "hotline", "text": SECRETS["import_text"],
            "receivedAt": received.isoformat(), "consent": True,
            "contact": {"name": SECRETS["name"], "phone": SECRETS["phone"], "email": SECRETS["email"]},
            "history": [{"status": "triaged", "at": (received + timedelta(hours=1)).isoformat()},
                        {"status": "resolved", "at": (received + timedelta(hours=5)).isoformat(), "note": "แจ้งคุณ" + SECRETS["name"] + " แล้ว"}],
            "survey": {"answeredAt": (received + timedelta(hours=8)).isoformat(), "overall": 2, "reasons": ["delay"],
                       "comment": "โทรหาฉันที่ " + SECRETS["phone"]}}
    history = tmp_path / "pii.jsonl"
    history.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    p = siang("import", "cases", str(history), "--json", data=data)
    assert p.returncode == 0 and json.loads(p.stdout)["imported"] == 1, p.stdout + p.stderr
    p = siang("improvements", "add", "--date", received.date().isoformat(), "--title", "ล้างท่อประปาสายหลักทุกเดือน",
              "--action", "กำหนดรอบล้างท่อ", "--unit", "กองการประปา", "--level", "pdca", "--category", "water",
              "--metric", "complaints_resolved_pct", data=data)
    assert p.returncode == 0, p.stderr

    out = tmp_path / "export.json"
    p = siang("export", "scoring-core", "--out", str(out), "--fy", str(received.year + 543 + (1 if received.month >= 10 else 0)), data=data)
    assert p.returncode == 0, p.stderr
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert len(doc["evidence"]["approaches"]) == 5 and all(a["narrativeTh"] for a in doc["evidence"]["approaches"])
    assert [i["title"] for i in doc["improvements"]] == ["ล้างท่อประปาสายหลักทุกเดือน"]
    assert len(doc["readiness"]["lines"]) == 6
    received_metric = next(m for m in doc["metrics"] if m["id"] == "cases_received")
    assert received_metric["value"] == 3, "the three cases are counted"
    for label, secret in SECRETS.items():
        assert secret not in text, label
    for fragment in ("88/19", "ก๋วยเตี๋ยวป้าอร", "สุขสันต์นิเวศน์", "OLD-PII-1", "CMP-", "0816549873"):
        assert fragment not in text, fragment
    assert secret_free(p.stdout + p.stderr)


def secret_free(output: str) -> bool:
    return not any(secret in output for secret in SECRETS.values())
