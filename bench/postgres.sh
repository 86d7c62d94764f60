#!/usr/bin/env bash
# Intake and tracking lookups on PostgreSQL (issue 14, DESIGN.md 5.11) against the release build: one
# `siang serve --database-url`, then two of them behind nginx, each figure with its ratio to the SQLite
# store's figure measured in the same run over the same seeded cases. Also times `siang migrate`.
#   CASES     cases seeded, then moved into PostgreSQL (default 1000000)
#   SEEDED    a data directory the seeder filled before (its siang.sqlite is copied, not seeded again)
#   DURATION  seconds per wrk run (default 15)
#   CONNS     concurrent connections (default 64)
#   SCRATCH   the release build folder (default .build-release); SKIP_BUILD=1 to use it as it is
#   KEEP=1    keep the servers' logs and wrk's output (and the stopped cluster) for a look afterwards
#   PG_PORT   PostgreSQL's loopback port (default 55432); the servers listen on 18080 and 18091-18093
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/limits.sh
CASES=${CASES:-1000000}
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
SCRATCH=${SCRATCH:-.build-release}
PG_PORT=${PG_PORT:-55432}
SQLITE_PORT=18080 PG1_PORT=18091 PG2_PORT=18092 NGINX_PORT=18093

sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
need() { command -v "$1" >/dev/null || [[ -x "$1" ]] || "${sudo_cmd[@]}" apt-get install -y -qq "$2" >/dev/null; }
need wrk wrk
need /usr/sbin/nginx nginx-light
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || "${sudo_cmd[@]}" apt-get install -y -qq postgresql >/dev/null
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# One --product per call: SwiftPM builds only the last one named. SKIP_BUILD=1 uses what is built.
if [[ -z ${SKIP_BUILD:-} ]]; then
  for product in siang siang-bench-seed; do
    swift build -c release --scratch-path "$SCRATCH" --product "$product" >/dev/null
  done
fi
BIN="$SCRATCH/release"

# The servers' data directories and wrk's output here; PostgreSQL's cluster under /tmp itself, where the
# `postgres` account can reach it whatever TMPDIR is.
work=$(mktemp -d)
pg=$(mktemp -d /tmp/siang-bench-pg.XXXXXX)
# PostgreSQL will not run as root: as root, it runs as the `postgres` account.
as_pg=(); [[ $(id -u) -eq 0 ]] && { as_pg=(runuser -u postgres --); chown postgres "$pg"; }
pids=()
# A server gets 10 s to stop on SIGTERM, then SIGKILL: one waiting on a database already gone must not
# keep this script (and its temp dirs) alive.
stop() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$1" 2>/dev/null && { echo "process $1 did not stop on SIGTERM within 10 s: SIGKILL" >&2; kill -9 "$1" 2>/dev/null; }
  wait "$1" 2>/dev/null || true
}
cleanup() {
  for p in "${pids[@]}"; do stop "$p"; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [[ -f "$pg/data/postmaster.pid" ]] && "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pg/data" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  if [[ -n ${KEEP:-} ]]; then echo "kept: $work (servers' logs, wrk's output) and $pg (PostgreSQL's log)"; else rm -rf "$work" "$pg"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export SIANG_SECRET_KEY=bench-secret-key-shared-by-every-server-0123456789

if [[ -n ${SEEDED:-} ]]; then
  # A store the seeder filled before (e.g. bench/report_fy.sh's DATA): copied, so the run leaves it as it was.
  echo "== copying the seeded store $SEEDED"
  mkdir -p "$work/data" && cp "$SEEDED/siang.sqlite" "$work/data/"
  if [[ -f $SEEDED/data.key ]]; then cp "$SEEDED/data.key" "$work/data/"; fi
  sqlite3 "$work/data/siang.sqlite" "SELECT tracking_id FROM cases" >"$work/ids.txt"
  # Opened once by this version, so its schema is current (siang migrate reads the file as it is).
  "$BIN/siang" audit verify --data-dir "$work/data" >/dev/null
  echo "$(wc -l <"$work/ids.txt") cases"
else
  echo "== seeding $CASES cases into SQLite"
  /usr/bin/time -f "seeded in %e s, max RSS %M KB" "$BIN/siang-bench-seed" "$work/data" "$CASES" "$work/ids.txt"
fi

echo "== starting PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$PG_PORT (durable: fsync and synchronous_commit on)"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --locale=C >"$pg/initdb.log" 2>&1
# Two pools of PostgresStore's default 20 connections, the migration's and psql's fit in 50.
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 -o "-p $PG_PORT -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories='$pg' -c max_connections=50 -c shared_buffers=1GB -c effective_cache_size=8GB \
  -c work_mem=16MB -c maintenance_work_mem=256MB -c wal_buffers=16MB -c max_wal_size=8GB -c checkpoint_timeout=15min \
  -c wal_compression=on -c random_page_cost=1.1 -c shared_preload_libraries=pg_stat_statements" start >/dev/null
URL="postgres://postgres@127.0.0.1:$PG_PORT/siang?sslmode=disable"
psql_q() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$URL" -c "$1"; }
# What PostgreSQL spent its time on since the last call (pg_stat_statements: mean time x calls).
statements() { psql_q "SELECT round(mean_exec_time::numeric, 3) || ' ms x ' || calls || '  ' || regexp_replace(left(query, 90), '\s+', ' ', 'g')
        FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 6"
  psql_q "SELECT pg_stat_statements_reset()" >/dev/null; }
psql -X -q -d "postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable" -c "CREATE DATABASE siang"

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {print b - a}'; }
# Sealed values move as they are: every server reads them with the seeded store's data key.
SIANG_DATA_KEY=$(cat "$work/data/data.key"); export SIANG_DATA_KEY
echo "== siang migrate: the seeded store into PostgreSQL"
start=$(date +%s.%N)
"$BIN/siang" migrate --from "sqlite:$work/data" --to "$URL" >"$work/migrate.txt" 2>"$work/migrate.log" \
  || { tail -20 "$work/migrate.log" "$work/migrate.txt"; exit 1; }
migrate_s=$(since "$start")
rows=$(awk 'NR > 1 {n += $3} END {print n}' "$work/migrate.txt")
start=$(date +%s.%N)
psql_q "VACUUM ANALYZE"
vacuum_s=$(since "$start")
awk -v r="$rows" -v s="$migrate_s" -v v="$vacuum_s" 'BEGIN {
  printf "moved %d rows in %.1f s: %.0f rows/s (counts verified); VACUUM ANALYZE after it %.1f s\n", r, s, r / s, v }'
