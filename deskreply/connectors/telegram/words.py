"""The Telegram channel's words for the user (gettext domain ``connectors_telegram``)."""

from __future__ import annotations

from deskreply.i18n import Translate, UnknownLanguageError, system_language, translator

DOMAIN = "connectors_telegram"


def words(lang: str | None) -> Translate:
    try:
        return translator(DOMAIN, lang or system_language())
    except UnknownLanguageError:
        return translator(DOMAIN, "en")


def _(message: str) -> str:
    """Marks a string for extraction; translated where it is shown, in the account's language."""
    return message


TOKEN_REFUSED = _("Telegram refused the bot token. Copy it again from @BotFather.")
NO_TOKEN = _("No bot token: paste the token @BotFather gave you.")
NO_CONNECTION = _("Cannot reach Telegram.")
TOO_MANY = _("Telegram asks to slow down; trying again in {seconds} s.")
OTHER_POLLER = _("Another program is reading this bot's messages (Telegram says: {detail}). "
                 "Only one can at a time.")
SERVER_ERROR = _("Telegram answered with an error: {detail}")
MAYBE_SENT = _("The connection broke while sending, so this reply may already have reached the "
               "customer: Telegram cannot tell us. Check the chat in Telegram; press Retry only "
               "if it is not there.")
REFUSED = _("Telegram did not accept this reply: {detail}")
