"""The chat database: conversations, messages, drafts, outbox and check events.

One :class:`Store` per thread (sqlite3's ``check_same_thread`` stays on); several stores may
open the same file, WAL mode lets readers and one writer work side by side.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from deskreply.store import opening
from deskreply.store.errors import NotFoundError, StoreError, UnwritableDatabaseError, _
from deskreply.store.inbox import InboxMixin
from deskreply.store.logins import LoginsMixin, account_login_id
from deskreply.store.masking import mask_sensitive
from deskreply.store.outbox import OutboxMixin, encode_meta
from deskreply.store.privacy import PrivacyMixin
from deskreply.store.rows import (
    CHANNELS,
    CHECK_ACTIONS,
    DIRECTIONS,
    MESSAGE_STATES,
    ConversationRow,
    MessageRow,
)

# How each chat-list order is written. The expressions must match the indexes in schema.py
# character for character, or SQLite falls back to sorting every conversation.
_ORDERS = {
    "waiting": "ORDER BY done, waiting_since IS NULL, waiting_since, last_at DESC, id",
    "recent": "ORDER BY last_at DESC, id DESC",
}
_CONVERSATION_COLUMNS = """
    c.id, p.name, c.channel, c.last_text, c.last_at, c.unread, c.waiting_since, c.lang, c.done,
    EXISTS (SELECT 1 FROM drafts AS d WHERE d.conversation_id = c.id),
    (SELECT group_concat(x.label_id) FROM conversation_labels AS x
     WHERE x.conversation_id = c.id),
    c.snoozed_until, c.claimed_by, c.encrypted
"""
_MESSAGE_COLUMNS = """
    m.id, m.conversation_id, m.direction, m.sender, m.text, m.sent_at, m.state,
    m.channel_message_id, m.meta
