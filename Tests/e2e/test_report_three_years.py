"""Issue 12's end-to-end check: three fiscal years of earlier cases imported with `siang import cases`, the
FY 2569 report written in all four formats, the XLSX opened by LibreOffice (converted to CSV) and its figures
compared with the JSON; and the simplest figures worked out here, independently of the engine, from the
history this test generated (DESIGN.md 5.7)."""
import csv
import io
import json
import os
import random
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))
BANGKOK = timezone(timedelta(hours=7))
FY_2569 = (datetime(2025, 10, 1, tzinfo=BANGKOK), datetime(2026, 10, 1, tzinfo=BANGKOK))
AS_OF = "2026-10-01T00:00:00+07:00"


def run(*args, timeout=300):
    return subprocess.run([SIANG, *args], capture_output=True, timeout=timeout)


def iso(t: datetime) -> str:
    return t.isoformat()


def round2(x: float) -> float:
    """Half away from zero on the shortest decimal of the double, as DESIGN 5.7 writes figures."""
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def generate(rng: random.Random):
    """Three fiscal years (Oct 2023 .. Sep 2026) of cases: resolved and surveyed, still open, rejected, referred."""
    lines, cases = [], []
    start = datetime(2023, 10, 2, 9, 0, tzinfo=BANGKOK)
    for n in range(330):
        received = start + timedelta(days=n * 3 + rng.randrange(0, 2), minutes=rng.randrange(0, 300))
        kind = "complaint" if n % 5 else "suggestion"
        fate = rng.choice(["resolved", "resolved", "resolved", "open", "rejected", "referred"])
        case = {"ref": f"OLD-{n:05d}", "kind": kind, "category": rng.choice(["road", "water", "waste", "lighting"]),
                "channel": rng.choice(["web", "hotline", "email", "letter"]), "segment": rng.choice(["citizen", "business"]),
                "priority": "normal", "text": f"เรื่องร้องเรียนทดสอบลำดับที่ {n} ถนนชำรุดและน้ำประปาไม่ไหล", "receivedAt": iso(received)}
        history = [{"status": "triaged", "at": iso(received + timedelta(hours=1))}]
        answer = None
        if fate == "resolved":
            resolved = received + timedelta(days=rng.randrange(1, 12), hours=2)
            history += [{"status": "in_progress", "at": iso(received + timedelta(hours=3))},
                        {"status": "resolved", "at": iso(resolved), "note": "ดำเนินการแก้ไขเรียบร้อยแล้ว"}]
            overall = rng.randrange(1, 6)
            answered = resolved + timedelta(days=2)
            answer = {"answeredAt": iso(answered), "overall": overall, "trust": rng.randrange(3, 6),
                      "recommend": rng.randrange(3, 6), "reasons": ["delay"] if overall <= 2 else []}
            case["survey"] = answer
        elif fate == "rejected":
            history.append({"status": "rejected", "at": iso(received + timedelta(days=1)), "note": "ไม่อยู่ในอำนาจหน้าที่"})
        elif fate == "referred":
            history.append({"status": "referred", "at": iso(received + timedelta(days=2))})
            case["referredTo"] = "การประปาส่วนภูมิภาค เลขที่ 123/2568"
        case["history"] = history
        lines.append(json.dumps(case, ensure_ascii=False))
        cases.append((received, kind, fate, answer))
    return lines, cases


def by_hand(cases):
    """The FY 2569 figures a reader works out from the generated history (every event is before the as-of)."""
    lo, hi = FY_2569
    cohort = [c for c in cases if lo <= c[0] < hi]
    complaints = [c for c in cohort if c[1] == "complaint"]
    not_rejected = [c for c in complaints if c[2] != "rejected"]
    finished = [c for c in complaints if c[2] in ("resolved", "referred")]
    answers = [c[3] for c in cases if c[3] and lo <= datetime.fromisoformat(c[3]["answeredAt"]) < hi]
    overall = [a["overall"] for a in answers]
    return {
        "cases_received": len(cohort),
        "complaints_received": len(complaints),
        "complaints_resolved_pct": round2(100 * len(finished) / len(not_rejected)),
        "satisfaction_pct": round2(100 * sum(overall) / len(overall) / 5),
        "dissatisfaction_pct": round2(100 * sum(1 for o in overall if o <= 2) / len(overall)),
        "delay_reasons": sum(1 for o in overall if o <= 2),
    }


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("three-years")
    lines, cases = generate(random.Random(2569))
    history = tmp / "history.jsonl"
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = tmp / "data"
    p = run("import", "cases", str(history), "--json", "--data-dir", str(data))
    assert p.returncode == 0, p.stderr.decode()
    summary = json.loads(p.stdout)
    assert summary["imported"] == len(lines) and summary["rejected"] == [], summary
    targets = tmp / "targets.yaml"
    targets.write_text("targets:\n  satisfaction_pct:\n    2566: {baseline: 61.5}\n"
                       "    2569: {target: 60, comparators: [{name: กรมตัวอย่าง, value: 58.2, why: หน่วยบริการประชาชนขนาดใกล้เคียงกัน}]}\n",
                       encoding="utf-8")
    p = run("targets", "import", str(targets), "--data-dir", str(data))
    assert p.returncode == 0, p.stderr.decode()
    return tmp, data, cases


