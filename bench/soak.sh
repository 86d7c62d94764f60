#!/usr/bin/env bash
# Soak (issue 16): mixed load at a steady rate for half an hour against the release build, sampling
# the server's resident memory and the latency every minute. Memory must be flat (growth under 10 %
# after the first 5 minutes) and no answer may be an error.
#   RATE              requests/s, open loop (default 500)
#   MINUTES           minutes of mixed load (default 30)
#   CONNS             keep-alive connections (default 32)
#   BASELINE_SECONDS  seconds of the baseline run (default 60)
#   CASES             cases seeded with siang-bench-seed before the run (default 0); their IDs join the lookups
#   HOTLINE_ROWS      rows of each minute's hotline log (default 300)
#   SCRATCH           the release build folder (default .build-release); SKIP_BUILD=1 uses what is built
#   KEEP=1            keeps the work directory (server log, data, hotline folder) and prints where
#   MIX               other shares of the requests, e.g. track=0,intake=40,staff=25,line=35 (default below)
#
# The mix (bench/soak/mix.py, drawn per request): 40 % tracking lookups GET /api/v1/track/{id} of IDs
# answered 201 earlier in the run (one in 20 a well-formed unknown ID, whose 404 is expected); 25 %
# complaint intake POST /api/v1/complaints (varied Thai texts, kinds and segments, one in ten with a
# contact and a location); 15 % staff queue pages GET /api/v1/staff/complaints with a staff token
# (pages, limits, status, SLA, category, channel, segment and a Thai search); 20 % signed LINE webhook
# events POST /webhooks/line (one text event each, three in four from a new user). And at the start
# of every minute a generated hotline log (HOTLINE_ROWS rows, bench/soak/hotline_log.py) dropped into
# the watched folder (hotline.watchFolder, looked at every 2 s).
#
# Open loop (bench/soak/load.py): each request has a due time and its latency counts from it, so a
# stall is not hidden. First a baseline in the same run: the bare Hummingbird route
# (siang-bench-baseline, GET /ping) at the same rate over the same connections, for its p99.
# Every minute one line: requests due, answers by class, p50/p99/max, the server's RSS and threads,
# the LINE inbox backlog and the hotline logs done/failed. Then the summary with PASS/FAIL against
# the bars (no error answers, growth under 10 % after minute 5, every minute's p99 after minute 5
# under twice minute 5's plus 25 ms, every hotline log in done/); exit 1 on FAIL. The latency bar
# is ours, not the issue's: a server that falls behind still answers everything in the end, and
# only the latencies show it.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/limits.sh
RATE=${RATE:-500}
MINUTES=${MINUTES:-30}
CONNS=${CONNS:-32}
BASELINE_SECONDS=${BASELINE_SECONDS:-60}
CASES=${CASES:-0}
HOTLINE_ROWS=${HOTLINE_ROWS:-300}
SCRATCH=${SCRATCH:-.build-release}
SECRET=soak-line-channel-secret

source bench/release.sh
build_release siang siang-bench-baseline siang-bench-seed

work=$(mktemp -d)
pids=()
# A server that does not stop within 10 s of SIGTERM gets SIGKILL (a stopped server does not stop on SIGTERM).
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then echo "process $p did not stop within 10 s of SIGTERM: SIGKILL"; kill -9 "$p" 2>/dev/null || true; fi
  done
  if [[ -n ${KEEP:-} ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }
port=$(free_port)
base_port=$(free_port)

cat >"$work/siang.yaml" <<YAML
hotline:
  watchFolder: $work/hotline
  watchIntervalSeconds: 2
YAML

if (( CASES > 0 )); then
  echo "== seeding $CASES cases"
  /usr/bin/time -f "seeded in %e s, max RSS %M KB" "$BIN/siang-bench-seed" "$work/data" "$CASES" "$work/ids.txt"
fi
echo "soak-password-2569" | "$BIN/siang" user add --config "$work/siang.yaml" --data-dir "$work/data" \
  --username soak-admin --role admin >/dev/null
token=$("$BIN/siang" user token --config "$work/siang.yaml" --data-dir "$work/data" --username soak-admin)

python3 -u Tests/e2e/line_standin.py >"$work/standin.url" 2>"$work/standin.log" & pids+=($!)
for _ in $(seq 1 300); do [[ -s "$work/standin.url" ]] && break; sleep 0.1; done
standin=$(head -1 "$work/standin.url")
[[ -n $standin ]] || { echo "the LINE stand-in did not start" >&2; exit 1; }

SIANG_LINE_CHANNEL_SECRET=$SECRET SIANG_LINE_CHANNEL_ACCESS_TOKEN=soak-token \
SIANG_LINE_API_BASE_URL=$standin SIANG_LINE_DATA_API_BASE_URL=$standin \
  "$BIN/siang" serve --config "$work/siang.yaml" --data-dir "$work/data" --port "$port" >"$work/siang.log" 2>&1 & pids+=($!)
siang_pid=$!
"$BIN/siang-bench-baseline" "$base_port" >"$work/baseline.log" 2>&1 & pids+=($!)
wait_up "http://127.0.0.1:$port/healthz"
wait_up "http://127.0.0.1:$base_port/ping"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/staff/complaints")
[[ $code == 200 ]] || { echo "the staff token was answered $code, not 200" >&2; exit 1; }

echo "== $(uptime)"
echo "== baseline: the bare route at $RATE/s for $BASELINE_SECONDS s"
python3 bench/soak/load.py baseline --port "$base_port" --rate "$RATE" --seconds "$BASELINE_SECONDS" --conns "$CONNS" \
  --out "$work/baseline.p99"
kill "${pids[-1]}"  # the bare route is not needed any more; it would only take memory

echo "== soak: $RATE requests/s for $MINUTES minutes over $CONNS connections"
status=0
python3 bench/soak/load.py soak --port "$port" --rate "$RATE" --minutes "$MINUTES" --conns "$CONNS" \
  --baseline-p99 "$(cat "$work/baseline.p99")" --pid "$siang_pid" --token "$token" --line-secret "$SECRET" \
  --hotline-folder "$work/hotline" --hotline-rows "$HOTLINE_ROWS" --database "$work/data/siang.sqlite" \
  --ids "$work/ids.txt" ${MIX:+--mix "$MIX"} || status=$?
echo "== $(uptime)"
errors=$(grep -cE '^[^ ]+ (error|critical) ' "$work/siang.log" || true)
echo "server log: $(wc -l <"$work/siang.log") lines, $errors mentioning an error (KEEP=1 keeps it)"
exit "$status"
