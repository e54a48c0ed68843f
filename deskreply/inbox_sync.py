"""Connector events → the store: what the app does with what its channels report.

Qt-free, so it is tested headless; the UI bridge calls :meth:`InboxSync.apply` on the thread
that owns the store, with events in the order the connectors emitted them, and updates the
views from the returned :class:`SyncResult`.

A cursor is saved only after the messages emitted before it: a crash between the two means
the same messages come again at the next start, and the store ignores the repeats.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deskreply.connectors.base import (
    AccountConfig,
    ConnectorEvent,
    ConversationInfo,
    ConversationShared,
    CursorMoved,
    DeliveryChanged,
    IncomingMessage,
    StatusChanged,
    SyncProgress,
    TypingChanged,
)
from deskreply.store import MessageRow, Store
from deskreply.store.logins import LoginRow
from deskreply.store.rows import CHANNELS

log = logging.getLogger(__name__)

# Delivery states a reply can reach after "sent", in order: never go back.
_AFTER_SENT = ("sent", "delivered", "read")


def account_config(login: LoginRow) -> AccountConfig:
    return AccountConfig(id=login.id, kind=login.kind, name=login.name,
                         settings=dict(login.settings), secret_ref=login.secret_ref,
                         enabled=login.enabled)


@dataclass
class SyncResult:
    """What changed, for the views."""

    changed_conversations: set[int] = field(default_factory=set)
    new_messages: list[MessageRow] = field(default_factory=list)
    statuses: list[StatusChanged] = field(default_factory=list)
    # (message id, state, reason, retry_at) in arrival order
    deliveries: list[tuple[int, str, str, float | None]] = field(default_factory=list)
    progress: list[SyncProgress] = field(default_factory=list)
    # (conversation id, names typing) — the latest per conversation wins
    typing: dict[int, tuple[str, ...]] = field(default_factory=dict)
    encrypted: set[int] = field(default_factory=set)  # conversations we cannot read


class InboxSync:
    """Applies connector events to one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._logins: dict[int, LoginRow] = {}

    def forget_login(self, login_id: int) -> None:
        self._logins.pop(login_id, None)

    def _login(self, login_id: int) -> LoginRow | None:
        login = self._logins.get(login_id)
        if login is None:
            try:
                login = self.store.login(login_id)
            except Exception:
                return None
            self._logins[login_id] = login
        return login

    def apply(self, events: Iterable[ConnectorEvent]) -> SyncResult:
        result = SyncResult()
        with self.store.transaction():
            for event in events:
                if isinstance(event, IncomingMessage):
                    self._incoming(event, result)
                elif isinstance(event, CursorMoved):
                    if self._login(event.account_id) is not None:
                        self.store.save_cursor(event.account_id, event.cursor)
                elif isinstance(event, DeliveryChanged):
                    self._delivery(event, result)
                elif isinstance(event, StatusChanged):
                    result.statuses.append(event)
                elif isinstance(event, SyncProgress):
                    result.progress.append(event)
                elif isinstance(event, ConversationInfo):
                    self._info(event, result)
                elif isinstance(event, TypingChanged):
                    self._typing(event, result)
                elif isinstance(event, ConversationShared):
                    self._shared(event, result)
        return result

    def _incoming(self, event: IncomingMessage, result: SyncResult) -> None:
        login = self._login(event.account_id)
        if login is None:  # removed meanwhile: its events are late
            return
        channel = event.channel if event.channel in CHANNELS else "email"
        conversation_id = self.store.find_or_create_conversation(
            channel, event.contact_name, event.contact_handle, account=login.name,
            login_id=login.id)
        meta: dict[str, Any] = {}
        if event.thread:
            meta["thread"] = dict(event.thread)
        if event.attachments:
            meta["attachments"] = [{"name": a.name, "size": a.size, "type": a.content_type}
                                   for a in event.attachments]
        # Reconnects and overlapping syncs repeat messages; the first copy wins.
        if self.store.message_by_channel_id(conversation_id, event.channel_message_id):
            return
        if event.from_us:  # one of our replies, e.g. a teammate's from another computer
            message = self.store.add_message(
                conversation_id, "out", event.sender_name or login.name, event.text,
                event.sent_at, "sent", event.channel_message_id, meta or None)
        else:
            message = self.store.add_incoming(conversation_id, event.text, event.sent_at,
                                              event.channel_message_id, meta or None)
        result.changed_conversations.add(conversation_id)
        result.new_messages.append(message)

    def _conversation_of(self, login: LoginRow, channel: str, name: str,
                         handle: str) -> int:
        return self.store.find_or_create_conversation(
            channel if channel in CHANNELS else "email", name, handle, account=login.name,
            login_id=login.id)

    def _info(self, event: ConversationInfo, result: SyncResult) -> None:
        """A room known before any of its messages: list it now (the newest rooms first)."""
        login = self._login(event.account_id)
        if login is None:
            return
        conversation_id = self._conversation_of(login, event.channel, event.contact_name,
                                                event.contact_handle)
        result.changed_conversations.add(conversation_id)
        if event.encrypted:
            # Kept in the store: after a restart the channel only reports rooms with news.
            # Matrix never turns encryption off again, so neither does this.
            self.store.set_encrypted(conversation_id, True)
            result.encrypted.add(conversation_id)

    def _typing(self, event: TypingChanged, result: SyncResult) -> None:
        login = self._login(event.account_id)
        if login is None:
            return
        conversation_id = self.store.conversation_of_handle(login.id, event.contact_handle)
        if conversation_id is not None:
            result.typing[conversation_id] = tuple(event.names)

    def _shared(self, event: ConversationShared, result: SyncResult) -> None:
        """A teammate claimed, released or finished a conversation (on another computer)."""
        login = self._login(event.account_id)
        if login is None:
            return
        conversation_id = self.store.conversation_of_handle(login.id, event.contact_handle)
        if conversation_id is None:
            return
        if event.claimed_by is not None:
            self.store.set_claim(conversation_id, event.claimed_by)
        if event.done is not None:
            self.store.set_done(conversation_id, event.done)
        result.changed_conversations.add(conversation_id)

    def _delivery(self, event: DeliveryChanged, result: SyncResult) -> None:
        if not event.message_id and event.channel_message_id:
            # A receipt for a reply sent before this start: found by its channel id.
            found = self.store.message_of_login(event.account_id, event.channel_message_id)
            if found is None:
                return
            event = DeliveryChanged(event.account_id, found, event.state,
                                    event.channel_message_id, event.reason, event.retry_at)
        try:
            if event.state in _AFTER_SENT:
                self.store.mark_sent(event.message_id, event.channel_message_id, event.state)
            elif event.state == "failed":
                self.store.mark_failed(event.message_id, event.reason)
            elif event.state == "sending":
                pass  # written by the sender before the network call
        except Exception as error:  # the reply was deleted meanwhile (contact erased)
            log.warning("delivery update for message %s not stored: %s", event.message_id,
                        error)
            return
        result.deliveries.append((event.message_id, event.state, event.reason,
                                  event.retry_at))
