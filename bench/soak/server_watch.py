"""What the soak samples from outside the server once a minute: its resident memory and threads
(/proc/PID/status), the LINE inbox backlog (a read-only count in the server's SQLite file, as
bench/line.sh counts it) and the watched hotline folder's done/ and failed/ files."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass


@dataclass
class Sample:
    rss_kb: int | None          # None when the server is gone
    threads: int | None
    line_backlog: int | None    # None when the inbox cannot be read (its schema changed, the file is busy)


def process_status(pid: int) -> tuple[int | None, int | None]:
    rss = threads = None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
    except OSError:
        pass
    return rss, threads


def line_backlog(database: str) -> int | None:
    try:
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=2)
        try:
            return db.execute("SELECT count(*) FROM inbox WHERE source = 'line' AND processed_at IS NULL").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None


def sample(pid: int, database: str | None) -> Sample:
    rss, threads = process_status(pid)
    return Sample(rss, threads, line_backlog(database) if database else None)


@dataclass
class HotlineFolder:
    """The watched folder's outcome: logs filed in done/ and failed/, and the rows their reports count."""
    done: int
    failed: int
    imported: int
    rejected: int
    waiting: int  # logs still in the folder itself

    @staticmethod
    def look(folder: str) -> "HotlineFolder":
        def logs(sub: str) -> list[str]:
            path = os.path.join(folder, sub)
            return [n for n in os.listdir(path) if n.endswith(".csv") and not n.startswith(".")] if os.path.isdir(path) else []
        imported = rejected = 0
        for name in logs("done"):
            try:
                with open(os.path.join(folder, "done", name + ".report.json")) as f:
                    report = json.load(f)
                imported += report.get("imported", 0)
                rejected += len(report.get("rejected", []))
            except (OSError, ValueError):
                pass
        return HotlineFolder(len(logs("done")), len(logs("failed")), imported, rejected, len(logs("")))
