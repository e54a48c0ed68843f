"""The demo inbox: realistic chats loaded once into a fresh database.

``resources/demo/inbox.json`` (format described in ``resources/demo/README.md``) gives message
times as ``minutes_ago`` so the inbox looks fresh on the day it is loaded.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskreply.store.rows import CHANNELS
from deskreply.store.store import Store

DEMO_ACCOUNT = "demo"
LOADED_FLAG = "demo_loaded"
_FORMAT = 1
_AGENT_STATES = ("sent", "delivered", "read")
_LANGS = ("es", "en")


class DemoDataError(ValueError):
    """The demo file is malformed; the message says where."""


@dataclass(frozen=True)
class DemoMessage:
    from_customer: bool
    minutes_ago: float
    text: str
    state: str


@dataclass(frozen=True)
class DemoConversation:
    channel: str
    contact: str
    handle: str
    lang: str | None
    unread: int
    done: bool
    messages: tuple[DemoMessage, ...]


def _require(condition: bool, where: str, problem: str) -> None:
    if not condition:
        raise DemoDataError(f"{where}: {problem}")


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    _require(isinstance(value, str) and value.strip() != "", where,
             f"'{key}' must be a non-empty string")
    return str(value)


def _message(entry: Any, where: str) -> DemoMessage:
    _require(isinstance(entry, dict), where, "must be an object")
    sender = entry.get("from")
    _require(sender in ("customer", "agent"), where, "'from' must be 'customer' or 'agent'")
    minutes = entry.get("minutes_ago")
    _require(isinstance(minutes, int | float) and not isinstance(minutes, bool)
             and minutes >= 0, where, "'minutes_ago' must be a number >= 0")
    state = "received" if sender == "customer" else entry.get("state", "delivered")
    _require(state in (*_AGENT_STATES, "received"), where,
             f"'state' must be one of {', '.join(_AGENT_STATES)}")
    return DemoMessage(sender == "customer", float(minutes), _text(entry, "text", where), state)


def _conversation(entry: Any, where: str) -> DemoConversation:
    _require(isinstance(entry, dict), where, "must be an object")
    channel = entry.get("channel")
    _require(channel in CHANNELS, where, f"'channel' must be one of {', '.join(CHANNELS)}")
    lang = entry.get("lang")
    _require(lang is None or lang in _LANGS, where, "'lang' must be 'es' or 'en'")
    unread = entry.get("unread", 0)
    _require(isinstance(unread, int) and not isinstance(unread, bool) and unread >= 0, where,
             "'unread' must be a whole number >= 0")
    done = entry.get("done", False)
    _require(isinstance(done, bool), where, "'done' must be true or false")
    raw = entry.get("messages")
    _require(isinstance(raw, list) and len(raw) > 0, where, "'messages' must be a non-empty list")
    messages = tuple(_message(m, f"{where}, message {j + 1}") for j, m in enumerate(raw))
    return DemoConversation(str(channel), _text(entry, "contact", where),
                            _text(entry, "handle", where), lang, unread, done, messages)


def read_inbox(path: Path) -> list[DemoConversation]:
    """Parse and validate the demo inbox file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoDataError(f"{path}: cannot read the demo inbox ({error})") from error
    _require(isinstance(data, dict) and data.get("format") == _FORMAT, str(path),
             f"expected an object with \"format\": {_FORMAT}")
    raw = data.get("conversations")
    _require(isinstance(raw, list), str(path), "'conversations' must be a list")
    return [_conversation(c, f"{path.name}, conversation {i + 1}") for i, c in enumerate(raw)]


def load_demo_inbox(store: Store, resources: Path, now: float | None = None) -> bool:
    """Load ``resources/demo/inbox.json`` into ``store`` unless it was loaded before.

    Returns True if it was loaded by this call. All of it goes in one transaction, so an
    interrupted load leaves no half inbox and no flag.
    """
    if store.get_meta(LOADED_FLAG) is not None:
        return False
    conversations = read_inbox(Path(resources) / "demo" / "inbox.json")
    now = time.time() if now is None else now
    with store.transaction():
        for index, demo in enumerate(conversations):
            conversation_id = store.find_or_create_conversation(
                demo.channel, demo.contact, demo.handle, account=DEMO_ACCOUNT, lang=demo.lang)
            # Oldest first, as they would have arrived; the triggers keep the list columns.
            ordered = sorted(demo.messages, key=lambda m: -m.minutes_ago)
            for number, message in enumerate(ordered):
                store.add_message(
                    conversation_id,
                    "in" if message.from_customer else "out",
                    demo.contact if message.from_customer else "You",
                    message.text,
                    now - message.minutes_ago * 60,
                    message.state,
                    channel_message_id=f"demo-{index}-{number}",
                )
            # The file says how many of the unanswered messages the agent has not opened yet.
            unanswered = 0
            for message in reversed(ordered):
                if not message.from_customer:
                    break
                unanswered += 1
            store._set_unread(conversation_id, min(demo.unread, unanswered))
            if demo.done:
                store.set_done(conversation_id, True)
        store.set_meta(LOADED_FLAG, str(now))
    return True
