"""What a check is given besides the draft: conversation context and the user's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Sensitivity = Literal["relaxed", "standard", "strict"]


@dataclass(frozen=True)
class CheckContext:
    """What the conversation tells the checks.

    Attributes:
        incoming: the customer's last message, if any.
        contact_name: the name the chat knows the customer by, if any.
        history: earlier messages of the conversation, oldest first, as
            ``(direction, text)`` with direction ``"in"`` or ``"out"`` (optional).
        formality: how this customer wants to be addressed, when known ("tu", "usted",
            "vos": set by the agent or learnt from the thread); None = guess from ``incoming``.
    """

    incoming: str | None = None
    contact_name: str | None = None
    history: tuple[tuple[str, str], ...] = ()
    formality: str | None = None


@dataclass(frozen=True)
class CheckSettings:
    """The user's choices that change what is reported (stored in the config, not the repo).

    Attributes:
        sensitivity: ``relaxed`` reports only clear problems, ``strict`` also borderline ones.
        ignored_kinds: kinds never reported (``"tone.too_informal"`` or just ``"too_informal"``).
        ignored_words: words or phrases never reported, compared case- and accent-insensitively.
        extra_flagged_words: the user's own words to flag as ``tone``/``profanity``-like.
        severity_overrides: ``{"email": "warning"}`` raises or lowers a kind's severity.
        emoji_max_version: emojis newer than this Emoji version may not render for customers.
        emoji_limit: more emojis than this in one reply is too many.
    """

    sensitivity: Sensitivity = "standard"
    ignored_kinds: frozenset[str] = frozenset()
    ignored_words: frozenset[str] = frozenset()
    extra_flagged_words: frozenset[str] = frozenset()
    severity_overrides: dict[str, str] = field(default_factory=dict)
    emoji_max_version: float = 14.0
    emoji_limit: int = 3


@dataclass(frozen=True)
class CheckRequest:
    """Everything one run of the checks needs besides the spaCy ``Doc``.

    Attributes:
        lang: language of the draft (``es`` or ``en``).
        ui_lang: language the finding messages must be written in.
        context: the conversation context.
        settings: the user's settings.
    """

    lang: str
    ui_lang: str
    context: CheckContext = field(default_factory=CheckContext)
    settings: CheckSettings = field(default_factory=CheckSettings)
