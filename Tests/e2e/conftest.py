"""Fixtures for the end-to-end and browser tests of Siang (DESIGN.md 5.3, 6).

The server under test is the built binary (``$SIANG_BIN``, default ``.build/debug/siang``), started on a
free loopback port with a fresh data directory for each test that asks for one. The browser is Debian's
headless Chromium driven through Debian's chromedriver; Selenium Manager is never used, so nothing is
downloaded.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

# Selenium Manager must never try the network; the driver path is always given explicitly.
os.environ["SE_OFFLINE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
SIANG_BIN = os.environ.get("SIANG_BIN") or str(REPO_ROOT / ".build" / "debug" / "siang")
CHROMIUM_BIN = "/usr/bin/chromium"
CHROMEDRIVER_BIN = "/usr/bin/chromedriver"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
BINARY_BUSY_WAIT = 90.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


GENEROUS_LIMITS = {
    "SIANG_LIMITS_INTAKE_PER_MINUTE": "1000000", "SIANG_LIMITS_INTAKE_PER_HOUR": "1000000",
    "SIANG_LIMITS_LOOKUPS_PER_MINUTE": "1000000", "SIANG_LIMITS_LOOKUP_MISSES_PER_HOUR": "1000000",
}


class SiangServer:
    """One `siang serve` process over one data directory, which survives restarts."""

    def __init__(self, data_dir: Path, log_dir: Path, name: str, env: dict[str, str] | None = None,
                 preexec_fn=None):
        self.data_dir = data_dir
        # Run in the child before exec (e.g. resource.setrlimit for a low open-file limit), kept across restarts.
        self.preexec_fn = preexec_fn
        # Extra environment (SIANG_* configuration such as the LINE channel secret), kept across restarts.
        # Every test talks from one loopback address: the per-address limits are raised unless a test
        # (test_rate_limits.py) sets its own.
        self.env = {**GENEROUS_LIMITS, **(env or {})}
        self.log_dir = log_dir
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.starts = 0
        self.log_paths: list[Path] = []

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.port is not None, "server not started"
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> "SiangServer":
        assert not self.running, "server already running"
        if not os.path.exists(SIANG_BIN):
            pytest.fail(f"server binary {SIANG_BIN} is missing; build it (swift build --product siang) or set SIANG_BIN")
        self.starts += 1
        self.port = free_port()
        log_path = self.log_dir / f"{self.name}-run{self.starts}.log"
        self.log_paths.append(log_path)
        log = open(log_path, "ab")
        try:
            # While the binary is being relinked (a developer's `swift build` in the same tree), exec
            # fails with ETXTBSY or ENOENT for a moment; wait for the new binary instead of failing.
            exec_deadline = time.monotonic() + BINARY_BUSY_WAIT
            while True:
                try:
                    self.proc = subprocess.Popen(
                        [SIANG_BIN, "serve", "--data-dir", str(self.data_dir), "--host", "127.0.0.1", "--port", str(self.port)],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                        cwd=str(self.log_dir),
                        env={**os.environ, **self.env},
                        start_new_session=True,
                        preexec_fn=self.preexec_fn,
                    )
                    break
                except OSError as e:
                    if e.errno not in (errno.ETXTBSY, errno.ENOENT) or time.monotonic() > exec_deadline:
                        raise
                    time.sleep(1)
        finally:
            log.close()
        deadline = time.monotonic() + START_TIMEOUT
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"siang exited with {self.proc.returncode} while starting\n{self.output()}")
            try:
                r = requests.get(self.url + "/healthz", timeout=2)
                if r.status_code == 200 and r.json().get("status") == "ok":
                    return self
                last_error = AssertionError(f"/healthz answered {r.status_code} {r.text!r}")
            except (requests.ConnectionError, requests.Timeout, ValueError) as e:
                last_error = e
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"siang did not become healthy within {START_TIMEOUT:.0f} s ({last_error})\n{self.output()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """SIGTERM, then SIGKILL if it does not exit in time. Returns the exit code (None if never started)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        return self.proc.returncode

    def kill(self) -> int | None:
        """SIGKILL at once, as a power cut or OOM kill would."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=STOP_TIMEOUT)
        return self.proc.returncode

    def restart(self, hard: bool = False) -> "SiangServer":
        """Stops (SIGTERM, or SIGKILL when hard) and starts again on the same data directory."""
        if hard:
            self.kill()
        else:
            self.stop()
        return self.start()

    # -- diagnostics -----------------------------------------------------------------------------

    def output(self, tail_lines: int = 200) -> str:
        parts = []
        for path in self.log_paths:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = "(no output)"
            lines = text.splitlines()
            if len(lines) > tail_lines:
                lines = [f"... {len(lines) - tail_lines} earlier lines ..."] + lines[-tail_lines:]
            parts.append(f"--- {path.name} ---\n" + "\n".join(lines))
        return "\n".join(parts)

    def full_output(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in self.log_paths if p.exists())


class ServerFactory:
    """Creates servers, each with a fresh temporary data directory unless one is given."""

    def __init__(self, base: Path):
        self.base = base
        self.servers: list[SiangServer] = []

    def __call__(self, data_dir: Path | None = None, start: bool = True, env: dict[str, str] | None = None,
                 preexec_fn=None) -> SiangServer:
        n = len(self.servers) + 1
        if data_dir is None:
            data_dir = self.base / f"data{n}"
            data_dir.mkdir(parents=True)
        server = SiangServer(Path(data_dir), self.base, f"siang{n}", env=env, preexec_fn=preexec_fn)
        self.servers.append(server)
        return server.start() if start else server

    def close(self) -> None:
        for s in self.servers:
            try:
                s.stop()
            except Exception:  # noqa: BLE001 - teardown must reach every server
                s.kill()


@pytest.fixture
def server(tmp_path_factory):
    """Factory: ``srv = server()`` starts a server on a fresh data dir; ``srv.restart()`` keeps the dir."""
    factory = ServerFactory(tmp_path_factory.mktemp("siang"))
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One running server shared by the tests of a module that do not restart it."""
    factory = ServerFactory(tmp_path_factory.mktemp("siang-shared"))
    srv = factory()
    yield srv
    factory.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, attach the output of every server the test used to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    servers: list[SiangServer] = []
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, SiangServer):
            servers.append(value)
        elif isinstance(value, ServerFactory):
            servers.extend(value.servers)
    for s in servers:
        report.sections.append((f"siang output ({s.name}, data {s.data_dir})", s.output()))


