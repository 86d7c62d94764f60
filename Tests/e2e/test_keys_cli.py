"""`siang keys rotate|status` (docs/pdpa.md "Encryption at rest") as an administrator runs them on the embedded
store: the key file made owner-only on first start, nothing personal in plain in the database, its WAL or the
attachment folder, a rotation stopped half-way that still reads and is finished by the next run, and the old key
kept for the backups made before it."""
import json
import os
import stat
import subprocess
from pathlib import Path

import requests

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
PEOPLE = [{"name": f"สมหญิง ทดสอบกุญแจ{i}", "phone": f"081-555-{i:04d}", "email": f"key.rotation.{i}@example.org"}
          for i in range(12)]


def run(*args, data):
    return subprocess.run([SIANG, *args, "--data-dir", str(data)], capture_output=True, text=True, timeout=120)


def plain_values(data: Path) -> list[str]:
    """The planted values found in any file of the data directory (database, WAL, attachments)."""
    blobs = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file() and not p.name.startswith("data.key"))
    return [v for person in PEOPLE for v in person.values() if v.encode() in blobs]


def export(data, phone):
    p = run("pdpa", "export", "--phone", phone, "--json", data=data)
    assert p.returncode == 0, p.stderr
    return [c["contact"] for c in json.loads(p.stdout)["cases"]]


def test_a_rotation_stopped_half_way_reads_and_the_next_run_finishes_it(server):
    srv = server()
    data = srv.data_dir
    key_file = data / "data.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    for i, person in enumerate(PEOPLE):
        r = requests.post(srv.url + "/api/v1/complaints", json={"text": f"ไฟฟ้าดับซอย {i}", "contact": person, "consent": True}, timeout=10)
        assert r.status_code == 201, r.text
    srv.stop()
    assert plain_values(data) == []
    old_key = key_file.read_text().strip()

    status = run("keys", "status", data=data)
    assert status.returncode == 0 and "seals everything" in status.stdout, status.stdout + status.stderr
    assert old_key not in status.stdout + status.stderr

    cut = run("keys", "rotate", "--batch-size", "2", "--max-batches", "3", "--json", data=data)
    assert cut.returncode == 0, cut.stderr
    first = json.loads(cut.stdout)
    assert first["finished"] is False and first["rowsResealed"] > 0
    assert (data / "data.key.next").exists() and key_file.read_text().strip() == old_key
    # Half-way: values under both keys, and a person is still found by phone written another way.
    assert export(data, "+66 81 555 0011") == [{"name": PEOPLE[11]["name"], "phone": PEOPLE[11]["phone"], "email": PEOPLE[11]["email"]}]
    assert export(data, PEOPLE[0]["phone"])[0]["name"] == PEOPLE[0]["name"]

    done = run("keys", "rotate", "--batch-size", "2", "--json", data=data)
    assert done.returncode == 0, done.stderr
    second = json.loads(done.stdout)
    assert second["finished"] is True and second["keyId"] == first["keyId"], "the run went on with the same new key"
    assert not (data / "data.key.next").exists()
    assert key_file.read_text().strip() != old_key
    assert (data / "data.key.previous").read_text().split() == [old_key], "kept for the backups made before"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert plain_values(data) == []
    assert export(data, PEOPLE[5]["phone"])[0]["email"] == PEOPLE[5]["email"]
    assert "retired" in run("keys", "status", data=data).stdout

    again = run("keys", "rotate", "--max-batches", "0", data=data)
    assert again.returncode != 0 and "--max-batches" in again.stderr

    # The server starts on the rotated store and the tracking IDs still answer.
    restarted = server(data_dir=data)
    assert requests.get(restarted.url + "/healthz", timeout=10).status_code == 200


def test_a_wrong_key_is_refused_with_the_key_it_needs(server):
    srv = server()
    data = srv.data_dir
    r = requests.post(srv.url + "/api/v1/complaints", json={"text": "น้ำไม่ไหล", "contact": PEOPLE[0], "consent": True}, timeout=10)
    assert r.status_code == 201
    srv.stop()
    wrong = subprocess.run([SIANG, "keys", "status", "--data-dir", str(data)], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "SIANG_DATA_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="})
    assert wrong.returncode != 0 and "not given" in wrong.stderr, wrong.stderr
    short = subprocess.run([SIANG, "keys", "status", "--data-dir", str(data)], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "SIANG_DATA_KEY": "c2hvcnQ="})
    assert short.returncode != 0 and "32 bytes" in short.stderr, short.stderr