psql_q "CREATE EXTENSION pg_stat_statements"

wait_up() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }
serve() { # port, name, store options...
  local port=$1 name=$2; shift 2
  "$BIN/siang" serve --port "$port" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
  wait_up "http://127.0.0.1:$port/healthz"
}

run() { # name, wrk args...
  local name=$1; shift
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@" >"$work/$name.txt" 2>&1
  local rps p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  bad=$(awk '/^non-2/ {print $NF}' "$work/$name.txt")
  echo "$name: $rps req/s, p99 $p99, wrong status: ${bad:-?}"
  [[ $bad == 0 ]] || failed "$name: answers other than 2xx/201"
  [[ $name == sqlite* ]] || statements >"$work/$name.sql.txt"
  eval "${name}_rps=$rps ${name}_p99=$p99"
}
# A failed check is said at once and again at the end (non-zero exit), after every figure is measured.
failures=()
failed() { echo "FAILED: $1" >&2; failures+=("$1"); }
# The same load split over the two servers' own ports without nginx: two wrk processes of one thread and
# half the connections each; their requests/s added, the higher p99 of the two.
run_split() { # name, path, wrk args...
  local name=$1 path=$2; shift 2
  wrk -t1 -c$((CONNS / 2)) -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PG1_PORT$path" >"$work/${name}_a.txt" 2>&1 &
  local a=$!
  wrk -t1 -c$((CONNS / 2)) -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PG2_PORT$path" >"$work/${name}_b.txt" 2>&1
  wait $a
  cat "$work/${name}_a.txt" "$work/${name}_b.txt" >"$work/$name.txt"
  local rps p99 bad requests
  rps=$(awk '/Requests\/sec/ {n += $2} END {print n}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" { v = $2; ms = v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000
                            if (ms > most) { most = ms; worst = v } } END {print worst}' "$work/$name.txt")
  bad=$(awk '/^non-2/ {n += $NF} END {print n}' "$work/$name.txt")
  requests=$(awk '/requests in/ {n += $1} END {print n}' "$work/$name.txt")
  echo "$requests requests in both" >>"$work/$name.txt"
  echo "$name: $rps req/s, p99 $p99 (the higher of the two), wrong status: ${bad:-?}"
  [[ $bad == 0 ]] || failed "$name: answers other than 2xx/201"
  statements >"$work/$name.sql.txt"
  eval "${name}_rps=$rps ${name}_p99=$p99"
}
# Every 201 of an intake run is a stored case: the cases added are the 201s wrk counted, plus at
# most one per connection for requests still in flight when wrk stopped (answered after it stopped counting).
check_intake() { # name, cases before, cases after
  local requests added
  requests=$(awk '/requests in/ {n = $1} /^non-2/ {bad += $NF} END {print n - bad}' "$work/$1.txt")
  added=$(($3 - $2))
  echo "$1: $added cases stored for $requests answers 201"
  (( added >= requests && added <= requests + CONNS )) || failed "$1: cases stored do not match the 201s"
}
sqlite_cases() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM cases').fetchone()[0])" "$work/data/siang.sqlite"; }
pg_cases() { psql_q "SELECT count(*) FROM cases"; }

