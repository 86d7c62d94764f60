"""Open-loop HTTP load for bench/soak.sh, Python standard library only.

  load.py baseline --port P --rate R --seconds S --conns C --out FILE
      GET /ping on the bare Hummingbird route; writes its p99 (seconds) to FILE.
  load.py soak --port P --rate R --minutes M --conns C --baseline-p99 SECONDS --pid PID --token T
               --line-secret S --hotline-folder DIR --hotline-rows N --database FILE [--warmup-minutes W]
      The mix of bench/soak/mix.py; one line a minute, then the summary; exit 1 on FAIL.

Open loop: request k is due at start + k / rate whatever the server does, and its latency counts from
that due time, so a stall shows as latency of every request it delays (no coordinated omission).
Due requests wait in one queue for the first of the keep-alive connections that is free.
A request not answered within REQUEST_TIMEOUT seconds is an error (timeout) and its connection is
replaced; so is a connection the server closes or resets. Requests still waiting DRAIN_SECONDS after
the last one was due are errors too (never answered).

Per-minute lines: "sent" counts the requests due in that minute; answers and latencies are those
completed in it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hotline_log  # noqa: E402
from mix import DEFAULT_SHARES, Mix, Ping, Request, shares  # noqa: E402
from server_watch import HotlineFolder, sample  # noqa: E402

REQUEST_TIMEOUT = 10.0
DRAIN_SECONDS = 30.0
HOTLINE_WAIT_SECONDS = 120.0
GROWTH_BAR = 10.0  # %, the bar for memory after the warm-up
# Steadiness: a server that falls behind answers every request in the end, so neither the errors nor
# the memory show it; the latencies do. Every minute after the warm-up keeps its p99 under twice the
# warm-up minute's p99 plus this slack (a few slow answers in a quiet minute are not a trend).
STEADY_SLACK = 0.025  # s


class Connection:
    """One HTTP/1.1 keep-alive connection over asyncio streams."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: Request) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in request.headers.items()]
        if request.body or request.method == "POST":
            head.append(f"Content-Length: {len(request.body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + request.body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed by the server")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        body = await self.read_chunked() if chunked else await self.reader.readexactly(length)
        if close:
            self.close()
        return status, body

    async def read_chunked(self) -> bytes:
        parts = []
        while (size := int((await self.reader.readline()).split(b";")[0], 16)) > 0:
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        while (await self.reader.readline()) not in (b"\r\n", b""):
            pass  # trailers
        return b"".join(parts)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


