"""The one list of checks and kinds: name, kinds, labels, default severities, gettext domain.

The engine's ``CheckName``, the settings dialog (labels of the kinds a user turned off) and
the tests read it; nothing else repeats it. Qt-free and cheap to import (no spaCy).

Labels are English source strings translated in the ``engine`` gettext domain
(``resources/locale/es/LC_MESSAGES/engine.po``); each check's own messages live in the
check's ``domain``. ``default_severity`` is the severity at standard sensitivity before the
user's overrides ("varies": it depends on the entry, e.g. a strong or a mild swear word).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from deskreply.i18n import translator

CheckName = Literal["sensitive", "tone", "emoji"]
LABEL_DOMAIN = "engine"


def N_(message: str) -> str:
    """Mark a string for translation (gettext convention)."""
    return message


@dataclass(frozen=True)
class KindInfo:
    name: str
    label: str
    default_severity: str
    #: gettext domain of this kind's finding messages (usually the check's).
    domain: str


@dataclass(frozen=True)
class CheckInfo:
    name: CheckName
    domain: str
    kinds: tuple[KindInfo, ...]


def _kinds(domain: str, *rows: tuple[str, str, str]) -> tuple[KindInfo, ...]:
    return tuple(KindInfo(name, label, severity, domain) for name, label, severity in rows)


CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo("sensitive", "sensitive", _kinds(
        "sensitive",
        ("payment_card", N_("Card numbers"), "block"),
        ("iban", N_("IBAN account numbers"), "block"),
        ("bank_account", N_("Bank account numbers (CBU, CVU, CLABE)"), "block"),
        ("national_id", N_("ID numbers (DNI, NIE, CUIT, RUT…)"), "warning"),
        ("credential", N_("Passwords and codes"), "block"),
        ("secret_token", N_("Access keys and tokens"), "block"),
        ("email", N_("Email addresses"), "info"),
        ("phone", N_("Phone numbers"), "info"),
    )),
    CheckInfo("tone", "tone", _kinds(
        "tone",
        ("insult", N_("Insults"), "block"),
        ("profanity", N_("Swear words"), "varies"),
        ("shouting", N_("Shouting (capital letters)"), "warning"),
        ("aggressive", N_("Aggressive tone"), "varies"),
        ("passive_aggressive", N_("Passive-aggressive tone"), "warning"),
        ("sarcasm", N_("Sarcasm"), "warning"),
        ("blame", N_("Blaming the customer"), "warning"),
        ("dismissive", N_("Dismissive replies"), "warning"),
        ("too_informal", N_("Too informal"), "warning"),
        ("formality_mismatch", N_("Mixing formal and informal address"), "warning"),
        ("wrong_name", N_("Wrong customer name"), "warning"),
        ("no_empathy", N_("No empathy after a complaint"), "warning"),
    ) + _kinds(
        # The placeholder check reports under ``tone`` (saved settings name it
        # "tone.unfilled_placeholder") with messages of its own domain.
        "placeholders",
        ("unfilled_placeholder", N_("Unfilled placeholders"), "warning"),
    )),
    CheckInfo("emoji", "emoji", _kinds(
        "emoji",
        ("risky_emoji", N_("Emoji that may read badly"), "varies"),
        ("emoji_may_not_render", N_("Emoji the customer's phone may not show"), "warning"),
        ("too_many_emoji", N_("Too many emoji"), "info"),
    )),
)

CHECK_NAMES: tuple[str, ...] = tuple(check.name for check in CHECKS)
_BY_KIND: dict[str, tuple[CheckInfo, KindInfo]] = {
    kind.name: (check, kind) for check in CHECKS for kind in check.kinds
}


def kind_info(kind: str) -> KindInfo | None:
    """The registry row of ``kind`` (``sarcasm`` or qualified ``tone.sarcasm``)."""
    found = _BY_KIND.get(kind.rsplit(".", 1)[-1])
    return found[1] if found else None


def check_of(kind: str) -> str | None:
    found = _BY_KIND.get(kind.rsplit(".", 1)[-1])
    return found[0].name if found else None


def label(kind: str, lang: str) -> str:
    """The kind's readable name in ``lang``; an unknown kind is shown as it is."""
    info = kind_info(kind)
    if info is None:
        return kind
    return translator(LABEL_DOMAIN, lang)(info.label)
