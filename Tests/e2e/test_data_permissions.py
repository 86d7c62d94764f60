"""The data directory holds every name, phone and whistleblower's report: it is the service account's
alone (issue 11, finding 8). The real binary, a fresh directory made 0755 as most tools make one."""

from __future__ import annotations

import os
import stat
import subprocess

import requests

from conftest import SIANG_BIN


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_serve_closes_an_open_data_directory_once_and_keeps_its_files_owner_only(server):
    srv = server()
    data = srv.data_dir
    assert mode(data) == 0o700
    said = "was open to other accounts (mode 755); it is now owner-only (700)"
    assert srv.output().count(said) == 1
    body = {"text": "ท่อระบายน้ำอุดตัน", "contact": {"name": "ผู้ร้อง", "phone": "0812345678"}, "consent": True}
    assert requests.post(srv.url + "/api/v1/complaints", json=body, timeout=10).status_code == 201
    for name in ("siang.sqlite", "siang.sqlite-wal", "siang.sqlite-shm", "secret.key", "classifier.model"):
        assert mode(data / name) == 0o600, name
    srv.restart()
    assert srv.output().count(said) == 1, "said once, not on every start"
    assert mode(data) == 0o700


def test_every_command_creates_what_it_writes_owner_only(tmp_path):
    data = tmp_path / "fresh"
    result = subprocess.run([SIANG_BIN, "user", "add", "--username", "somchai", "--role", "agent", "--data-dir", str(data)],
                            input="a long enough password\n", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    assert mode(data / "siang.sqlite") == 0o600
    assert mode(data / "data.key") == 0o600
    assert "owner-only" not in result.stdout + result.stderr, "a directory it made itself was never open"
