"""The server when it runs short of file descriptors (issue 11, finding 2).

An outside probe held hundreds of connections until the server had no descriptors left; while the
outbox composed acknowledgements it died with SIGILL (Foundation's DateFormatter trapping). These tests
start the server under a low open-file limit, hold three times as many connections as the limit while
deliveries are pending, then let go, and require the process to be alive and answering throughout.
Loopback only; every wait is bounded.
"""

from __future__ import annotations

import resource
import socket
import threading
import time

import pytest
import requests

from test_slow_clients import raise_own_file_limit

LOW_LIMIT = 320


class ClosingSMTP:
    """A port that takes connections and closes them at once: every delivery fails fast and is retried
    (5 s, 10 s, ...), so acknowledgements are composed again and again while the test holds connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self):
        self.sock.close()


@pytest.fixture
def smtp():
    s = ClosingSMTP()
    yield s
    s.close()


def mail_env(smtp: ClosingSMTP) -> dict[str, str]:
    return {"SIANG_EMAIL_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "SIANG_EMAIL_FROM": "complaints@example.go.th",
            "SIANG_SERVER_IDLE_TIMEOUT_SECONDS": "3"}


def file_complaints_with_email(base: str, count: int) -> None:
    for i in range(count):
        body = {"text": f"ไฟถนนดับหน้าซอย {i}", "contact": {"name": "ทดสอบ", "email": f"citizen{i}@example.com"}, "consent": True}
        r = requests.post(base + "/api/v1/complaints", json=body, timeout=10)
        assert r.status_code == 201, r.text


def flood(port: int, count: int) -> list[socket.socket]:
    held = []
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        held.append(s)
    return held


def healthz_within(base: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            r = requests.get(base + "/healthz", timeout=2)
            if r.status_code == 200 and r.json().get("status") == "ok":
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


def test_a_flood_past_the_open_file_limit_with_deliveries_pending_leaves_the_server_answering(server, smtp):
    raise_own_file_limit(4096)

    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (LOW_LIMIT, LOW_LIMIT))

    srv = server(env=mail_env(smtp), preexec_fn=low_limit)
    file_complaints_with_email(srv.url, 20)
    deadline = time.monotonic() + 10
    while smtp.accepted == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert smtp.accepted > 0, "no delivery was attempted"
    for _ in range(2):
        held = flood(srv.port, 3 * LOW_LIMIT)
        try:
            # Long enough for a retry pass of the outbox (5 s backoff) while the flood is held.
            time.sleep(7)
            assert srv.running, f"the server died with {srv.proc.returncode} under the flood\n{srv.output()}"
            # Held connections past the cap are refused or wait; the idle timeout (3 s) frees the rest.
            assert healthz_within(srv.url, 20), "the server stopped answering while the flood was held"
        finally:
            for s in held:
                s.close()
    assert healthz_within(srv.url, 10), "the server did not answer /healthz once the connections were gone"
    assert srv.running
    # It fitted its connection cap under the limit, leaving descriptors for everything else: with none
    # left, libdispatch itself traps (its worker monitor reads /proc), so running out must never happen.
    assert "at most 128 connections are held at once" in srv.output()
    metrics = requests.get(srv.url + "/metrics", timeout=5).text
    assert "siang_http_connections_refused_total" in metrics or "siang_http_connection_timeouts_total" in metrics
