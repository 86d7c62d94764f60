"""The email channel against real servers: dovecot (IMAP) and an aiosmtpd sink (SMTP), driven through
the real `siang` binary: `siang ingest email`, `siang ingest imap --once`, `siang outbox deliver --once`."""
import email
import email.header
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from mailservers import Dovecot, SMTPSink

FIXTURES = Path(__file__).resolve().parent.parent / "EmailTests" / "Fixtures"
SIANG = os.environ.get("SIANG_BIN", str(Path(__file__).resolve().parents[2] / ".build" / "debug" / "siang"))


@pytest.fixture
def imap():
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def smtp():
    sink = SMTPSink().start()
    yield sink
    sink.stop()


def siang(data_dir, *args, env=None, check=True):
    full_env = dict(os.environ)
    full_env.update(env or {})
    p = subprocess.run([SIANG, *args, "--data-dir", str(data_dir)], capture_output=True, text=True, env=full_env, timeout=120)
    if check:
        assert p.returncode == 0, f"siang {' '.join(args)} failed: {p.stderr}"
    return p


def case_count(data_dir):
    with sqlite3.connect(Path(data_dir) / "siang.sqlite") as db:
        return db.execute("SELECT count(*) FROM cases").fetchone()[0]


def thai_mail(message_id, subject="ไฟฟ้าดับทั้งซอย", body="เรียน เจ้าหน้าที่\n\nไฟฟ้าดับทั้งซอยวัดใหม่ตั้งแต่เมื่อคืน ขอให้ช่วยตรวจสอบด้วยค่ะ", extra=""):
    from email.mime.text import MIMEText
    msg = MIMEText(body, "plain", "utf-8")
    msg["Subject"] = email.header.Header(subject, "utf-8")
    msg["From"] = email.header.Header("มาลี ใจงาม", "utf-8").encode() + " <malee@example.com>"
    msg["To"] = "complaints@agency.example"
    msg["Message-ID"] = message_id
    for line in filter(None, extra.split("\n")):
        k, v = line.split(": ", 1)
        msg[k] = v
    return msg.as_bytes()


def imap_env(server):
    return {"SIANG_EMAIL_IMAP_URL": server.url, "SIANG_EMAIL_IMAP_USER": server.user, "SIANG_EMAIL_IMAP_PASSWORD": server.password}


def test_a_message_in_the_mailbox_becomes_one_case_even_when_polled_twice_or_cut_short(imap, tmp_path):
    imap.append(thai_mail("<first-1@example.com>"))
    env = imap_env(imap)
    out = siang(tmp_path, "ingest", "imap", "--once", env=env).stdout
    assert "uid 1: created CMP-" in out
    assert case_count(tmp_path) == 1
    # A second pass finds nothing new above the watermark.
    assert siang(tmp_path, "ingest", "imap", "--once", env=env).stdout.strip() == ""
    # A poller killed after committing the case but before moving the watermark fetches it again:
    # the Message-ID makes it a duplicate, not a second case.
    with sqlite3.connect(tmp_path / "siang.sqlite") as db:
        db.execute("DELETE FROM channel_state")
    again = siang(tmp_path, "ingest", "imap", "--once", env=env).stdout
    assert "uid 1: duplicate" in again
    assert case_count(tmp_path) == 1
    # Messages are never deleted from the mailbox.
    assert imap.message_count() == 1


