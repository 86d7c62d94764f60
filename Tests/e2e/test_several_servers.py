"""Several servers on PostgreSQL behind nginx (issue 14 acceptance, DESIGN.md 5.11).

Debian's PostgreSQL, two `siang serve --database-url …` processes sharing it, and Debian's nginx in
front. Sixteen clients file complaints through nginx, each with its own Idempotency-Key, retrying a
request that met a connection error or a 502/503/504 with the same key, as a real client would. Some
way in, the server holding the outbox lease (and, having started first, every other leader lease) is
SIGKILLed. A case received 60 days ago was filed just before the load, so its SLA escalations fall due
during the run, raised by whichever server holds the ticker's lease.

Then: every 201 is trackable through nginx and on the survivor; no case exists twice; each escalation
was raised once and its notice mailed once; every acknowledgement email reached the SMTP sink once; a
LINE event delivered to one server and redelivered to the other made one case and one reply.

The scenario runs once for the module (the `cluster` fixture); each test checks one promise of it.
"""

from __future__ import annotations

import email
import email.policy
import os
import stat
import subprocess
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
import requests

import conftest
from conftest import ServerFactory, SiangServer
from line_standin import REPLY, LineStandIn, sign
from mailservers import SMTPSink
from nginx_server import Nginx, nginx_binary
from postgres_server import PostgresServer, postgres_bin_dir
from test_line import ID_RE, text_event, wait_until, webhook_body
from test_staff_notices import CITIZEN_TEXT, ROUTING, mail_text, notices

if nginx_binary() is None or (postgres_bin_dir() is None and not os.environ.get("SIANG_TEST_POSTGRES_URL")):
    pytest.skip("needs Debian's nginx and postgresql (scripts/install-deps.sh test installs both); "
                f"nginx {'found' if nginx_binary() else 'missing'}, PostgreSQL {'found' if postgres_bin_dir() else 'missing'}",
                allow_module_level=True)

CLIENTS = 16
PER_CLIENT = 20
KILL_AFTER = CLIENTS * PER_CLIENT // 3  # answered 201s before the leader is killed
RETRIED_STATUSES = {502, 503, 504}
REQUEST_DEADLINE = 60.0
LINE_SECRET = "e2e-line-channel-secret"
# Every server seals and opens personal data with the same key.
DATA_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
SECRET_KEY = "e2e-shared-secret-key-of-at-least-32-bytes"
PASSWORD = "รหัสผ่านผู้ดูแลระบบ-2569"
CONFIG = ROUTING + """
server:
  trustedProxies: [127.0.0.1]
"""


@dataclass
class Filing:
    """One client's complaint: its key, its answers and the tracking ID of its 201."""
    key: str
    attempts: list[str] = field(default_factory=list)
    tracking_id: str | None = None


@dataclass
class Cluster:
    postgres: PostgresServer
    database_url: str
    nginx: Nginx
    smtp: SMTPSink
    line_api: LineStandIn
    token: str
    killed: SiangServer
    survivor: SiangServer
    escalated_case: str
    filings: list[Filing]
    mails_before_kill: int

    def sql(self, query: str) -> str:
        return self.postgres.psql(self.database_url, query)

    def staff_get(self, srv_url: str, path: str) -> requests.Response:
        """A staff API read, tried again after a 503 (the store busy: Retry-After) as a client would."""
        deadline = time.monotonic() + REQUEST_DEADLINE
        while True:
            r = requests.get(srv_url + path, headers={"Authorization": f"Bearer {self.token}"}, timeout=15)
            if r.status_code != 503 or time.monotonic() > deadline:
                return r
            time.sleep(int(r.headers.get("Retry-After", "1")))

    def answered(self) -> dict[str, str]:
        return {f.key: f.tracking_id for f in self.filings if f.tracking_id}


def lease_holders(postgres: PostgresServer, url: str) -> dict[str, str]:
    rows = postgres.psql(url, "SELECT name, holder FROM leases WHERE expires_at > extract(epoch FROM now())")
    return dict(line.split("|", 1) for line in rows.splitlines() if line)


def holds(srv: SiangServer, holder: str) -> bool:
    """Lease holders are `host-pid-random` (LeasedJob.processHolder)."""
    return srv.proc is not None and f"-{srv.proc.pid}-" in holder


