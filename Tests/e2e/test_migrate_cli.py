"""`siang migrate --from sqlite:DIR --to postgres://…` (issue 14, DESIGN.md 5.11) run as an agency would: a store
built through the API on SQLite moves into Debian's PostgreSQL, the per-table counts are printed and agree, a
second run changes nothing, and `siang serve --database-url` then answers the staff API with the same JSON and
the old tokens. Bad arguments and a target holding another agency's data are refused, copying nothing."""
import os
import re
import subprocess
from pathlib import Path

import pytest
import requests

from postgres_server import PostgresServer, postgres_bin_dir

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))

if postgres_bin_dir() is None and not os.environ.get("SIANG_TEST_POSTGRES_URL"):
    pytest.skip("needs Debian's postgresql (scripts/install-deps.sh test installs it)", allow_module_level=True)


def run(*args, stdin=None):
    return subprocess.run([SIANG, *args], input=stdin, capture_output=True, text=True, timeout=300)


def admin_token(data_dir: Path) -> str:
    added = run("user", "add", "--username", "migrator", "--role", "admin", "--data-dir", str(data_dir), stdin="a-long-password-1\n")
    assert added.returncode == 0, added.stderr
    token = run("user", "token", "--username", "migrator", "--data-dir", str(data_dir))
    assert token.returncode == 0, token.stderr
    return token.stdout.strip()


def staff_reads(srv, token: str, ids: list[str]) -> dict[str, object]:
    auth = {"Authorization": f"Bearer {token}"}
    paths = ["/api/v1/staff/complaints", "/api/v1/staff/complaints?status=resolved"] + [f"/api/v1/staff/complaints/{i}" for i in ids]
    answers = {}
    for path in paths:
        r = requests.get(srv.url + path, headers=auth, timeout=30)
        assert r.status_code == 200, (path, r.text)
        answers[path] = r.json()
    return answers


def counts(table_text: str) -> dict[str, tuple[int, int]]:
    rows = {}
    for line in table_text.splitlines()[1:]:
        m = re.match(r"(\w+)\s+(\d+)\s+(\d+)", line)
        if m:
            rows[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return rows


@pytest.fixture
def postgres():
    server = PostgresServer().start()
    yield server
    server.stop()


def test_a_store_moves_to_postgresql_and_the_staff_api_answers_the_same(server, postgres):
    sqlite = server()
    token = admin_token(sqlite.data_dir)
    ids = []
    for text, contact in [("ไฟฟ้าส่องสว่างในซอยประชาร่วมใจ 3 ดับมาหนึ่งสัปดาห์แล้ว", {"phone": "081-234-5678"}),
                          ("น้ำประปาไม่ไหลทั้งหมู่บ้านตั้งแต่เมื่อวาน", {"email": "somchai@example.com"}),
                          ("ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มหลายคัน", None)]:
        body = {"text": text, **({"contact": contact, "consent": True} if contact else {})}
        created = requests.post(sqlite.url + "/api/v1/complaints", json=body, timeout=30)
        assert created.status_code == 201, created.text
        ids.append(created.json()["trackingId"])
    auth = {"Authorization": f"Bearer {token}"}
    for status in ["in_progress", "resolved"]:
        r = requests.patch(sqlite.url + f"/api/v1/staff/complaints/{ids[0]}", json={"status": status, "publicNote": "ดำเนินการแล้ว"},
                           headers=auth, timeout=30)
        assert r.status_code == 200, r.text
    before = staff_reads(sqlite, token, ids)
    sqlite.stop()

    url = postgres.create_database()
    moved = run("migrate", "--from", f"sqlite:{sqlite.data_dir}", "--to", url)
    assert moved.returncode == 0, moved.stdout + moved.stderr
    table = counts(moved.stdout)
    assert table["cases"] == (3, 3) and table["case_contacts"] == (2, 2) and table["users"] == (2, 2)  # the demo login and the migrator
    assert all(source == target for source, target in table.values())
    assert "every table holds the same number of rows on both sides" in moved.stdout + moved.stderr
    assert "a-long-password" not in moved.stdout + moved.stderr

    # The form-signing secret moved too, so a form a citizen opened on SQLite is still accepted on PostgreSQL.
    assert "the form-signing secret moved too" in moved.stdout + moved.stderr
    kept = postgres.psql(url, "SELECT encode(secret, 'hex') FROM shared_secrets WHERE name = 'form-signing'")
    assert kept == (sqlite.data_dir / "secret.key").read_bytes().hex()

    again = run("migrate", "--from", f"sqlite:{sqlite.data_dir}", "--to", url)
    assert again.returncode == 0 and counts(again.stdout) == table, again.stdout + again.stderr

    # Sealed values moved as they are: the PostgreSQL servers need the SQLite store's data key, and say so without it.
    assert "start every PostgreSQL server with SIANG_DATA_KEY" in moved.stdout + moved.stderr
    keyless = subprocess.run([SIANG, "keys", "status", "--data-dir", str(sqlite.data_dir), "--database-url", url],
                             capture_output=True, text=True, timeout=120)
    assert keyless.returncode != 0 and "SIANG_DATA_KEY" in keyless.stdout + keyless.stderr
    data_key = (sqlite.data_dir / "data.key").read_text().strip()
    assert data_key not in moved.stdout + moved.stderr
    on_postgres = server(data_dir=sqlite.data_dir, env={"SIANG_DATABASE_URL": url, "SIANG_DATA_KEY": data_key})
    assert requests.get(on_postgres.url + "/healthz", timeout=10).json()["store"] == "postgresql"
    assert staff_reads(on_postgres, token, ids) == before
    for i in ids:
        assert requests.get(on_postgres.url + f"/api/v1/track/{i}", timeout=10).status_code == 200


def test_bad_arguments_and_a_target_holding_other_data_are_refused(server, postgres, tmp_path):
    first = server()
    assert requests.post(first.url + "/api/v1/complaints", json={"text": "ไฟถนนดับหน้าบ้านเลขที่ 12"}, timeout=30).status_code == 201
    first.stop()
    url = postgres.create_database()
    assert run("migrate", "--from", f"sqlite:{first.data_dir}", "--to", url).returncode == 0

    other = server()
    assert requests.post(other.url + "/api/v1/complaints", json={"text": "ขยะไม่ได้เก็บมาสามวัน"}, timeout=30).status_code == 201
    other.stop()
    refused = run("migrate", "--from", f"sqlite:{other.data_dir}", "--to", url)
    assert refused.returncode != 0 and "nothing more was copied" in refused.stderr, refused.stderr
    assert postgres.psql(url, "SELECT count(*) FROM cases") == "1"

    for args, words in [(["--from", f"sqlite:{tmp_path / 'nowhere'}", "--to", url], "nowhere"),
                        (["--from", f"mysql:{first.data_dir}", "--to", url], "sqlite:"),
                        (["--from", f"sqlite:{first.data_dir}", "--to", "http://example.com/db"], "postgres"),
                        (["--from", f"sqlite:{first.data_dir}", "--to", url, "--batch-size", "0"], "--batch-size")]:
        bad = run("migrate", *args)
        assert bad.returncode != 0 and words in bad.stderr, (args, bad.stderr)
