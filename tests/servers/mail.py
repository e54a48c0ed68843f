"""Dovecot + the SMTP server + their certificate and Maildirs, started together.

Each test makes its own users (:meth:`MailServers.new_user`) so mailboxes never mix; dovecot
re-reads its passwd-file when it changes, so this costs no restart.
"""

from __future__ import annotations

import os
import secrets
import shutil
import smtplib
import ssl
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from tests.servers.certs import Certificate, make_certificate
from tests.servers.dovecot import Dovecot
from tests.servers.mailstore import MailStore, MailUser
from tests.servers.smtp import SmtpServer

DOMAIN = "example.test"


def unverified_context() -> ssl.SSLContext:
    """For the test's own helper clients only (never the connector under test)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class MailServers:
    def __init__(self, *, idle: bool = True, users: int = 80) -> None:
        # Not pytest's tmp_path: its 0700 parents keep dovecot's unprivileged processes out.
        self.root = Path(tempfile.mkdtemp(prefix="deskreply-mail-"))
        os.chmod(self.root, 0o755)
        self.cert: Certificate = make_certificate(self.root / "tls")
        self.store = MailStore(self.root / "mail")
        self.dovecot = Dovecot(self.root / "dovecot", self.store, self.cert, idle=idle)
        self.smtp = SmtpServer(self.store, self.cert)
        # Users are made before dovecot starts: it re-reads a changed passwd-file only once
        # a second, so adding users later would need a pause each time.
        self._pool = [self._add("user") for _ in range(users)]

    def start(self) -> MailServers:
        try:
            self.dovecot.start()
            self.smtp.start()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.smtp.stop()
        self.dovecot.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def new_user(self, name: str = "user") -> MailUser:
        """A user of its own for one test (from the pool written before dovecot started)."""
        if self._pool:
            return self._pool.pop()
        # dovecot looks at its passwd-file at most once a second: wait that second out.
        user = self._add(name)
        self.dovecot.write_passwd()
        time.sleep(1.1)
        return user

    def _add(self, name: str) -> MailUser:
        address = f"{name}-{secrets.token_hex(4)}@{DOMAIN}"
        return self.store.add_user(address, "pw-" + secrets.token_urlsafe(12))

    def account_settings(self, user: MailUser, *, display_name: str = "Support",
                         imap_tls: str = "ssl", smtp_tls: str = "ssl",
                         trusted: bool = True, **extra: Any) -> dict[str, Any]:
        """EmailConnector settings for this user on these servers (trusting their cert)."""
        settings: dict[str, Any] = {
            "address": user.address, "display_name": display_name, "username": user.address,
            "imap_host": "127.0.0.1",
            "imap_port": self.dovecot.imaps_port if imap_tls == "ssl" else self.dovecot.imap_port,
            "imap_tls": imap_tls,
            "smtp_host": "127.0.0.1",
            "smtp_port": self.smtp.smtps_port if smtp_tls == "ssl" else self.smtp.smtp_port,
            "smtp_tls": smtp_tls,
        }
        if trusted:
            settings["trusted_fingerprint"] = self.cert.fingerprint
        settings.update(extra)
        return settings

    def send(self, sender: MailUser, to: str, raw: bytes | Any) -> None:
        """Send a mail as ``sender`` through the SMTP server (what a customer's client does)."""
        data = raw if isinstance(raw, bytes) else raw.as_bytes()
        with smtplib.SMTP_SSL("127.0.0.1", self.smtp.smtps_port, timeout=10,
                              context=unverified_context()) as client:
            client.login(sender.address, sender.password)
            client.sendmail(sender.address, [to], data)

    def imap(self, user: MailUser) -> IMAPClient:
        client = IMAPClient("127.0.0.1", self.dovecot.imaps_port, ssl=True,
                            ssl_context=unverified_context(), timeout=10)
        client.login(user.address, user.password)
        return client

    def folder_messages(self, user: MailUser, folder: str = "INBOX") -> list[Mapping[bytes, Any]]:
        """Every message in one folder, over IMAP (BODY.PEEK[]), oldest first."""
        client = self.imap(user)
        try:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            fetched = client.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            return [fetched[uid] for uid in sorted(fetched)]
        finally:
            client.logout()
