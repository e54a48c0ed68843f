"""Privacy in the store: everything about one contact (export, delete) and retention.

Deleting messages removes their search-index rows through the FTS triggers of schema v1;
check events that pointed at a deleted conversation are deleted too (not just unlinked), so
no excerpt of the customer's words stays behind.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from deskreply.store.errors import NotFoundError, _

_BATCH = 5_000  # retention deletes in batches: other work can interleave between them


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


class PrivacyMixin:
    """Methods of :class:`~deskreply.store.Store` for data-protection requests."""

    _conn: sqlite3.Connection

    def transaction(self) -> Any: ...  # provided by Store

    def contact_id_of(self, conversation_id: int) -> int:
        row = self._conn.execute("SELECT contact_id FROM conversations WHERE id = ?",
                                 (conversation_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("conversation"), conversation_id)
        return int(row[0])

    def export_contact(self, contact_id: int) -> dict[str, Any]:
        """Everything stored about one contact, as plain JSON-ready data."""
        conn = self._conn
        contact = _rows(conn, "SELECT p.id, p.name, p.handle, a.channel, a.name AS account, "
                              "p.notes, p.formality, p.formality_source FROM contacts AS p "
                              "JOIN accounts AS a ON a.id = p.account_id WHERE p.id = ?",
                        (contact_id,))
        if not contact:
            raise NotFoundError(_("contact"), contact_id)
        conversations = _rows(conn, "SELECT id, channel, lang, done, created_at, claimed_by, "
                                    "snoozed_until FROM conversations WHERE contact_id = ? "
                                    "ORDER BY id", (contact_id,))
        for conversation in conversations:
            cid = conversation["id"]
            conversation["messages"] = _rows(
                conn, "SELECT id, direction, sender, text, sent_at, state, channel_message_id "
                      "FROM messages WHERE conversation_id = ? ORDER BY sent_at, id", (cid,))
            draft = conn.execute("SELECT text FROM drafts WHERE conversation_id = ?",
                                 (cid,)).fetchone()
            conversation["draft"] = draft[0] if draft else ""
            conversation["labels"] = [row[0] for row in conn.execute(
                "SELECT l.name FROM conversation_labels AS x JOIN labels AS l "
                "ON l.id = x.label_id WHERE x.conversation_id = ? ORDER BY l.name", (cid,))]
            conversation["check_events"] = _rows(
                conn, 'SELECT "check", kind, severity, action, excerpt, reason, created_at '
                      "FROM check_events WHERE conversation_id = ? ORDER BY created_at, id",
                (cid,))
        return {"contact": contact[0], "conversations": conversations,
                "exported_at": time.time()}

    def delete_contact(self, contact_id: int) -> int:
        """Delete the contact, their conversations, messages (and search index rows),
        drafts, held replies, outbox rows and check events. Returns messages deleted."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM contacts WHERE id = ?",
                            (contact_id,)).fetchone() is None:
                raise NotFoundError(_("contact"), contact_id)
            ids = [row[0] for row in conn.execute(
                "SELECT id FROM conversations WHERE contact_id = ?", (contact_id,))]
            deleted = 0
            for cid in ids:
                conn.execute("DELETE FROM check_events WHERE conversation_id = ? OR message_id "
                             "IN (SELECT id FROM messages WHERE conversation_id = ?)",
                             (cid, cid))
                # Explicit, not by cascade: the FTS delete trigger fires for each message.
                deleted += conn.execute("DELETE FROM messages WHERE conversation_id = ?",
                                        (cid,)).rowcount
            conn.execute("DELETE FROM conversations WHERE contact_id = ?", (contact_id,))
            conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
        return deleted

    def delete_messages_before(self, cutoff: float) -> int:
        """Retention: delete messages sent before ``cutoff`` (unix time), in batches.

        The chat-list columns of the conversations touched are recomputed, so no preview
        of a deleted message stays in the list. Returns how many messages were deleted.
        """
        total = 0
        while True:
            with self.transaction() as conn:
                batch = conn.execute(
                    "SELECT id, conversation_id FROM messages WHERE sent_at < ? "
                    "ORDER BY sent_at LIMIT ?", (cutoff, _BATCH)).fetchall()
                if not batch:
                    return total
                ids = [row[0] for row in batch]
                marks = ",".join("?" * len(ids))
                conn.execute(f"DELETE FROM check_events WHERE message_id IN ({marks})", ids)
                conn.execute(f"DELETE FROM messages WHERE id IN ({marks})", ids)
                for cid in {row[1] for row in batch}:
                    _recompute_last(conn, cid)
                conn.execute("DELETE FROM check_events WHERE created_at < ?", (cutoff,))
                total += len(ids)


def _recompute_last(conn: sqlite3.Connection, conversation_id: int) -> None:
    last = conn.execute("SELECT id, text, sent_at FROM messages WHERE conversation_id = ? "
                        "ORDER BY sent_at DESC, id DESC LIMIT 1", (conversation_id,)).fetchone()
    if last is None:
        conn.execute("UPDATE conversations SET last_message_id = NULL, last_text = '' "
                     "WHERE id = ?", (conversation_id,))
    else:
        conn.execute("UPDATE conversations SET last_message_id = ?, last_text = ? "
                     "WHERE id = ?", (last[0], last[1], conversation_id))