@dataclass
class Window:
    """Answers and latencies of one minute (or of the whole run)."""
    sent: int = 0
    ok: int = 0
    expected_404: int = 0
    other: int = 0           # an answer that is neither 2xx nor an expected 404
    failed: int = 0          # no answer: connection error, timeout, never sent
    latencies: list[float] = field(default_factory=list)

    def line(self) -> str:
        lat = sorted(self.latencies)
        return (f"sent {self.sent:6d}  2xx {self.ok:6d}  404 expected {self.expected_404:4d}  other {self.other:3d}  "
                f"no answer {self.failed:3d} | p50 {ms(percentile(lat, 50))}  p99 {ms(percentile(lat, 99))}  "
                f"max {ms(lat[-1] if lat else float('nan'))}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


class Run:
    """Schedules the requests, sends them over the connections and files the outcomes by minute."""

    def __init__(self, mix, port: int, rate: float, seconds: float, conns: int):
        self.mix, self.port, self.rate, self.seconds, self.conns = mix, port, rate, seconds, conns
        self.queue: asyncio.Queue = asyncio.Queue()
        self.minutes: list[Window] = [Window() for _ in range(int((seconds + 59) // 60) + 1)]
        self.total = Window()
        self.by_kind: dict[str, Window] = {}
        self.problems: Counter = Counter()   # (kind, status or error) of every error
        self.start = 0.0
        self.late = 0.0                       # how far behind its own schedule the generator fell, at worst

    def minute_of(self, t: float) -> Window:
        return self.minutes[max(0, min(len(self.minutes) - 1, int((t - self.start) // 60)))]

    def file(self, request: Request, due: float, status: int | None, error: str | None) -> None:
        now = asyncio.get_running_loop().time()
        windows = [self.minute_of(now), self.total, self.by_kind.setdefault(request.kind, Window())]
        if status is not None and 200 <= status < 300:
            attr = "ok"
        elif status == 404 and request.expect_404:
            attr = "expected_404"
        else:
            attr = "other" if status is not None else "failed"
            self.problems[(request.kind, status if status is not None else error)] += 1
        for w in windows:
            setattr(w, attr, getattr(w, attr) + 1)
            if status is not None:
                w.latencies.append(now - due)

    async def schedule(self) -> None:
        loop = asyncio.get_running_loop()
        count = int(self.rate * self.seconds)
        for k in range(count):
            due = self.start + k / self.rate
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            else:
                self.late = max(self.late, -wait)
            request = self.mix.next()
            self.minute_of(due).sent += 1
            self.total.sent += 1
            self.by_kind.setdefault(request.kind, Window()).sent += 1
            self.queue.put_nowait((due, request))

    async def connection(self) -> None:
        conn = Connection("127.0.0.1", self.port)
        while (item := await self.queue.get()) is not None:
            due, request = item
            try:
                status, body = await asyncio.wait_for(conn.send(request), REQUEST_TIMEOUT)
            except asyncio.TimeoutError:
                conn.close()
                self.file(request, due, None, "timeout")
                continue
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
                conn.close()
                self.file(request, due, None, type(error).__name__)
                continue
            if status == 201:
                self.mix.remember(body)
            self.file(request, due, status, None)
        conn.close()

    async def drive(self) -> None:
        """Sends every request; returns when all are answered or DRAIN_SECONDS after the last was due."""
        loop = asyncio.get_running_loop()
        self.start = loop.time() + 0.5
        workers = [asyncio.create_task(self.connection()) for _ in range(self.conns)]
        await self.schedule()
        for _ in workers:
            self.queue.put_nowait(None)
        done, pending = await asyncio.wait(workers, timeout=max(0.0, self.start + self.seconds + DRAIN_SECONDS - loop.time()))
        for task in pending:
            task.cancel()
        while not self.queue.empty():
            item = self.queue.get_nowait()
            if item is not None:
                self.file(item[1], item[0], None, "never sent")
        unanswered = self.total.sent - (self.total.ok + self.total.expected_404 + self.total.other + self.total.failed)
        if unanswered > 0:  # in flight on a cancelled connection
            self.total.failed += unanswered
            self.problems[("any", "in flight at the end")] += unanswered


async def baseline(args) -> int:
    run = Run(Ping(), args.port, args.rate, args.seconds, args.conns)
    await run.drive()
    lat = sorted(run.total.latencies)
    print(f"baseline GET /ping (bare Hummingbird route), {args.rate:.0f}/s for {args.seconds:.0f} s over {args.conns} "
          f"connections: {run.total.line().strip()}; generator at worst {run.late * 1000:.0f} ms behind")
    with open(args.out, "w") as f:
        f.write(f"{percentile(lat, 99)}\n")
    return 0 if run.total.ok == run.total.sent else 1


async def soak(args) -> int:
    run = Run(Mix(args.token, args.line_secret, known_ids=read_ids(args.ids), mix=args.mix), args.port, args.rate,
              args.minutes * 60, args.conns)
    warmup = args.warmup_minutes if args.minutes > args.warmup_minutes else max(1, args.minutes // 2)
    if warmup != args.warmup_minutes:
        print(f"note: a run of {args.minutes} minutes has no minute {args.warmup_minutes}; memory growth is measured from minute {warmup}")
    rss: dict[int, int] = {}
    dropped = 0
    loop = asyncio.get_running_loop()
    driving = asyncio.create_task(run.drive())
    await asyncio.sleep(0.5)
    print(f"{'':8}requests (due in the minute) and answers (completed in it); server sampled at the minute's end")
    for minute in range(args.minutes):
        # A call-centre log at the start of every minute.
        await asyncio.to_thread(hotline_log.drop, args.hotline_folder, f"soak-{minute + 1:03d}.csv",
                                f"{run.mix.run_tag}-{minute + 1}", args.hotline_rows)
        dropped += 1
        await asyncio.sleep(max(0.0, run.start + 60 * (minute + 1) - loop.time()))
        s = await asyncio.to_thread(sample, args.pid, args.database)
        folder = HotlineFolder.look(args.hotline_folder)
        if s.rss_kb is not None:
            rss[minute + 1] = s.rss_kb
        backlog = f" | LINE backlog {s.line_backlog}" if s.line_backlog is not None else ""
        server = f"RSS {s.rss_kb / 1024:6.1f} MB  threads {s.threads}" if s.rss_kb is not None else "SERVER GONE"
        print(f"min {minute + 1:3d}: {run.minutes[minute].line()} | {server}{backlog} | hotline done {folder.done} "
              f"failed {folder.failed}", flush=True)
    await driving

    # The last logs: wait until every dropped file is filed away.
    waited = loop.time()
    while (folder := HotlineFolder.look(args.hotline_folder)).done + folder.failed < dropped \
            and loop.time() - waited < HOTLINE_WAIT_SECONDS:
        await asyncio.sleep(1)
    end = await asyncio.to_thread(sample, args.pid, args.database)
    return summary(args, run, rss, end, warmup, dropped, folder)


def summary(args, run: Run, rss: dict[int, int], end, warmup: int, dropped: int, folder: HotlineFolder) -> int:
    total = run.total
    lat = sorted(total.latencies)
    p99 = percentile(lat, 99)
    errors = total.other + total.failed
    print("== summary")
    print(f"requests: {total.sent} at {args.rate:.0f}/s over {args.minutes} min and {args.conns} connections ({args.mix}); "
          f"2xx {total.ok}, expected 404 {total.expected_404}, error answers {total.other}, no answer {total.failed}")
    for kind, w in sorted(run.by_kind.items()):
        print(f"  {kind:14s} {w.line()}")
    for (kind, what), n in run.problems.most_common(10):
        print(f"  error: {kind} -> {what}: {n}")
    print(f"latency: p50 {ms(percentile(lat, 50)).strip()}, p99 {ms(p99).strip()}, max {ms(lat[-1] if lat else float('nan')).strip()}; "
          f"p99 = {p99 / args.baseline_p99:.1f} x the bare route's p99 ({ms(args.baseline_p99).strip()}); "
          f"generator at worst {run.late * 1000:.0f} ms behind its schedule")
    checks: list[tuple[bool, str]] = [(errors == 0, f"error answers and requests without an answer: {errors} (bar: 0)")]
    after = [kb for m, kb in rss.items() if m > warmup]
    if warmup in rss and after and end.rss_kb is not None:
        base, peak = rss[warmup], max(after)
        growth = (peak - base) * 100 / base
        print(f"memory: RSS at minute {warmup} {base / 1024:.1f} MB, at the end {end.rss_kb / 1024:.1f} MB "
              f"({(end.rss_kb - base) * 100 / base:+.1f} %), largest after minute {warmup} {peak / 1024:.1f} MB "
              f"({growth:+.1f} %); threads at the end {end.threads}")
        checks.append((growth < GROWTH_BAR, f"memory growth after minute {warmup}: {growth:+.1f} % (bar: under {GROWTH_BAR:.0f} %)"))
    else:
        checks.append((False, "memory: the server was gone before the run ended, or the run was too short to sample"))
    checks.append(steadiness(run, warmup, args.minutes))
    if end.line_backlog is not None:
        print(f"LINE inbox backlog at the end: {end.line_backlog}")
    print(f"hotline: {dropped} logs dropped; done {folder.done} ({folder.imported} rows imported, {folder.rejected} rejected), "
          f"failed {folder.failed}, still waiting {folder.waiting}")
    checks.append((folder.done == dropped and folder.failed == 0, f"hotline logs in done/: {folder.done} of {dropped}"))
    for ok, text in checks:
        print(("PASS  " if ok else "FAIL  ") + text)
    passed = all(ok for ok, _ in checks)
    print("soak: PASS" if passed else "soak: FAIL")
    return 0 if passed else 1


def steadiness(run: Run, warmup: int, minutes: int) -> tuple[bool, str]:
    """Whether the p99 of every minute after the warm-up stayed under twice the warm-up minute's
    p99 plus STEADY_SLACK, with the worst minute."""
    p99 = {m + 1: percentile(sorted(w.latencies), 99) for m, w in enumerate(run.minutes[:minutes]) if w.latencies}
    if warmup not in p99:
        return False, f"steady latency: no answer in minute {warmup}"
    bar = 2 * p99[warmup] + STEADY_SLACK
    later = {m: v for m, v in p99.items() if m > warmup}
    if not later:
        return False, "steady latency: the run was too short to compare minutes"
    worst = max(later, key=later.get)
    return (later[worst] <= bar,
            f"steady latency: worst p99 after minute {warmup} {ms(later[worst]).strip()} in minute {worst} "
            f"(bar: 2 x minute {warmup}'s {ms(p99[warmup]).strip()} + {STEADY_SLACK * 1000:.0f} ms = {ms(bar).strip()})")


def read_ids(path: str | None) -> list[str]:
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode", required=True)
    for name in ("baseline", "soak"):
        p = modes.add_parser(name)
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--rate", type=float, required=True)
        p.add_argument("--conns", type=int, required=True)
    b = modes.choices["baseline"]
    b.add_argument("--seconds", type=float, required=True)
    b.add_argument("--out", required=True)
    s = modes.choices["soak"]
    s.add_argument("--minutes", type=int, required=True)
    s.add_argument("--baseline-p99", type=float, required=True)
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--line-secret", required=True)
    s.add_argument("--hotline-folder", required=True)
    s.add_argument("--hotline-rows", type=int, default=300)
    s.add_argument("--database")
    s.add_argument("--ids", help="tracking IDs of seeded cases, one a line")
    s.add_argument("--warmup-minutes", type=int, default=5)
    s.add_argument("--mix", default=DEFAULT_SHARES, help="shares of the requests, e.g. " + DEFAULT_SHARES)
    args = parser.parse_args()
    if args.rate <= 0 or args.conns < 1 or (args.mode == "soak" and args.minutes < 1):
        parser.error("rate, connections and minutes must be positive")
    if args.mode == "soak":
        try:
            shares(args.mix)
        except ValueError as error:
            parser.error(str(error))
    return asyncio.run(baseline(args) if args.mode == "baseline" else soak(args))


if __name__ == "__main__":
    sys.exit(main())