def report(data, fmt, out: Path):
    p = run("report", "fy", "--fy", "2569", "--as-of", AS_OF, "--format", fmt, "--out", str(out), "--data-dir", str(data))
    assert p.returncode == 0, p.stderr.decode()
    return out.read_bytes()


def metric(doc, metric_id):
    return next(m for m in doc["metrics"] if m["id"] == metric_id)


def test_the_fy_report_holds_the_figures_worked_out_by_hand_with_three_years_of_trend(imported):
    tmp, data, cases = imported
    doc = json.loads(report(data, "json", tmp / "fy.json"))
    assert doc["schema"] == "siang.report.v1" and doc["period"]["id"] == "2569"
    expected = by_hand(cases)
    assert metric(doc, "cases_received")["value"] == expected["cases_received"]
    assert metric(doc, "complaints_received")["value"] == expected["complaints_received"]
    for metric_id in ("complaints_resolved_pct", "satisfaction_pct", "dissatisfaction_pct"):
        assert metric(doc, metric_id)["value"] == expected[metric_id], metric_id
    delay = next(r for r in doc["reasons"] if r["code"] == "delay")
    assert delay["count"] == expected["delay_reasons"]
    satisfaction = metric(doc, "satisfaction_pct")["letci"]
    years = [(p["fiscalYear"], p["source"]) for p in satisfaction["trend"]]
    # The baseline year before the data, then three fiscal years computed from the imported cases.
    assert years == [(2566, "manual"), (2567, "data"), (2568, "data"), (2569, "data")]
    assert satisfaction["direction"] in ("improving", "declining", "fluctuating")
    assert satisfaction["target"] == 60 and satisfaction["comparison"][0]["name"] == "กรมตัวอย่าง"
    assert satisfaction["band"] in ("below_target", "basic", "advance", "significance")
    text = json.dumps(doc, ensure_ascii=False)
    assert "OLD-0" not in text and "ผู้ร้อง" not in text, "the report is aggregates only"


def test_the_csv_and_html_carry_the_json_figures(imported):
    tmp, data, _ = imported
    doc = json.loads(report(data, "json", tmp / "fy2.json"))
    raw = report(data, "csv", tmp / "fy.csv")
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel shows Thai"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    overall = {r["metric_id"]: r for r in rows if r["part"] == "metric" and r["dimension"] == "overall"}
    for m in doc["metrics"]:
        cell = overall[m["id"]]["value"]
        assert (float(cell) if cell else None) == m["value"], m["id"]
    html = report(data, "html", tmp / "fy.html").decode("utf-8")
    assert 'lang="th"' in html and "ปีงบประมาณ 2569" in html and "<svg" in html and "<script" not in html


def test_libreoffice_opens_the_xlsx_and_reads_the_same_figures_as_the_json(imported):
    tmp, data, _ = imported
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "libreoffice-calc is installed by scripts/install-deps.sh test"
    doc = json.loads(report(data, "json", tmp / "fy3.json"))
    xlsx = tmp / "report.xlsx"
    report(data, "xlsx", xlsx)
    out = tmp / "converted"
    out.mkdir()
    p = subprocess.run(["timeout", "180", office, f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless", "--norestore",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", str(out), str(xlsx)], capture_output=True, timeout=240)
    assert p.returncode == 0, p.stderr.decode()
    summary_files = sorted(out.glob("report-สรุป*.csv"))
    assert summary_files, f"LibreOffice wrote no summary sheet: {sorted(f.name for f in out.iterdir())}"
    rows = list(csv.reader(io.StringIO(summary_files[0].read_text(encoding="utf-8"))))
    values = {r[0]: r[3] for r in rows[1:]}
    assert set(values) == {m["id"] for m in doc["metrics"]}
    for m in doc["metrics"]:
        cell = values[m["id"]]
        assert (float(cell) if cell else None) == m["value"], f"{m['id']}: sheet {cell!r}, JSON {m['value']!r}"
