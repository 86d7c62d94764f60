#!/usr/bin/env bash
# LINE webhook benchmark (DESIGN.md section 6, issue 4): signed webhook events durably accepted per
# second by POST /webhooks/line (signature checked, raw body committed to the inbox with
# synchronous=FULL, then 200), against the release build, with its ratio to the plain complaint intake
# (POST /api/v1/complaints, each 201 durable) measured in the same run on the same server.
#   DURATION  seconds per wrk run (default 15)
#   CONNS     concurrent connections (default 64)
#   EVENTS    events per webhook body (default 1: LINE sends one event per request unless busy)
#   BODIES    distinct signed bodies prepared (default 40000; wrk cycles through them)
# The server's LINE processing (cases, replies to a stand-in Messaging API on loopback) runs in the
# background during the run, as in production; after the run the time it takes to drain is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/limits.sh
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
EVENTS=${EVENTS:-1}
BODIES=${BODIES:-40000}
SCRATCH=${SCRATCH:-.build-release}
SECRET=bench-line-channel-secret

command -v wrk >/dev/null || { sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null; }
swift build -c release --scratch-path "$SCRATCH" --product siang >/dev/null
BIN="$SCRATCH/release"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "== preparing $BODIES signed webhook bodies of $EVENTS event(s)"
python3 bench/line/bodies.py "$SECRET" "$BODIES" "$EVENTS" "$work/bodies.tsv"

python3 -u Tests/e2e/line_standin.py >"$work/standin.url" 2>"$work/standin.log" & pids+=($!)
for _ in $(seq 1 50); do [[ -s "$work/standin.url" ]] && break; sleep 0.1; done
standin=$(head -1 "$work/standin.url")

wait_up() { for _ in $(seq 1 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }
SIANG_LINE_CHANNEL_SECRET=$SECRET SIANG_LINE_CHANNEL_ACCESS_TOKEN=bench-token \
SIANG_LINE_API_BASE_URL=$standin SIANG_LINE_DATA_API_BASE_URL=$standin \
  "$BIN/siang" serve --data-dir "$work/data" --port 18090 >"$work/siang.log" 2>&1 & pids+=($!)
siang_pid=$!
wait_up http://127.0.0.1:18090/healthz

# A signed body must be accepted before the figures mean anything.
IFS=$'\t' read -r sig body < "$work/bodies.tsv"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "x-line-signature: $sig" \
  --data-binary "$body" http://127.0.0.1:18090/webhooks/line)
[[ $code == 200 ]] || { echo "a signed webhook body was answered $code, not 200" >&2; exit 1; }

run() { # name, wrk args...
  local name=$1; shift
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@" >"$work/$name.txt" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  echo "$name: $rps req/s, p99 $p99 ($(grep -E 'non-2' "$work/$name.txt" || echo 'no status check'))"
  eval "${name}_rps=$rps"
}

pending() {
  python3 - "$work/data/siang.sqlite" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
print(c.execute("SELECT count(*) FROM inbox WHERE source = 'line' AND processed_at IS NULL").fetchone()[0])
PY
}

echo "== complaint intake (each 201 durable: WAL, synchronous=FULL)"
run intake -s bench/wrk/intake.lua http://127.0.0.1:18090/api/v1/complaints
echo "== LINE webhook (signature checked, raw body durable in the inbox, then 200)"
BODIES="$work/bodies.tsv" run line -s bench/wrk/line.lua http://127.0.0.1:18090
backlog=$(pending)
start=$(date +%s.%N)
while [[ $(pending) -gt 0 ]] && (( $(echo "$(date +%s.%N) - $start < 600" | bc) )); do sleep 1; done
drained=$(echo "$(date +%s.%N) - $start" | bc)
left=$(pending)
rss=$(awk '/VmRSS/ {print $2}' /proc/$siang_pid/status)

echo "== summary"
awk -v l="$line_rps" -v i="$intake_rps" -v e="$EVENTS" -v b="$backlog" -v d="$drained" -v left="$left" -v rss="$rss" 'BEGIN {
  printf "LINE webhook: %.0f signed events accepted/s (%.0f requests/s x %d event(s)) = %.2f x complaint intake (%.0f/s); target >= 2000 events/s\n", l * e, l, e, (l * e) / i, i
  printf "background processing: %d bodies were pending when the run ended, drained in %.1f s (%d left)\n", b, d, left
  printf "server RSS after the runs: %.0f MB; target <= 250 MB\n", rss / 1024
}'