"""
_SENT_STATES = frozenset({"sent", "delivered", "read"})
_MAX_EXCERPT = 200
_ID_CHUNK = 500  # well under SQLite's bound-parameter limit
_SEARCH_TOKEN = re.compile(r"\w+", re.UNICODE)
_MAX_SEARCH_TOKENS = 16
_SEARCH_OVERFETCH = 4


def _conversation(row: Sequence[Any]) -> ConversationRow:
    return ConversationRow(
        id=row[0], contact_name=row[1], channel=row[2], last_text=row[3], last_at=row[4],
        unread=row[5], waiting_since=row[6], lang=row[7], done=bool(row[8]),
        has_draft=bool(row[9]),
        label_ids=tuple(int(x) for x in row[10].split(",")) if row[10] else (),
        snoozed_until=row[11], claimed_by=row[12], encrypted=bool(row[13]),
    )


def _message(row: Sequence[Any]) -> MessageRow:
    return MessageRow(*row)


def _fts_query(text: str) -> str | None:
    """Turn what the user typed into a safe FTS5 query: every word must appear, the last
    one as a prefix (search as you type). Quotes keep FTS5 operators in the text inert."""
    tokens = _SEARCH_TOKEN.findall(text)[:_MAX_SEARCH_TOKENS]
    if not tokens:
        return None
    quoted = [f'"{token}"' for token in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)


class Store(LoginsMixin, OutboxMixin, InboxMixin, PrivacyMixin):
    """Access to one DeskReply database file. Create with :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._depth = 0

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating or migrating) the database at ``path``.

        Raises:
            CorruptDatabaseError: the file was damaged; it has been moved aside.
            UnwritableDatabaseError: the file or folder cannot be written.
            NewerSchemaError: the file comes from a newer DeskReply; left untouched.
            StoreError: any other reason the database cannot be used.
        """
        path = Path(path)
        return cls(opening.connect(path), path)

    def close(self) -> None:
        """Checkpoint the WAL into the database file, then close. Safe to call twice.

        SQLite checkpoints when the last connection closes, but only if it can; doing it here
        (TRUNCATE: the -wal file is emptied) means a clean exit never leaves writes behind in a
        side file that a copy or a backup of the database alone would miss.
        """
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:  # closed already, read-only or busy: closing still works
            pass
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Group writes into one atomic commit. Nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise self._translate(error) from error
        self._depth = 1
        try:
            yield self._conn
        except BaseException as error:
            self._depth = 0
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and opening.is_unwritable(error):
                raise UnwritableDatabaseError(self.path, str(error)) from error
            raise
        self._depth = 0
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as error:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise self._translate(error) from error

    def _translate(self, error: sqlite3.Error) -> StoreError:
        if opening.is_unwritable(error):
            return UnwritableDatabaseError(self.path, str(error))
        return StoreError(detail=str(error))

    # -- conversations ---------------------------------------------------------------------

    def conversation_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM conversations").fetchone()[0])

    def conversation_ids(self, order: str = "waiting") -> list[int]:
        """All conversation ids in chat-list order.

        ``"waiting"``: open conversations waiting for an answer, longest wait first; then the
        other open ones, most recent first; then those marked done, most recent first.
        ``"recent"``: most recent message first.
        """
        try:
            clause = _ORDERS[order]
        except KeyError:
            raise ValueError(f"unknown order {order!r}; use one of {sorted(_ORDERS)}") from None
        cursor = self._conn.execute(f"SELECT id FROM conversations {clause}")
        return [row[0] for row in cursor]

    def query_plan(self, order: str = "waiting") -> str:
        """SQLite's plan for :meth:`conversation_ids` (tests use it to prove no full sort)."""
        rows = self._conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM conversations {_ORDERS[order]}"
        ).fetchall()
        return "\n".join(str(row[-1]) for row in rows)

    def conversation_rows(self, ids: Sequence[int]) -> dict[int, ConversationRow]:
        """Fetch many chat-list rows at once; unknown ids are simply absent."""
        result: dict[int, ConversationRow] = {}
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[start:start + _ID_CHUNK])
            marks = ",".join("?" * len(chunk))
            cursor = self._conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations AS c "
                f"JOIN contacts AS p ON p.id = c.contact_id WHERE c.id IN ({marks})",
                chunk,
            )
            for row in cursor:
                result[row[0]] = _conversation(row)
        return result

    def conversation(self, conversation_id: int) -> ConversationRow:
        rows = self.conversation_rows([conversation_id])
        if conversation_id not in rows:
            raise NotFoundError(_("conversation"), conversation_id)
        return rows[conversation_id]

    def find_or_create_conversation(self, channel: str, contact_name: str,
                                    contact_handle: str, account: str = "demo",
                                    lang: str | None = None,
                                    login_id: int | None = None) -> int:
        """The conversation with this contact on this account, created if new.

        The contact is known by ``contact_handle`` (phone, @user, address); a changed display
        name is updated. ``lang``, when given, records the customer's language. ``login_id``:
        the channel login that receives and sends for ``account`` (the demo login for the
        demo account when not given).
        """
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}; use one of {CHANNELS}")
        handle = contact_handle.strip() or contact_name.strip()
        if not handle:
            raise ValueError("a contact needs a name or a handle")
        name = contact_name.strip() or handle
        now = time.time()
        with self.transaction() as conn:
            login = account_login_id(conn, account, login_id)
            conn.execute(
                "INSERT INTO accounts(channel, name, created_at, login_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(channel, name) DO UPDATE SET login_id = excluded.login_id "
                "WHERE excluded.login_id IS NOT NULL AND login_id IS NOT excluded.login_id",
                (channel, account, now, login))
            account_id = conn.execute(
                "SELECT id FROM accounts WHERE channel = ? AND name = ?", (channel, account)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO contacts(account_id, handle, name) VALUES (?, ?, ?) "
                "ON CONFLICT(account_id, handle) DO UPDATE SET name = excluded.name "
                "WHERE name != excluded.name", (account_id, handle, name))
            contact_id = conn.execute(
                "SELECT id FROM contacts WHERE account_id = ? AND handle = ?",
                (account_id, handle)).fetchone()[0]
            found = conn.execute(
                "SELECT id FROM conversations WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
                (contact_id,)).fetchone()
            if found is not None:
                conversation_id = int(found[0])
                if lang is not None:
                    conn.execute("UPDATE conversations SET lang = ? WHERE id = ?",
                                 (lang, conversation_id))
                return conversation_id
            cursor = conn.execute(
                "INSERT INTO conversations(account_id, contact_id, channel, lang, created_at, "
                "last_at) VALUES (?, ?, ?, ?, ?, ?)",
                (account_id, contact_id, channel, lang, now, now))
            return int(cursor.lastrowid or 0)

    def set_conversation_lang(self, conversation_id: int, lang: str | None) -> None:
        self._update_conversation(conversation_id, "lang = ?", (lang,))

    def mark_read(self, conversation_id: int) -> None:
        self._update_conversation(conversation_id, "unread = 0", ())

    def set_encrypted(self, conversation_id: int, encrypted: bool = True) -> None:
        """The channel says this conversation is end-to-end encrypted: the app cannot read
        or answer it yet (shown in the chat; the composer does not send there)."""
        self._update_conversation(conversation_id, "encrypted = ?", (int(encrypted),))

    def set_done(self, conversation_id: int, done: bool) -> None:
        """Mark a conversation done (nothing left to answer: no waiting time, nothing unread)
        or open it again. A new incoming message opens it again by itself."""
        if done:
            self._update_conversation(
                conversation_id, "done = 1, waiting_since = NULL, unread = 0, woke_at = NULL, "
                "snoozed_until = NULL", ())
        else:
            self._update_conversation(conversation_id, "done = 0", ())

    def _set_unread(self, conversation_id: int, unread: int) -> None:
        self._update_conversation(conversation_id, "unread = ?", (max(0, unread),))

    def _update_conversation(self, conversation_id: int, assignment: str,
                             params: tuple[Any, ...]) -> None:
        with self.transaction() as conn:
            cursor = conn.execute(f"UPDATE conversations SET {assignment} WHERE id = ?",
                                  (*params, conversation_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("conversation"), conversation_id)

    # -- messages --------------------------------------------------------------------------

    def messages(self, conversation_id: int, limit: int = 500) -> list[MessageRow]:
        """The latest ``limit`` messages of a conversation, oldest first."""
        rows = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m WHERE m.conversation_id = ? "
            "ORDER BY m.sent_at DESC, m.id DESC LIMIT ?", (conversation_id, limit)).fetchall()
        return [_message(row) for row in reversed(rows)]

    def messages_around(self, message_id: int, limit: int = 200) -> list[MessageRow]:
        """Up to ``limit`` messages of the conversation holding ``message_id``, oldest first,
        with that message in the middle (a search result opens there)."""
        found = self.message(message_id)
        half = max(1, limit // 2)
        before = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m WHERE m.conversation_id = ? AND "
            "(m.sent_at, m.id) <= (?, ?) ORDER BY m.sent_at DESC, m.id DESC LIMIT ?",
            (found.conversation_id, found.sent_at, found.id, half)).fetchall()
        after = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m WHERE m.conversation_id = ? AND "
            "(m.sent_at, m.id) > (?, ?) ORDER BY m.sent_at, m.id LIMIT ?",
            (found.conversation_id, found.sent_at, found.id, limit - len(before))).fetchall()
        return [_message(row) for row in [*reversed(before), *after]]

    def message(self, message_id: int) -> MessageRow:
        row = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m WHERE m.id = ?", (message_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(_("message"), message_id)
        return _message(row)

    def add_incoming(self, conversation_id: int, text: str, sent_at: float | None = None,
                     channel_message_id: str | None = None,
                     meta: Mapping[str, Any] | None = None) -> MessageRow:
        """Store a customer's message. A repeated ``channel_message_id`` returns the stored one.

        The conversation's last message, unread count and waiting time follow automatically
        (triggers in schema.py), and a conversation marked done is opened again.
        """
        with self.transaction() as conn:
            if channel_message_id is not None:
                existing = conn.execute(
                    "SELECT id FROM messages WHERE conversation_id = ? "
                    "AND channel_message_id = ?", (conversation_id, channel_message_id)
                ).fetchone()
                if existing is not None:
                    return self.message(existing[0])
            sender = conn.execute(
                "SELECT p.name FROM conversations AS c JOIN contacts AS p "
                "ON p.id = c.contact_id WHERE c.id = ?", (conversation_id,)).fetchone()
            if sender is None:
                raise NotFoundError(_("conversation"), conversation_id)
            return self.add_message(conversation_id, "in", sender[0], text,
                                    time.time() if sent_at is None else sent_at, "received",
                                    channel_message_id, meta)

    def add_outgoing(self, conversation_id: int, text: str, sender: str = "You",
                     channel_message_id: str | None = None) -> MessageRow:
        """Queue the agent's reply: state ``queued`` plus an outbox row. Ends the wait."""
        now = time.time()
        with self.transaction() as conn:
            row = self.add_message(conversation_id, "out", sender, text, now, "queued",
                                   channel_message_id)
            conn.execute("INSERT INTO outbox(message_id, queued_at) VALUES (?, ?)",
                         (row.id, now))
            conn.execute("DELETE FROM drafts WHERE conversation_id = ?", (conversation_id,))
            return row

    def add_message(self, conversation_id: int, direction: str, sender: str, text: str,
                    sent_at: float, state: str, channel_message_id: str | None = None,
                    meta: Mapping[str, Any] | None = None) -> MessageRow:
        """Store any message as is (history imports, the demo inbox). No outbox row."""
        if direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {direction!r}")
        if state not in MESSAGE_STATES:
            raise ValueError(f"unknown message state {state!r}")
        with self.transaction() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO messages(conversation_id, channel_message_id, direction, "
                    "sender, text, sent_at, state, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, channel_message_id, direction, sender, text, sent_at,
                     state, encode_meta(meta)))
            except sqlite3.IntegrityError as error:
                if "FOREIGN KEY" in str(error):
                    raise NotFoundError(_("conversation"), conversation_id) from error
                raise
            message_id = int(cursor.lastrowid or 0)
        return MessageRow(message_id, conversation_id, direction, sender, text, sent_at, state,
                          channel_message_id, encode_meta(meta))

    def set_message_state(self, message_id: int, state: str, error: str = "") -> None:
        """Record delivery progress. Sent (or later) leaves the outbox; failed stays there
        with the error until it is queued again or given up."""
        if state not in MESSAGE_STATES:
            raise ValueError(f"unknown message state {state!r}")
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE messages SET state = ? WHERE id = ?",
                                  (state, message_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("message"), message_id)
            if state in _SENT_STATES:
                conn.execute("DELETE FROM outbox WHERE message_id = ?", (message_id,))
            elif state == "failed":
                conn.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                             "WHERE message_id = ?", (error, message_id))

    def outbox(self) -> list[MessageRow]:
        """Messages waiting to be sent (state ``queued``), oldest first."""
        rows = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM outbox AS o JOIN messages AS m "
            "ON m.id = o.message_id WHERE m.state = 'queued' ORDER BY o.queued_at, o.id"
        ).fetchall()
        return [_message(row) for row in rows]

    def search(self, query: str, limit: int = 100) -> list[MessageRow]:
        """Messages containing every word typed (accents ignored), newest first."""
        match = _fts_query(query)
        if match is None:
            return []
        # FTS5 walks its index backwards by rowid and stops after a few times ``limit``
        # matches, instead of reading (and sorting) every message with a common word: at 1M
        # messages "pedido" matches 400k. Messages are stored as they arrive, so the highest
        # ids are the newest; the candidates are then ordered by their real time.
        rows = self._conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages AS m WHERE m.id IN ("
            "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT ?) ORDER BY m.sent_at DESC, m.id DESC LIMIT ?",
            (match, limit * _SEARCH_OVERFETCH, limit)).fetchall()
        return [_message(row) for row in rows]

    # -- drafts ----------------------------------------------------------------------------

    def save_draft(self, conversation_id: int, text: str) -> None:
        """Keep the composer's text; an empty (or blank) text deletes the draft.

        Full card numbers, IBANs and labelled passwords are masked before writing."""
        text = mask_sensitive(text)
        with self.transaction() as conn:
            if not text.strip():
                conn.execute("DELETE FROM drafts WHERE conversation_id = ?", (conversation_id,))
                return
            try:
                conn.execute(
                    "INSERT INTO drafts(conversation_id, text, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, "
                    "updated_at = excluded.updated_at", (conversation_id, text, time.time()))
            except sqlite3.IntegrityError as error:
                raise NotFoundError(_("conversation"), conversation_id) from error

    def draft(self, conversation_id: int) -> str:
        row = self._conn.execute("SELECT text FROM drafts WHERE conversation_id = ?",
                                 (conversation_id,)).fetchone()
        return "" if row is None else str(row[0])

    # -- check events ----------------------------------------------------------------------

    def record_check_event(self, conversation_id: int | None, check: str, kind: str,
                           severity: str, action: str, excerpt: str = "",
                           reason: str = "", message_id: int | None = None) -> int:
        """Log what a check flagged and what the agent did. Returns the event id.

        The excerpt is cut to 200 characters; callers should pass masked text for sensitive
        data (the log must not become a second copy of a card number).
        """
        if action not in CHECK_ACTIONS:
            raise ValueError(f"unknown action {action!r}; use one of {CHECK_ACTIONS}")
        with self.transaction() as conn:
            cursor = conn.execute(
                'INSERT INTO check_events(conversation_id, message_id, "check", kind, '
                "severity, action, excerpt, reason, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, message_id, check, kind, severity, action,
                 mask_sensitive(excerpt)[:_MAX_EXCERPT], mask_sensitive(reason), time.time()))
            return int(cursor.lastrowid or 0)

    def check_events(self, conversation_id: int | None = None) -> list[dict[str, Any]]:
        """Logged events, oldest first; all of them or one conversation's."""
        sql = ('SELECT id, conversation_id, message_id, "check", kind, severity, action, '
               "excerpt, reason, created_at FROM check_events")
        params: tuple[Any, ...] = ()
        if conversation_id is not None:
            sql += " WHERE conversation_id = ?"
            params = (conversation_id,)
        cursor = self._conn.execute(sql + " ORDER BY created_at, id", params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # -- key/value -------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])
