"""`siang import survey` on a survey export saved by Excel on Thai Windows (Windows-874/TIS-620): the
encoding is detected as the hotline import detects it, Thai headers and answers are read right, and a
file in neither encoding is refused whole (issue 19, docs/surveys.md)."""

import json
import os
import subprocess
from pathlib import Path

SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))

# Thai headers as the form asked them, Thai answers (a word score, reasons split on commas, a comment).
EXPORT = (
    "ประทับเวลา,ท่านติดต่อในฐานะ,ความพึงพอใจโดยรวมต่อการดำเนินการเรื่องของท่าน,"
    "สาเหตุที่ท่านไม่พึงพอใจ (เลือกได้มากกว่า 1 ข้อ),ข้อเสนอแนะเพิ่มเติม\r\n"
    "21/11/2569 09:15:02,ประชาชนทั่วไป,5,,บริการดีมาก\r\n"
    "21/11/2569 10:02:45,ผู้ประกอบการ,พึงพอใจน้อย,\"ล่าช้า, ไม่ได้รับแจ้งความคืบหน้า\",รอนานไม่มีใครโทรแจ้ง\r\n"
)


def run(*args):
    return subprocess.run([SIANG, *args], capture_output=True, text=True, timeout=120)


def test_a_tis620_export_is_detected_and_a_file_in_neither_encoding_imports_nothing(tmp_path):
    data = str(tmp_path / "data")
    tis = tmp_path / "excel-thai-windows.csv"
    tis.write_bytes(EXPORT.encode("cp874"))
    assert tis.read_bytes()[:1] == b"\xbb", "ป is 0xBB in TIS-620"
    utf16 = tmp_path / "unicode-text.csv"
    utf16.write_bytes(EXPORT.encode("utf-16"))  # with its byte order mark, as Excel's "Unicode text"
    utf8 = tmp_path / "google-forms.csv"
    utf8.write_bytes(EXPORT.encode("utf-8"))

    # Neither UTF-8 nor Windows-874: a clear error, a non-zero exit, nothing stored — and the good
    # file named with it is not imported either.
    neither = run("import", "survey", str(tis), str(utf16), "--json", "--data-dir", data)
    assert neither.returncode != 0
    assert "unicode-text.csv" in neither.stderr and "neither UTF-8 nor Windows-874" in neither.stderr, neither.stderr
    assert neither.stdout.strip() == ""
    # Named as UTF-8, the TIS-620 file is refused too.
    wrong = run("import", "survey", str(tis), "--encoding", "utf-8", "--data-dir", data)
    assert wrong.returncode != 0 and "not UTF-8" in wrong.stderr, wrong.stderr
    bad_option = run("import", "survey", str(tis), "--encoding", "latin-1", "--data-dir", data)
    assert bad_option.returncode != 0 and "--encoding must be auto, utf-8 or windows-874" in bad_option.stderr

    imported = run("import", "survey", str(tis), "--json", "--data-dir", data)
    assert imported.returncode == 0, imported.stderr
    summary = json.loads(imported.stdout)
    assert summary["imported"] == 2 and summary["duplicates"] == 0, summary
    assert summary["rejected"] == []
    assert any("read as windows-874" in w for w in summary["warnings"]), summary["warnings"]

    # The same export in UTF-8 reads to the same rows, so both are duplicates of the TIS-620 ones.
    again = json.loads(run("import", "survey", str(utf8), "--json", "--data-dir", data).stdout)
    assert again["imported"] == 0 and again["duplicates"] == 2, again
    forced = json.loads(run("import", "survey", str(tis), "--encoding", "tis-620", "--json", "--data-dir", data).stdout)
    assert forced["duplicates"] == 2

    # The Thai answers were read right: one satisfied, one dissatisfied for delay and no update.
    figures = run("survey", "summary", "--from", "2026-11-01", "--to", "2026-12-01", "--by", "segment", "--data-dir", data)
    assert figures.returncode == 0, figures.stderr
    groups = {g["key"]["segment"]: g["metrics"] for g in json.loads(figures.stdout)["groups"]}
    assert groups["citizen"]["responses"] == 1 and groups["citizen"]["satisfaction"]["topTwoShare"] == 100
    assert groups["business"]["satisfaction"]["bottomTwoShare"] == 100
    assert sorted(r["code"] for r in groups["business"]["reasons"]) == ["delay", "no_update"]
