"""A real PostgreSQL server for the end-to-end tests (DESIGN.md 5.11, 6): Debian's `postgresql`, started
on a free loopback port in a temporary data directory and stopped and removed after.

The Python twin of Tests/SiangTestSupport/TestPostgres.swift, with the same answers to its pitfalls:
the directory lives under /tmp itself (the `postgres` account must reach it whatever TMPDIR is, and the
unix socket goes there too, not to /var/run/postgresql); PostgreSQL will not run as root, so as root the
server runs as the `postgres` account; fsync is off (a test server need not survive a power cut).

`SIANG_TEST_POSTGRES_URL` (a server URL whose user may create databases, ending in `/postgres`) uses a
server that is already running instead; each test still gets a fresh database in it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

from conftest import free_port


def postgres_bin_dir() -> str | None:
    """The directory of Debian's PostgreSQL programs (the newest version installed), or None."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else -1)
    return os.path.dirname(versions[-1]) if versions else None


class PostgresServer:
    """One PostgreSQL server; ``create_database()`` gives the URL of a new, empty database in it."""

    def __init__(self):
        self.bin = postgres_bin_dir()
        self.dir: str | None = None
        self.server_url: str | None = None
        self.started_here = False

    def start(self) -> "PostgresServer":
        outside = os.environ.get("SIANG_TEST_POSTGRES_URL", "")
        if outside:
            self.server_url = outside
            return self
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/install-deps.sh test installs it)")
        as_root = os.geteuid() == 0
        self.dir = tempfile.mkdtemp(prefix="siang-e2e-pg-", dir="/tmp")
        data = os.path.join(self.dir, "data")
        if as_root:
            shutil.chown(self.dir, user="postgres", group="postgres")
        port = free_port()
        self._as_server_user([f"{self.bin}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                              "--locale=C", "--no-sync"], "initdb.log")
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{self.dir}' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB")
        self.started_here = True
        # -w waits until the server answers; its log goes to a file, so nothing holds this process's output.
        self._as_server_user([f"{self.bin}/pg_ctl", "-D", data, "-l", os.path.join(self.dir, "server.log"), "-w",
                              "-t", "60", "-o", options, "start"], "pg_ctl.log")
        self.server_url = f"postgres://postgres@127.0.0.1:{port}/postgres?sslmode=disable"
        return self

    def _as_server_user(self, argv: list[str], log_name: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        log_path = os.path.join(self.dir, log_name)
        with open(log_path, "wb") as log:
            done = subprocess.run(prefix + argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  cwd=self.dir, timeout=90)
        if done.returncode != 0:
            raise RuntimeError(f"{os.path.basename(argv[0])} failed ({done.returncode}): {self.log(log_name)}")

    def log(self, name: str = "server.log") -> str:
        if self.dir is None:
            return "(a server started elsewhere: SIANG_TEST_POSTGRES_URL)"
        try:
            with open(os.path.join(self.dir, name), encoding="utf-8", errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return "(no log)"

    def psql(self, url: str, sql: str) -> str:
        """Runs SQL with psql against ``url``; its rows unaligned, one a line, fields split by '|'."""
        psql = f"{self.bin}/psql" if self.bin and os.path.exists(f"{self.bin}/psql") else "psql"
        done = subprocess.run([psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def create_database(self) -> str:
        """A new, empty database (no migrations run: the first `siang` command runs them)."""
        assert self.server_url is not None, "server not started"
        name = f"siang_e2e_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.psql(self.server_url, f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
        parts = urlsplit(self.server_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))

    def stop(self) -> None:
        if self.started_here and self.dir is not None:
            prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
            subprocess.run(prefix + [f"{self.bin}/pg_ctl", "-D", os.path.join(self.dir, "data"), "-m", "immediate", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=60)
            self.started_here = False
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
