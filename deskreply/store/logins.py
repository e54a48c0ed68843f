"""Channel logins: which connector runs which mailbox or inbox, with its settings and cursor.

A login never holds a secret: ``secret_ref`` names where :mod:`deskreply.secrets` keeps it.
Each login owns one ``accounts`` row per channel it serves (an email login serves ``email``;
the demo login serves every channel), and through them its contacts and conversations.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from deskreply.store.errors import NotFoundError, StoreError, _

DEMO_LOGIN = "demo"


@dataclass(frozen=True)
class LoginRow:
    id: int
    kind: str
    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    secret_ref: str = ""
    enabled: bool = True
    cursor: str | None = None


def _login(row: tuple[Any, ...]) -> LoginRow:
    try:
        settings = json.loads(row[3])
    except ValueError:
        settings = {}
    return LoginRow(id=row[0], kind=row[1], name=row[2],
                    settings=settings if isinstance(settings, dict) else {},
                    secret_ref=row[4], enabled=bool(row[5]), cursor=row[6])


_COLUMNS = "id, kind, name, settings, secret_ref, enabled, cursor"


class LoginsMixin:
    """Store methods for channel logins (mixed into :class:`deskreply.store.Store`)."""

    # Provided by Store (declared here for the type checker only).
    _conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def logins(self) -> list[LoginRow]:
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM channel_logins ORDER BY id")
        return [_login(row) for row in rows]

    def login(self, login_id: int) -> LoginRow:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM channel_logins WHERE id = ?",
                                 (login_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("account"), login_id)
        return _login(row)

    def add_login(self, kind: str, name: str, settings: Mapping[str, Any] | None = None,
                  secret_ref: str = "") -> int:
        """Add a login; a name already in use raises StoreError with plain words."""
        name = name.strip()
        if not name:
            raise ValueError("an account needs a name")
        with self.transaction() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO channel_logins(kind, name, settings, secret_ref, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (kind, name, json.dumps(dict(settings or {}), sort_keys=True),
                     secret_ref, time.time()))
            except sqlite3.IntegrityError as error:
                raise StoreError(detail=_("An account named “{name}” already exists.")
                                 .format(name=name)) from error
            return int(cursor.lastrowid or 0)

    def update_login(self, login_id: int, *, settings: Mapping[str, Any] | None = None,
                     enabled: bool | None = None, secret_ref: str | None = None) -> LoginRow:
        with self.transaction() as conn:
            current = self.login(login_id)
            conn.execute(
                "UPDATE channel_logins SET settings = ?, enabled = ?, secret_ref = ? "
                "WHERE id = ?",
                (json.dumps(dict(current.settings if settings is None else settings),
                            sort_keys=True),
                 int(current.enabled if enabled is None else enabled),
                 current.secret_ref if secret_ref is None else secret_ref, login_id))
        return self.login(login_id)

    def remove_login(self, login_id: int) -> None:
        """Remove a login with its conversations (the caller has asked the user)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM channel_logins WHERE id = ?", (login_id,))

    def save_cursor(self, login_id: int, cursor: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE channel_logins SET cursor = ? WHERE id = ?",
                         (cursor, login_id))

    def demo_login_id(self) -> int:
        """The demo inbox's login, created on first use."""
        with self.transaction() as conn:
            return _demo_login_id(conn)

    def login_of_conversation(self, conversation_id: int) -> int | None:
        row = self._conn.execute(
            "SELECT a.login_id FROM conversations AS c JOIN accounts AS a "
            "ON a.id = c.account_id WHERE c.id = ?", (conversation_id,)).fetchone()
        return None if row is None else row[0]

    def conversation_of_handle(self, login_id: int, handle: str) -> int | None:
        """The conversation with this contact (room id, address...) under this login."""
        row = self._conn.execute(
            "SELECT c.id FROM conversations AS c JOIN contacts AS p ON p.id = c.contact_id "
            "JOIN accounts AS a ON a.id = p.account_id WHERE a.login_id = ? AND p.handle = ? "
            "ORDER BY c.id DESC LIMIT 1", (login_id, handle)).fetchone()
        return None if row is None else int(row[0])

    def contact_handle(self, conversation_id: int) -> str:
        row = self._conn.execute(
            "SELECT p.handle FROM conversations AS c JOIN contacts AS p ON p.id = c.contact_id "
            "WHERE c.id = ?", (conversation_id,)).fetchone()
        return "" if row is None else str(row[0])

    def message_of_login(self, login_id: int, channel_message_id: str) -> int | None:
        """One of this login's messages by the id its channel gave it."""
        row = self._conn.execute(
            "SELECT m.id FROM messages AS m JOIN conversations AS c ON c.id = m.conversation_id "
            "JOIN accounts AS a ON a.id = c.account_id "
            "WHERE a.login_id = ? AND m.channel_message_id = ? LIMIT 1",
            (login_id, channel_message_id)).fetchone()
        return None if row is None else int(row[0])

    def conversations_of_login(self, login_id: int) -> Iterator[int]:
        rows = self._conn.execute(
            "SELECT c.id FROM conversations AS c JOIN accounts AS a ON a.id = c.account_id "
            "WHERE a.login_id = ?", (login_id,))
        return (int(row[0]) for row in rows)


def _demo_login_id(conn: sqlite3.Connection) -> int:
    conn.execute(
        "INSERT INTO channel_logins(kind, name, created_at) VALUES ('demo', ?, ?) "
        "ON CONFLICT(name) DO NOTHING", (DEMO_LOGIN, time.time()))
    row = conn.execute("SELECT id FROM channel_logins WHERE name = ?", (DEMO_LOGIN,)).fetchone()
    return int(row[0])


def account_login_id(conn: sqlite3.Connection, account: str, login_id: int | None) -> int | None:
    """The login an ``accounts`` row named ``account`` belongs to (the demo's by default)."""
    if login_id is not None:
        return login_id
    if account == DEMO_LOGIN:
        return _demo_login_id(conn)
    return None
