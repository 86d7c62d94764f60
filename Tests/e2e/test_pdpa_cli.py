"""`siang pdpa export|erase` and `siang retention run` (docs/pdpa.md) as an agency's DPO would run them beside a
running server: a person found by another way of writing their phone, an erasure that asks for --yes and then
leaves the case without the contact, a retention sweep that counts before it erases, and logs and audit entries
that never carry the phone or the name."""
import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import requests

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
PERSON = {"name": "สมศรี ทดสอบลบข้อมูล", "phone": "081-234-5678", "email": "Somsri.Erase@example.org"}
OTHER = {"name": "ชูใจ เก็บไว้", "phone": "0899999999"}


def run(*args, data):
    return subprocess.run([SIANG, *args, "--data-dir", str(data)], capture_output=True, text=True, timeout=120)


def file(srv, text, contact):
    r = requests.post(srv.url + "/api/v1/complaints", json={"text": text, "contact": contact, "consent": True}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["trackingId"]


def test_a_person_is_exported_then_erased_and_retention_sweeps_closed_cases(server):
    srv = server()
    data = srv.data_dir
    mine = file(srv, "ถนนหน้าบ้านเป็นหลุมลึก", PERSON)
    other = file(srv, "ไฟกิ่งดับสามต้น", OTHER)

    none = run("pdpa", "export", "--phone", "02-000-0000", data=data)
    assert none.returncode == 0 and none.stdout.strip() == "no cases", none.stdout + none.stderr
    bad = run("pdpa", "export", "--email", "somsri@", data=data)
    assert bad.returncode != 0 and "email" in bad.stderr

    export = run("pdpa", "export", "--phone", "+66 81 234 5678", "--json", data=data)
    assert export.returncode == 0, export.stderr
    held = json.loads(export.stdout)["cases"]
    assert [c["trackingId"] for c in held] == [mine]
    assert held[0]["contact"]["name"] == PERSON["name"] and held[0]["text"] == "ถนนหน้าบ้านเป็นหลุมลึก"
    assert held[0]["timeline"][0]["type"] == "received"

    refused = run("pdpa", "erase", "--email", "somsri.erase@EXAMPLE.org", data=data)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    erased = run("pdpa", "erase", "--email", "somsri.erase@EXAMPLE.org", "--yes", "--json", data=data)
    assert erased.returncode == 0, erased.stderr
    assert [c["trackingId"] for c in json.loads(erased.stdout)["cases"]] == [mine]
    assert run("pdpa", "export", "--phone", "0812345678", data=data).stdout.strip() == "no cases"
    # The case itself is still tracked.
    assert requests.get(srv.url + f"/api/v1/track/{mine}", timeout=10).status_code == 200

    # The other case is closed 400 days ago, behind the service's back: retention counts it, then erases it once.
    db = sqlite3.connect(data / "siang.sqlite")
    db.execute("UPDATE cases SET status = 'closed', updated_at = ? WHERE tracking_id = ?", (time.time() - 400 * 86_400, other))
    db.commit()
    dry = run("retention", "run", "--dry-run", "--json", data=data)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["cases"] == 1 and json.loads(dry.stdout)["dryRun"] is True
    # A dry run leaves the contact as it was: there, and sealed (never the name in plain).
    held_name = db.execute("SELECT name FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE c.tracking_id = ?",
                           (other,)).fetchone()[0]
    assert held_name.startswith("e1.") and OTHER["name"] not in held_name
    swept = run("retention", "run", "--json", data=data)
    assert json.loads(swept.stdout)["cases"] == 1 and json.loads(swept.stdout)["contacts"] == 1, swept.stdout + swept.stderr
    assert json.loads(run("retention", "run", "--json", data=data).stdout)["cases"] == 0
    assert db.execute("SELECT name, phone FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE c.tracking_id = ?",
                      (other,)).fetchone() == (None, None)

    actions = db.execute("SELECT actor, action, tracking_id FROM audit_log WHERE action LIKE 'pdpa.%' ORDER BY id").fetchall()
    db.close()
    assert [(a, t) for _, a, t in actions] == [("pdpa.export", None), ("pdpa.export", mine), ("pdpa.erase", mine),
                                               ("pdpa.export", None), ("pdpa.retention.erase", other)]
    assert actions[-1][0] == "system:retention" and actions[0][0].startswith("cli:")
    words = json.dumps(actions, ensure_ascii=False) + srv.full_output()
    for secret in ("081", "234-5678", "สมศรี", "somsri", "ชูใจ"):
        assert secret not in words.replace(mine, "").replace(other, ""), secret
