"""`siang improvements add|list` (DESIGN.md 5.9) run as an agency would: an entry recorded from the command
line with its before/after values worked out by hand from imported history, refused input that stores
nothing, and the list of one fiscal year as text and JSON."""
import json
import os
import subprocess
from pathlib import Path

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))


def run(*args, data):
    return subprocess.run([SIANG, *args, "--data-dir", str(data)], capture_output=True, text=True, timeout=120)


def case(ref, received, resolved=None):
    triaged = received.replace("T09:00", "T09:30")
    history = [{"status": "triaged", "at": triaged}] + ([{"status": "resolved", "at": resolved}] if resolved else [])
    return {"ref": ref, "kind": "complaint", "category": "water", "text": "น้ำประปาไม่ไหล", "receivedAt": received, "history": history}


def test_improvements_are_recorded_refused_and_listed_from_the_command_line(tmp_path):
    data = tmp_path / "data"
    # An entry dated 15 January 2025: before is October-December 2024, after February-April 2025.
    # Before: three water complaints, two resolved by 31 December: 2 / 3 = 66.67. After: one, resolved: 1 / 1 = 100.
    # A complaint of January 2025 (the transition month) is in neither window.
    cases = [case("W-1", "2024-10-07T09:00:00+07:00", "2024-10-09T10:00:00+07:00"),
             case("W-2", "2024-11-04T09:00:00+07:00", "2024-11-05T10:00:00+07:00"),
             case("W-3", "2024-12-20T09:00:00+07:00", "2025-01-08T10:00:00+07:00"),
             case("W-4", "2025-01-10T09:00:00+07:00"),
             case("W-5", "2025-03-03T09:00:00+07:00", "2025-03-04T10:00:00+07:00")]
    lines = tmp_path / "cases.jsonl"
    lines.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n", encoding="utf-8")
    imported = run("import", "cases", str(lines), "--json", data=data)
    assert imported.returncode == 0 and json.loads(imported.stdout)["imported"] == 5, imported.stdout + imported.stderr

    refused = run("improvements", "add", "--date", "2025-02-29", "--title", " ", "--action", "ตั้งจุดแจ้งเหตุ", "--unit", "กองการประปา",
                  "--level", "kaizen", "--metric", "no_such_metric", data=data)
    assert refused.returncode != 0
    for field in ["date:", "title:", "learningLevel:", "triggers.metricIds:"]:
        assert field in refused.stderr, refused.stderr
    assert json.loads(run("improvements", "list", "--json", data=data).stdout)["improvements"] == []

    added = run("improvements", "add", "--date", "2025-01-15", "--title", "ตั้งจุดแจ้งเหตุน้ำไม่ไหล 24 ชั่วโมง",
                "--action", "เพิ่มเวรเจ้าหน้าที่รับแจ้งนอกเวลาราชการ", "--unit", "กองการประปา", "--level", "innovation",
                "--category", "water", "--reason", "delay", "--metric", "complaints_resolved_pct", "--json", data=data)
    assert added.returncode == 0, added.stderr
    entry = json.loads(added.stdout)
    assert entry["id"] == 1 and entry["learningLevel"] == "innovation"
    assert entry["triggers"] == {"categories": ["water"], "reasonCodes": ["delay"], "metricIds": ["complaints_resolved_pct"], "servicePoint": None}
    assert entry["effects"] == [{"metricId": "complaints_resolved_pct",
                                 "before": {"fromMonth": "2024-10", "toMonth": "2024-12", "value": 66.67, "denominator": 3},
                                 "after": {"fromMonth": "2025-02", "toMonth": "2025-04", "value": 100, "denominator": 1}}]

    fy2568 = json.loads(run("improvements", "list", "--fy", "2568", "--json", data=data).stdout)
    assert fy2568["fiscalYear"] == 2568 and [e["id"] for e in fy2568["improvements"]] == [1]
    assert fy2568["improvements"][0]["effects"] == entry["effects"]
    assert json.loads(run("improvements", "list", "--fy", "2569", "--json", data=data).stdout)["improvements"] == []
    text = run("improvements", "list", "--fy", "2568", data=data)
    assert "1  2025-01-15  innovation" in text.stdout and "complaints_resolved_pct 66.67 (2024-10..2024-12) -> 100 (2025-02..2025-04)" in text.stdout
    bad_year = run("improvements", "list", "--fy", "68", data=data)
    assert bad_year.returncode != 0 and "Buddhist Era" in bad_year.stderr
