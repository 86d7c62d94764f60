"""Debian's nginx as the load balancer in front of several `siang serve` processes (DESIGN.md 5.11;
docs/deployment.md "Several servers behind nginx"), on a free loopback port with a generated
configuration; its pid file, temporary files and logs stay in a temporary directory removed after.

A request that cannot reach a server (connection refused, reset before an answer, a 502) goes to the
next one (`proxy_next_upstream error timeout http_502`). nginx never sends a POST a second time once it
has reached a server (that would need `non_idempotent`): such a POST comes back 502 and the client
retries it with the same Idempotency-Key, as a real client would.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import time

from conftest import free_port

NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")
START_TIMEOUT = 20.0


def nginx_binary() -> str | None:
    for path in NGINX_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("nginx")


class Nginx:
    """nginx balancing over ``upstreams`` (``host:port`` strings), passing X-Forwarded-For."""

    def __init__(self, upstreams: list[str]):
        self.binary = nginx_binary()
        self.upstreams = upstreams
        self.dir = tempfile.mkdtemp(prefix="siang-e2e-nginx-")
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        servers = "\n".join(f"        server {u} max_fails=1 fail_timeout=5s;" for u in self.upstreams)
        # As root, nginx would switch its workers to `nobody`, who cannot use this private directory.
        user = "user root;" if os.geteuid() == 0 else ""
        d = self.dir
        return textwrap.dedent(f"""\
            {user}
            worker_processes 1;
            pid {d}/nginx.pid;
            error_log {d}/error.log notice;
            events {{ worker_connections 1024; }}
            http {{
                access_log {d}/access.log;
                client_body_temp_path {d}/client_body;
                proxy_temp_path {d}/proxy;
                fastcgi_temp_path {d}/fastcgi;
                uwsgi_temp_path {d}/uwsgi;
                scgi_temp_path {d}/scgi;
                upstream siang {{
            {servers}
                    keepalive 16;
                }}
                server {{
                    listen 127.0.0.1:{self.port};
                    client_max_body_size 20m;
                    location / {{
                        proxy_pass http://siang;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 30s;
                        proxy_next_upstream error timeout http_502;
                    }}
                }}
            }}
            """)

    def start(self) -> "Nginx":
        if self.binary is None:
            raise RuntimeError("nginx is not installed (scripts/install-deps.sh test installs it)")
        path = os.path.join(self.dir, "nginx.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.config())
        log = open(os.path.join(self.dir, "stderr.log"), "wb")
        try:
            # -e: the error log before the configuration is read, else nginx opens /var/log/nginx/error.log.
            self.proc = subprocess.Popen([self.binary, "-c", path, "-p", self.dir, "-e", f"{self.dir}/error.log",
                                          "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.proc.returncode}: {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen within {START_TIMEOUT:.0f} s: {self.log()}")

    def log(self) -> str:
        parts = []
        for name in ("stderr.log", "error.log"):
            try:
                with open(os.path.join(self.dir, name), encoding="utf-8", errors="replace") as f:
                    parts.append(f"--- {name} ---\n" + f.read()[-3000:])
            except OSError:
                pass
        return "\n".join(parts) or "(no log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
