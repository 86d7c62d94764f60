#!/usr/bin/env bash
# LINE webhook benchmark (DESIGN.md section 6, issue 4): signed webhook events durably accepted per
# second by POST /webhooks/line (signature checked, raw body committed to the inbox with
# synchronous=FULL, then 200), against the release build, with its ratio to the plain complaint intake
# (POST /api/v1/complaints, each 201 durable) measured in the same run on the same server.
#   DURATION  seconds per wrk run (default 15)
#   CONNS     concurrent connections (default 64)
#   EVENTS    events per webhook body (default 1: LINE sends one event per request unless busy)
#   BODIES    distinct signed bodies prepared (default 10000 per second of DURATION, more than the
#             server accepts, so every request is a new event; wrk cycles through them)
#   SIANG_BIN a siang binary to measure instead of building this checkout's (a before/after comparison)
#   PORT      the server's port on loopback (default 18090)
#   REPLY_WAIT  seconds to wait after the drain for the last answers to reach the stand-in (default 600)
#   KEEP      1 to keep the work directory (the server's log, the store, the stand-in's logs) and print its path
# The server's LINE processing (cases, replies to a stand-in Messaging API on loopback) runs in the
# background during the run, as in production. After the run it reports the time the inbox took to
# drain, the events processed per second over the whole run and during the burst, and the delay of
# each event from its acceptance to its case and queued answer (from the inbox) and to its answer
# reaching the stand-in (from wrk's and the stand-in's logs; bench/line/delays.py says how).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/limits.sh
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
EVENTS=${EVENTS:-1}
BODIES=${BODIES:-$((DURATION * 10000))}
REPLY_WAIT=${REPLY_WAIT:-600}
PORT=${PORT:-18090}
SCRATCH=${SCRATCH:-.build-release}
SECRET=bench-line-channel-secret

scripts/install-deps.sh bench
if [[ -z ${SIANG_BIN:-} ]]; then
  swift build -c release --scratch-path "$SCRATCH" --product siang >/dev/null
  SIANG_BIN="$SCRATCH/release/siang"
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n ${KEEP:-} ]]; then echo "kept: $work (server log, store, stand-in log)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== preparing $BODIES signed webhook bodies of $EVENTS event(s)"
# One more than wrk sends: the last checks the signature below, so no event of the run is answered before it is sent.
python3 bench/line/bodies.py "$SECRET" $((BODIES + 1)) "$EVENTS" "$work/all-bodies.tsv"
head -n "$BODIES" "$work/all-bodies.tsv" >"$work/bodies.tsv"

python3 -u Tests/e2e/line_standin.py --arrivals "$work/arrivals.log" >"$work/standin.url" 2>"$work/standin.log" & pids+=($!)
for _ in $(seq 1 50); do [[ -s "$work/standin.url" ]] && break; sleep 0.1; done
standin=$(head -1 "$work/standin.url")

wait_up() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }
SIANG_LINE_CHANNEL_SECRET=$SECRET SIANG_LINE_CHANNEL_ACCESS_TOKEN=bench-token \
SIANG_LINE_API_BASE_URL=$standin SIANG_LINE_DATA_API_BASE_URL=$standin \
  "$SIANG_BIN" serve --data-dir "$work/data" --port "$PORT" >"$work/siang.log" 2>&1 & pids+=($!)
siang_pid=$!
wait_up http://127.0.0.1:$PORT/healthz

# A signed body must be accepted before the figures mean anything.
IFS=$'\t' read -r sig body < <(tail -n 1 "$work/all-bodies.tsv")
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "x-line-signature: $sig" \
  --data-binary "$body" http://127.0.0.1:$PORT/webhooks/line)
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
run intake -s bench/wrk/intake.lua http://127.0.0.1:$PORT/api/v1/complaints
echo "== LINE webhook (signature checked, raw body durable in the inbox, then 200)"
run_start=$(date +%s.%N)
BODIES="$work/bodies.tsv" SENDLOG="$work/sent" run line -s bench/wrk/line.lua http://127.0.0.1:$PORT
run_end=$(date +%s.%N)
backlog=$(pending)
start=$(date +%s.%N)
while [[ $(pending) -gt 0 ]] && (( $(echo "$(date +%s.%N) - $start < 600" | bc) )); do sleep 1; done
drained=$(echo "$(date +%s.%N) - $start" | bc)
left=$(pending)
rss=$(awk '/VmRSS/ {print $2}' /proc/$siang_pid/status)
# The answers go out through the outbox after the cases are stored; wait for the last of them (every
# accepted body's events, the signature check's among them; a request wrk cut off at the end was sent
# but never accepted).
accepted_events=$(( $(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1], timeout=30).execute(\"SELECT count(*) FROM inbox WHERE source = 'line'\").fetchone()[0])" "$work/data/siang.sqlite") * EVENTS ))
start=$(date +%s.%N)
while [[ $(wc -l <"$work/arrivals.log") -lt $accepted_events ]] && (( $(echo "$(date +%s.%N) - $start < $REPLY_WAIT" | bc) )); do sleep 1; done

echo "== summary"
awk -v l="$line_rps" -v i="$intake_rps" -v e="$EVENTS" -v b="$backlog" -v d="$drained" -v left="$left" -v rss="$rss" 'BEGIN {
  printf "LINE webhook: %.0f signed events accepted/s (%.0f requests/s x %d event(s)) = %.2f x complaint intake (%.0f/s); target >= 2000 events/s\n", l * e, l, e, (l * e) / i, i
  printf "background processing: %d bodies were pending when the run ended, drained in %.1f s (%d left)\n", b, d, left
  printf "server RSS after the runs: %.0f MB; target <= 250 MB\n", rss / 1024
}'
python3 bench/line/delays.py "$EVENTS" "$work/sent" "$work/arrivals.log" "$work/data/siang.sqlite" "$run_start" "$run_end"
echo "(target: >= 2000 events processed/s sustained; load: $(uptime | sed 's/.*load average/load average/'))"
