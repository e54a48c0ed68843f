"""The inbox workflow in the store: filters with counts, labels, snooze, claims, contacts.

Each filter is one query whose WHERE and ORDER BY match an index of schema v3 character for
character, so a filter switch at 100k conversations walks an index instead of sorting
(tests/store/test_inbox.py checks the query plans).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from deskreply.store.errors import NotFoundError, _

FILTER_KINDS = ("unanswered", "mine", "all", "done", "snoozed", "channel", "label")
FORMALITIES = ("tu", "usted", "vos")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

_WAITING = "ORDER BY done, waiting_since IS NULL, waiting_since, last_at DESC, id"
_UNANSWERED_WHERE = "done = 0 AND snoozed_until IS NULL AND waiting_since IS NOT NULL"
# No "id" at the end: SQLite would then sort ties itself. Ties come out of the index in rowid
# order anyway (done and snoozed_until, the last index columns, are constant here).
_UNANSWERED_ORDER = "ORDER BY woke_at IS NULL, woke_at, waiting_since, last_at DESC"


@dataclass(frozen=True)
class InboxFilter:
    """Which conversations the chat list shows.

    ``kind``: unanswered (waiting for us, not snoozed; just-woken ones first, then longest
    wait), mine (claimed by ``value``), all, done, snoozed, channel (``value`` = channel),
    label (``value`` = label id as text).
    """

    kind: str = "unanswered"
    value: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FILTER_KINDS:
            raise ValueError(f"unknown filter {self.kind!r}; use one of {FILTER_KINDS}")


@dataclass(frozen=True)
class Label:
    id: int
    name: str
    colour: str


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    handle: str
    channel: str
    account: str
    notes: str
    formality: str  # '' | tu | usted | vos
    formality_source: str  # '' | learned | user


def filter_sql(inbox_filter: InboxFilter, order: str = "waiting") -> tuple[str, tuple[Any, ...]]:
    """The SELECT of conversation ids for one filter (``order`` applies to "all")."""
    kind, value = inbox_filter.kind, inbox_filter.value
    if kind == "unanswered":
        # INDEXED BY: without statistics SQLite prefers the equality on done of another
        # index and then sorts; the partial index already holds exactly these rows in order.
        return (f"SELECT id FROM conversations INDEXED BY conversations_unanswered "
                f"WHERE {_UNANSWERED_WHERE} {_UNANSWERED_ORDER}", ())
    if kind == "mine":
        return f"SELECT id FROM conversations WHERE claimed_by = ? {_WAITING}", (value,)
    if kind == "done":
        # Done conversations never wait (waiting_since is NULL): this is "most recent first"
        # written the way conversations_waiting is ordered.
        return (f"SELECT id FROM conversations WHERE done = 1 {_WAITING}", ())
    if kind == "snoozed":
        return ("SELECT id FROM conversations WHERE snoozed_until IS NOT NULL "
                "ORDER BY snoozed_until, id", ())
    if kind == "channel":
        return f"SELECT id FROM conversations WHERE channel = ? {_WAITING}", (value,)
    if kind == "label":
        # Labelled conversations are few; the label index finds them, a small sort orders.
        return ("SELECT c.id FROM conversation_labels AS l JOIN conversations AS c "
                "ON c.id = l.conversation_id WHERE l.label_id = ? "
                "ORDER BY c.done, c.waiting_since IS NULL, c.waiting_since, c.last_at DESC, "
                "c.id", (int(value or 0),))
    if order == "recent":
        return "SELECT id FROM conversations ORDER BY last_at DESC, id DESC", ()
    return f"SELECT id FROM conversations {_WAITING}", ()


class InboxMixin:
    """Methods of :class:`~deskreply.store.Store` for the inbox workflow."""

    _conn: sqlite3.Connection

    def transaction(self) -> Any: ...  # provided by Store

    # -- filters --------------------------------------------------------------------------
    def filtered_ids(self, inbox_filter: InboxFilter, order: str = "waiting") -> list[int]:
        sql, params = filter_sql(inbox_filter, order)
        return [row[0] for row in self._conn.execute(sql, params)]

    def filter_plan(self, inbox_filter: InboxFilter, order: str = "waiting") -> str:
        sql, params = filter_sql(inbox_filter, order)
        rows = self._conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return "\n".join(str(row[-1]) for row in rows)

    def filter_counts(self, me: str = "") -> dict[str, Any]:
        """How many conversations each filter shows (channel and label counts as dicts)."""
        conn = self._conn
        one = lambda sql, *p: int(conn.execute(sql, p).fetchone()[0])  # noqa: E731
        return {
            "unanswered": one(f"SELECT count(*) FROM conversations WHERE {_UNANSWERED_WHERE}"),
            "mine": one("SELECT count(*) FROM conversations WHERE claimed_by = ?", me)
            if me else 0,
            "all": one("SELECT count(*) FROM conversations"),
            "done": one("SELECT count(*) FROM conversations WHERE done = 1"),
            "snoozed": one("SELECT count(*) FROM conversations WHERE snoozed_until IS NOT NULL"),
            "channel": dict(conn.execute(
                "SELECT channel, count(*) FROM conversations GROUP BY channel").fetchall()),
            "label": dict(conn.execute(
                "SELECT label_id, count(*) FROM conversation_labels GROUP BY label_id"
            ).fetchall()),
        }

    def unanswered_count(self) -> int:
        return int(self._conn.execute(
            f"SELECT count(*) FROM conversations WHERE {_UNANSWERED_WHERE}").fetchone()[0])

    def waiting_longer_than(self, seconds: float, now: float | None = None) -> list[int]:
        """Unanswered conversations whose wait is over ``seconds`` (the red threshold)."""
        cutoff = (time.time() if now is None else now) - seconds
        return [row[0] for row in self._conn.execute(
            "SELECT id FROM conversations INDEXED BY conversations_unanswered "
            f"WHERE {_UNANSWERED_WHERE} AND waiting_since <= ? {_UNANSWERED_ORDER}",
            (cutoff,))]

    # -- snooze and claims ------------------------------------------------------------------
    def snooze(self, conversation_id: int, until: float | None) -> None:
        """Hide the conversation from Unanswered until ``until`` (None: wake it now)."""
        with self.transaction() as conn:
            if until is None:
                sql, params = ("UPDATE conversations SET snoozed_until = NULL, woke_at = ? "
                               "WHERE id = ? AND snoozed_until IS NOT NULL",
                               (time.time(), conversation_id))
                conn.execute(sql, params)
                self._must_exist(conn, conversation_id)
                return
            cursor = conn.execute(
                "UPDATE conversations SET snoozed_until = ?, woke_at = NULL WHERE id = ?",
                (until, conversation_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("conversation"), conversation_id)

    def wake_due(self, now: float | None = None) -> list[int]:
        """End every snooze that is due; they come back to the top of Unanswered."""
        moment = time.time() if now is None else now
        with self.transaction() as conn:
            ids = [row[0] for row in conn.execute(
                "SELECT id FROM conversations WHERE snoozed_until IS NOT NULL "
                "AND snoozed_until <= ?", (moment,))]
            if ids:
                conn.execute(
                    "UPDATE conversations SET woke_at = snoozed_until, snoozed_until = NULL "
                    "WHERE snoozed_until IS NOT NULL AND snoozed_until <= ?", (moment,))
        return ids

    def set_claim(self, conversation_id: int, claimed_by: str) -> None:
        """Who on the team answers this conversation (display name; '' = nobody)."""
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE conversations SET claimed_by = ? WHERE id = ?",
                                  (claimed_by.strip(), conversation_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("conversation"), conversation_id)

    def claimed_by(self, conversation_id: int) -> str:
        row = self._conn.execute("SELECT claimed_by FROM conversations WHERE id = ?",
                                 (conversation_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("conversation"), conversation_id)
        return str(row[0])

    def snoozed_until(self, conversation_id: int) -> float | None:
        row = self._conn.execute("SELECT snoozed_until FROM conversations WHERE id = ?",
                                 (conversation_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("conversation"), conversation_id)
        return None if row[0] is None else float(row[0])

    # -- labels ---------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return [Label(*row) for row in self._conn.execute(
            "SELECT id, name, colour FROM labels ORDER BY name COLLATE NOCASE, id")]

    def add_label(self, name: str, colour: str = "#6b7280") -> int:
        """Create a label (or return the one with this name, case ignored)."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a label needs a name")
        if not _COLOUR.match(colour):
            raise ValueError(f"colour must be #rrggbb, not {colour!r}")
        with self.transaction() as conn:
            conn.execute("INSERT INTO labels(name, colour) VALUES (?, ?) "
                         "ON CONFLICT(name) DO NOTHING", (name, colour))
            return int(conn.execute("SELECT id FROM labels WHERE name = ?",
                                    (name,)).fetchone()[0])

    def update_label(self, label_id: int, name: str, colour: str) -> None:
        if not _COLOUR.match(colour) or not name.strip():
            raise ValueError("a label needs a name and a #rrggbb colour")
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE labels SET name = ?, colour = ? WHERE id = ?",
                                  (" ".join(name.split()), colour, label_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("label"), label_id)

    def delete_label(self, label_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM labels WHERE id = ?", (label_id,))

    def set_labels(self, conversation_id: int, label_ids: Sequence[int]) -> None:
        with self.transaction() as conn:
            self._must_exist(conn, conversation_id)
            conn.execute("DELETE FROM conversation_labels WHERE conversation_id = ?",
                         (conversation_id,))
            conn.executemany(
                "INSERT OR IGNORE INTO conversation_labels(conversation_id, label_id) "
                "VALUES (?, ?)", [(conversation_id, label) for label in label_ids])

    def conversation_labels(self, conversation_id: int) -> list[int]:
        return [row[0] for row in self._conn.execute(
            "SELECT label_id FROM conversation_labels WHERE conversation_id = ?",
            (conversation_id,))]

    # -- contacts -------------------------------------------------------------------------
    def contact_of(self, conversation_id: int) -> Contact:
        row = self._conn.execute(
            "SELECT p.id, p.name, p.handle, a.channel, a.name, p.notes, p.formality, "
            "p.formality_source FROM conversations AS c JOIN contacts AS p "
            "ON p.id = c.contact_id JOIN accounts AS a ON a.id = p.account_id WHERE c.id = ?",
            (conversation_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("conversation"), conversation_id)
        return Contact(*row)

    def set_contact_notes(self, contact_id: int, notes: str) -> None:
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE contacts SET notes = ? WHERE id = ?",
                                  (notes, contact_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("contact"), contact_id)

    def set_contact_formality(self, contact_id: int, formality: str,
                              source: str = "user") -> None:
        """Record tú / usted / vos ('' forgets it). A learned guess never overwrites the
        agent's own choice."""
        if formality not in ("", *FORMALITIES) or source not in ("learned", "user"):
            raise ValueError(f"bad formality {formality!r} / source {source!r}")
        with self.transaction() as conn:
            if source == "learned":
                conn.execute("UPDATE contacts SET formality = ?, formality_source = 'learned' "
                             "WHERE id = ? AND formality_source != 'user'",
                             (formality, contact_id))
                return
            cursor = conn.execute(
                "UPDATE contacts SET formality = ?, formality_source = ? WHERE id = ?",
                (formality, "user" if formality else "", contact_id))
            if cursor.rowcount == 0:
                raise NotFoundError(_("contact"), contact_id)

    def _must_exist(self, conn: sqlite3.Connection, conversation_id: int) -> None:
        if conn.execute("SELECT 1 FROM conversations WHERE id = ?",
                        (conversation_id,)).fetchone() is None:
            raise NotFoundError(_("conversation"), conversation_id)
