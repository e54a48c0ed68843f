"""The demo connector: scripted customer messages that keep arriving while the demo runs, and
a believable delivery (sent, then delivered) for the replies. No network, no account.

It is a connector like any other (:class:`deskreply.connectors.base.Connector`): the app runs
it on the network loop and stores what it emits, so the demo inbox exercises the same path
as a real channel.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from pathlib import Path
from typing import ClassVar

from deskreply.connectors.base import (
    AccountConfig,
    DeliveryChanged,
    Emit,
    IncomingMessage,
    OutgoingMessage,
    Status,
    StatusChanged,
    TestResult,
)
from deskreply.store.rows import CHANNELS

_FORMAT = 1

DemoMessage = tuple[str, str, str, str]  # (channel, contact_name, contact_handle, text)


class DemoFeedError(ValueError):
    """``feed.json`` is malformed; the message says where."""


def read_feed(path: Path) -> list[DemoMessage]:
    """Parse and validate ``feed.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoFeedError(f"{path}: cannot read the demo feed ({error})") from error
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise DemoFeedError(f"{path}: expected an object with \"format\": {_FORMAT}")
    entries = data.get("messages")
    if not isinstance(entries, list):
        raise DemoFeedError(f"{path}: 'messages' must be a list")
    messages: list[DemoMessage] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, message {number}"
        if not isinstance(entry, dict):
            raise DemoFeedError(f"{where}: must be an object")
        if entry.get("channel") not in CHANNELS:
            raise DemoFeedError(f"{where}: 'channel' must be one of {', '.join(CHANNELS)}")
        values = []
        for key in ("contact", "handle", "text"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise DemoFeedError(f"{where}: '{key}' must be a non-empty string")
            values.append(value)
        messages.append((entry["channel"], values[0], values[1], values[2]))
    return messages


class DemoFeed:
    """Hands out the scripted messages one by one, starting over when they run out.

    Args:
        resources: the resources folder (``resources/demo/feed.json`` is read).
        seed: shuffle the order with this seed (each round reshuffled); None keeps file order.
    """

    def __init__(self, resources: Path, seed: int | None = None) -> None:
        self._messages = read_feed(Path(resources) / "demo" / "feed.json")
        self._rng = random.Random(seed) if seed is not None else None
        self._order: list[int] = []
        self._position = 0
        self._new_round()

    def __len__(self) -> int:
        return len(self._messages)

    def _new_round(self) -> None:
        self._order = list(range(len(self._messages)))
        if self._rng is not None:
            last = self._order[-1] if self._order else None
            self._rng.shuffle(self._order)
            # The same customer twice in a row across rounds would look like a glitch.
            if len(self._order) > 1 and self._order[0] == last:
                self._order[0], self._order[1] = self._order[1], self._order[0]
        self._position = 0

    def next_message(self) -> DemoMessage | None:
        """The next customer message, or None if the feed file has none."""
        if not self._messages:
            return None
        if self._position >= len(self._order):
            self._new_round()
        message = self._messages[self._order[self._position]]
        self._position += 1
        return message


# Seconds from handing a reply over to "sent", and from "sent" to "delivered".
SEND_DELAY_S = 0.8
DELIVER_DELAY_S = 1.7
DEFAULT_INTERVAL_S = 60.0


class DemoConnector:
    """Settings: ``resources`` (folder with demo/feed.json; default: the shipped one),
    ``interval_s`` (seconds between customer messages; 0: none arrive by themselves),
    ``seed`` (shuffle the feed), ``send_delay_s``/``deliver_delay_s``."""

    kind: ClassVar[str] = "demo"

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        self._account = account
        self._emit = emit
        settings = account.settings
        self._interval = float(settings.get("interval_s", DEFAULT_INTERVAL_S))
        self._send_delay = float(settings.get("send_delay_s", SEND_DELAY_S))
        self._deliver_delay = float(settings.get("deliver_delay_s", DELIVER_DELAY_S))
        self._resources = settings.get("resources")
        self._seed = settings.get("seed")
        self._feed: DemoFeed | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def new_channel_message_id(self) -> str:
        return f"demo-out-{uuid.uuid4().hex}"

    def _load_feed(self) -> DemoFeed:
        if self._feed is None:
            if self._resources:
                folder = Path(str(self._resources))
            else:
                from deskreply.paths import resources_dir

                folder = resources_dir()
            seed = self._seed if isinstance(self._seed, int) else None
            self._feed = DemoFeed(folder, seed)
        return self._feed

    def next_message(self) -> IncomingMessage | None:
        """The next scripted customer message as an event (also what the timer emits)."""
        item = self._load_feed().next_message()
        if item is None:
            return None
        channel, name, handle, text = item
        return IncomingMessage(
            account_id=self._account.id, channel=channel, contact_handle=handle,
            contact_name=name, text=text, channel_message_id=f"demo-in-{uuid.uuid4().hex}",
            sent_at=time.time())

    async def run(self) -> None:
        self._emit(StatusChanged(self._account.id, Status.ONLINE))
        try:
            self._load_feed()
        except DemoFeedError as error:  # a damaged feed file only stops the demo customers
            self._emit(StatusChanged(self._account.id, Status.ONLINE, str(error)))
            await asyncio.Event().wait()
        if self._interval <= 0:
            await asyncio.Event().wait()
        while True:
            await asyncio.sleep(self._interval)
            message = self.next_message()
            if message is not None:
                self._emit(message)

    async def send(self, message: OutgoingMessage) -> str:
        await asyncio.sleep(self._send_delay)
        task = asyncio.get_running_loop().create_task(self._deliver(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return message.channel_message_id

    async def _deliver(self, message: OutgoingMessage) -> None:
        await asyncio.sleep(self._deliver_delay)
        self._emit(DeliveryChanged(self._account.id, message.message_id, "delivered",
                                   message.channel_message_id))

    async def test(self) -> TestResult:
        return TestResult(True, "ok")

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
