"""Drive a connector the way the ConnectorHost does: on one asyncio loop, events collected."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from deskreply.connectors.base import (
    AccountConfig,
    ConnectorEvent,
    CursorMoved,
    IncomingMessage,
    OutgoingMessage,
    Status,
    StatusChanged,
)
from deskreply.connectors.email.connector import EmailConnector

E = TypeVar("E")


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[float, ConnectorEvent]] = []

    def __call__(self, event: ConnectorEvent) -> None:
        self.events.append((time.monotonic(), event))

    def of(self, kind: type[E]) -> list[E]:
        return [event for _at, event in self.events if isinstance(event, kind)]

    def incoming(self) -> list[IncomingMessage]:
        return self.of(IncomingMessage)

    def statuses(self) -> list[Status]:
        return [event.status for event in self.of(StatusChanged)]

    def last_cursor(self) -> str | None:
        cursors = self.of(CursorMoved)
        return cursors[-1].cursor if cursors else None

    async def wait(self, predicate: Callable[[], Any], timeout: float = 10.0) -> float:
        """Seconds until ``predicate()`` is true; fails the test after ``timeout``."""
        start = time.monotonic()
        while not predicate():
            if time.monotonic() - start > timeout:
                raise AssertionError(f"timed out after {timeout} s; events: {self.events[-5:]}")
            await asyncio.sleep(0.01)
        return time.monotonic() - start


def account(settings: dict[str, Any], account_id: int = 1) -> AccountConfig:
    return AccountConfig(id=account_id, kind="email", name="Soporte", settings=settings,
                         secret_ref="email:Soporte:password")


@contextlib.asynccontextmanager
async def running(settings: dict[str, Any], password: str, cursor: str | None = None
                  ) -> AsyncIterator[tuple[EmailConnector, Recorder]]:
    """A started connector; cancelled and closed afterwards like the host does."""
    recorder = Recorder()
    connector = EmailConnector(account(settings), password, recorder, cursor)
    task = asyncio.create_task(connector.run())
    try:
        yield connector, recorder
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await connector.close()
        # close() ends the receiver thread: nothing keeps running after the account is gone.
        left = [t.name for t in threading.enumerate() if t.name.startswith("email-")]
        assert not left, f"threads left running after close(): {left}"


async def online(recorder: Recorder, timeout: float = 10.0) -> None:
    await recorder.wait(lambda: Status.ONLINE in recorder.statuses(), timeout)


REPLY_TEXT = "¡Hola María! Su pedido ya salió 🚚. Llega el miércoles; disculpe la demora 🙏"
REPLY_THREAD = {"subject": "¿Dónde está mi pedido? 😡", "message_id": "<q1@cliente.example>",
                "references": "<q0@cliente.example>"}


def outgoing(conn: EmailConnector, to: str, *, maybe_sent: bool = False,
             channel_message_id: str = "") -> OutgoingMessage:
    """A reply as the SendController hands it over (already stored, id assigned)."""
    return OutgoingMessage(
        message_id=7, account_id=1, contact_handle=to,
        contact_name="María López Ibáñez", text=REPLY_TEXT, sender_name="Ana",
        channel_message_id=channel_message_id or conn.new_channel_message_id(),
        thread=REPLY_THREAD, maybe_sent=maybe_sent)