# -- browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _chromium():
    missing = [p for p in (CHROMIUM_BIN, CHROMEDRIVER_BIN) if not shutil.which(p)]
    if missing:
        # `make test` installs them (scripts/install-deps.sh test), so their absence is a failure.
        pytest.fail(f"Debian chromium/chromium-driver not installed ({', '.join(missing)} missing); "
                    "run scripts/install-deps.sh test", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM_BIN
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=th-TH",
                "--window-size=390,844", "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "th-TH,th"})
    service = Service(executable_path=CHROMEDRIVER_BIN)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_window_size(390, 844)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def browser(_chromium):
    """The headless Chromium, mobile-sized, with no cookies left from an earlier test."""
    _chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    yield _chromium
    try:
        _chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
        _chromium.get("about:blank")
    except Exception:  # noqa: BLE001 - a broken session fails the next test loudly anyway
        pass


# -- helpers shared by the test modules (import them with `from conftest import ...`) ----------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_ID_RE = r"^CMP-[0-9A-HJKMNP-TV-Z]{11}$"


def luhn32_check(payload: str) -> str:
    """The check character of DESIGN.md 5.2: Luhn mod N, N = 32, over the payload in Crockford order."""
    n = len(CROCKFORD)
    factor, total = 2, 0
    for ch in reversed(payload):
        addend = factor * CROCKFORD.index(ch)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return CROCKFORD[(n - total % n) % n]


def wrong_check(tracking_id: str) -> str:
    """The same ID with a different (hence wrong) check character."""
    body = tracking_id[-1]
    other = CROCKFORD[(CROCKFORD.index(body) + 1) % len(CROCKFORD)]
    return tracking_id[:-1] + other


def unknown_valid_id(prefix: str = "CMP") -> str:
    """A well-formed ID with a correct check character that the server never issued (year digits 99)."""
    payload = "99" + "".join(CROCKFORD[(i * 7 + 3) % 32] for i in range(8))
    return f"{prefix}-{payload}{luhn32_check(payload)}"


def make_png(path: Path, width: int = 8, height: int = 8) -> bytes:
    """Writes a small valid PNG (an orange square) and returns its bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path.write_bytes(data)
    return data
