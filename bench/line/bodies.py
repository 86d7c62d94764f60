"""Writes signed LINE webhook bodies for bench/line.sh: one "<x-line-signature>\t<body>" line each.

usage: bodies.py SECRET COUNT EVENTS_PER_BODY OUT
Every event has its own webhookEventId and user, in the documented webhook format, so the server's
background processing opens one case per event (its worst case: nothing joins).
"""

import base64
import hashlib
import hmac
import json
import sys
import time

TEXTS = [
    "ไฟส่องสว่างดับทั้งซอย กลางคืนมืดมาก", "ถนนหน้าตลาดเป็นหลุมบ่อ รถจักรยานยนต์ล้มบ่อย", "น้ำประปาไม่ไหลตั้งแต่เช้า",
    "ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว", "ร้านอาหารเปิดเพลงเสียงดังหลังเที่ยงคืน", "ท่อระบายน้ำอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก",
]


def main() -> None:
    secret, count, per_body, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    key = secret.encode()
    now = int(time.time() * 1000)
    with open(out, "w", encoding="utf-8") as f:
        n = 0
        for b in range(count):
            events = []
            for _ in range(per_body):
                n += 1
                events.append({
                    "type": "message", "mode": "active", "timestamp": now + n,
                    "source": {"type": "user", "userId": f"U{n:032x}"},
                    "webhookEventId": f"01BENCH{n:019d}", "deliveryContext": {"isRedelivery": False},
                    "replyToken": f"{n:032x}",
                    "message": {"type": "text", "id": f"{n:018d}", "quoteToken": "q", "text": f"{TEXTS[n % len(TEXTS)]} ({n})"},
                })
            body = json.dumps({"destination": "U0bench000000000000000000000000000", "events": events},
                              ensure_ascii=False, separators=(",", ":")).encode()
            signature = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
            f.write(signature + "\t" + body.decode() + "\n")


if __name__ == "__main__":
    main()
