"""`siang audit verify|checkpoint` (DESIGN.md 5.12) as an agency's DPO or auditor would run them: the chain holds
after entries are written, a checkpoint prints the head to keep elsewhere, and an entry changed in the database
file behind the service's back, or entries cut off the end, make verify exit 1 naming the entry."""
import json
import os
import sqlite3
import subprocess
from pathlib import Path

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))


def run(*args, data):
    return subprocess.run([SIANG, *args, "--data-dir", str(data)], capture_output=True, text=True, timeout=120)


def add_improvement(data, title):
    added = run("improvements", "add", "--date", "2025-01-15", "--title", title, "--action", "เพิ่มเวรเจ้าหน้าที่รับแจ้งนอกเวลาราชการ",
                "--unit", "กองการประปา", "--level", "pdca", "--category", "water", data=data)
    assert added.returncode == 0, added.stderr


def test_the_audit_chain_is_verified_checkpointed_and_breaks_are_named(tmp_path):
    data = tmp_path / "data"
    empty = run("audit", "verify", "--json", data=data)
    assert empty.returncode == 0 and json.loads(empty.stdout) == {"entries": 0, "holds": True}, empty.stdout + empty.stderr
    for n in range(3):
        add_improvement(data, f"ปรับปรุงครั้งที่ {n + 1}")  # each writes one audit entry (improvement.add)

    verified = run("audit", "verify", "--json", data=data)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    outcome = json.loads(verified.stdout)
    assert outcome["entries"] == 3 and outcome["holds"] and outcome["head"]["entryId"] == 3

    checkpoint = run("audit", "checkpoint", data=data)
    assert checkpoint.returncode == 0, checkpoint.stderr
    head = checkpoint.stdout.strip()
    assert head == f"3:{outcome['head']['hash']}"
    assert run("audit", "verify", "--expect-head", head, data=data).returncode == 0

    db = sqlite3.connect(data / "siang.sqlite")
    db.execute("UPDATE audit_log SET actor = 'cli:someone_else' WHERE id = 2")
    db.commit()
    changed = run("audit", "verify", data=data)
    assert changed.returncode == 1
    assert "entry 2 does not fit" in changed.stdout, changed.stdout

    # Put back, then cut the last entry off and the stored checkpoints with it: the head kept outside names it.
    db.execute("UPDATE audit_log SET actor = (SELECT actor FROM audit_log WHERE id = 1) WHERE id = 2")
    db.commit()
    assert run("audit", "verify", data=data).returncode == 0
    db.execute("DELETE FROM audit_log WHERE id = 3")
    db.execute("DELETE FROM audit_checkpoints")
    db.commit()
    db.close()
    assert run("audit", "verify", data=data).returncode == 0  # by itself the shortened chain holds
    cut = run("audit", "verify", "--expect-head", head, "--json", data=data)
    assert cut.returncode == 1
    assert json.loads(cut.stdout)["firstBreak"] == {"entryId": 3, "reason": "checkpoint_mismatch"}

    for bad in ["3", "x:" + "0" * 64, "3:" + "0" * 63, "3:" + "G" * 64, "0:" + "0" * 64]:
        refused = run("audit", "verify", "--expect-head", bad, data=data)
        assert refused.returncode not in (0, 1) and "--expect-head takes ENTRY_ID:HASH" in refused.stderr, (bad, refused.stderr)
