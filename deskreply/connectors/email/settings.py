"""The settings of one email account (``AccountConfig.settings``), read and checked once.

Keys (all JSON values; none is secret):

``address``            the mailbox address customers write to (required)
``display_name``       the name customers see on our replies ("" → the account's name)
``username``           login for IMAP and SMTP (default: ``address``)
``imap_host``          required; ``imap_port`` default 993 (``ssl``) or 143 (``starttls``)
``imap_tls``           ``"ssl"`` (implicit TLS, default) or ``"starttls"``
``smtp_host``          default: ``imap_host``; ``smtp_port`` default 465 (``ssl``) or 587
``smtp_tls``           ``"ssl"`` (default) or ``"starttls"``
``sent_folder``        where our replies are kept; absent → found by SPECIAL-USE ``\\Sent``
                       (then by common names, then created as "Sent")
``trusted_fingerprint`` SHA-256 of the one certificate the user trusted ("AB:CD:…"); when
                       set, exactly that certificate is accepted (and nothing else)
``poll_seconds``       how often to look for new mail when the server has no IDLE (default 60)
``timeout_seconds``    how long to wait for a server before giving up (default 30)
``lang``               language of the status texts (``en``/``es``; default: the system's)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deskreply.connectors.email.problems import texts
from deskreply.i18n import Translate

TLS_MODES = ("ssl", "starttls")


class SettingsError(ValueError):
    """An account's settings are incomplete or wrong (message in plain words)."""


def _int(value: Any, default: int, name: str, _: Translate) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingsError(_("The setting {name} must be a number, not “{value}”.").format(
            name=name, value=value)) from None
    if not 0 < number < 65536 and name.endswith("port"):
        raise SettingsError(_("The port {name} must be between 1 and 65535.").format(
            name=name))
    return number


def _seconds(value: Any, default: float, _: Translate) -> float:
    if value in (None, ""):
        return default
    try:
        return max(0.2, float(value))
    except (TypeError, ValueError):
        raise SettingsError(_("The setting {name} must be a number, not “{value}”.").format(
            name="timeout_seconds", value=value)) from None


@dataclass(frozen=True)
class EmailSettings:
    address: str
    display_name: str
    username: str
    imap_host: str
    imap_port: int
    imap_tls: str
    smtp_host: str
    smtp_port: int
    smtp_tls: str
    sent_folder: str
    trusted_fingerprint: str
    poll_seconds: int
    timeout_seconds: float
    lang: str

    @property
    def imap_server(self) -> str:
        return f"{self.imap_host}:{self.imap_port}"

    @property
    def smtp_server(self) -> str:
        return f"{self.smtp_host}:{self.smtp_port}"

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2] or "localhost"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], account_name: str = "") -> EmailSettings:
        lang = str(values.get("lang") or "")
        _ = texts(lang)
        address = str(values.get("address", "")).strip()
        if "@" not in address:
            raise SettingsError(_("The email address is missing or has no @."))
        imap_host = str(values.get("imap_host", "")).strip()
        if not imap_host:
            raise SettingsError(_("The IMAP server (incoming mail) is missing."))
        imap_tls = str(values.get("imap_tls") or "ssl")
        smtp_tls = str(values.get("smtp_tls") or "ssl")
        for name, mode in (("imap_tls", imap_tls), ("smtp_tls", smtp_tls)):
            if mode not in TLS_MODES:
                raise SettingsError(_("The security setting {name} must be SSL or "
                                      "STARTTLS.").format(name=name))
        return cls(
            address=address,
            display_name=str(values.get("display_name") or account_name or ""),
            username=str(values.get("username") or address),
            imap_host=imap_host,
            imap_port=_int(values.get("imap_port"), 993 if imap_tls == "ssl" else 143,
                           "imap_port", _),
            imap_tls=imap_tls,
            smtp_host=str(values.get("smtp_host") or imap_host),
            smtp_port=_int(values.get("smtp_port"), 465 if smtp_tls == "ssl" else 587,
                           "smtp_port", _),
            smtp_tls=smtp_tls,
            sent_folder=str(values.get("sent_folder") or ""),
            trusted_fingerprint=str(values.get("trusted_fingerprint") or ""),
            poll_seconds=max(1, _int(values.get("poll_seconds"), 60, "poll_seconds", _)),
            timeout_seconds=_seconds(values.get("timeout_seconds"), 30.0, _),
            lang=lang,
        )
