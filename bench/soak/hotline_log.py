"""A call-centre log for the soak's watched hotline folder, in the shape of bench/hotline's generator:
Thai headers with an end time, CRLF line ends, one row in ten with a quoted note over two lines
(with a doubled quote), Thai and English dispositions. Unlike that generator, every call is in the
hour before the file is written (Asia/Bangkok, Buddhist Era dates), so no row is a call from the
future, and every call ID is new in the run, so every row is imported (no duplicates).

The file is written under a dot name and renamed when complete, as the folder's contract asks
(HotlineInboxFolder takes no dot names).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

BANGKOK = timezone(timedelta(hours=7))
HEADER = "เลขที่สาย,วันเวลา,เวลาสิ้นสุด,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย\r\n"
SUMMARIES = ["ถนนชำรุดเป็นหลุมลึก", "ไฟฟ้าส่องสว่างดับทั้งซอย", "ขยะไม่มีผู้จัดเก็บมาสามวัน", "น้ำประปาไม่ไหล",
             "เจ้าหน้าที่บริการดีมาก", "สอบถามขั้นตอนการขออนุญาตก่อสร้าง"]
DISPOSITIONS = ["ร้องเรียน", "ร้องเรียน", "ร้องเรียน", "สอบถาม", "ชมเชย", "เสนอแนะ", "สายหลุด", "complaint", "inquiry"]


def rows(tag: str, rows_count: int, now: datetime) -> list[str]:
    lines = []
    for row in range(rows_count):
        summary = SUMMARIES[row % len(SUMMARIES)]
        started = now - timedelta(seconds=120 + (rows_count - row) * 3600 // max(rows_count, 1))
        ended = started + timedelta(seconds=90 + row % 240)
        when = f"{started.day}/{started.month}/{started.year + 543} {started.hour}:{started.minute:02d}"
        notes = (f"\"ผู้ร้องแจ้งว่า{summary} บริเวณหน้าบ้านเลขที่ {row % 300}\r\nขอให้เร่งดำเนินการ \"\"ด่วน\"\"\""
                 if row % 10 == 0 else f"ผู้ร้องแจ้งว่า{summary} บริเวณหน้าบ้านเลขที่ {row % 300} ขอให้เร่งดำเนินการ")
        lines.append(f"HL-{tag}-{row},{when},{ended:%H:%M:%S},08{10_000_000 + row % 89_999_999},ผู้โทรทดสอบ,"
                     f"agent{row % 40},ทั่วไป,ถนน,{summary},{notes},{DISPOSITIONS[row % len(DISPOSITIONS)]}\r\n")
    return lines


def drop(folder: str, name: str, tag: str, rows_count: int) -> None:
    """Writes `name` into `folder` whole: under `.name` first, then renamed."""
    hidden = os.path.join(folder, "." + name)
    with open(hidden, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        f.writelines(rows(tag, rows_count, datetime.now(BANGKOK)))
    os.rename(hidden, os.path.join(folder, name))
