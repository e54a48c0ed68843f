"""TLS for IMAP and SMTP: verified by default, or pinned to one certificate the user trusted.

A self-signed server fails verification; we then fetch its certificate on a second, unverified
connection that sends nothing (no login), and report :class:`UntrustedCertificate` with its
SHA-256 fingerprint. When the user trusts it, the account stores that fingerprint
(``settings["trusted_fingerprint"]``) and from then on exactly that certificate is accepted —
a changed certificate is refused again with the new fingerprint.

The check sits in :meth:`PinnedContext.wrap_socket`, which both ``imaplib`` (IMAPClient) and
``smtplib`` call for implicit TLS and for STARTTLS alike, so no protocol code is duplicated.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from typing import Any


class UntrustedCertificate(Exception):
    """The server's certificate is not trusted; ``fingerprint`` is what the user may trust."""

    def __init__(self, fingerprint: str, reason: str) -> None:
        super().__init__(f"certificate not trusted ({reason}); SHA-256 {fingerprint}")
        self.fingerprint = fingerprint
        self.reason = reason


def fingerprint_of(der: bytes) -> str:
    """SHA-256 of a DER certificate as upper-case hex pairs joined by colons."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def normalise_fingerprint(text: str) -> str:
    """Accept what users paste (spaces, lower case, no colons) and give the canonical form."""
    hex_digits = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return ":".join(hex_digits[i:i + 2] for i in range(0, len(hex_digits), 2))


class PinnedContext(ssl.SSLContext):
    """Accept only the certificate whose fingerprint is ``pin`` (chain and name not checked:
    the user looked at this exact certificate and trusted it)."""

    pin: str = ""

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any
                    ) -> ssl.SSLSocket:
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        der = wrapped.getpeercert(binary_form=True) or b""
        seen = fingerprint_of(der)
        if seen != self.pin:
            wrapped.close()
            raise UntrustedCertificate(seen, "the certificate changed since you trusted it")
        return wrapped


class CaptureContext(ssl.SSLContext):
    """Unverified, for reading a certificate only: the caller must not log in over it."""

    seen: str = ""

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any
                    ) -> ssl.SSLSocket:
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        self.seen = fingerprint_of(wrapped.getpeercert(binary_form=True) or b"")
        return wrapped


def _unverified(cls: type[ssl.SSLContext]) -> ssl.SSLContext:
    context = cls(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def client_context(trusted_fingerprint: str = "") -> ssl.SSLContext:
    """The context for a real connection: system CAs and host name, or the pinned cert."""
    if trusted_fingerprint:
        context = _unverified(PinnedContext)
        assert isinstance(context, PinnedContext)
        context.pin = normalise_fingerprint(trusted_fingerprint)
        return context
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def capture_context() -> CaptureContext:
    context = _unverified(CaptureContext)
    assert isinstance(context, CaptureContext)
    return context


def is_verification_error(error: BaseException) -> bool:
    return isinstance(error, ssl.SSLCertVerificationError) or (
        isinstance(error, ssl.SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(error))


def connect_tls(settings: Any, opener: Any, fingerprint: Any) -> Any:
    """Open a verified (or pinned) connection; an unverifiable certificate becomes
    :class:`UntrustedCertificate` carrying its fingerprint."""
    try:
        return opener(settings, client_context(settings.trusted_fingerprint))
    except UntrustedCertificate:
        raise
    except Exception as error:
        if not is_verification_error(error):
            raise
        reason = getattr(error, "verify_message", "") or "verification failed"
    raise UntrustedCertificate(fingerprint(settings), str(reason))
