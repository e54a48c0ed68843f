"""Each channel's words for the user live in its own gettext domain; this finds them."""

from __future__ import annotations

from deskreply.i18n import Translate, UnknownLanguageError, system_language, translator


def domain_words(domain: str, lang: str | None) -> Translate:
    """``_`` for ``domain`` in ``lang`` (the system's when empty; English when unknown)."""
    try:
        return translator(domain, lang or system_language())
    except UnknownLanguageError:
        return translator(domain, "en")


def text(message: str) -> str:
    """Marks a text of a channel's own domain (not ``_``: the shared ``connectors``
    catalogue's extraction would claim it); translated where it is shown, in the account's
    language. tests/connectors/test_matrix_telegram_words.py checks each has its Spanish."""
    return message
