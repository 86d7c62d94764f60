"""The command-line contracts of DESIGN.md 5.1, run as a user would: the real binary, real stdin/stdout."""
import json
import os
import subprocess
from pathlib import Path

import requests

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))


def run(*args, stdin=None, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([SIANG, *args], input=stdin, capture_output=True, text=True, timeout=120, env=full_env)


def test_classify_reads_one_text_per_line_and_writes_one_json_result_per_line(tmp_path):
    texts = ["ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก", "ถนนหน้าบ้านเป็นหลุมใหญ่ รถล้มบ่อย", "ขยะไม่มีใครมาเก็บเลยค่ะ เหม็นมาก", "ok"]
    p = run("classify", "--json", "--data-dir", str(tmp_path), stdin="\n".join(texts) + "\n")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.strip().split("\n")
    assert len(lines) == 4
    results = [json.loads(line) for line in lines]
    assert [r["category"] for r in results[:3]] == ["lighting", "road", "waste"]
    assert all(0 <= r["confidence"] <= 1 for r in results)
    assert results[3]["category"] == "other" and results[3]["confidence"] < 0.5


def test_sla_due_gives_the_calendar_due_times(tmp_path):
    p = run("sla", "due", "--category", "road", "--priority", "normal", "--received", "2026-04-10T15:00:00+07:00", "--data-dir", str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {"firstResponseDueAt": "2026-04-16T15:00:00+07:00", "resolutionDueAt": "2026-05-07T15:00:00+07:00"}
    urgent = json.loads(run("sla", "due", "--category", "safety", "--priority", "urgent", "--received", "2026-11-16T10:00:00+07:00").stdout)
    assert urgent["resolutionDueAt"] == "2026-11-19T10:00:00+07:00"


def test_sla_due_follows_an_override_file(tmp_path):
    cfg = tmp_path / "siang.yaml"
    cfg.write_text("sla:\n  resolutionBusinessDays: {normal: 2}\n", encoding="utf-8")
    p = run("sla", "due", "--category", "road", "--received", "2026-11-16T10:00:00+07:00", "--config", str(cfg))
    assert json.loads(p.stdout)["resolutionDueAt"] == "2026-11-18T10:00:00+07:00"


def test_bad_arguments_are_plain_errors_with_a_non_zero_exit(tmp_path):
    for args in [("sla", "due", "--category", "roads", "--received", "2026-11-16T10:00:00+07:00"),
                 ("sla", "due", "--category", "road", "--received", "yesterday"),
                 ("sla", "due", "--category", "road", "--priority", "asap", "--received", "2026-11-16T10:00:00+07:00")]:
        p = run(*args, "--data-dir", str(tmp_path))
        assert p.returncode != 0
        assert p.stderr.strip() and "Traceback" not in p.stderr and p.stdout == ""
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("trackingPrefix: x1\n", encoding="utf-8")
    p = run("sla", "due", "--category", "road", "--received", "2026-11-16T10:00:00+07:00", "--config", str(cfg))
    assert p.returncode != 0 and "trackingPrefix" in p.stderr


def test_user_add_and_token_give_a_working_staff_token(tmp_path, server):
    data = tmp_path / "data"
    p = run("user", "add", "--username", "wanida", "--role", "agent", "--data-dir", str(data), stdin="a-long-password-1\n")
    assert p.returncode == 0, p.stderr
    again = run("user", "add", "--username", "wanida", "--role", "agent", "--data-dir", str(data), stdin="a-long-password-1\n")
    assert again.returncode != 0 and "already exists" in again.stderr
    short = run("user", "add", "--username", "somsri", "--role", "agent", "--data-dir", str(data), stdin="short\n")
    assert short.returncode != 0
    bad_role = run("user", "add", "--username", "somsri", "--role", "boss", "--data-dir", str(data), stdin="a-long-password-1\n")
    assert bad_role.returncode != 0 and "unknown role" in bad_role.stderr
    token = run("user", "token", "--username", "wanida", "--data-dir", str(data))
    assert token.returncode == 0 and token.stdout.strip().startswith("sg_")
    assert run("user", "token", "--username", "nobody", "--data-dir", str(data)).returncode != 0

    srv = server(data_dir=data)
    r = requests.post(f"{srv.url}/api/v1/complaints", json={"text": "แจ้งทางโทรศัพท์: ท่อแตก", "channel": "phone"},
                      headers={"Authorization": f"Bearer {token.stdout.strip()}"}, timeout=10)
    assert r.status_code == 201, r.text


def test_a_revoked_token_no_longer_opens_the_staff_api(tmp_path, server):
    data = tmp_path / "data"
    assert run("user", "add", "--username", "pranee", "--role", "admin", "--data-dir", str(data), stdin="a-long-password-2\n").returncode == 0
    token = run("user", "token", "--username", "pranee", "--data-dir", str(data)).stdout.strip()
    srv = server(data_dir=data)
    headers = {"Authorization": f"Bearer {token}"}
    created = requests.post(f"{srv.url}/api/v1/complaints", json={"text": "ไฟดับ"}, timeout=10).json()["trackingId"]
    assert requests.get(f"{srv.url}/api/v1/staff/complaints/{created}", headers=headers, timeout=10).status_code == 200
    revoked = run("user", "token", "--username", "pranee", "--revoke", "-", "--data-dir", str(data), stdin=token + "\n")
    assert revoked.returncode == 0, revoked.stderr
    assert requests.get(f"{srv.url}/api/v1/staff/complaints/{created}", headers=headers, timeout=10).status_code == 401
    again = run("user", "token", "--username", "pranee", "--revoke", token, "--data-dir", str(data))
    assert again.returncode != 0 and "nothing was revoked" in again.stderr
