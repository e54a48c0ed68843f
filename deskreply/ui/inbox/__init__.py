"""The inbox workflow in the window: filters with counts, waiting-time levels, mark done,
snooze, labels, notifications and privacy actions. Strings in the ``ui_inbox`` domain."""

from __future__ import annotations

from deskreply.i18n import translator
from deskreply.ui.text import Translate

INBOX_DOMAIN = "ui_inbox"


def inbox_translator(lang: str) -> Translate:
    return translator(INBOX_DOMAIN, lang)
