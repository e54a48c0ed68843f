"""The Telegram channel's words for the user (gettext domain ``connectors_telegram``)."""

from __future__ import annotations

from deskreply.connectors.words import domain_words, text
from deskreply.i18n import Translate

DOMAIN = "connectors_telegram"
__all__ = ["DOMAIN", "text", "words"]


def words(lang: str | None) -> Translate:
    return domain_words(DOMAIN, lang)


TOKEN_REFUSED = text("Telegram refused the bot token. Copy it again from @BotFather.")
NO_TOKEN = text("No bot token: paste the token @BotFather gave you.")
NO_CONNECTION = text("Cannot reach Telegram.")
TOO_MANY = text("Telegram asks to slow down; trying again in {seconds} s.")
OTHER_POLLER = text("Another program is reading this bot's messages (Telegram says: {detail}). "
                 "Only one can at a time.")
SERVER_ERROR = text("Telegram answered with an error: {detail}")
MAYBE_SENT = text("The connection broke while sending, so this reply may already have reached the "
               "customer: Telegram cannot tell us. Check the chat in Telegram; press Retry only "
               "if it is not there.")
REFUSED = text("Telegram did not accept this reply: {detail}")