def file_complaints(client: int, base_url: str, run: str, answered: list[int], lock: threading.Lock) -> list[Filing]:
    """One client filing its complaints one after another through nginx, retrying what was not answered."""
    filings = []
    with requests.Session() as session:
        for n in range(PER_CLIENT):
            filing = Filing(key=f"{run}-c{client:02d}-n{n:02d}")
            body = {"text": f"ไฟถนนดับหน้าบ้านเลขที่ {client}/{n} มาหลายคืนแล้ว", "subject": filing.key,
                    "contact": {"email": f"citizen{client:02d}{n:02d}@example.com"}, "consent": True}
            deadline = time.monotonic() + REQUEST_DEADLINE
            while filing.tracking_id is None and time.monotonic() < deadline:
                try:
                    r = session.post(base_url + "/api/v1/complaints", json=body, timeout=15,
                                     headers={"Idempotency-Key": filing.key})
                except requests.RequestException as e:
                    filing.attempts.append(type(e).__name__)
                    time.sleep(0.05)
                    continue
                filing.attempts.append(str(r.status_code))
                if r.status_code == 201:
                    filing.tracking_id = r.json()["trackingId"]
                    with lock:
                        answered[0] += 1
                elif r.status_code in RETRIED_STATUSES:
                    time.sleep(0.05)
                else:
                    break  # any other answer is a failure the test reports
            filings.append(filing)
    return filings


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    factory = ServerFactory(tmp_path_factory.mktemp("siang-several"))
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def cluster(servers, tmp_path_factory):
    base = tmp_path_factory.mktemp("several-servers")
    postgres = PostgresServer()
    nginx: Nginx | None = None
    smtp = SMTPSink().start()
    line_api = LineStandIn().start()
    patch = pytest.MonkeyPatch()
    try:
        postgres.start()
        url = postgres.create_database()
        config = base / "siang.yaml"
        config.write_text(CONFIG, encoding="utf-8")
        # Every command, the servers too, runs with the same configuration file, database URL and data key.
        wrapper = base / "siang-on-postgres"
        wrapper.write_text(f'#!/bin/sh\nSIANG_DATA_KEY={DATA_KEY} exec "{conftest.SIANG_BIN}" "$@" --config "{config}" --database-url "{url}"\n',
                           encoding="utf-8")
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        patch.setattr(conftest, "SIANG_BIN", str(wrapper))
        cli_data = base / "cli"
        cli_data.mkdir()

        def cli(*args: str, stdin: str | None = None) -> str:
            p = subprocess.run([str(wrapper), *args, "--data-dir", str(cli_data)], input=stdin, capture_output=True,
                               text=True, timeout=60)
            assert p.returncode == 0, p.stderr
            return p.stdout

        cli("user", "add", "--username", "admin", "--role", "admin", stdin=PASSWORD + "\n")
        cli("user", "add", "--username", "boss", "--role", "supervisor", "--email", "boss@example.go.th", stdin=PASSWORD + "\n")
        cli("user", "contact", "--username", "boss", "--preference", "email")
        token = cli("user", "token", "--username", "admin").strip()

        env = {"SIANG_SECRET_KEY": SECRET_KEY, "SIANG_DATA_KEY": DATA_KEY, "SIANG_EMAIL_SMTP_URL": smtp.url, "SIANG_EMAIL_FROM": "siang@voice.example.go.th",
               "SIANG_LINE_CHANNEL_SECRET": LINE_SECRET, "SIANG_LINE_CHANNEL_ACCESS_TOKEN": "e2e-token",
               "SIANG_LINE_API_BASE_URL": line_api.url, "SIANG_LINE_DATA_API_BASE_URL": line_api.url}
        first = servers(env=env)
        # The first server takes every leader lease; the second waits for one to fall free.
        wait_until(lambda: all(holds(first, h) for h in lease_holders(postgres, url).values())
                   and "outbox" in lease_holders(postgres, url), timeout=30, what="the first server to hold the leases")
        second = servers(env=env)
        nginx = Nginx([f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}"]).start()

        # A case received 60 days ago (entered by staff with its receipt time): its escalations are due now,
        # and the ticker raises them at its next look, during the load.
        received = (datetime.now(timezone.utc) - timedelta(days=60)).isoformat(timespec="seconds")
        r = requests.post(nginx.url + "/api/v1/complaints", timeout=15, headers={"Authorization": f"Bearer {token}"},
                          json={"text": CITIZEN_TEXT, "category": "road", "channel": "hotline", "receivedAt": received})
        assert r.status_code == 201, r.text
        escalated_case = r.json()["trackingId"]

        run = "e2e" + uuid.uuid4().hex[:6]
        answered, lock = [0], threading.Lock()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            futures = [pool.submit(file_complaints, c, nginx.url, run, answered, lock) for c in range(CLIENTS)]
            wait_until(lambda: answered[0] >= KILL_AFTER or all(f.done() for f in futures), timeout=90,
                       what=f"{KILL_AFTER} answered complaints")
            holder = lease_holders(postgres, url).get("outbox", "")
            killed = next(s for s in (first, second) if holds(s, holder))
            killed.kill()
            mails_before_kill = len(smtp.messages)
            print(f"SIGKILLed {killed.name} (outbox lease holder) after {answered[0]} answered complaints")
            filings = [f for future in futures for f in future.result()]
        survivor = second if killed is first else first
        unanswered = Counter(a for f in filings for a in f.attempts if a != "201")
        print(f"answers before a 201, retried with the same key: {dict(unanswered)}")
        # The killed server comes back (a new process, a new port) for the LINE redelivery.
        killed.start()
        yield Cluster(postgres=postgres, database_url=url, nginx=nginx, smtp=smtp, line_api=line_api, token=token,
                      killed=killed, survivor=survivor, escalated_case=escalated_case, filings=filings,
                      mails_before_kill=mails_before_kill)
    finally:
        patch.undo()
        servers.close()
        if nginx is not None:
            nginx.stop()
        line_api.stop()
        smtp.stop()
        postgres.stop()


def outbox_settled(cluster: Cluster) -> bool:
    return cluster.sql("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == "0"


def staff_list(cluster: Cluster, srv_url: str) -> list[dict]:
    rows, page = [], 1
    while page:
        r = cluster.staff_get(srv_url, f"/api/v1/staff/complaints?status=all&queue=all&limit=200&page={page}")
        assert r.status_code == 200, r.text
        rows += r.json()["complaints"]
        page = r.json().get("nextPage")
    return rows


def test_every_answered_201_is_trackable_through_nginx_and_on_the_survivor(cluster, servers):
    unanswered = [(f.key, f.attempts) for f in cluster.filings if f.tracking_id is None]
    assert unanswered == [], "every complaint is answered 201 in the end"
    for key, tracking_id in cluster.answered().items():
        for base in (cluster.nginx.url, cluster.survivor.url):
            r = requests.get(f"{base}/api/v1/track/{tracking_id}", timeout=10)
            assert r.status_code == 200, f"{key} → {tracking_id} on {base}: {r.status_code} {r.text}"
            assert r.json()["trackingId"] == tracking_id


def test_no_case_exists_twice(cluster, servers):
    answered = cluster.answered()
    assert len(answered) == CLIENTS * PER_CLIENT
    assert len(set(answered.values())) == len(answered), "each key got its own case"
    rows = [row for row in staff_list(cluster, cluster.nginx.url) if (row.get("subject") or "").startswith(cluster.filings[0].key.split("-c")[0])]
    subjects = [row["subject"] for row in rows]
    assert len(subjects) == len(set(subjects)), "no two cases from the same key"
    assert {row["subject"]: row["trackingId"] for row in rows} == answered
    assert cluster.sql(f"SELECT count(*) FROM cases WHERE subject LIKE '{cluster.filings[0].key.split('-c')[0]}-%'") == str(len(answered))


def test_an_escalation_due_during_the_run_is_raised_once(cluster, servers):
    case = cluster.escalated_case

    def escalations():
        r = cluster.staff_get(cluster.survivor.url, f"/api/v1/staff/complaints/{case}")
        assert r.status_code == 200, r.text
        return [e for e in r.json()["events"] if e["type"] == "escalated"]

    # Both clocks have passed both levels: four escalations, raised by whichever server held the ticker.
    raised = wait_until(lambda: len(escalations()) >= 4 and escalations(), timeout=60, what="the escalations")
    wait_until(lambda: outbox_settled(cluster), timeout=60, what="the outbox to be delivered")
    raised = escalations()
    kinds = [(e["clock"], e["level"]) for e in raised]
    assert sorted(kinds) == sorted({("resolution", "at_risk"), ("resolution", "breached"),
                                    ("first_response", "at_risk"), ("first_response", "breached")}), kinds
    mails = notices(cluster.smtp, case)
    assert {tuple(m["to"]) for m in mails} == {("boss@example.go.th",)}
    assert len(mails) == len(raised), "one notice to the supervisor per escalation"


def test_each_acknowledgement_email_reaches_the_sink_once_though_its_leader_was_killed(cluster, servers):
    """One acknowledgement per answered complaint. SMTP cannot take a mail back: had the leader been killed
    between the sink's 250 and its commit of `delivered`, the one mail then in flight (the dispatcher sends
    one at a time) is sent again by the next leader, with the same Message-ID, so the mailbox holds one."""
    answered = set(cluster.answered().values())
    wait_until(lambda: outbox_settled(cluster), timeout=60, what="the outbox to be delivered")
    message_ids: dict[str, set[str]] = {}
    copies: dict[str, list[int]] = {}
    for index, message in enumerate(cluster.smtp.messages):
        if not (len(message["to"]) == 1 and message["to"][0].startswith("citizen")):
            continue
        tracking_ids = set(ID_RE.findall(mail_text(message))) & answered
        assert len(tracking_ids) == 1, f"an acknowledgement names its one case: {tracking_ids}"
        parsed = email.message_from_bytes(message["data"], policy=email.policy.default)
        message_ids.setdefault(tracking_ids.pop(), set()).add(parsed["Message-ID"])
        copies.setdefault(parsed["Message-ID"], []).append(index)
    missing = sorted(answered - message_ids.keys())
    several = {i: m for i, m in message_ids.items() if len(m) != 1}
    assert missing == [] and several == {}, f"missing {missing[:5]}, more than one message {several}"
    resent = {m: at for m, at in copies.items() if len(at) > 1}
    print(f"acknowledgements sent again after the kill: {resent}")
    assert len(resent) <= 1, f"only the mail in flight at the kill may go twice: {resent}"
    for at in resent.values():
        assert len(at) == 2 and at[0] < cluster.mails_before_kill <= at[1], (at, cluster.mails_before_kill)


def test_a_line_redelivery_to_the_other_server_makes_no_second_case(cluster, servers):
    marker = "L" + uuid.uuid4().hex[:10].upper()
    event = text_event(f"ท่อประปาแตกหน้าโรงเรียน รหัส {marker}")
    first_body = webhook_body([event])
    again = dict(event, deliveryContext={"isRedelivery": True}, replyToken="rt-redelivered")
    again_body = webhook_body([again])
    for srv, body in ((cluster.killed, first_body), (cluster.survivor, again_body)):
        r = requests.post(srv.url + "/webhooks/line", data=body, timeout=10,
                          headers={"Content-Type": "application/json; charset=utf-8", "x-line-signature": sign(body, LINE_SECRET)})
        assert r.status_code == 200, r.text
    wait_until(lambda: cluster.sql("SELECT count(*) FROM inbox WHERE source = 'line' AND processed_at IS NULL") == "0"
               and cluster.sql("SELECT count(*) FROM inbox WHERE source = 'line'") == "2", timeout=60, what="both bodies processed")
    wait_until(lambda: outbox_settled(cluster), timeout=60, what="the reply to be sent")
    assert cluster.sql(f"SELECT count(*) FROM cases WHERE channel = 'line' AND text LIKE '%{marker}%'") == "1"
    replies = [c for c in cluster.line_api.calls(REPLY) if c.status == 200]
    assert len(replies) == 1, [c.texts() for c in replies]
    tracking_id = cluster.sql(f"SELECT tracking_id FROM cases WHERE text LIKE '%{marker}%'")
    assert tracking_id in " ".join(replies[0].texts())
