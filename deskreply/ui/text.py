"""Small text helpers for the UI: translations, waiting times, channel names, safe display.

Kept free of widgets so they are quick to test; everything here returns plain strings.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from deskreply.i18n import system_language, translator

Translate = Callable[[str], str]

# Marks strings for extraction without translating them at import time.
def N_(message: str) -> str:
    return message


CHANNEL_LABELS: dict[str, str] = {
    "whatsapp": N_("WhatsApp"),
    "instagram": N_("Instagram"),
    "messenger": N_("Messenger"),
    "telegram": N_("Telegram"),
    "email": N_("Email"),
    "signal": N_("Signal"),
    "matrix": N_("Matrix"),
    "demo": N_("Demo"),
}

STATE_LABELS: dict[str, tuple[str, str]] = {
    # state: (symbol, label). Symbol AND words: never colour alone.
    "received": ("", N_("Received")),
    "queued": ("🕓", N_("Waiting to send")),
    "sent": ("✓", N_("Sent")),
    "delivered": ("✓✓", N_("Delivered")),
    "read": ("✓✓", N_("Read")),
    "failed": ("⚠", N_("Not sent")),
}

# A chat reply longer than this is not read in a bubble; the rest is summarised.
MAX_SHOWN_CHARS = 20_000
# Runs of non-space characters longer than this get invisible break points so a pasted URL or
# a long token can wrap inside its bubble instead of stretching the window.
_LONG_RUN = re.compile(r"\S{40}")
_ZWSP = "\u200b"


def ui_translator(lang: str | None) -> tuple[str, Translate]:
    """The UI language code and its gettext function (``lang`` None: the system language)."""
    code = lang or system_language()
    translate = translator("ui", code)
    return code, translate


def channel_label(channel: str, _: Translate) -> str:
    label = CHANNEL_LABELS.get(channel)
    return _(label) if label else channel.capitalize()


def state_text(state: str, _: Translate) -> str:
    """``✓✓ Delivered``: a symbol plus a word, so the state reads without colour."""
    symbol, label = STATE_LABELS.get(state, ("", state))
    words = _(label) if state in STATE_LABELS else state
    return f"{symbol} {words}".strip()


def waiting_text(seconds: float, _: Translate) -> str:
    """How long someone has waited, short: ``now``, ``12 min``, ``3 h``, ``2 d``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return _("now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("{n} min").format(n=minutes)
    hours = minutes // 60
    if hours < 24:
        return _("{n} h").format(n=hours)
    return _("{n} d").format(n=hours // 24)


def clock_text(timestamp: float, now: float | None = None) -> str:
    """``14:05`` for today, ``12 Mar 14:05`` for older messages (numbers only, no locale)."""
    now = time.time() if now is None else now
    moment = time.localtime(timestamp)
    if time.strftime("%Y-%m-%d", moment) == time.strftime("%Y-%m-%d", time.localtime(now)):
        return time.strftime("%H:%M", moment)
    return time.strftime("%d/%m %H:%M", moment)


def preview_text(text: str) -> str:
    """One line of a message for the chat list: whitespace collapsed, start of the text only."""
    return " ".join(text[:300].split())


def bubble_text(text: str, _: Translate) -> str:
    """The text as shown in a bubble: plain, long runs breakable, very long texts shortened."""
    extra = len(text) - MAX_SHOWN_CHARS
    shown = text[:MAX_SHOWN_CHARS] if extra > 0 else text
    shown = _LONG_RUN.sub(lambda match: match.group(0) + _ZWSP, shown)
    if extra > 0:
        shown += "\n\n" + _("[{n} more characters not shown]").format(n=extra)
    return shown


def size_text(size: int) -> str:
    """A file size for people: 512 B, 14 KB, 2.3 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"
