"""The Matrix channel's words for the user (gettext domain ``connectors_matrix``)."""

from __future__ import annotations

from deskreply.connectors.words import domain_words, text
from deskreply.i18n import Translate

DOMAIN = "connectors_matrix"
__all__ = ["DOMAIN", "text", "words"]


def words(lang: str | None) -> Translate:
    return domain_words(DOMAIN, lang)


ENCRYPTED_MESSAGE = text("🔒 Encrypted message — not readable here yet. Open this chat in a "
                      "Matrix app that has your keys.")
ENCRYPTED_SEND = text("This chat is encrypted, and DeskReply cannot write encrypted messages yet. "
                   "Answer from a Matrix app that has your keys.")
TOKEN_REFUSED = text("The homeserver no longer accepts this sign-in. Sign in again.")
NO_CONNECTION = text("Cannot reach the homeserver.")
SERVER_ERROR = text("The homeserver answered with an error: {detail}")
NOT_ALLOWED = text("The homeserver does not allow this account to write in this chat.")
NOT_SIGNED_IN = text("Not signed in: sign in to the homeserver first.")
