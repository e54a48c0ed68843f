"""The channel seam: what every connector is, and the events it reports.

Qt-free and asyncio-based. Every connector runs on the one network loop owned by
:class:`deskreply.connectors.runtime.ConnectorHost`; it never touches the store or the UI. It
reports what happens through the ``emit`` callback it was given (called on the loop thread)
and the host hands those events to whoever listens (the Qt bridge in ``ui/``).

A connector's life::

    connector = SomeConnector(account, secret, emit, cursor)
    task = loop.create_task(connector.run())   # connect, receive, reconnect, until cancelled
    await connector.send(outgoing)             # any number of times, concurrently with run()
    task.cancel(); await connector.close()

``cursor`` is the connector's own opaque sync position (IMAP UIDVALIDITY/UID, a Matrix
``since`` token), saved by the app from :class:`CursorMoved` events after the messages before it
were stored, and handed back at the next start: a restart resumes without gaps; duplicates
are harmless because the store ignores a repeated ``channel_message_id``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol


class Status(StrEnum):
    """What a channel is doing right now (shown in the window, never colour alone)."""

    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"  # with StatusChanged.retry_at: when the next try is
    AUTH_FAILED = "auth_failed"  # the password or token was refused: needs the user
    TLS_UNTRUSTED = "tls_untrusted"  # certificate not trusted (detail: its fingerprint)
    OFFLINE = "offline"  # stopped, disabled, or given up


@dataclass(frozen=True)
class AccountConfig:
    """One channel login as the app stores it. Never holds a password or token.

    Attributes:
        id: the store's ``accounts.id``.
        kind: the registry key of the connector class (``demo``, ``email``, ...).
        name: what the user calls this account ("Support mailbox").
        settings: non-secret settings (host, port, user, TLS mode, trusted certificate
            fingerprint, ...), JSON-serialisable; each connector documents its keys.
        secret_ref: the key under which :mod:`deskreply.secrets` keeps its secret ("" if none).
    """

    id: int
    kind: str
    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    secret_ref: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class Attachment:
    """A file that came with a message: listed by name and size, never opened by us."""

    name: str
    size: int
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class IncomingMessage:
    """A message on the channel: from a customer, or (``from_us``) one of our own replies
    seen on the channel, e.g. a teammate's from another computer.

    ``channel`` is the network the customer is on (``email``, ``whatsapp``...; one of
    ``deskreply.store.rows.CHANNELS``). ``thread`` carries what a reply needs to stay in the
    same thread (email: ``subject``, ``message_id``, ``references``); the app stores it and
    hands it back in :attr:`OutgoingMessage.thread`.
    """

    account_id: int
    channel: str
    contact_handle: str
    contact_name: str
    text: str
    channel_message_id: str
    sent_at: float  # unix time
    thread: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    from_us: bool = False
    sender_name: str = ""  # from_us: who of us wrote it (a teammate's name)


@dataclass(frozen=True)
class StatusChanged:
    account_id: int
    status: Status
    detail: str = ""  # plain words for the user; never a secret
    retry_at: float | None = None  # unix time of the next try (RECONNECTING)
    # TLS_UNTRUSTED: SHA-256 of the server's certificate ("AB:CD:..."), for "Trust it".
    fingerprint: str = ""


@dataclass(frozen=True)
class DeliveryChanged:
    """Progress of one of our replies. ``message_id`` is the store's ``messages.id``."""

    account_id: int
    message_id: int
    state: str  # sending | sent | delivered | read | retrying | failed
    channel_message_id: str = ""
    reason: str = ""  # plain words, for retrying and failed
    retry_at: float | None = None  # retrying: when the next attempt is


@dataclass(frozen=True)
class CursorMoved:
    """Save this sync position: every message before it has been emitted."""

    account_id: int
    cursor: str


@dataclass(frozen=True)
class SyncProgress:
    """A long first sync is under way (shown as "Syncing 1,200 of 10,000")."""

    account_id: int
    done: int
    total: int


