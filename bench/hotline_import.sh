#!/usr/bin/env bash
# Hotline import end to end (DESIGN.md section 6: >= 20,000 rows/s): generates a Thai call log,
# imports it with the release `siang import hotline` into a fresh store, and reports rows/s with the
# ratio to reading the same file's bytes (wc -l) measured in the same run, and the import's peak
# memory (it streams, so it should not grow with the file), and its CPU time (user + sys: the steadier figure
# on a machine shared with other work). Times include starting the process. The store is fresh, so the
# import builds its scattered indexes once at its end (bench/README.md, "Hotline import, scattered").
#   ROWS       rows to generate (default 200000)
#   SCATTERED  1 for call times out of order (every row a different day); by default the calls are in
#              time order over a month, as a call centre exports them
#   SCRATCH  release build folder (default .build-release); SKIP_BUILD=1 to use it as it is
#   SIANG_BIN  another binary to time instead (an earlier build kept for comparison; implies SKIP_BUILD)
#   COLD     1 to time the import in a data directory never used before; by default an import of the
#            header alone runs first, untimed, as in a data directory the service has run in: it keeps
#            the trained classifier there (classifier.model), so the timed import does not train it
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-200000}
SCRATCH=${SCRATCH:-.build-release}
[[ -z ${SKIP_BUILD:-} && -z ${SIANG_BIN:-} ]] && swift build -c release --scratch-path "$SCRATCH" --product siang >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$ROWS" "$work/calls.csv" "${SCATTERED:-}" <<'PY'
import random, sys
rows, path, scattered = int(sys.argv[1]), sys.argv[2], bool(sys.argv[3])
texts = ["ไฟถนนดับทั้งซอย", "ถนนเป็นหลุมลึก", "น้ำประปาไม่ไหล", "ขยะไม่มีคนเก็บ", "เสียงดังรบกวนยามวิกาล", "สอบถามเวลาทำการ"]
kinds = ["complaint"] * 6 + ["inquiry", "suggestion", "compliment", "dropped", "wrong_number"]
random.seed(7)
with open(path, "w", encoding="utf-8") as f:
    f.write("เลขที่สาย,วันเวลา,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย\n")
    for i in range(rows):
        t = texts[i % len(texts)]
        if scattered:
            when = f"{1 + i % 28:02d}/11/2569 {8 + i % 9:02d}:{i % 60:02d}"
        else:
            second = i * 28 * 86400 // rows
            when = f"{1 + second // 86400:02d}/11/2569 {second // 3600 % 24:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        f.write(f"C{i:08d},{when},08{i % 100000000:08d},ผู้โทร {i},op{i % 7},Q{i % 3},,{t},{t} บริเวณหมู่ {i % 12},{kinds[i % len(kinds)]}\n")
PY
if [[ -z ${COLD:-} ]]; then
  head -1 "$work/calls.csv" > "$work/header.csv"
  "${SIANG_BIN:-$SCRATCH/release/siang}" import hotline "$work/header.csv" --json --data-dir "$work/data" > /dev/null
fi
t0=$(date +%s.%N); wc -l "$work/calls.csv" >/dev/null; t1=$(date +%s.%N)
# GNU time (Debian package `time`) gives the peak memory; without it that line says 0.
timer=(); echo "0 0 0" > "$work/rss"; [[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "%M %U %S" -o "$work/rss")
"${timer[@]}" "${SIANG_BIN:-$SCRATCH/release/siang}" import hotline "$work/calls.csv" --json --data-dir "$work/data" > "$work/summary.json"
t2=$(date +%s.%N)
python3 - "$ROWS" "$t0" "$t1" "$t2" "$work/summary.json" "$work/rss" <<'PY'
import json, sys
rows, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:5])
s = json.load(open(sys.argv[5]))
rss_kb, user, sys_cpu = open(sys.argv[6]).read().split()[-3:]
rss_mb, cpu = int(rss_kb) / 1024, float(user) + float(sys_cpu)
imp, base = rows / (t2 - t1), rows / max(t1 - t0, 1e-6)
print(f"imported {s['imported']}, skipped {s['skipped']}, duplicates {s['duplicates']}, rejected {len(s['rejected'])}")
print(f"hotline import: {imp:.0f} rows/s = {imp / base:.4f} x reading the bytes ({base:.0f} rows/s); target >= 20000/s")
print(f"peak memory of the import: {rss_mb:.0f} MB for {rows} rows; CPU (user + sys) {cpu:.1f} s = {rows / max(cpu, 1e-6):.0f} rows per CPU second")
PY