echo "== SQLite (the reference): one server on the seeded store"
serve $SQLITE_PORT sqlite --data-dir "$work/data"
IDS="$work/ids.txt" run sqlite_track -s bench/wrk/track.lua http://127.0.0.1:$SQLITE_PORT
before=$(sqlite_cases)
run sqlite_intake -s bench/wrk/intake.lua http://127.0.0.1:$SQLITE_PORT/api/v1/complaints
sleep 1; check_intake sqlite_intake "$before" "$(sqlite_cases)"
stop "${pids[-1]}"

echo "== PostgreSQL, one server"
psql_q "SELECT pg_stat_statements_reset()" >/dev/null
mkdir -p "$work/shared"
serve $PG1_PORT pg1 --data-dir "$work/shared" --database-url "$URL"
pg1_pid=${pids[-1]}
IDS="$work/ids.txt" run pg1_track -s bench/wrk/track.lua http://127.0.0.1:$PG1_PORT
before=$(pg_cases)
run pg1_intake -s bench/wrk/intake.lua http://127.0.0.1:$PG1_PORT/api/v1/complaints
sleep 1; check_intake pg1_intake "$before" "$(pg_cases)"

echo "== PostgreSQL, two servers behind nginx (one worker process, keep-alive to both servers)"
serve $PG2_PORT pg2 --data-dir "$work/shared" --database-url "$URL"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  upstream siang { server 127.0.0.1:$PG1_PORT; server 127.0.0.1:$PG2_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://siang;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
EOF
/usr/sbin/nginx -p "$work" -c "$work/nginx.conf"
wait_up "http://127.0.0.1:$NGINX_PORT/healthz"
IDS="$work/ids.txt" run pg2_track -s bench/wrk/track.lua http://127.0.0.1:$NGINX_PORT
before=$(pg_cases)
run pg2_intake -s bench/wrk/intake.lua http://127.0.0.1:$NGINX_PORT/api/v1/complaints
sleep 1; check_intake pg2_intake "$before" "$(pg_cases)"

echo "== PostgreSQL, two servers, wrk split over their two ports (no nginx)"
IDS="$work/ids.txt" run_split pg2split_track "" -s bench/wrk/track.lua
before=$(pg_cases)
run_split pg2split_intake /api/v1/complaints -s bench/wrk/intake.lua
sleep 1; check_intake pg2split_intake "$before" "$(pg_cases)"
rss=$(awk '/VmRSS/ {print $2}' /proc/$pg1_pid/status)


echo "== summary (load average now: $(cut -d' ' -f1-3 /proc/loadavg); the machine is shared)"
awk -v st="$sqlite_track_rps" -v si="$sqlite_intake_rps" -v sp="$sqlite_track_p99" -v sq="$sqlite_intake_p99" \
    -v t1="$pg1_track_rps" -v i1="$pg1_intake_rps" -v t1p="$pg1_track_p99" -v i1p="$pg1_intake_p99" \
    -v t3="$pg2split_track_rps" -v i3="$pg2split_intake_rps" -v t3p="$pg2split_track_p99" -v i3p="$pg2split_intake_p99" \
    -v t2="$pg2_track_rps" -v i2="$pg2_intake_rps" -v t2p="$pg2_track_p99" -v i2p="$pg2_intake_p99" -v rss="$rss" 'BEGIN {
  printf "tracking lookups, SQLite:                        %6.0f/s, p99 %s\n", st, sp
  printf "tracking lookups, PostgreSQL, one server:        %6.0f/s, p99 %s = %.2f x SQLite\n", t1, t1p, t1 / st
  printf "tracking lookups, PostgreSQL, two behind nginx:  %6.0f/s, p99 %s = %.2f x SQLite\n", t2, t2p, t2 / st
  printf "tracking lookups, PostgreSQL, two, wrk split:   %6.0f/s, p99 %s = %.2f x SQLite\n", t3, t3p, t3 / st
  printf "complaint intake, SQLite:                        %6.0f/s, p99 %s\n", si, sq
  printf "complaint intake, PostgreSQL, one server:        %6.0f/s, p99 %s = %.2f x SQLite\n", i1, i1p, i1 / si
  printf "complaint intake, PostgreSQL, two behind nginx:  %6.0f/s, p99 %s = %.2f x SQLite\n", i2, i2p, i2 / si
  printf "complaint intake, PostgreSQL, two, wrk split:   %6.0f/s, p99 %s = %.2f x SQLite\n", i3, i3p, i3 / si
  printf "first PostgreSQL server RSS after the runs: %.0f MB\n", rss / 1024
}'
for name in pg1_track pg1_intake; do
  echo "== $name: PostgreSQL's costliest statements (pg_stat_statements: mean time x calls)"
  cat "$work/$name.sql.txt"
done
if (( ${#failures[@]} )); then
  printf 'FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
