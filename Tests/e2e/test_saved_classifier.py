"""The trained classifier kept in the data directory (`classifier.model`) by the real binary: the first
import trains and saves it owner-only, the next reads it and classifies the same calls the same way, and
a damaged file is never trusted: the command trains again and writes it whole."""
from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
from pathlib import Path

from conftest import SIANG_BIN

CALLS = """เลขที่สาย,วันเวลา,เบอร์โทร,ชื่อผู้โทร,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย
S{n}-1,21/11/2569 09:15,081-234-5678,สมชาย ใจดี,,ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก,ไฟในซอยวัดใหม่ดับมาสามคืนแล้ว,ร้องเรียน
S{n}-2,21/11/2569 09:30,089-000-1111,มาลี ใจงาม,,ขยะไม่มีคนเก็บ,ถังขยะล้นส่งกลิ่นเหม็น,ร้องเรียน
S{n}-3,21/11/2569 09:45,,,,สอบถามเวลาทำการ,อยากทราบเวลาทำการของสำนักงาน,สอบถาม
"""


def import_calls(data: Path, n: int) -> list[tuple]:
    """Imports three calls (IDs S<n>-1..3) and returns their cases' (call, kind, category, text) in call order."""
    log = data.parent / f"calls{n}.csv"
    log.write_text(CALLS.format(n=n), encoding="utf-8")
    result = subprocess.run([SIANG_BIN, "import", "hotline", str(log), "--json", "--data-dir", str(data)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["imported"] == 3
    with sqlite3.connect(data / "siang.sqlite") as db:
        rows = db.execute("SELECT external_ref, kind, category, text FROM cases WHERE external_ref LIKE ? ORDER BY external_ref",
                          (f"S{n}-%",)).fetchall()
    return [(ref.split("-")[1], kind, category, text) for ref, kind, category, text in rows]


def test_an_import_saves_the_classifier_and_the_next_reads_it_and_a_damaged_one_is_trained_again(tmp_path):
    data = tmp_path / "data"
    model = data / "classifier.model"
    first = import_calls(data, 1)
    assert model.exists()
    assert stat.S_IMODE(model.stat().st_mode) == 0o600
    saved = model.read_bytes()
    written = model.stat().st_mtime_ns

    assert import_calls(data, 2) == first, "the saved model classifies as the trained one"
    assert model.stat().st_mtime_ns == written, "read, not written again"

    damaged = bytearray(saved)
    damaged[len(damaged) // 2] ^= 0x01
    model.write_bytes(bytes(damaged))
    assert import_calls(data, 3) == first
    assert model.read_bytes() == saved, "trained again and written whole"
    assert stat.S_IMODE(model.stat().st_mode) == 0o600

    model.write_bytes(saved[: len(saved) // 2])
    assert import_calls(data, 4) == first
    assert model.read_bytes() == saved
    assert not [p.name for p in data.iterdir() if p.name.endswith(".tmp")], "no temporary file is left"