@dataclass(frozen=True)
class TypingChanged:
    """Who is typing in a conversation right now (a teammate, or the customer)."""

    account_id: int
    contact_handle: str  # the conversation, as in IncomingMessage (a Matrix room id...)
    names: tuple[str, ...]  # display names of those typing; () = nobody


@dataclass(frozen=True)
class ConversationShared:
    """Team state of a conversation as the channel stores it (e.g. Matrix room state):
    who has claimed it, and whether it is done. None = not said by this event."""

    account_id: int
    contact_handle: str
    claimed_by: str | None = None  # display name; "" = released
    done: bool | None = None


@dataclass(frozen=True)
class ConversationInfo:
    """What a channel knows about a conversation before any message: the network behind a
    bridged room, the customer's name, encryption. Lets the list show rooms at once."""

    account_id: int
    channel: str
    contact_handle: str
    contact_name: str
    encrypted: bool = False
    last_activity: float = 0.0


ConnectorEvent = (IncomingMessage | StatusChanged | DeliveryChanged | CursorMoved
                  | SyncProgress | TypingChanged | ConversationShared | ConversationInfo)
Emit = Callable[[ConnectorEvent], None]


@dataclass(frozen=True)
class OutgoingMessage:
    """One of our replies, already stored (state queued) before any network call."""

    message_id: int  # the store's messages.id
    account_id: int
    contact_handle: str
    contact_name: str
    text: str
    sender_name: str
    # Assigned before the first attempt and stored with the reply (email Message-ID, Matrix
    # transaction id): a retry after a crash can look for it and never sends twice.
    channel_message_id: str
    thread: Mapping[str, str] = field(default_factory=dict)
    # A previous attempt may have reached the server (crash or lost connection while
    # sending): look for channel_message_id on the server before sending again.
    maybe_sent: bool = False


class SendError(Exception):
    """A reply could not be sent. ``reason`` is plain words for the user.

    ``retry``: worth trying again later (server down, timeout); False when only the user can
    fix it (wrong password, address refused).
    """

    def __init__(self, reason: str, *, retry: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class TestResult:
    """The answer to "Test connection"."""

    __test__: ClassVar[bool] = False  # not a pytest test class, despite the name

    ok: bool
    # ok | auth_failed | host_not_found | tls_untrusted | tls_error | timeout | refused | error
    code: str
    detail: str = ""  # plain words; never a secret
    fingerprint: str = ""  # tls_untrusted: SHA-256 of the server's certificate, hex with colons


class TeamConnector(Protocol):
    """Optional extras of channels shared by a team (Matrix). The host checks for them with
    ``hasattr``; a channel without them simply does not offer typing or claims."""

    async def set_typing(self, contact_handle: str, typing: bool) -> None: ...

    async def set_shared(self, contact_handle: str, *, claimed_by: str | None = None,
                         done: bool | None = None) -> None: ...

    async def mark_read(self, contact_handle: str, channel_message_id: str) -> None: ...


class Connector(Protocol):
    """What the host needs from every channel."""

    kind: ClassVar[str]

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None: ...

    def new_channel_message_id(self) -> str:
        """A fresh id for a reply (no I/O): stored with the reply before it is sent."""
        ...

    async def run(self) -> None:
        """Connect and receive (push where the server can, polling otherwise) until
        cancelled; reconnect with backoff on its own, reporting StatusChanged events."""
        ...

    async def send(self, message: OutgoingMessage) -> str:
        """Send (or, with ``maybe_sent``, first look for) the reply; return its channel id.

        Raises:
            SendError: it was not sent.
        """
        ...

    async def test(self) -> TestResult:
        """Try to sign in once and report what happened, without starting to receive."""
        ...

    async def close(self) -> None:
        """Release connections. Called once, after ``run`` was cancelled."""
        ...


ConnectorClass = Callable[[AccountConfig, "str | None", Emit, "str | None"], Connector]
