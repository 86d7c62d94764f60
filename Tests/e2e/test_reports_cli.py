"""`siang report …` and `siang targets …` as an analyst runs them (DESIGN.md 5.7): the real binary over a
data directory filled through `siang import hotline`, locked months answered from storage, restatements."""
import json
import os
import subprocess
from pathlib import Path

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
HEADER = "เลขที่สาย,วันเวลา,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย\n"


def run(*args):
    return subprocess.run([SIANG, *args], capture_output=True, text=True, timeout=300)


def import_calls(data: Path, tmp: Path, name: str, calls: list[tuple[str, str]]):
    """Imports hotline calls (call id, dd/MM/BEyear time) as complaints about the water supply."""
    f = tmp / name
    f.write_text(HEADER + "".join(f"{cid},{when},0812345678,ผู้โทรทดสอบ,op1,Q1,water,น้ำไม่ไหล,น้ำประปาไม่ไหลทั้งซอย,complaint\n"
                                  for cid, when in calls), encoding="utf-8")
    p = run("import", "hotline", str(f), "--json", "--data-dir", str(data))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["imported"] == len(calls)


def metric(doc, metric_id):
    return next(m for m in doc["metrics"] if m["id"] == metric_id)


def report(data, *args):
    p = run("report", *args, "--data-dir", str(data))
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_a_locked_month_is_answered_from_storage_until_it_is_restated(tmp_path):
    data = tmp_path / "data"
    import_calls(data, tmp_path, "october.csv", [("C1", "02/10/2568 09:00"), ("C2", "15/10/2568 10:30"), ("C3", "31/10/2568 16:00")])
    live = report(data, "monthly", "--month", "2025-10")
    assert live["schema"] == "siang.report.v1" and live["period"]["id"] == "2025-10"
    assert metric(live, "cases_received")["value"] == 3 and live["locked"] is False

    locked = run("report", "lock", "--month", "2025-10", "--json", "--data-dir", str(data))
    assert locked.returncode == 0, locked.stderr
    assert json.loads(locked.stdout) == {"period": "2025-10", "revision": 0, "changes": []}
    again = run("report", "lock", "--month", "2025-10", "--data-dir", str(data))
    assert again.returncode != 0 and "locked already" in again.stderr

    nothing = run("report", "restate", "--month", "2025-10", "--reason", "ตรวจทาน", "--data-dir", str(data))
    assert nothing.returncode != 0 and "nothing to restate" in nothing.stderr

    # A late call log: calls of October arrive in December and land in October.
    import_calls(data, tmp_path, "late.csv", [("C4", "20/10/2568 11:00")])
    stored = report(data, "monthly", "--month", "2025-10")
    assert stored["locked"] is True and stored["revision"] == 0
    assert metric(stored, "cases_received")["value"] == 3, "a locked month is never changed silently"
    pending = [c for c in stored["pendingChanges"] if c["metric"] == "cases_received" and c["breakdown"] == "overall"]
    assert pending and pending[0]["stored"] == 3 and pending[0]["now"] == 4

    empty_reason = run("report", "restate", "--month", "2025-10", "--reason", "  ", "--data-dir", str(data))
    assert empty_reason.returncode != 0 and "reason" in empty_reason.stderr
    restated = run("report", "restate", "--month", "2025-10", "--reason", "รับบันทึกสายด่วนย้อนหลัง", "--json", "--data-dir", str(data))
    assert restated.returncode == 0, restated.stderr
    out = json.loads(restated.stdout)
    assert out["revision"] == 1
    assert {"metric": "cases_received", "breakdown": "overall", "stored": 3, "now": 4} in out["changes"]
    after = report(data, "monthly", "--month", "2025-10")
    assert after["revision"] == 1 and metric(after, "cases_received")["value"] == 4 and after["pendingChanges"] == []


def test_lock_refuses_a_month_that_has_not_ended_and_restate_a_month_not_locked(tmp_path):
    data = tmp_path / "data"
    p = run("report", "lock", "--month", "2099-01", "--data-dir", str(data))
    assert p.returncode != 0 and "has not ended" in p.stderr
    p = run("report", "restate", "--month", "2025-11", "--reason", "x", "--data-dir", str(data))
    assert p.returncode != 0 and "not locked" in p.stderr


