"""Blocking SMTP with the stdlib ``smtplib``: implicit TLS or STARTTLS, always verified (or
pinned), AUTH always; the connector runs it on a worker thread."""

from __future__ import annotations

import contextlib
import smtplib
from email.message import EmailMessage
from typing import Any

from deskreply.connectors.email.settings import EmailSettings
from deskreply.connectors.email.tls import capture_context, connect_tls


def _open(settings: EmailSettings, context: Any) -> smtplib.SMTP:
    client: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                  timeout=settings.timeout_seconds, context=context)
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                              timeout=settings.timeout_seconds)
        try:
            client.ehlo()
            if not client.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError("STARTTLS not offered")
            client.starttls(context=context)
            client.ehlo()
        except Exception:
            client.close()
            raise
    return client


def smtp_fingerprint(settings: EmailSettings) -> str:
    context = capture_context()
    client = _open(settings, context)
    with contextlib.suppress(Exception):
        client.quit()
    return context.seen


def _signed_in(settings: EmailSettings, password: str) -> smtplib.SMTP:
    client: smtplib.SMTP = connect_tls(settings, _open, smtp_fingerprint)
    try:
        client.login(settings.username, password)
    except Exception:
        client.close()
        raise
    return client


def check_login(settings: EmailSettings, password: str) -> None:
    client = _signed_in(settings, password)
    with contextlib.suppress(Exception):
        client.quit()


def send(settings: EmailSettings, password: str, message: EmailMessage,
         recipients: list[str]) -> None:
    """Hand the message to the server; returns once the server accepted it (250 after DATA).

    Raises:
        smtplib.SMTPException, OSError: not accepted (see ``problems.describe``).
    """
    client = _signed_in(settings, password)
    try:
        refused = client.send_message(message, from_addr=settings.address, to_addrs=recipients)
        if refused:  # some recipients refused, others accepted: report the refused ones
            raise smtplib.SMTPRecipientsRefused(refused)
    finally:
        with contextlib.suppress(Exception):
            client.quit()
        client.close()
