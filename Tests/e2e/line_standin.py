"""A local stand-in for the parts of the LINE Messaging API that Siang calls, for end-to-end tests and the
LINE benchmark (DESIGN.md 5.6: "the API base URL is configurable so tests can point it at a local server").

It serves, on loopback:
  POST /v2/bot/message/reply                 (Reply API)
  POST /v2/bot/message/push                  (Push API; X-Line-Retry-Key accepted once, a repeat is 409)
  GET  /v2/bot/message/{messageId}/content   (content of an image: a small PNG)
and records every request. Tests can script failures per path (500, 429 with Retry-After, ...).

Run on its own (for the benchmark): ``python3 Tests/e2e/line_standin.py [--port N] [--arrivals FILE]`` prints its URL.
With ``--arrivals`` it appends one line per accepted reply or push to FILE, ``<unix time> reply <replyToken>`` or
``<unix time> push <to>``, which bench/line.sh matches with the events it sent to time each answer.

Signing helpers for webhook bodies live here too, so tests and the benchmark sign exactly as LINE does:
base64 of HMAC-SHA256 over the raw body, keyed with the channel secret.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"


def sign(body: bytes, secret: str) -> str:
    """The x-line-signature LINE sends for ``body``."""
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def tiny_png() -> bytes:
    """A valid 2x2 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x00\x80\xff" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    at: float = field(default_factory=time.monotonic)

    def json(self) -> dict:
        return json.loads(self.body or b"{}")

    def texts(self) -> list[str]:
        return [m.get("text", "") for m in self.json().get("messages", [])]


class LineStandIn:
    """The stand-in server; use as a context manager or call start()/stop()."""

    def __init__(self, port: int = 0, arrivals: str | None = None):
        self.requests: list[Recorded] = []
        # The benchmark's log of accepted answers (time and reply token or user); None in tests.
        self.arrivals = open(arrivals, "a", buffering=1, encoding="utf-8") if arrivals else None
        self.script: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.accepted_retry_keys: set[str] = set()
        self.png = tiny_png()
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body go out in two writes; with Nagle's algorithm the body waited
            # for the client's delayed ACK (40 ms) on every answer over a kept connection.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                standin._handle(self, "POST")

            def do_GET(self):
                standin._handle(self, "GET")

        class Server(ThreadingHTTPServer):
            # LINE takes many connections at once; the standard library's backlog of 5 dropped the
            # server's parallel deliveries' connections and each waited a second to try again.
            request_queue_size = 128

        self.server = Server(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "LineStandIn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.arrivals:
            self.arrivals.close()

    def __enter__(self) -> "LineStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- scripting and inspection ---------------------------------------------------------------

    def fail_next(self, path: str, status: int, retry_after: int | None = None) -> None:
        """Answers the next request to ``path`` with ``status`` (after earlier scripted answers)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self.lock:
            self.script.setdefault(path, []).append((status, headers))

    def calls(self, path: str | None = None) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if path is None or r.path == path]

    def delivered(self) -> list[Recorded]:
        """Reply and push requests that were accepted (200)."""
        return [r for r in self.calls() if r.path in (REPLY, PUSH) and r.status == 200]

    def wait_for(self, predicate, timeout: float = 20.0):
        """Waits until ``predicate(self)`` is truthy; returns its value or raises AssertionError."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                value = predicate(self)
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"the stand-in LINE API did not see what was expected within {timeout:.0f} s; "
                                         f"it saw {[(r.method, r.path, r.status) for r in self.requests]}")
                self.changed.wait(min(remaining, 0.2))

    # -- serving ----------------------------------------------------------------------------------

    def _log_arrival(self, path: str, body: bytes) -> None:
        try:
            sent = json.loads(body or b"{}")
        except ValueError:
            return
        kind, who = ("reply", sent.get("replyToken")) if path == REPLY else ("push", sent.get("to"))
        self.arrivals.write(f"{time.time():.6f} {kind} {who}\n")

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = handler.path.split("?")[0]
        headers = {k.lower(): v for k, v in handler.headers.items()}
        is_content = method == "GET" and path.startswith("/v2/bot/message/") and path.endswith("/content")
        known = (method == "POST" and path in (REPLY, PUSH)) or is_content
        with self.changed:
            status, extra = 200, {}
            queue = self.script.get(path)
            if queue:
                status, extra = queue.pop(0)
            if not known:
                status = 404
            elif headers.get("authorization", "") == "Bearer ":
                status = 401
            retry_key = headers.get("x-line-retry-key")
            if status == 200 and path == PUSH and retry_key:
                if retry_key in self.accepted_retry_keys:
                    status = 409
                else:
                    self.accepted_retry_keys.add(retry_key)
            self.requests.append(Recorded(method, path, headers, body, status))
            if self.arrivals and status == 200 and path in (REPLY, PUSH):
                self._log_arrival(path, body)
            self.changed.notify_all()
        if status == 200 and is_content:
            payload, content_type = self.png, "image/png"
        elif status == 200:
            payload, content_type = b"{}", "application/json"
        else:
            payload, content_type = json.dumps({"message": f"stand-in answered {status}"}).encode(), "application/json"
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(payload)))
        for k, v in extra.items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(payload)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--arrivals", help="append the time and reply token (or user) of each accepted answer to this file")
    args = parser.parse_args()
    standin = LineStandIn(args.port, arrivals=args.arrivals).start()
    print(standin.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":
    main()
