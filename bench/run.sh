#!/usr/bin/env bash
# Intake and tracking-lookup benchmarks (DESIGN.md section 6) against the release build, each
# reported with its ratio to a minimal Hummingbird route measured in the same run.
#   CASES     cases seeded before the lookup run (default 1000000)
#   DURATION  seconds per wrk run (default 15)
#   CONNS     concurrent connections (default 64)
#   SCRATCH   the release build folder (default .build-release); SKIP_BUILD=1 to use it as it is
#   SIANG_BIN the server to measure (default $SCRATCH/release/siang), e.g. a copy of an earlier build
#   DATA      a directory to seed once and reuse: each run serves a fresh copy of it (default: seed anew)
#   ONLY      `track` to measure the tracking lookups alone (no intake run)
#   WARMUP    seconds of unmeasured lookups (and of the bare route) before the measured runs (default 10)
#
# Why the warm-up: a server just started over a store of 1,000,000 cases answered lookups at
# 10,000-13,600/s in its first 10 s, 11,500-15,800/s in the next and 16,100-17,700/s from then on
# (bench/README.md, "Tracking lookups", 4 December), while the SLA ticker's first pass, the
# checkpointer's first copy of the seeder's WAL and the page reads of a cold connection settle. A
# server that citizens meet has been running; the measured run is its steady state.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/limits.sh
CASES=${CASES:-1000000}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
CONNS=${CONNS:-64}
SCRATCH=${SCRATCH:-.build-release}

scripts/install-deps.sh bench
source bench/release.sh
build_release siang siang-bench-baseline siang-bench-seed

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

SIANG_BIN=${SIANG_BIN:-$BIN/siang}
if [[ -n ${DATA:-} ]]; then
  mkdir -p -m 700 "$DATA"
  if [[ ! -f "$DATA/ids.txt" ]]; then
    echo "== seeding $CASES cases into $DATA"
    /usr/bin/time -f "seeded in %e s, max RSS %M KB" "$BIN/siang-bench-seed" "$DATA/store" "$CASES" "$DATA/ids.txt.part"
    mv "$DATA/ids.txt.part" "$DATA/ids.txt"
  fi
  cp -a "$DATA/store" "$work/data"
  cp "$DATA/ids.txt" "$work/ids.txt"
else
  echo "== seeding $CASES cases"
  /usr/bin/time -f "seeded in %e s, max RSS %M KB" "$BIN/siang-bench-seed" "$work/data" "$CASES" "$work/ids.txt"
fi

# A store seeded by an earlier build is migrated when the server opens it: give it ten minutes.
wait_up() { for _ in $(seq 1 6000); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }
started=$(date +%s.%N)
"$SIANG_BIN" serve --data-dir "$work/data" --port 18080 >"$work/siang.log" 2>&1 & pids+=($!)
siang_pid=$!
"$BIN/siang-bench-baseline" 18081 >"$work/baseline.log" 2>&1 & pids+=($!)
wait_up http://127.0.0.1:18080/healthz
echo "server up (store opened and migrated) in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
wait_up http://127.0.0.1:18081/ping

run() { # name, wrk args...
  local name=$1; shift
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@" >"$work/$name.txt" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  echo "$name: $rps req/s, p99 $p99 ($(grep -E 'non-2|non-201' "$work/$name.txt" || echo 'no status check'))"
  eval "${name}_rps=$rps"
}

echo "== tracking lookups over $CASES cases"
if (( WARMUP > 0 )); then
  echo "warm-up: $WARMUP s of lookups and $WARMUP s of the bare route, not measured"
  IDS="$work/ids.txt" wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s bench/wrk/track.lua http://127.0.0.1:18080 >/dev/null 2>&1
  wrk -t2 -c"$CONNS" -d"${WARMUP}s" http://127.0.0.1:18081/ping >/dev/null 2>&1
fi
IDS="$work/ids.txt" run track -s bench/wrk/track.lua http://127.0.0.1:18080
run ping http://127.0.0.1:18081/ping
if [[ ${ONLY:-} == track ]]; then
  awk -v t="$track_rps" -v p="$ping_rps" 'BEGIN { printf "tracking lookups: %.0f/s = %.2f x baseline GET (%.0f/s)\n", t, t / p, p }'
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
echo "== complaint intake (each 201 durable: WAL, synchronous=FULL)"
run intake -s bench/wrk/intake.lua http://127.0.0.1:18080/api/v1/complaints
run echo -s bench/wrk/echo.lua http://127.0.0.1:18081/echo
rss=$(awk '/VmRSS/ {print $2}' /proc/$siang_pid/status)

echo "== summary"
awk -v t="$track_rps" -v p="$ping_rps" -v i="$intake_rps" -v e="$echo_rps" -v rss="$rss" 'BEGIN {
  printf "tracking lookups: %.0f/s = %.2f x baseline GET (%.0f/s); target >= 15000/s\n", t, t / p, p
  printf "complaint intake: %.0f/s = %.2f x baseline POST (%.0f/s); target >= 2000/s\n", i, i / e, e
  printf "server RSS after the runs: %.0f MB; target <= 250 MB\n", rss / 1024
}'
