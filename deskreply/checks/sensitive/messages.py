"""What the user reads about a sensitive value, how serious it is, and the one-click fixes."""

from __future__ import annotations

from deskreply.checks.report import Fix, Severity
from deskreply.checks.request import Sensitivity
from deskreply.i18n import Translate


def N_(message: str) -> str:  # the gettext convention: marked for translation, used later
    return message


MESSAGES: dict[str, str] = {
    "payment_card": N_(
        "This looks like a card number. Anyone who sees the chat could use it to pay."
    ),
    "iban": N_(
        "This looks like a bank account number (IBAN). Anyone who sees the chat could use it "
        "for fraudulent direct debits."
    ),
    "bank_account": N_(
        "This looks like a bank account number. Anyone who sees the chat could misuse it."
    ),
    "national_id": N_(
        "This looks like an ID or tax number. It can be used to impersonate the person; "
        "send only what the customer really needs."
    ),
    "credential": N_(
        "This looks like a password or security code. Anyone who reads the chat could get into "
        "the account; give it another way or let the customer set their own."
    ),
    "secret_token": N_(
        "This looks like an API key or private key. Anyone who sees it can act as your "
        "company; remove it and have it replaced."
    ),
    "email": N_("This is an email address. Check that you mean to share it in this chat."),
    "phone": N_("This is a phone number. Check that you mean to share it in this chat."),
}
MASK_LABEL = N_("Mask")
KEY_REMOVED = N_("[private key removed]")
REMOVE_LABEL = N_("Remove")

SEVERITY: dict[str, Severity] = {
    "payment_card": "block",
    "iban": "block",
    "bank_account": "block",
    "credential": "block",
    "secret_token": "block",
    "national_id": "warning",
    "email": "info",
    "phone": "info",
}
_CONTACT = ("email", "phone")
BULLET = "•"


def severity_for(kind: str, sensitivity: Sensitivity) -> Severity | None:
    """The kind's severity under the user's sensitivity; None = do not report.

    ``strict`` raises e-mails and phones to warnings (some teams must never share them);
    ``relaxed`` drops them (a help desk gives out its own phone and address all day).
    """
    if kind in _CONTACT:
        if sensitivity == "relaxed":
            return None
        if sensitivity == "strict":
            return "warning"
    return SEVERITY[kind]


def _mask_keep_last(value: str, keep: int) -> str:
    """Bullets for every letter/digit except the last ``keep``; separators stay."""
    alnum = sum(1 for ch in value if ch.isalnum())
    hide = max(alnum - keep, 0)
    out: list[str] = []
    for ch in value:
        if ch.isalnum() and hide > 0:
            out.append(BULLET)
            hide -= 1
        else:
            out.append(ch)
    return "".join(out)


def _same(message: str) -> str:
    return message


def mask(kind: str, value: str, _: Translate = _same) -> str:
    """A masked copy of ``value`` that keeps its shape ("•••• •••• •••• 4242")."""
    if kind == "credential":
        return BULLET * max(len(value), 4)  # the last 4 of a PIN would be the whole PIN
    if kind == "secret_token" and "PRIVATE KEY" in value:
        return _(KEY_REMOVED)
    if kind == "email":
        local, _at, domain = value.partition("@")
        return f"{local[:1]}{BULLET * 3}@{domain}"
    return _mask_keep_last(value, 4)


def describe(kind: str, value: str, _: Translate) -> tuple[str, tuple[Fix, ...]]:
    """The translated message and the fixes for one finding."""
    fixes = (Fix(_(MASK_LABEL), mask(kind, value, _)), Fix(_(REMOVE_LABEL), ""))
    return _(MESSAGES[kind]), fixes
