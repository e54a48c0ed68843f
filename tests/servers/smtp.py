"""A real SMTP server on 127.0.0.1 (aiosmtpd, in-process) that delivers into dovecot's Maildirs.

Two listeners: STARTTLS (``smtp_port``) and implicit TLS (``smtps_port``); AUTH PLAIN/LOGIN
against the same users as dovecot, only over TLS. ``stop()``/``start()`` restart it on the same
ports; ``drop_next_data`` makes it die in the middle of the next DATA without storing it (what a
crashed server does), to test retries.
"""

from __future__ import annotations

import logging
import threading
import warnings
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.servers.certs import Certificate
from tests.servers.dovecot import free_port
from tests.servers.mailstore import MailStore

# aiosmtpd logs every command, and warns about its own deprecated login_data on each AUTH.
logging.getLogger("mail.log").setLevel(logging.ERROR)


class _Controller(Controller):
    def factory(self) -> SMTP:
        # Implicit TLS + AUTH: aiosmtpd warns (per connection) that AUTH is not TLS-only.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return super().factory()


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(self, smtp: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address.lower() not in self.server.store.users:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        if self.server.take_drop():
            # The server "crashes" after the client sent the whole message: nothing stored,
            # no reply, connection gone.
            if smtp.transport is not None:
                smtp.transport.abort()
            return "421 4.3.0 gone"
        raw = envelope.original_content or b""
        for rcpt in envelope.rcpt_tos:
            self.server.store.deliver(rcpt, raw)
        with self.server.lock:
            self.server.accepted += 1
        return "250 2.0.0 Stored"


class SmtpServer:
    def __init__(self, store: MailStore, cert: Certificate) -> None:
        self.store = store
        self.cert = cert
        self.smtp_port = free_port()
        self.smtps_port = free_port()
        self.lock = threading.Lock()
        self.accepted = 0
        self.drop_next_data = False
        self._controllers: list[_Controller] = []

    def take_drop(self) -> bool:
        with self.lock:
            drop, self.drop_next_data = self.drop_next_data, False
            return drop

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope,
                      mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            user = self.store.users.get(auth_data.login.decode("utf-8", "replace").lower())
            if user is not None and auth_data.password.decode("utf-8", "replace") \
                    == user.password:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def start(self) -> None:
        if self._controllers:
            return
        handler = _Handler(self)
        common: dict[str, Any] = {
            "hostname": "127.0.0.1", "authenticator": self._authenticate,
            "auth_required": True, "server_hostname": "localhost",
        }
        starttls = _Controller(handler, port=self.smtp_port,
                              tls_context=self.cert.server_context(), require_starttls=True,
                              auth_require_tls=True, **common)
        # aiosmtpd does not see implicit TLS as TLS; the whole connection is encrypted anyway.
        implicit = _Controller(handler, port=self.smtps_port,
                              ssl_context=self.cert.server_context(), auth_require_tls=False,
                              **common)
        for controller in (starttls, implicit):
            controller.start()
            self._controllers.append(controller)

    def stop(self) -> None:
        for controller in self._controllers:
            controller.stop()
        self._controllers = []

    @property
    def running(self) -> bool:
        return bool(self._controllers)
