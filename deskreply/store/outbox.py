"""Replies on their way out: held during the undo window, then queued, sending, sent.

The store is the truth. A reply is written before any network call, with the channel id it
will carry (email ``Message-ID``...): a crash during the undo window or while sending loses
nothing, and a retry can look for that id on the server instead of sending twice.

    hold_reply ──(undo window over)──▶ release_held ──▶ outbox phase queued
        │ drop_held (Undo)                                   │ set_sending
        ▼                                                    ▼
     draft again                                   phase sending ─▶ mark_sent (row gone)
                                                         └──▶ mark_failed ─▶ requeue (Retry)
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from deskreply.store.errors import NotFoundError, _
from deskreply.store.rows import MessageRow

# (check, kind, severity, action, excerpt, reason), logged with the message once it exists.
CheckEvent = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class HeldReply:
    id: int
    conversation_id: int
    text: str
    sender: str
    channel_message_id: str | None
    events: tuple[CheckEvent, ...]
    held_at: float
    due_at: float


@dataclass(frozen=True)
class OutboxEntry:
    """A reply still to be handed to (or confirmed by) its channel."""

    message: MessageRow
    phase: str  # queued | sending
    attempts: int
    last_error: str
    login_id: int | None
    contact_handle: str
    contact_name: str
    thread: Mapping[str, str] = field(default_factory=dict)


def _held(row: Sequence[Any]) -> HeldReply:
    events = tuple(tuple(event) for event in json.loads(row[5] or "[]"))
    return HeldReply(row[0], row[1], row[2], row[3], row[4], events,
                     row[6], row[7])


_HELD_COLUMNS = "id, conversation_id, text, sender, channel_message_id, events, held_at, due_at"


def encode_meta(meta: Mapping[str, Any] | None) -> str | None:
    return json.dumps(dict(meta), ensure_ascii=False, sort_keys=True) if meta else None


def decode_meta(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class OutboxMixin:
    """Store methods for outgoing replies (mixed into :class:`deskreply.store.Store`)."""

    # Provided by Store (declared here for the type checker only).
    _conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]
    add_message: Callable[..., MessageRow]
    message: Callable[[int], MessageRow]

    # -- the undo window -------------------------------------------------------------------

    def hold_reply(self, conversation_id: int, text: str, sender: str, due_at: float,
                   channel_message_id: str | None = None,
                   events: Sequence[CheckEvent] = ()) -> HeldReply:
        """Keep a reply through its undo window (and through a crash during it)."""
        now = time.time()
        with self.transaction() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO held_replies(conversation_id, text, sender, "
                    "channel_message_id, events, held_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, text, sender, channel_message_id,
                     json.dumps([list(e) for e in events], ensure_ascii=False), now, due_at))
            except sqlite3.IntegrityError as error:
                raise NotFoundError(_("conversation"), conversation_id) from error
            held_id = int(cursor.lastrowid or 0)
        return HeldReply(held_id, conversation_id, text, sender, channel_message_id,
                         tuple(events), now, due_at)

    def held_replies(self) -> list[HeldReply]:
        rows = self._conn.execute(f"SELECT {_HELD_COLUMNS} FROM held_replies ORDER BY due_at, id")
        return [_held(row) for row in rows]

    def drop_held(self, held_id: int) -> HeldReply | None:
        """Undo: forget the held reply; None if it already went out."""
        with self.transaction() as conn:
            row = conn.execute(f"SELECT {_HELD_COLUMNS} FROM held_replies WHERE id = ?",
                               (held_id,)).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM held_replies WHERE id = ?", (held_id,))
            return _held(row)

    def release_held(self, held_id: int) -> MessageRow | None:
        """The undo window is over: the reply becomes a queued message with its outbox row
        and check events, in one transaction. None if it was undone meanwhile."""
        with self.transaction() as conn:
            row = conn.execute(f"SELECT {_HELD_COLUMNS} FROM held_replies WHERE id = ?",
                               (held_id,)).fetchone()
            if row is None:
                return None
            held = _held(row)
            message = self.add_message(held.conversation_id, "out", held.sender, held.text,
                                       time.time(), "queued", held.channel_message_id)
            conn.execute("INSERT INTO outbox(message_id, queued_at) VALUES (?, ?)",
                         (message.id, message.sent_at))
            for check, kind, severity, action, excerpt, reason in held.events:
                conn.execute(
                    'INSERT INTO check_events(conversation_id, message_id, "check", kind, '
                    "severity, action, excerpt, reason, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (held.conversation_id, message.id, check, kind, severity, action,
                     excerpt[:200], reason, message.sent_at))
            conn.execute("DELETE FROM held_replies WHERE id = ?", (held_id,))
            return message

    # -- the outbox ------------------------------------------------------------------------

    def outbox_entries(self) -> list[OutboxEntry]:
        """Every reply not yet confirmed sent (queued, sending or failed), oldest first."""
        rows = self._conn.execute(
            "SELECT m.id, o.phase, o.attempts, o.last_error, a.login_id, p.handle, p.name "
            "FROM outbox AS o JOIN messages AS m ON m.id = o.message_id "
            "JOIN conversations AS c ON c.id = m.conversation_id "
            "JOIN accounts AS a ON a.id = c.account_id "
            "JOIN contacts AS p ON p.id = c.contact_id ORDER BY o.queued_at, o.id").fetchall()
        return [self.outbox_entry(row[0]) for row in rows]

    def outbox_entry(self, message_id: int) -> OutboxEntry:
        row = self._conn.execute(
            "SELECT o.phase, o.attempts, o.last_error, a.login_id, p.handle, p.name, "
            "m.conversation_id FROM outbox AS o JOIN messages AS m ON m.id = o.message_id "
            "JOIN conversations AS c ON c.id = m.conversation_id "
            "JOIN accounts AS a ON a.id = c.account_id "
            "JOIN contacts AS p ON p.id = c.contact_id WHERE o.message_id = ?",
            (message_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("message"), message_id)
        return OutboxEntry(self.message(message_id), row[0], row[1], row[2], row[3], row[4],
                           row[5], self.reply_thread(row[6]))

    def reply_thread(self, conversation_id: int) -> dict[str, str]:
        """What a reply needs to stay in the thread: the last incoming message's details."""
        row = self._conn.execute(
            "SELECT meta FROM messages WHERE conversation_id = ? AND direction = 'in' "
            "AND meta IS NOT NULL ORDER BY sent_at DESC, id DESC LIMIT 1",
            (conversation_id,)).fetchone()
        thread = decode_meta(row[0] if row else None).get("thread", {})
        return {str(k): str(v) for k, v in thread.items()} if isinstance(thread, dict) else {}

    def message_meta(self, message_id: int) -> dict[str, Any]:
        row = self._conn.execute("SELECT meta FROM messages WHERE id = ?",
                                 (message_id,)).fetchone()
        return decode_meta(row[0] if row else None)

    def message_by_channel_id(self, conversation_id: int,
                              channel_message_id: str) -> int | None:
        row = self._conn.execute(
            "SELECT id FROM messages WHERE conversation_id = ? AND channel_message_id = ?",
            (conversation_id, channel_message_id)).fetchone()
        return None if row is None else int(row[0])

    def set_sending(self, message_id: int) -> None:
        """About to hand the reply to the network: a crash from here on may have sent it."""
        with self.transaction() as conn:
            conn.execute("UPDATE outbox SET phase = 'sending', attempts = attempts + 1 "
                         "WHERE message_id = ?", (message_id,))
            conn.execute("UPDATE messages SET state = 'queued' WHERE id = ?", (message_id,))

    def mark_sent(self, message_id: int, channel_message_id: str = "",
                  state: str = "sent") -> None:
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE messages SET state = ?, channel_message_id = coalesce("
                "nullif(?, ''), channel_message_id) WHERE id = ? "
                "AND state NOT IN ('delivered', 'read')", (state, channel_message_id, message_id))
            if cursor.rowcount == 0 and not conn.execute(
                    "SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone():
                raise NotFoundError(_("message"), message_id)
            conn.execute("DELETE FROM outbox WHERE message_id = ?", (message_id,))

    def mark_failed(self, message_id: int, reason: str) -> None:
        """Not sent; it stays in the outbox with the reason until Retry."""
        with self.transaction() as conn:
            conn.execute("UPDATE messages SET state = 'failed' WHERE id = ?", (message_id,))
            conn.execute("UPDATE outbox SET phase = 'queued', last_error = ? "
                         "WHERE message_id = ?", (reason, message_id))

    def requeue(self, message_id: int) -> None:
        """Retry: back to queued (the phase stays 'sending' if it may have gone out)."""
        with self.transaction() as conn:
            conn.execute("UPDATE messages SET state = 'queued' WHERE id = ?", (message_id,))
            conn.execute("UPDATE outbox SET last_error = '' WHERE message_id = ?",
                         (message_id,))
