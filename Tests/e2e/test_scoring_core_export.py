"""`siang export scoring-core` over three generated fiscal years (issue 13, DESIGN.md 5.9): the document is
valid against the JSON Schema shipped in Reports/ (checked with Python's jsonschema, as a scoring core
would), carries the same figures as `siang report fy` / `siang report quarter` for the same as-of, holds
no citizen data, and bad arguments are refused in plain words with nothing written."""
import json
from pathlib import Path

import jsonschema
import pytest

from test_report_three_years import AS_OF, imported, run  # noqa: F401 (imported is a fixture)

SCHEMA = Path(__file__).resolve().parents[2] / "Reports" / "Resources" / "scoring-core.v1.schema.json"
METRIC_KEYS = ("id", "nameTh", "nameEn", "unit", "better", "source", "pmqaItems", "definitionVersion",
               "value", "numerator", "denominator", "letci")


@pytest.fixture(scope="module")
def history(imported):
    """The three generated fiscal years and targets of test_report_three_years, imported once for this module."""
    tmp, data, _ = imported
    return tmp, data


def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def export(data, tmp, *args):
    out = tmp / "export.json"
    out.unlink(missing_ok=True)
    p = run("export", "scoring-core", *args, "--out", str(out), "--data-dir", str(data))
    assert p.returncode == 0, p.stderr.decode()
    return out.read_bytes()


def report(data, *args):
    p = run("report", *args, "--as-of", AS_OF, "--format", "json", "--data-dir", str(data))
    assert p.returncode == 0, p.stderr.decode()
    return json.loads(p.stdout)


def test_the_fiscal_year_export_is_valid_and_carries_the_reports_figures(history):
    tmp, data = history
    raw = export(data, tmp, "--fy", "2569", "--as-of", AS_OF)
    doc = json.loads(raw)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(doc)]
    assert errors == []
    assert doc["schema"] == "siang.scoring-core.v1" and doc["fiscalYear"] == 2569
    assert doc["period"]["kind"] == "fiscal_year" and doc["period"]["asOf"] == AS_OF
    assert doc["agency"] == {"nameTh": "หน่วยงานตัวอย่าง", "nameEn": "Example Agency", "code": None}
    fy = report(data, "fy", "--fy", "2569")
    assert [m["id"] for m in doc["metrics"]] == [m["id"] for m in fy["metrics"]]
    for ours, theirs in zip(doc["metrics"], fy["metrics"]):
        assert ours == {k: theirs[k] for k in METRIC_KEYS}, ours["id"]
    satisfaction = next(m for m in doc["metrics"] if m["id"] == "satisfaction_pct")
    assert satisfaction["letci"]["target"] == 60 and satisfaction["letci"]["band"] is not None
    assert [p["fiscalYear"] for p in satisfaction["letci"]["trend"]][-3:] == [2567, 2568, 2569]
    # Written once, compact, keys sorted: the bytes are the document's text exactly as parsed back.
    assert raw == json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    # Aggregates only: none of the citizens' text from the generated history.
    text = raw.decode()
    for fragment in ("เรื่องร้องเรียนทดสอบ", "ดำเนินการแก้ไขเรียบร้อยแล้ว", "OLD-0", "การประปาส่วนภูมิภาค เลขที่"):
        assert fragment not in text


def test_a_quarter_of_the_year_is_exported_with_the_quarter_reports_figures(history):
    tmp, data = history
    doc = json.loads(export(data, tmp, "--fy", "2569", "--period", "2569-Q2", "--as-of", AS_OF))
    assert list(validator().iter_errors(doc)) == []
    assert doc["period"]["id"] == "2569-Q2" and doc["period"]["kind"] == "quarter"
    quarter = report(data, "quarter", "--quarter", "2569-Q2")
    for ours, theirs in zip(doc["metrics"], quarter["metrics"], strict=True):
        assert ours == {k: theirs[k] for k in METRIC_KEYS}, ours["id"]
        assert ours["letci"] is None


def test_the_document_goes_to_stdout_without_out(history):
    _, data = history
    p = run("export", "scoring-core", "--fy", "2569", "--period", "2025-11", "--as-of", AS_OF, "--data-dir", str(data))
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(p.stdout)
    assert doc["period"]["id"] == "2025-11" and list(validator().iter_errors(doc)) == []


def test_the_schema_catches_a_document_that_breaks_it(history):
    tmp, data = history
    doc = json.loads(export(data, tmp, "--fy", "2569", "--as-of", AS_OF))
    broken = json.loads(json.dumps(doc))
    broken["metrics"][0]["breakdowns"] = {}
    broken["period"]["kind"] = "year"
    del broken["readiness"]
    messages = " ".join(e.message for e in validator().iter_errors(broken))
    assert "breakdowns" in messages and "'year'" in messages and "readiness" in messages


@pytest.mark.parametrize("args, words", [
    (["--fy", "2569", "--period", "2570-Q1"], "lies in fiscal year 2570, not 2569"),
    (["--fy", "2569", "--period", "2026-10"], "lies in fiscal year 2570"),
    (["--fy", "2569", "--period", "2569"], "a quarter (2569-Q2) or a month"),
    (["--fy", "2026"], "Buddhist Era"),
    (["--fy", "2569", "--as-of", "yesterday"], "not a time"),
    (["--fy", "2569", "--push", "--out", "{tmp}/x.json"], "alternatives"),
])
def test_bad_arguments_are_refused_in_plain_words(history, args, words):
    tmp, data = history
    p = run("export", "scoring-core", *(a.replace("{tmp}", str(tmp)) for a in args), "--data-dir", str(data))
    assert p.returncode != 0
    assert words in p.stderr.decode(), p.stderr.decode()
    assert not (tmp / "x.json").exists()
