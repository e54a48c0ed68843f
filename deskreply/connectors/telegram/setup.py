"""What adding a Telegram bot needs before any network call (no aiohttp, no Qt).

The Accounts form uses these to read the token the user pasted and to pick the Bot API
address; the connector uses :func:`default_api_base` too, so both agree.
"""

from __future__ import annotations

import os
import re

DEFAULT_API = "https://api.telegram.org"
# Points DeskReply at another Bot API server (a self-hosted telegram-bot-api, or the local
# test server): the form's "Advanced" field starts with it.
API_ENV = "DESKREPLY_TELEGRAM_API"

# A token from @BotFather: the bot's numeric id, a colon, then the secret part
# (letters, digits, "_" and "-"). BotFather's message around it may be pasted whole.
_TOKEN = re.compile(r"(?<![\w-])(\d{1,20}):([A-Za-z0-9_-]{6,})(?![\w-])")


def default_api_base() -> str:
    return (os.environ.get(API_ENV) or DEFAULT_API).strip().rstrip("/")


def find_token(pasted: str) -> str:
    """The bot token in what the user pasted ("" if there is none).

    BotFather answers with a whole paragraph ("Use this token to access the HTTP API:
    123:AA…"); people paste all of it, or the token with spaces or quotes around it."""
    found = _TOKEN.search(pasted)
    return f"{found.group(1)}:{found.group(2)}" if found else ""


def bot_id(token: str) -> str:
    """The bot's id: the part before the colon (public; not a secret)."""
    return token.partition(":")[0]


def api_base(typed: str) -> str:
    """The Bot API address the user typed, normalised ("" keeps the default)."""
    url = typed.strip().rstrip("/")
    if not url:
        return default_api_base()
    return url if "://" in url else f"https://{url}"
