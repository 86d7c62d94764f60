"""The JSON API fuzzed from its own contract (issue 15): schemathesis reads /openapi.yaml from a running
server and sends generated requests, valid and invalid, to every operation with a staff (admin) token,
with every check on and none left out: no server error, documented status codes, content types, headers
and response schemas, invalid data rejected and valid data accepted, and a method a path does not have
answered 405 with Allow. Bounded in time (SIANG_API_FUZZ_SECONDS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
# Which rules the schemas cannot state, per operation (positive_data_acceptance), with reasons.
CONFIG = Path(__file__).with_name("schemathesis.toml")
FUZZ_SECONDS = int(os.environ.get("SIANG_API_FUZZ_SECONDS", "150"))

# Operations left out, each with its reason.
LEFT_OUT = {
    # Without a body it revokes the token of the request: the fuzzer revokes its own token at once and
    # every later staff request is a 401. Revoking is covered by test_api_contract.py and the CLI tests.
    "POST /api/v1/staff/tokens/revoke": "revokes the fuzzer's own token",
    # Every request must carry an X-Line-Signature, an HMAC of the body with the channel secret, which a
    # generated request cannot have; the body is fuzzed by the fuzz-line-webhook libFuzzer target.
    "POST /webhooks/line": "signed with the channel secret",
}


def cli(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run([SIANG, *args], input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_api_keeps_its_contract_under_generated_requests(shared_server, tmp_path):
    srv = shared_server
    cli("user", "add", "--username", "fuzzadmin", "--role", "admin", "--data-dir", str(srv.data_dir),
        stdin="a-long-password-1\n")
    token = cli("user", "token", "--username", "fuzzadmin", "--data-dir", str(srv.data_dir))

    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", srv.url + "/openapi.yaml",
        "--url", srv.url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", "all",
        "--max-time", str(FUZZ_SECONDS),
        "--max-examples", "60",
        "--seed", "15",
        "--workers", "1",
        "--request-timeout", "20",
        "--report", "junit", "--report-dir", str(tmp_path),
        "--no-color",
    ]
    for operation in LEFT_OUT:
        command += ["--exclude-path", operation.split(" ", 1)[1]]
    # From the test's own folder: schemathesis keeps its example cache in the working directory.
    done = subprocess.run(command, capture_output=True, text=True, timeout=FUZZ_SECONDS + 240, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-20000:]
    assert "No issues found" in output or "passed" in output, output[-5000:]
    # The server stayed up and logged no crash.
    assert srv.running, srv.output()
