"""How fast bench/line.sh's events became cases and answers, from the server's inbox and the stand-in's log.

usage: delays.py EVENTS_PER_BODY SENDLOG_PREFIX ARRIVALS DATABASE RUN_START RUN_END

- Processing (acceptance to case and queued answer): every LINE inbox row received from RUN_START on
  has its acceptance time (received_at: the webhook's commit, just before its 200) and the time its
  pass was stored (processed_at), both plain numbers in the store. Processed events/s over the whole
  run is the rows processed divided by the time from RUN_START to the last row's processing; during
  the burst, the rows processed by RUN_END divided by the burst's length.
- Replies (acceptance to the answer reaching the stand-in LINE API): wrk logs when it sent each body
  (SENDLOG_PREFIX.<thread>: "<unix time>\t<body number>"), the stand-in logs each accepted reply or push
  (ARRIVALS: "<unix time> reply <token>" or "<unix time> push <user>"). bodies.py gives event n the reply
  token n in hex and the user U + n in hex, so both name the event. A body sent twice counts from its
  first sending (the second is a redelivery, answered once). Timed from the sending, the delay includes
  the webhook's own latency (its p99 above), so it is the delay from acceptance plus at most that.
"""

import glob
import sqlite3
import sys


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    per_body, prefix, arrivals, database = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    run_start, run_end = float(sys.argv[5]), float(sys.argv[6])

    c = sqlite3.connect(database, timeout=30)
    rows = c.execute("SELECT received_at, processed_at FROM inbox WHERE source = 'line' AND received_at >= ?", (run_start,)).fetchall()
    done = [(r, p) for r, p in rows if p is not None]
    if done:
        last = max(p for _, p in done)
        in_burst = sum(1 for _, p in done if p <= run_end)
        waits = [p - r for r, p in done]
        print(f"processed: {len(done)} of {len(rows)} bodies; {len(done) * per_body / (last - run_start):.0f} events/s over the whole run "
              f"({last - run_start:.1f} s from the burst's start to the last one processed), "
              f"{in_burst * per_body / (run_end - run_start):.0f} events/s during the burst")
        print(f"processing delay (accepted to case stored and answer queued): p50 {percentile(waits, 50):.2f} s, "
              f"p99 {percentile(waits, 99):.2f} s, worst {max(waits):.2f} s")
    else:
        print(f"processed: none of {len(rows)} bodies")

    sent: dict[int, float] = {}
    for path in glob.glob(prefix + ".*"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                at, _, body = line.rstrip("\n").partition("\t")
                if body:
                    b = int(body)
                    sent[b] = min(sent.get(b, float("inf")), float(at))
    delays: list[float] = []
    pushes = 0
    answered: set[int] = set()
    with open(arrivals, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            at, kind, who = float(parts[0]), parts[1], parts[2]
            try:
                n = int(who, 16) if kind == "reply" else int(who[1:], 16)
            except ValueError:
                continue
            body = (n - 1) // per_body
            if body not in sent or n in answered:
                continue
            answered.add(n)
            pushes += kind == "push"
            delays.append(at - sent[body])
    events = len(rows) * per_body
    if delays:
        print(f"replies: {len(delays)} of {events} events accepted answered ({pushes} by push after the reply token's time); "
              f"delay from sending to the answer at the stand-in: p50 {percentile(delays, 50):.2f} s, "
              f"p99 {percentile(delays, 99):.2f} s, worst {max(delays):.2f} s")
    else:
        print(f"replies: none of {events} events accepted answered")


if __name__ == "__main__":
    main()
