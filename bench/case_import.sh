#!/usr/bin/env bash
# History import end to end (DESIGN.md 5.8): generates three years of earlier cases as JSON Lines
# (mixed kinds, a third without a category so the classifier runs, histories with pauses, referrals,
# rejections and survey answers), imports them with the release `siang import cases` into a fresh
# store, and reports lines/s with the ratio to reading the same file's bytes (wc -l) measured in the
# same run, and the import's peak memory. Times include starting the process and bringing the SLA
# index up to date.
#   LINES    lines to generate (default 100000)
#   SCRATCH  release build folder (default .build-release); SKIP_BUILD=1 to use it as it is
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-100000}
SCRATCH=${SCRATCH:-.build-release}
[[ -z ${SKIP_BUILD:-} ]] && swift build -c release --scratch-path "$SCRATCH" --product siang >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$LINES" "$work/cases.jsonl" <<'PY'
import json, random, sys
from datetime import datetime, timedelta, timezone
lines, path = int(sys.argv[1]), sys.argv[2]
bkk = timezone(timedelta(hours=7))
texts = [("lighting", "ไฟถนนดับทั้งซอย"), ("road", "ถนนเป็นหลุมลึก"), ("water", "น้ำประปาไม่ไหล"), ("waste", "ขยะไม่มีคนเก็บ"),
         ("nuisance", "เสียงดังรบกวนยามวิกาล"), ("information", "สอบถามเวลาทำการ")]
channels = ["hotline", "web", "letter", "walk_in", "email", "phone"]
random.seed(11)
start = datetime(2022, 10, 1, 8, 30, tzinfo=bkk)
iso = lambda t: t.isoformat(timespec="seconds")
with open(path, "w", encoding="utf-8") as f:
    for i in range(lines):
        category, text = texts[i % len(texts)]
        received = start + timedelta(minutes=i * (3 * 365 * 24 * 60) // lines)
        case = {"ref": f"OLD-{i:07d}", "kind": "inquiry" if category == "information" else "complaint",
                "channel": channels[i % len(channels)], "segment": "citizen", "text": f"{text} หมู่ {i % 12}", "receivedAt": iso(received)}
        if i % 3:
            case["category"] = category
        if i % 4 == 0:
            case["contact"], case["consent"] = {"name": f"ผู้ร้อง {i}", "phone": f"08{i % 100000000:08d}"}, True
        t = received + timedelta(hours=1 + i % 5)
        history = [{"status": "triaged", "at": iso(t)}]
        if received > datetime(2025, 9, 1, tzinfo=bkk):  # the last month is still being worked
            case["history"] = history
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
            continue
        if i % 5 == 0:
            t += timedelta(days=1); history.append({"status": "awaiting_info", "at": iso(t), "note": "ขอข้อมูลเพิ่มเติม"})
        t += timedelta(days=1 + i % 9); history.append({"status": "in_progress", "at": iso(t)})
        if i % 17 == 0:
            t += timedelta(days=2); history.append({"status": "rejected", "at": iso(t), "note": "ไม่อยู่ในอำนาจหน้าที่"})
        elif i % 13 == 0:
            t += timedelta(days=2); history.append({"status": "referred", "at": iso(t)}); case["referredTo"] = "การประปาส่วนภูมิภาค"
        else:
            t += timedelta(days=2 + i % 20); history.append({"status": "resolved", "at": iso(t), "note": "ดำเนินการแก้ไขแล้ว"})
            resolved = t
            t += timedelta(days=7); history.append({"status": "closed", "at": iso(t)})
            if i % 2 == 0:
                overall = 1 + i % 5
                case["survey"] = {"answeredAt": iso(resolved + timedelta(days=1)), "overall": overall, "trust": 4,
                                  "reasons": ["delay"] if overall <= 2 else []}
        case["history"] = history
        f.write(json.dumps(case, ensure_ascii=False) + "\n")
PY
t0=$(date +%s.%N); wc -l "$work/cases.jsonl" >/dev/null; t1=$(date +%s.%N)
timer=(); echo 0 > "$work/rss"; [[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f %M -o "$work/rss")
"${timer[@]}" "$SCRATCH/release/siang" import cases "$work/cases.jsonl" --json --data-dir "$work/data" > "$work/summary.json"
t2=$(date +%s.%N)
python3 - "$LINES" "$t0" "$t1" "$t2" "$work/summary.json" "$work/rss" <<'PY'
import json, sys
lines, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:5])
s = json.load(open(sys.argv[5]))
rss_mb = int(open(sys.argv[6]).read().split()[-1]) / 1024
imp, base = lines / (t2 - t1), lines / max(t1 - t0, 1e-6)
print(f"imported {s['imported']}, duplicates {s['duplicates']}, rejected {len(s['rejected'])} {s['rejected'][:3]}")
print(f"case history import: {imp:.0f} lines/s = {imp / base:.4f} x reading the bytes ({base:.0f} lines/s)")
print(f"peak memory of the import: {rss_mb:.0f} MB for {lines} lines")
PY
