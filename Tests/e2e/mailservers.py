"""Real mail servers for the email tests, on loopback in a temporary directory:
Debian's dovecot as the IMAP server, aiosmtpd as the SMTP sink that keeps every message."""
import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    """dovecot with one user (siang / secret-pass), Maildir storage, plain IMAP on a loopback port."""

    user = "siang"
    password = "secret-pass"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="siang-dovecot-")
        self.port = free_port()
        self.proc = None

    def start(self):
        mail = os.path.join(self.dir, "mail")
        os.makedirs(mail)
        import pwd, grp
        run_user = "root" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        pw = pwd.getpwnam(run_user)
        # dovecot refuses to deliver mail as root: as root, the mailbox belongs to Debian's "mail" user.
        mail_pw = pwd.getpwnam("mail") if os.geteuid() == 0 else pw
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            os.chown(mail, mail_pw.pw_uid, mail_pw.pw_gid)
        with open(os.path.join(self.dir, "passwd"), "w") as f:
            f.write(f"{self.user}:{{PLAIN}}{self.password}:{mail_pw.pw_uid}:{mail_pw.pw_gid}::{mail}::userdb_mail=maildir:{mail}\n")
        login_user = "dovenull"
        try:
            pwd.getpwnam(login_user)
        except KeyError:
            login_user = run_user
        conf = textwrap.dedent(f"""
            base_dir = {self.dir}/run
            state_dir = {self.dir}/state
            log_path = {self.dir}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            first_valid_uid = 0
            first_valid_gid = 0
            default_internal_user = {run_user}
            default_internal_group = {grp.getgrgid(pw.pw_gid).gr_name}
            default_login_user = {login_user}
            mail_location = maildir:{mail}
            passdb {{
              driver = passwd-file
              args = {self.dir}/passwd
            }}
            userdb {{
              driver = passwd-file
              args = {self.dir}/passwd
            }}
            service imap-login {{
              inet_listener imap {{
                address = 127.0.0.1
                port = {self.port}
              }}
              inet_listener imaps {{
                port = 0
              }}
            }}
            service pop3-login {{
              inet_listener pop3 {{
                port = 0
              }}
            }}
            service anvil {{
              chroot =
            }}
            service imap-login {{
              chroot =
            }}
        """)
        os.makedirs(os.path.join(self.dir, "run"))
        os.makedirs(os.path.join(self.dir, "state"))
        path = os.path.join(self.dir, "dovecot.conf")
        with open(path, "w") as f:
            f.write(conf)
        self.conf = path
        self.proc = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("dovecot did not start: " + self.log())

    def log(self):
        try:
            with open(os.path.join(self.dir, "dovecot.log")) as f:
                return f.read()[-3000:]
        except OSError:
            return "(no log)"

    @property
    def url(self):
        return f"imap://127.0.0.1:{self.port}/INBOX"

    def append(self, raw: bytes):
        import imaplib
        with imaplib.IMAP4("127.0.0.1", self.port) as imap:
            imap.login(self.user, self.password)
            typ, _ = imap.append("INBOX", None, None, raw)
            assert typ == "OK"

    def message_count(self):
        import imaplib
        with imaplib.IMAP4("127.0.0.1", self.port) as imap:
            imap.login(self.user, self.password)
            typ, data = imap.select("INBOX", readonly=True)
            return int(data[0])

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class SMTPSink:
    """aiosmtpd on loopback keeping every message it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "data": envelope.content})
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self):
        self.controller.stop()
