"""What went wrong, in one of the TestResult codes and in plain words (gettext ``connectors``).

Every network error of IMAPClient, imaplib, smtplib, ssl and socket is mapped here once, so the
connection test, the status line and a failed send all say the same thing. Texts never carry
the password, and never the server's raw answer (which may echo what we sent).
"""

from __future__ import annotations

import imaplib
import smtplib
import socket
import ssl
from dataclasses import dataclass

from imapclient import exceptions as imap_errors

from deskreply.connectors.email.tls import UntrustedCertificate, is_verification_error
from deskreply.i18n import Translate, UnknownLanguageError, system_language, translator

DOMAIN = "connectors"


def texts(lang: str = "") -> Translate:
    """``_`` for the connectors domain (``lang`` "" → the system language)."""
    try:
        return translator(DOMAIN, lang or system_language())
    except UnknownLanguageError:
        return translator(DOMAIN, "en")


@dataclass(frozen=True)
class Problem:
    code: str  # auth_failed | host_not_found | tls_untrusted | tls_error | timeout | refused
    #            | recipient_refused | error
    detail: str
    retry: bool  # worth trying again later without the user doing anything
    fingerprint: str = ""


def _smtp_code(error: BaseException) -> int:
    code = getattr(error, "smtp_code", 0)
    return code if isinstance(code, int) else 0


def describe(error: BaseException, server: str, lang: str = "") -> Problem:
    """Turn an exception from talking to ``server`` ("imap.example.com:993") into words."""
    _ = texts(lang)
    if isinstance(error, UntrustedCertificate):
        if error.reason.startswith("the certificate changed"):
            detail = _("The certificate of {server} changed since you trusted it. Trust the new "
                       "one only if you expected the change. SHA-256 fingerprint: {fingerprint}")
        else:
            detail = _("The certificate of {server} is not trusted (self-signed or from an "
                       "unknown authority). Trust it only if this fingerprint is the one your "
                       "provider gave you. SHA-256 fingerprint: {fingerprint}")
        return Problem("tls_untrusted", detail.format(server=server,
                                                      fingerprint=error.fingerprint),
                       retry=False, fingerprint=error.fingerprint)
    if isinstance(error, imap_errors.LoginError | smtplib.SMTPAuthenticationError):
        return Problem("auth_failed", _(
            "{server} refused the user name or password. Check them; Gmail, Outlook, Yahoo "
            "and iCloud need an app password.").format(server=server), retry=False)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return Problem("recipient_refused", _(
            "The mail server refused the address {address}.").format(
                address=", ".join(error.recipients)), retry=False)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return Problem("error", _("The mail server refused to send from {address}.").format(
            address=error.sender), retry=400 <= _smtp_code(error) < 500)
    if isinstance(error, smtplib.SMTPResponseException) and 400 <= _smtp_code(error) < 500:
        return Problem("error", _("{server} is busy or had a temporary problem; trying "
                                  "again later.").format(server=server), retry=True)
    if isinstance(error, smtplib.SMTPResponseException):
        return Problem("error", _("{server} refused the message (code {code}).").format(
            server=server, code=_smtp_code(error)), retry=False)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return Problem("error", _("{server} does not offer what DeskReply needs (AUTH or "
                                  "STARTTLS). Check the port and the security setting.").format(
                                      server=server), retry=False)
    if isinstance(error, socket.gaierror):
        return Problem("host_not_found", _(
            "The server {server} was not found. Check its name and your internet "
            "connection.").format(server=server), retry=True)
    if isinstance(error, ConnectionRefusedError):
        return Problem("refused", _(
            "{server} refused the connection. Check the port, or the server may be "
            "down.").format(server=server), retry=True)
    if isinstance(error, TimeoutError | socket.timeout):
        return Problem("timeout", _("{server} did not answer in time.").format(server=server),
                       retry=True)
    if is_verification_error(error) or isinstance(error, ssl.SSLError):
        return Problem("tls_error", _(
            "The secure connection to {server} failed. Check the port and the security "
            "setting (SSL or STARTTLS).").format(server=server), retry=True)
    if isinstance(error, imap_errors.CapabilityError):
        return Problem("tls_error", _("{server} does not offer STARTTLS. Choose SSL or another "
                                      "port.").format(server=server), retry=False)
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError
                  | imaplib.IMAP4.abort | EOFError):
        return Problem("error", _("{server} closed the connection.").format(server=server),
                       retry=True)
    if isinstance(error, OSError):
        return Problem("refused", _("{server} cannot be reached: {reason}").format(
            server=server, reason=error.strerror or type(error).__name__), retry=True)
    return Problem("error", _("Something went wrong talking to {server} ({kind}).").format(
        server=server, kind=type(error).__name__), retry=True)