def test_a_reply_joins_its_case_and_an_auto_reply_is_only_recorded(imap, tmp_path):
    env = imap_env(imap)
    imap.append(thai_mail("<start-2@example.com>"))
    created = siang(tmp_path, "ingest", "imap", "--once", env=env).stdout
    tracking_id = created.split()[-1]
    imap.append(thai_mail("<reply-2@example.com>", subject=f"Re: [{tracking_id}] ไฟฟ้าดับทั้งซอย", body="ส่งรูปเพิ่มเติมค่ะ ไฟยังดับอยู่"))
    imap.append(thai_mail("<ooo-2@example.com>", subject="Automatic reply: ไม่อยู่สำนักงาน", body="ขณะนี้ไม่อยู่",
                          extra="Auto-Submitted: auto-replied"))
    out = siang(tmp_path, "ingest", "imap", "--once", env=env).stdout
    assert f"uid 2: joined {tracking_id}" in out
    assert "uid 3: ignored" in out
    assert case_count(tmp_path) == 1
    with sqlite3.connect(tmp_path / "siang.sqlite") as db:
        types = [r[0] for r in db.execute("SELECT e.type FROM case_events e JOIN cases c ON c.id = e.case_id ORDER BY e.seq")]
        assert "citizen_message" in types
        recorded = db.execute("SELECT count(*) FROM inbox WHERE source = 'email' AND error LIKE 'automatic mail%'").fetchone()[0]
        assert recorded == 1
        # Never answered: no acknowledgement was queued for the auto-reply.
        assert db.execute("SELECT count(*) FROM outbox WHERE kind = 'acknowledgement'").fetchone()[0] == 1


def test_the_acknowledgement_reaches_the_smtp_sink_with_an_encoded_thai_subject(smtp, tmp_path):
    mail = tmp_path / "in.eml"
    mail.write_bytes(thai_mail("<ack-3@example.com>"))
    result = json.loads(siang(tmp_path, "ingest", "email", str(mail), "--json").stdout)
    tracking_id = result["results"][0]["trackingId"]
    env = {"SIANG_EMAIL_SMTP_URL": smtp.url, "SIANG_EMAIL_FROM": "complaints@agency.example"}
    assert "delivered 1" in siang(tmp_path, "outbox", "deliver", "--once", env=env).stdout
    assert len(smtp.messages) == 1
    sent = smtp.messages[0]
    assert sent["to"] == ["malee@example.com"]
    raw_subject = email.message_from_bytes(sent["data"])["Subject"]
    assert "=?UTF-8?B?" in raw_subject, "the subject must be an RFC 2047 encoded word"
    subject = str(email.header.make_header(email.header.decode_header(raw_subject)))
    assert tracking_id in subject and "ได้รับเรื่องของท่านแล้ว" in subject
    body = email.message_from_bytes(sent["data"]).get_payload(decode=True).decode("utf-8")
    assert tracking_id in body and "/track/" in body
    # Delivered once: a second pass sends nothing.
    assert "delivered 0" in siang(tmp_path, "outbox", "deliver", "--once", env=env).stdout
    assert len(smtp.messages) == 1
    # A reply to our acknowledgement (In-Reply-To our Message-ID) joins the case.
    ours = email.message_from_bytes(sent["data"])["Message-ID"]
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thai_mail("<reply-3@example.com>", subject="Re: ขอบคุณค่ะ", body="แนบภาพเพิ่มเติม", extra=f"In-Reply-To: {ours}"))
    joined = json.loads(siang(tmp_path, "ingest", "email", str(reply), "--json").stdout)["results"][0]
    assert joined["outcome"] == "joined" and joined["trackingId"] == tracking_id


def test_ingesting_the_thai_fixture_corpus_keeps_every_message(tmp_path):
    files = sorted(str(p) for p in FIXTURES.glob("*.eml"))
    assert len(files) >= 20
    first = json.loads(siang(tmp_path, "ingest", "email", *files, "--json").stdout)["results"]
    assert [r["file"] for r in first] == files
    outcomes = {Path(r["file"]).name: r["outcome"] for r in first}
    assert outcomes["20-auto-reply.eml"] == "ignored"
    assert outcomes["21-bounce-report.eml"] == "ignored"
    assert outcomes["22-precedence-bulk.eml"] == "ignored"
    assert outcomes["03-windows874-base64.eml"] == "created"
    assert all(o in {"created", "joined", "duplicate", "ignored"} for o in outcomes.values())
    broken = {Path(r["file"]).name: r for r in first}["14-bad-base64.eml"]
    assert broken["outcome"] == "created" and broken["warnings"], "broken input gives a case and a warning"
    again = json.loads(siang(tmp_path, "ingest", "email", *files, "--json").stdout)["results"]
    assert all(r["outcome"] in {"duplicate", "ignored"} for r in again)


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    p = siang(tmp_path, "ingest", "email", str(tmp_path / "missing.eml"), check=False)
    assert p.returncode != 0 and "cannot read" in p.stderr
