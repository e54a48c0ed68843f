"""Plain, immutable rows handed out by the store (safe to pass between threads)."""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("whatsapp", "instagram", "messenger", "telegram", "signal", "matrix", "email", "demo")
DIRECTIONS = ("in", "out")
MESSAGE_STATES = ("received", "queued", "sent", "delivered", "read", "failed")
CHECK_ACTIONS = ("shown", "fixed", "ignored", "overridden", "reported", "sent_clean")


@dataclass(frozen=True)
class ConversationRow:
    """One line of the chat list."""

    id: int
    contact_name: str
    channel: str
    last_text: str  # last message text (any direction), "" if none
    last_at: float  # unix time of the last message (creation time when there is none)
    unread: int  # incoming messages not read yet
    waiting_since: float | None  # oldest unanswered incoming message; None = answered
    lang: str | None  # "es" / "en" guess of the customer's language, if known
    done: bool
    has_draft: bool = False  # the agent left a draft here
    label_ids: tuple[int, ...] = ()
    snoozed_until: float | None = None
    claimed_by: str = ""  # team member answering it, "" = nobody
    encrypted: bool = False  # end-to-end encrypted room: not readable or answerable here yet


@dataclass(frozen=True)
class MessageRow:
    """One chat message."""

    id: int
    conversation_id: int
    direction: str  # "in" | "out"
    sender: str  # contact name, or agent name for "out"
    text: str
    sent_at: float  # unix time
    state: str  # one of MESSAGE_STATES
    channel_message_id: str | None
    # JSON with thread details and attachments (name, size) as the channel reported them.
    meta: str | None = None

    def attachments(self) -> list[tuple[str, int]]:
        """(file name, size in bytes) of the files that came with the message."""
        import json

        try:
            data = json.loads(self.meta) if self.meta else {}
        except ValueError:
            return []
        items = data.get("attachments", []) if isinstance(data, dict) else []
        return [(str(a.get("name", "")), int(a.get("size", 0) or 0))
                for a in items if isinstance(a, dict)]
