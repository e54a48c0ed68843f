"""The Matrix channel's words for the user (gettext domain ``connectors_matrix``)."""

from __future__ import annotations

from deskreply.i18n import Translate, UnknownLanguageError, system_language, translator

DOMAIN = "connectors_matrix"


def words(lang: str | None) -> Translate:
    try:
        return translator(DOMAIN, lang or system_language())
    except UnknownLanguageError:
        return translator(DOMAIN, "en")


def text(message: str) -> str:
    """Marks a text of this domain (not ``_``: the shared ``connectors`` catalogue's
    extraction would claim it); translated where it is shown, in the account's language.
    tests/connectors/test_matrix_telegram_words.py checks each has its Spanish."""
    return message


ENCRYPTED_MESSAGE = text("🔒 Encrypted message — not readable here yet. Open this chat in a "
                      "Matrix app that has your keys.")
ENCRYPTED_SEND = text("This chat is encrypted, and DeskReply cannot write encrypted messages yet. "
                   "Answer from a Matrix app that has your keys.")
TOKEN_REFUSED = text("The homeserver no longer accepts this sign-in. Sign in again.")
NO_CONNECTION = text("Cannot reach the homeserver.")
SERVER_ERROR = text("The homeserver answered with an error: {detail}")
NOT_ALLOWED = text("The homeserver does not allow this account to write in this chat.")
NOT_SIGNED_IN = text("Not signed in: sign in to the homeserver first.")