def test_bad_report_arguments_are_plain_errors(tmp_path):
    data = tmp_path / "data"
    for args in [("monthly", "--month", "2025-13"), ("monthly", "--month", "oct"), ("quarter", "--quarter", "2569-Q5"),
                 ("fy", "--fy", "2025"), ("monthly", "--month", "2025-10", "--as-of", "yesterday"),
                 ("monthly", "--month", "2025-10", "--format", "pdf"), ("monthly", "--month", "2025-10", "--as-of", "2025-09-01")]:
        p = run("report", *args, "--data-dir", str(data))
        assert p.returncode != 0, args
        assert p.stdout == "" and p.stderr.strip(), args


def test_quarter_and_fiscal_year_reports_and_the_out_file(tmp_path):
    data = tmp_path / "data"
    import_calls(data, tmp_path, "calls.csv", [("Q1", "05/11/2568 09:00"), ("Q2", "10/01/2569 09:00")])
    q1 = report(data, "quarter", "--quarter", "2569-Q1")
    assert q1["period"]["kind"] == "quarter" and metric(q1, "cases_received")["value"] == 1
    out = tmp_path / "fy.json"
    p = run("report", "fy", "--fy", "2569", "--as-of", "2026-06-30T23:59:59+07:00", "--out", str(out), "--data-dir", str(data))
    assert p.returncode == 0 and p.stdout == "", p.stderr
    fy = json.loads(out.read_text(encoding="utf-8"))
    assert fy["period"]["id"] == "2569" and metric(fy, "cases_received")["value"] == 2
    for fmt, magic in [("csv", b"metric"), ("xlsx", b"PK"), ("html", b"<!")]:
        f = tmp_path / f"q1.{fmt}"
        p = run("report", "quarter", "--quarter", "2569-Q1", "--format", fmt, "--out", str(f), "--data-dir", str(data))
        assert p.returncode == 0, p.stderr
        assert magic in f.read_bytes()[:200], fmt


def test_rebuild_counts_every_case(tmp_path):
    data = tmp_path / "data"
    import_calls(data, tmp_path, "calls.csv", [(f"R{i}", f"{1 + i:02d}/12/2568 09:00") for i in range(5)])
    p = run("report", "rebuild", "--json", "--data-dir", str(data))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["cases"] == 5


def test_targets_import_all_or_nothing_and_list(tmp_path):
    data = tmp_path / "data"
    good = tmp_path / "targets.yaml"
    good.write_text("""targets:
  satisfaction_pct:
    2566: {baseline: 80.5}
    2569: {target: 85, comparators: [{name: กรมสรรพากร, value: 88.4, why: หน่วยบริการประชาชนขนาดใกล้เคียงกัน}]}
""", encoding="utf-8")
    p = run("targets", "import", str(good), "--data-dir", str(data))
    assert p.returncode == 0, p.stderr
    listed = json.loads(run("targets", "list", "--json", "--data-dir", str(data)).stdout)
    assert listed["targets"]["satisfaction_pct"]["2569"]["target"] == 85
    assert listed["targets"]["satisfaction_pct"]["2569"]["comparators"][0]["name"] == "กรมสรรพากร"
    assert listed["targets"]["satisfaction_pct"]["2566"]["baseline"] == 80.5

    for bad in ["targets:\n  satisfaction_pct:\n    2569: {target: 99}\n  no_such_metric:\n    2569: {target: 1}\n",
                "targets:\n  satisfaction_pct:\n    2569: {target: high}\n",
                "targets:\n  satisfaction_pct:\n    2026: {target: 90}\n",
                "targets: [1, 2\n"]:
        f = tmp_path / "bad.yaml"
        f.write_text(bad, encoding="utf-8")
        p = run("targets", "import", str(f), "--data-dir", str(data))
        assert p.returncode != 0 and p.stderr.strip(), bad
    missing = run("targets", "import", str(tmp_path / "missing.yaml"), "--data-dir", str(data))
    assert missing.returncode != 0 and "cannot read" in missing.stderr
    assert json.loads(run("targets", "list", "--json", "--data-dir", str(data)).stdout) == listed, "a bad file changes nothing"
