"""The soak's request mix (bench/soak.sh): which requests are sent, in what shares, and their bytes.

Shares of the requests (a draw per scheduled request, from a seeded generator so runs compare):
  40 %  GET  /api/v1/track/{id}         a tracking ID answered 201 earlier in the run (one lookup in 20
                                        is a well-formed unknown ID with a valid check symbol: 404, expected)
  25 %  POST /api/v1/complaints         varied Thai texts, kinds and segments; one in ten with a contact
                                        (consent given) and a location
  15 %  GET  /api/v1/staff/complaints   with the staff token, varying page, limit and filters
  20 %  POST /webhooks/line             one text event per body, signed with the channel secret; three
                                        events in four from a new LINE user, one from a user seen earlier
Before the first intake answer there is no ID to look up: such a lookup takes an unknown ID (404).
Other shares: `--mix track=40,intake=25,staff=15,line=20` (bench/soak.sh: MIX), weights in any unit.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "e2e"))
from line_standin import sign  # noqa: E402  (the signature exactly as LINE computes it)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

COMPLAINT_TEXTS = [
    "ไฟส่องสว่างดับทั้งซอย กลางคืนมืดมาก เด็กนักเรียนเดินกลับบ้านลำบาก",
    "ถนนหน้าตลาดสดเป็นหลุมบ่อ รถจักรยานยนต์ล้มบ่อย ขอให้ซ่อมโดยด่วน",
    "น้ำประปาไม่ไหลตั้งแต่เช้า ทั้งหมู่บ้าน",
    "ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว ส่งกลิ่นเหม็น",
    "ร้านอาหารเปิดเพลงเสียงดังหลังเที่ยงคืนทุกคืน",
    "ท่อระบายน้ำอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก",
    "เจ้าหน้าที่ที่เคาน์เตอร์พูดจาไม่สุภาพ",
    "ยื่นขออนุญาตก่อสร้างมาสามเดือนแล้วยังไม่ได้รับคำตอบ",
    "เว็บไซต์ชำระภาษีเข้าไม่ได้ตั้งแต่เมื่อวาน",
    "อยากทราบเวลาเปิดทำการของศูนย์บริการในวันเสาร์",
    "ขอชมเชยเจ้าหน้าที่กองช่างที่มาซ่อมไฟถนนอย่างรวดเร็ว",
    "เสนอให้ติดตั้งกล้องวงจรปิดที่ทางแยกหน้าโรงเรียน",
]
KINDS = ["complaint"] * 6 + ["inquiry", "suggestion", "compliment"]
SEGMENTS = ["citizen"] * 5 + ["business", "vulnerable", "network"]

LINE_TEXTS = [
    "ไฟส่องสว่างดับทั้งซอย กลางคืนมืดมาก", "ถนนหน้าตลาดเป็นหลุมบ่อ", "น้ำประปาไม่ไหลตั้งแต่เช้า",
    "ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว", "ร้านอาหารเปิดเพลงเสียงดังหลังเที่ยงคืน", "มีต้นไม้ล้มขวางถนนหน้าวัด",
]

# "ประปา", percent-encoded: a Thai word of the complaint texts.
STAFF_QUERIES = [
    "", "?page=2", "?page=3", "?limit=20", "?limit=100&page=2", "?status=all", "?status=all&page=4",
    "?sla=on_track", "?sla=at_risk", "?sla=breached", "?category=road", "?category=waste",
    "?channel=line", "?channel=web", "?channel=hotline", "?segment=citizen", "?queue=all&limit=50",
    "?q=" + quote("ประปา"),
]


@dataclass
class Request:
    """One request as the connection sends it, and what answers count as expected."""
    kind: str                       # intake, track, track_unknown, staff, line, ping
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    expect_404: bool = False


def tracking_id(prefix: str, rng: random.Random) -> str:
    """A well-formed tracking ID (DESIGN 5.2: BE year, 40 random bits, Luhn mod 32 check) for a
    case that does not exist: the lookup must be a clean 404, never a 400."""
    be_year = time.gmtime().tm_year + 543
    values = [be_year % 100 // 10, be_year % 10] + [rng.randrange(32) for _ in range(8)]
    factor, total = 2, 0
    for v in reversed(values):
        addend = factor * v
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    values.append((32 - total % 32) % 32)
    return prefix + "-" + "".join(CROCKFORD[v] for v in values)


DEFAULT_SHARES = "track=40,intake=25,staff=15,line=20"


def shares(text: str) -> list[tuple[float, str]]:
    """`track=40,intake=25,…` as cumulative fractions; a bad or unknown name stops the run."""
    weights: dict[str, float] = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        try:
            value = float(weight)
        except ValueError:
            value = -1.0
        if name.strip() not in ("track", "intake", "staff", "line") or not 0 <= value < float("inf"):
            raise ValueError(f"mix: {part!r} is not name=weight with a name of track, intake, staff, line")
        weights[name.strip()] = value
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("mix: the weights add up to nothing")
    cumulative, edges = 0.0, []
    for name, weight in weights.items():
        cumulative += weight / total
        edges.append((cumulative, name))
    return edges


class Mix:
    """Draws the next request; remembers the tracking IDs the intake answers give back."""

    def __init__(self, token: str, line_secret: str, seed: int = 16, prefix: str = "CMP",
                 known_ids: list[str] | None = None, mix: str = DEFAULT_SHARES):
        self.edges = shares(mix)
        self.rng = random.Random(seed)
        self.token = token
        self.secret = line_secret
        self.prefix = prefix
        self.known_ids: list[str] = list(known_ids or [])
        self.intakes = 0
        self.line_events = 0
        self.run_tag = f"{int(time.time()):x}"  # keeps LINE event and user IDs of two runs apart

    def remember(self, answer_body: bytes) -> None:
        try:
            self.known_ids.append(json.loads(answer_body)["trackingId"])
        except (ValueError, KeyError, TypeError):
            pass  # a 201 without a tracking ID would be a contract bug; the e2e tests guard that

    def next(self) -> Request:
        draw = self.rng.random()
        name = next((name for edge, name in self.edges if draw < edge), self.edges[-1][1])
        return getattr(self, name)()

    def track(self) -> Request:
        if not self.known_ids or self.rng.random() < 0.05:
            return Request("track_unknown", "GET", "/api/v1/track/" + tracking_id(self.prefix, self.rng), {},
                           expect_404=True)
        return Request("track", "GET", "/api/v1/track/" + self.rng.choice(self.known_ids), {})

    def intake(self) -> Request:
        self.intakes += 1
        n = self.intakes
        complaint = {
            "text": f"{self.rng.choice(COMPLAINT_TEXTS)} (ครั้งที่ {n})",
            "kind": self.rng.choice(KINDS),
            "segment": self.rng.choice(SEGMENTS),
        }
        if n % 10 == 0:
            complaint["contact"] = {"name": f"ผู้ร้องทดสอบ {n}", "phone": f"08{n % 100_000_000:08d}"}
            complaint["consent"] = True
            complaint["location"] = {"lat": 13.7 + (n % 100) / 1000, "lon": 100.5 + (n % 70) / 1000,
                                     "address": f"ซอย {n % 50} ถนนพหลโยธิน"}
        body = json.dumps(complaint, ensure_ascii=False).encode()
        return Request("intake", "POST", "/api/v1/complaints", {"Content-Type": "application/json"}, body)

    def staff(self) -> Request:
        return Request("staff", "GET", "/api/v1/staff/complaints" + self.rng.choice(STAFF_QUERIES),
                       {"Authorization": "Bearer " + self.token})

    def line(self) -> Request:
        self.line_events += 1
        n = self.line_events
        # One event in four comes from a user who wrote before (a follow-up), the rest from new users.
        user = n if n < 4 or self.rng.random() >= 0.25 else self.rng.randrange(1, n)
        event = {
            "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": f"U{self.run_tag}{user:024x}"},
            "webhookEventId": f"01SOAK{self.run_tag}{n:012d}", "deliveryContext": {"isRedelivery": False},
            "replyToken": f"{self.run_tag}{n:024x}",
            "message": {"type": "text", "id": f"{n:018d}", "quoteToken": "q",
                        "text": f"{self.rng.choice(LINE_TEXTS)} ({n})"},
        }
        body = json.dumps({"destination": "U" + "0" * 32, "events": [event]},
                          ensure_ascii=False, separators=(",", ":")).encode()
        return Request("line", "POST", "/webhooks/line",
                       {"Content-Type": "application/json", "x-line-signature": sign(body, self.secret)}, body)


class Ping:
    """The baseline's only request: the bare Hummingbird route."""

    def next(self) -> Request:
        return Request("ping", "GET", "/ping", {})

    def remember(self, answer_body: bytes) -> None:
        pass
