#!/usr/bin/env bash
# Full fiscal-year 7.2 report (DESIGN.md section 6: <= 2 s over 1,000,000 cases on two cores), with the
# release build: seeds three fiscal years of cases with survey answers (bench/Seed, SEED_SURVEYS=1),
# then times `siang report fy` (JSON, as the command prints it, process start included) for the
# current fiscal year, the ratio to a plain `SELECT count(*) FROM cases` over the same database
# measured in the same run (python3's sqlite3, process start included), the parts of one report (reading
# the case facts, the survey answers, the engine), and `siang report rebuild`.
#   CASES    cases seeded (default 1000000)
#   RUNS     report runs; the best and the median are printed (default 3)
#   DATA     a directory to seed into and keep (reused when it already holds a store), default a temporary one
#   SCRATCH  release build folder (default .build-release); SKIP_BUILD=1 to use it as it is
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${CASES:-1000000}
RUNS=${RUNS:-3}
SCRATCH=${SCRATCH:-.build-release}
if [[ -z ${SKIP_BUILD:-} ]]; then
  # SwiftPM builds only the last of several --product options: one build per product.
  for product in siang siang-bench-seed; do swift build -c release --scratch-path "$SCRATCH" --product "$product" >/dev/null; done
fi
BIN="$SCRATCH/release"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
data=${DATA:-$work/data}
if [[ ! -f $data/siang.sqlite ]]; then
  t0=$(date +%s)
  SEED_SURVEYS=1 "$BIN/siang-bench-seed" "$data" "$CASES" "$work/ids.txt" 2>"$work/seed.log"
  echo "seeded $CASES cases with survey answers in $(( $(date +%s) - t0 )) s"
fi
# The fiscal year now in progress (BE), which reads every case: its trend covers the years before.
fy=$(python3 -c 'import datetime as d; t = d.datetime.now(d.timezone(d.timedelta(hours=7))); print(t.year + 543 + (1 if t.month >= 10 else 0))')
python3 - "$BIN/siang" "$data" "$fy" "$RUNS" <<'PY'
import json, resource, sqlite3, statistics, subprocess, sys, time
siang, data, fy, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cpu = []  # user + sys seconds of each report run: on a shared machine the steadier figure

def timed(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(args)} failed: {p.stderr}")
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return seconds, p.stdout

count_script = f"import sqlite3; print(sqlite3.connect('file:{data}/siang.sqlite?mode=ro', uri=True).execute('SELECT count(*) FROM cases').fetchone()[0])"
counts, reports, report_cpu = [], [], []
for _ in range(runs):
    seconds, out = timed([sys.executable, "-c", count_script])
    counts.append(seconds)
    cases = int(out)
    seconds, out = timed([siang, "report", "fy", "--fy", fy, "--data-dir", data])
    reports.append(seconds)
    report_cpu.append(cpu[-1])
doc = json.loads(out)
received = next(m for m in doc["metrics"] if m["id"] == "cases_received")
satisfaction = next(m for m in doc["metrics"] if m["id"] == "satisfaction_pct")
trend = (received.get("letci") or {}).get("trend") or []
print(f"FY {fy} report over {cases} cases: cases_received {received['value']}, satisfaction_pct {satisfaction['value']}, "
      f"trend points {len(trend)}, {len(out)} bytes of JSON")
best, median, base = min(reports), statistics.median(reports), min(counts)
print(f"siang report fy: best {best:.3f} s, median {median:.3f} s of {runs}; target <= 2 s "
      f"(CPU user+sys best {min(report_cpu):.3f} s, median {statistics.median(report_cpu):.3f} s, on two cores)")
print(f"SELECT count(*) FROM cases: {base:.3f} s; report = {best / base:.1f} x the count")
# Where the time goes, from one more run (SIANG_REPORT_TIMING=1 prints each part on stderr).
import os
phases = subprocess.run([siang, "report", "fy", "--fy", fy, "--data-dir", data], capture_output=True, text=True,
                        env=dict(os.environ, SIANG_REPORT_TIMING="1")).stderr.strip().replace("\n", "; ")
print(f"parts: {phases}")
seconds, out = timed([siang, "report", "rebuild", "--json", "--data-dir", data])
print(f"siang report rebuild: {json.loads(out)['cases']} cases in {seconds:.1f} s ({json.loads(out)['cases'] / seconds:.0f} cases/s)")
PY
