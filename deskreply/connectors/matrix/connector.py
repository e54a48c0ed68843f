"""The Matrix connector (matrix-nio): a homeserver's rooms become DeskReply conversations.

Settings (``AccountConfig.settings``):
    homeserver: base URL, e.g. ``https://matrix.example.org``.
    user_id: ``@agent:example.org`` (what :func:`~deskreply.connectors.matrix.login.matrix_login`
        returned).
    device_id: the device the access token belongs to (also in the secret).
    display_name: how the agent is named in claims ("Ana").
    include_groups: also list group rooms (more than one person outside the team); DMs and
        bridged rooms are always listed. Default False.
    team_user_ids: user ids of teammates; their messages count as ours (``from_us``), their
        typing is shown. Our own user id always counts as us.
    auto_join: accept room invitations (a customer opening a DM). Default True.
    lang: language of the words this connector writes (``en``/``es``; default: the system's).

Secret: the access token, either as the bare token or as JSON
``{"access_token": "...", "device_id": "..."}`` (what ``LoginResult.secret()`` gives). The
password is never stored.

Cursor: the sync ``since`` token (``next_batch``). It is emitted (CursorMoved) after every
message of that sync; a restart syncs on from it (fetching the current state of each room
with news), and a timeline the server cut short ("limited") is filled with ``/messages`` back
to the cursor, so nothing is missed.
``IncomingMessage.channel_message_id`` is the event id, so repeats are ignored by the store.

Our own replies: an event from our user carrying ``unsigned.transaction_id`` was sent by this
device (through :meth:`MatrixConnector.send`, which returns its event id) and is not reported
again. Our user's messages from another device (another DeskReply, a phone) and those of
``team_user_ids`` arrive as ``IncomingMessage(from_us=True, sender_name=<display name>)``.

Rooms: ``contact_handle`` is the room id. The room's network and the customer's name come from
its bridge state (:mod:`deskreply.connectors.matrix.bridges`). At the first sync every listed
room is reported as :class:`ConversationInfo`, newest first, before any message, so a list
of 1,000 rooms fills at once. Encrypted rooms are listed with ``encrypted=True``; their
messages arrive as a plain notice that they cannot be read here yet (no end-to-end keys).

Teammates: DeskReply joins rooms with ``com.deskreply.agent: true`` in its own
``m.room.member`` content (and adds it before acting in a room joined without it); members
so marked count as ours like ``team_user_ids``, so a customer's room with three agents in it
is still that customer's chat, and a teammate's reply arrives ``from_us``.

Team state (claims, done) is room state ``com.deskreply.claim`` (state key ""), content
``{"claimed_by": "Ana", "claimed_by_user": "@ana:hs", "done": false, "updated_at": ms}``;
where our power level does not allow state events, the same content is sent as a timeline
event of that type and the newest one wins. Typing goes both ways (m.typing); read receipts
of the customer mark our replies read, those of a bridge bot (mautrix "delivery receipts")
delivered; :meth:`MatrixConnector.mark_read` sends ours. Receipts are matched to replies sent
since the connector started (it knows their ``message_id`` from :meth:`send`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp
from nio import (
    AsyncClient,
    MessageDirection,
    ReceiptEvent,
    RoomGetStateEventResponse,
    RoomGetStateResponse,
    RoomMessagesResponse,
    RoomPutStateError,
    RoomSendResponse,
    SyncError,
    SyncResponse,
    TypingNoticeEvent,
    WhoamiResponse,
)

from deskreply.connectors.base import (
    AccountConfig,
    Attachment,
    ConversationInfo,
    ConversationShared,
    CursorMoved,
    DeliveryChanged,
    Emit,
    IncomingMessage,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    TestResult,
    TypingChanged,
)
from deskreply.connectors.matrix import words as w
from deskreply.connectors.matrix.bridges import (
    AGENT_MARK,
    ENCRYPTION_EVENT,
    RoomKind,
    RoomState,
    classify,
)
from deskreply.connectors.matrix.login import client_config, connection_problem

log = logging.getLogger(__name__)

CLAIM_EVENT = "com.deskreply.claim"
LONG_POLL_MS = 30_000
RECONNECT_DELAYS_S: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
FIRST_TIMELINE_LIMIT = 10  # history per room at the very first sync
TIMELINE_LIMIT = 50
GAP_PAGE = 100
STATE_FETCHES = 8  # room states fetched at once after a restart
FIND_SENT_LIMIT = 100  # recent events searched for a transaction id before resending
# Simplified sliding sync (MSC4186, in Synapse since 1.114): the newest rooms in ~0.1 s,
# where a first /sync of 1,000 rooms takes several seconds.
PREVIEW_PATH = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync"
PREVIEW_ROOMS = 50
# The newest messages of each previewed room come with it: the Unanswered list (rooms where
# the customer wrote last) fills at once, not after the full sync (~15 s for 1,000 rooms).
PREVIEW_TIMELINE = 5
PREVIEW_STATE = [["m.room.member", "*"], ["m.bridge", "*"], ["uk.half-shot.bridge", "*"],
                 ["m.room.encryption", ""], ["m.room.name", ""], [CLAIM_EVENT, ""]]
_SEEN_MAX = 5000
_NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, OSError)
_AUTH_CODES = ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN")
_TEXT_TYPES = ("m.text", "m.notice", "m.emote")
_FILE_TYPES = ("m.image", "m.file", "m.audio", "m.video")


def _filter(timeline_limit: int) -> dict[str, Any]:
    return {
        "room": {"timeline": {"limit": timeline_limit},
                 "state": {"lazy_load_members": False},
                 "account_data": {"types": []}},
        "presence": {"types": []},
        "account_data": {"types": []},
    }


def parse_secret(secret: str | None) -> tuple[str, str]:
    """(access_token, device_id) from the stored secret (bare token or JSON)."""
    if not secret:
        return "", ""
    text = secret.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return "", ""
        return str(data.get("access_token", "")), str(data.get("device_id", ""))
    return text, ""


@dataclass
class _Sent:
    """One of our replies sent from this run, until the customer has read it."""

    event_id: str
    message_id: int
    ts: float = 0.0  # origin_server_ts in ms, once the echo came back
    said: set[str] = field(default_factory=set)  # delivery states already reported


@dataclass
class _Room:
    state: RoomState
    kind: RoomKind | None = None
    announced: tuple[Any, ...] | None = None  # what ConversationInfo last said
    typing: tuple[str, ...] = ()
    shared: dict[str, Any] = field(default_factory=dict)
    shared_ts: float = -1.0
    shared_said: tuple[str, bool] | None = None
    event_ts: OrderedDict[str, float] = field(default_factory=OrderedDict)
    sent: list[_Sent] = field(default_factory=list)


class MatrixConnector:
    """One Matrix account. See the module docstring for settings, secret and cursor."""

    kind: ClassVar[str] = "matrix"

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        settings = account.settings
        self.account = account
        self._emit = emit
        self._cursor = cursor or None
        self._homeserver = str(settings.get("homeserver", "")).rstrip("/")
        self._user_id = str(settings.get("user_id", ""))
        token, device = parse_secret(secret)
        self._token = token
        self._device_id = device or str(settings.get("device_id", ""))
        self._display_name = str(settings.get("display_name", "")) or self._user_id
        self._include_groups = bool(settings.get("include_groups", False))
        self._auto_join = bool(settings.get("auto_join", True))
        team = settings.get("team_user_ids") or ()
        self._us = {self._user_id, *(str(user) for user in team)}
        self._t = w.words(settings.get("lang"))
        self._client: AsyncClient | None = None
        self._rooms: dict[str, _Room] = {}
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._joining: set[str] = set()
        self._marked: set[str] = set()  # rooms where our member event carries AGENT_MARK
        self._txns: OrderedDict[str, str] = OrderedDict()  # our transaction id -> event id
        self._tasks: set[asyncio.Task[Any]] = set()
        self.reconnect_delays = RECONNECT_DELAYS_S
        self.preview_rooms = PREVIEW_ROOMS

    # -- client ------------------------------------------------------------------------------

    def _connect(self) -> AsyncClient:
        if self._client is None:
            client = AsyncClient(self._homeserver, self._user_id, device_id=self._device_id,
                                 config=client_config())
            client.access_token = self._token
            client.user_id = self._user_id
            self._client = client
        return self._client

    def new_channel_message_id(self) -> str:
        return f"deskreply-{uuid.uuid4().hex}"

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._client is not None:
            await self._client.close()
            self._client = None

    def _status(self, status: Status, detail: str = "", retry_at: float | None = None) -> None:
        self._emit(StatusChanged(self.account.id, status, detail, retry_at))

    # -- receiving ---------------------------------------------------------------------------

    async def run(self) -> None:
        self._status(Status.CONNECTING)
        if not self._token:
            self._status(Status.AUTH_FAILED, self._t(w.NOT_SIGNED_IN))
            return
        client = self._connect()
        since = self._cursor
        await self._preview()
        first = True  # the first sync of this run returns at once (no long poll)
        online = False
        failures = 0
        while True:
            try:
                if first and not since:  # a new sign-in: every room with its state
                    answer = await client.sync(timeout=0, full_state=True,
                                               sync_filter=_filter(FIRST_TIMELINE_LIMIT))
                elif first:  # a restart: what happened since, states fetched per room
                    answer = await client.sync(timeout=0, since=since,
                                               sync_filter=_filter(TIMELINE_LIMIT))
                else:
                    answer = await client.sync(timeout=LONG_POLL_MS, since=since,
                                               sync_filter=_filter(TIMELINE_LIMIT))
            except asyncio.CancelledError:
                raise
            except _NETWORK_ERRORS as error:
                log.info("sync failed: %s", error)
                online = False
                await self._back_off(failures, self._t(w.NO_CONNECTION))
                failures += 1
                continue
            if isinstance(answer, SyncError):
                if answer.status_code in _AUTH_CODES:
                    self._status(Status.AUTH_FAILED, self._t(w.TOKEN_REFUSED))
                    return
                online = False
                await self._back_off(failures, self._t(w.SERVER_ERROR).format(
                    detail=answer.message or answer.status_code))
                failures += 1
                continue
            if not isinstance(answer, SyncResponse):
                continue
            failures = 0
            if not online:
                self._status(Status.ONLINE)
                online = True
            try:
                await self._apply(answer, since)
            except _NETWORK_ERRORS as error:  # while filling a gap: sync again from `since`
                log.info("gap fill failed: %s", error)
                online = False
                await self._back_off(failures, self._t(w.NO_CONNECTION))
                failures += 1
                continue
            since = answer.next_batch
            self._cursor = since
            first = False
            self._emit(CursorMoved(self.account.id, since))

    async def _back_off(self, failures: int, detail: str) -> None:
        delay = self.reconnect_delays[min(failures, len(self.reconnect_delays) - 1)]
        self._status(Status.RECONNECTING, detail, time.time() + delay)
        await asyncio.sleep(delay)

    async def _apply(self, answer: SyncResponse, since: str | None) -> None:
        for room_id in answer.rooms.invite:
            if self._auto_join and room_id not in self._joining:
                self._joining.add(room_id)
                self._spawn(self._join(room_id))
        batches: list[tuple[_Room, list[dict[str, Any]], list[Any]]] = []
        # After a restart only changes come: rooms we have not seen in this run get their
        # current state in one request each (a handful: those with news since the cursor).
        unknown = [room_id for room_id in answer.rooms.join
                   if since and room_id not in self._rooms]
        current = await self._current_states(unknown)
        for room_id, info in answer.rooms.join.items():
            room = self._rooms.get(room_id)
            if room is None:
                room = self._rooms[room_id] = _Room(RoomState(room_id))
            fetched = room_id in current
            for source in current.get(room_id, ()):
                self._apply_state(room, source)
            if not fetched:  # (the fetched state is newer than this sync's)
                for event in info.state:
                    self._apply_state(room, getattr(event, "source", None))
            events = [event.source for event in info.timeline.events
                      if isinstance(getattr(event, "source", None), dict)]
            if info.timeline.limited and since and info.timeline.prev_batch:
                events = await self._fill_gap(room_id, info.timeline.prev_batch, since) + events
            for source in events:
                if "state_key" in source and not fetched:
                    self._apply_state(room, source)
                ts = source.get("origin_server_ts")
                if isinstance(ts, (int, float)):
                    room.state.last_activity = max(room.state.last_activity, ts / 1000)
            batches.append((room, events, info.ephemeral))
        # Rooms first (newest first), so the list shows them before any history arrives.
        order = sorted(batches, key=lambda batch: batch[0].state.last_activity, reverse=True)
        for room, _events, _ephemeral in order:
            self._announce(room)
        for room, events, ephemeral in order:
            if not self._listed(room):
                continue
            for source in events:
                self._timeline_event(room, source)
            self._announce_shared(room)
            for event in ephemeral:
                self._ephemeral(room, event)

    async def _preview(self) -> None:
        """List the newest rooms at once, before the full first sync (which reports every
        room again, and all messages). Servers without sliding sync simply skip this."""
        if self.preview_rooms <= 0:
            return
        body = {"lists": {"newest": {"ranges": [[0, self.preview_rooms - 1]],
                                     "timeline_limit": PREVIEW_TIMELINE,
                                     "required_state": PREVIEW_STATE}}}
        headers = {"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"}
        try:
            answer = await self._connect().send("POST", PREVIEW_PATH, json.dumps(body), headers,
                                                timeout=15)
            try:
                data = await answer.json(content_type=None) if answer.status == 200 else None
            finally:
                answer.release()
        except (*_NETWORK_ERRORS, ValueError) as error:
            log.info("no sliding-sync preview: %s", error)
            return
        rooms = data.get("rooms") if isinstance(data, dict) else None
        if not isinstance(rooms, dict):
            return
        previewed: list[tuple[_Room, list[dict[str, Any]]]] = []
        for room_id, info in rooms.items():
            if not isinstance(info, dict) or not isinstance(room_id, str):
                continue
            room = self._rooms.get(room_id)
            if room is None:
                room = self._rooms[room_id] = _Room(RoomState(room_id))
            for source in info.get("required_state") or ():
                self._apply_state(room, source)
            events = [source for source in info.get("timeline") or ()
                      if isinstance(source, dict)]
            for source in events:
                ts = source.get("origin_server_ts")
                if isinstance(ts, (int, float)):
                    room.state.last_activity = max(room.state.last_activity, ts / 1000)
            previewed.append((room, events))
        previewed.sort(key=lambda item: item[0].state.last_activity, reverse=True)
        for room, _events in previewed:
            self._announce(room)
        # Then their newest messages (the full sync repeats them: remembered, not re-emitted).
        for room, events in previewed:
            if not self._listed(room):
                continue
            for source in events:
                self._timeline_event(room, source)
            self._announce_shared(room)

    async def _current_states(self, room_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        client = self._connect()
        limit = asyncio.Semaphore(STATE_FETCHES)

        async def fetch(room_id: str) -> tuple[str, list[dict[str, Any]] | None]:
            async with limit:
                answer = await client.room_get_state(room_id)
            if isinstance(answer, RoomGetStateResponse):
                return room_id, [e for e in answer.events if isinstance(e, dict)]
            return room_id, None

        found = await asyncio.gather(*(fetch(room_id) for room_id in room_ids))
        return {room_id: events for room_id, events in found if events is not None}

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _join(self, room_id: str) -> None:
        """Accept an invitation, marked as a DeskReply agent (teammates in the room then
        count us as one of them, not as a second customer)."""
        client = self._connect()
        try:
            answer = await client.room_put_state(
                room_id, "m.room.member", {"membership": "join", AGENT_MARK: True},
                state_key=self._user_id)
            if isinstance(answer, RoomPutStateError):  # a homeserver that wants /join
                await client.join(room_id)
            self._marked.add(room_id)
        except _NETWORK_ERRORS as error:
            log.info("joining %s failed: %s", room_id, error)
        finally:
            self._joining.discard(room_id)

    async def _mark_agent(self, room_id: str) -> None:
        """Put the agent mark on our member event of a room joined without it (by another
        client, or a profile change that rewrote it), before we act there."""
        if room_id in self._marked:
            return
        room = self._rooms.get(room_id)
        ours = room.state.get("m.room.member", self._user_id) if room is not None else None
        if ours is None or ours.get("membership") != "join":
            return
        self._marked.add(room_id)
        if ours.get(AGENT_MARK):
            return
        try:
            await self._connect().room_put_state(room_id, "m.room.member",
                                                 {**ours, AGENT_MARK: True},
                                                 state_key=self._user_id)
        except _NETWORK_ERRORS as error:
            self._marked.discard(room_id)
            log.info("marking us in %s failed: %s", room_id, error)

    def _team(self, room: _Room) -> set[str]:
        return self._us | room.state.agents()

    async def _fill_gap(self, room_id: str, prev_batch: str, since: str) -> list[dict[str, Any]]:
        """The events between our cursor and a limited timeline, oldest first."""
        client = self._connect()
        older: list[dict[str, Any]] = []
        start: str | None = prev_batch
        while start:
            answer = await client.room_messages(room_id, start=start, end=since,
                                                direction=MessageDirection.back, limit=GAP_PAGE)
            if not isinstance(answer, RoomMessagesResponse):
                break
            chunk = [event.source for event in answer.chunk
                     if isinstance(getattr(event, "source", None), dict)]
            older.extend(chunk)
            if not chunk or not answer.end or answer.end == start:
                break
            start = answer.end
        older.reverse()
        return older

    def _apply_state(self, room: _Room, source: Any) -> None:
        if not isinstance(source, dict):
            return
        room.state.apply(source)
        if source.get("type") == CLAIM_EVENT:
            self._take_shared(room, source)

    def _listed(self, room: _Room) -> bool:
        kind = room.kind
        if kind is None:
            return False
        return kind.bridged or not kind.group or self._include_groups

    def _announce(self, room: _Room) -> None:
        room.kind = classify(room.state, self._team(room))
        if not self._listed(room):
            return
        kind = room.kind
        said = (kind.channel, kind.contact_name, room.state.encrypted)
        if said == room.announced:
            return
        room.announced = said
        self._emit(ConversationInfo(self.account.id, kind.channel, room.state.room_id,
                                    kind.contact_name, room.state.encrypted,
                                    room.state.last_activity))

    def _remember(self, event_id: str) -> bool:
        """True the first time an event id is seen in this run."""
        if event_id in self._seen:
            return False
        self._seen[event_id] = None
        if len(self._seen) > _SEEN_MAX:
            self._seen.popitem(last=False)
        return True

    def _timeline_event(self, room: _Room, source: dict[str, Any]) -> None:
        event_id = source.get("event_id")
        sender = source.get("sender")
        if not isinstance(event_id, str) or not isinstance(sender, str):
            return
        ts = source.get("origin_server_ts")
        ts_ms = float(ts) if isinstance(ts, (int, float)) else time.time() * 1000
        room.event_ts[event_id] = ts_ms
        if len(room.event_ts) > 500:
            room.event_ts.popitem(last=False)
        for sent in room.sent:
            if sent.event_id == event_id:
                sent.ts = ts_ms
        kind = source.get("type")
        if kind == CLAIM_EVENT and "state_key" not in source:
            self._take_shared(room, source)
            return
        if kind not in ("m.room.message", "m.room.encrypted") or "state_key" in source:
            return
        unsigned = source.get("unsigned") or {}
        txn = unsigned.get("transaction_id") if isinstance(unsigned, dict) else None
        if isinstance(txn, str) and sender == self._user_id:
            # Sent by this very device, i.e. by send(): the app already has it as its own
            # reply (and learns the event id from send's answer). Not a new message.
            self._txns[txn] = event_id
            if len(self._txns) > _SEEN_MAX:
                self._txns.popitem(last=False)
            return
        assert room.kind is not None
        if sender == room.kind.bot or not self._remember(event_id):
            return
        if "redacted_because" in (source.get("unsigned") or {}):
            return
        content = source.get("content")
        if not isinstance(content, dict) or not content:
            return
        text, attachments = self._content(kind, content)
        if text is None:
            return
        from_us = sender in self._team(room)
        self._emit(IncomingMessage(
            account_id=self.account.id, channel=room.kind.channel,
            contact_handle=room.state.room_id, contact_name=room.kind.contact_name,
            text=text, channel_message_id=event_id, sent_at=ts_ms / 1000,
            attachments=attachments, from_us=from_us,
            sender_name=room.state.display_name(sender) if from_us else ""))

    def _content(self, kind: str, content: Mapping[str, Any]
                 ) -> tuple[str | None, tuple[Attachment, ...]]:
        """Plain text and attachments of a message (formatted_body is ignored: untrusted)."""
        if kind == "m.room.encrypted":
            return self._t(w.ENCRYPTED_MESSAGE), ()
        if "m.new_content" in content:  # an edit: the original is already shown
            return None, ()
        msgtype = content.get("msgtype")
        body = content.get("body")
        body = body if isinstance(body, str) else ""
        if msgtype in _FILE_TYPES:
            info = content.get("info")
            info = info if isinstance(info, dict) else {}
            size = info.get("size")
            name = content.get("filename") or body or str(msgtype)
            attachment = Attachment(str(name), int(size) if isinstance(size, int) else 0,
                                    str(info.get("mimetype") or "application/octet-stream"))
            caption = body if content.get("filename") and body != content.get("filename") else ""
            return caption, (attachment,)
        if msgtype in _TEXT_TYPES or body:
            return body, ()
        return None, ()

    def _take_shared(self, room: _Room, source: Mapping[str, Any]) -> None:
        ts = source.get("origin_server_ts")
        ts = float(ts) if isinstance(ts, (int, float)) else 0.0
        content = source.get("content")
        if not isinstance(content, dict) or ts < room.shared_ts:
            return
        room.shared_ts = ts
        room.shared = dict(content)

    def _announce_shared(self, room: _Room) -> None:
        if not room.shared:
            return
        said = (str(room.shared.get("claimed_by", "")), bool(room.shared.get("done", False)))
        if room.shared_said == said:
            return
        room.shared_said = said
        self._emit(ConversationShared(self.account.id, room.state.room_id,
                                      claimed_by=str(said[0]), done=said[1]))

    def _ephemeral(self, room: _Room, event: Any) -> None:
        if isinstance(event, TypingNoticeEvent):
            names = tuple(room.state.display_name(user) for user in event.users
                          if user != self._user_id)
            if names != room.typing:
                room.typing = names
                self._emit(TypingChanged(self.account.id, room.state.room_id, names))
        elif isinstance(event, ReceiptEvent):
            bot = room.kind.bot if room.kind is not None else ""
            for receipt in event.receipts:
                if receipt.receipt_type != "m.read" or receipt.user_id in self._team(room):
                    continue
                up_to = room.event_ts.get(receipt.event_id, float(receipt.timestamp))
                # A bridge bot's receipt means "handed to WhatsApp/...", the person's "read".
                self._receipt(room, receipt.event_id, up_to,
                              "delivered" if bot and receipt.user_id == bot else "read")

    def _receipt(self, room: _Room, event_id: str, up_to: float, state: str) -> None:
        still: list[_Sent] = []
        for sent in room.sent:
            if sent.event_id == event_id or (sent.ts and sent.ts <= up_to):
                if state not in sent.said:
                    sent.said.add(state)
                    self._emit(DeliveryChanged(self.account.id, sent.message_id, state,
                                               sent.event_id))
                if state == "read":
                    continue  # nothing comes after read
            still.append(sent)
        room.sent = still

    # -- sending -----------------------------------------------------------------------------

    async def send(self, message: OutgoingMessage) -> str:
        room_id = message.contact_handle
        if not self._token:
            raise SendError(self._t(w.NOT_SIGNED_IN), retry=False)
        client = self._connect()
        txn = message.channel_message_id or self.new_channel_message_id()
        try:
            if await self._encrypted(room_id):
                # Without end-to-end keys a reply would go out unencrypted: never.
                raise SendError(self._t(w.ENCRYPTED_SEND), retry=False)
            await self._mark_agent(room_id)
            if message.maybe_sent:
                found = await self._find_sent(room_id, txn)
                if found:
                    self._track(room_id, found, message.message_id)
                    return found
            answer = await client.room_send(
                room_id, "m.room.message", {"msgtype": "m.text", "body": message.text},
                tx_id=txn)
        except _NETWORK_ERRORS as error:
            raise SendError(self._t(w.NO_CONNECTION), retry=True) from error
        if isinstance(answer, RoomSendResponse):
            self._track(room_id, answer.event_id, message.message_id)
            return str(answer.event_id)
        code = getattr(answer, "status_code", "") or ""
        if code in _AUTH_CODES:
            raise SendError(self._t(w.TOKEN_REFUSED), retry=False)
        if code == "M_FORBIDDEN":
            raise SendError(self._t(w.NOT_ALLOWED), retry=False)
        raise SendError(self._t(w.SERVER_ERROR).format(
            detail=getattr(answer, "message", "") or code), retry=True)

    async def _encrypted(self, room_id: str) -> bool:
        room = self._rooms.get(room_id)
        if room is not None:
            return room.state.encrypted
        # Not synced yet (a send right after start): ask the homeserver.
        answer = await self._connect().room_get_state_event(room_id, ENCRYPTION_EVENT)
        return isinstance(answer, RoomGetStateEventResponse)

    def _track(self, room_id: str, event_id: str, message_id: int) -> None:
        room = self._rooms.get(room_id)
        if room is None:
            return
        ts = room.event_ts.get(event_id, 0.0)
        room.sent.append(_Sent(event_id, message_id, ts))

    async def _find_sent(self, room_id: str, txn: str) -> str | None:
        """The event id of our earlier attempt with this transaction id, if it reached the
        room. The homeserver shows ``unsigned.transaction_id`` to the device that sent it."""
        if txn in self._txns:  # its echo already came through sync
            return self._txns[txn]
        answer = await self._connect().room_messages(
            room_id, start=None, direction=MessageDirection.back, limit=FIND_SENT_LIMIT,
            message_filter={"senders": [self._user_id], "types": ["m.room.message"]})
        if not isinstance(answer, RoomMessagesResponse):
            raise SendError(self._t(w.NO_CONNECTION), retry=True)
        for event in answer.chunk:
            source = getattr(event, "source", None) or {}
            unsigned = source.get("unsigned") or {}
            if unsigned.get("transaction_id") == txn and isinstance(source.get("event_id"), str):
                return str(source["event_id"])
        return None

    # -- team --------------------------------------------------------------------------------

    async def set_typing(self, contact_handle: str, typing: bool) -> None:
        if typing:
            await self._mark_agent(contact_handle)
        await self._connect().room_typing(contact_handle, typing_state=typing, timeout=30_000)

    async def mark_read(self, contact_handle: str, channel_message_id: str) -> None:
        await self._connect().room_read_markers(contact_handle, channel_message_id,
                                                channel_message_id)

    async def set_shared(self, contact_handle: str, *, claimed_by: str | None = None,
                         done: bool | None = None) -> None:
        await self._mark_agent(contact_handle)
        room = self._rooms.get(contact_handle)
        current = dict(room.shared) if room is not None else {}
        if claimed_by is not None:
            current["claimed_by"] = claimed_by
            current["claimed_by_user"] = self._user_id if claimed_by else ""
        if done is not None:
            current["done"] = done
        current.setdefault("claimed_by", "")
        current.setdefault("done", False)
        current["updated_at"] = int(time.time() * 1000)
        if room is not None:  # a second change before the echo builds on this one
            room.shared = dict(current)
        client = self._connect()
        answer = await client.room_put_state(contact_handle, CLAIM_EVENT, current, state_key="")
        if isinstance(answer, RoomPutStateError):
            if answer.status_code != "M_FORBIDDEN":
                raise SendError(self._t(w.SERVER_ERROR).format(detail=answer.message))
            # Not allowed to set room state here: say it in the timeline instead.
            sent = await client.room_send(contact_handle, CLAIM_EVENT, current,
                                          tx_id=self.new_channel_message_id())
            if not isinstance(sent, RoomSendResponse):
                raise SendError(self._t(w.NOT_ALLOWED), retry=False)

    # -- test --------------------------------------------------------------------------------

    async def test(self) -> TestResult:
        if not self._token:
            return TestResult(False, "auth_failed", self._t(w.NOT_SIGNED_IN))
        try:
            answer = await self._connect().whoami()
        except _NETWORK_ERRORS as error:
            return TestResult(False, connection_problem(error), self._t(w.NO_CONNECTION))
        if isinstance(answer, WhoamiResponse):
            return TestResult(True, "ok", answer.user_id)
        code = getattr(answer, "status_code", "") or ""
        if code in _AUTH_CODES:
            return TestResult(False, "auth_failed", self._t(w.TOKEN_REFUSED))
        return TestResult(False, "error", self._t(w.SERVER_ERROR).format(
            detail=getattr(answer, "message", "") or code))

