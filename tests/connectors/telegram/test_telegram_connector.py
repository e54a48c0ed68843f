"""The Telegram bot connector against a local server that follows the Bot API
(:mod:`tests.servers.telegram_api`; the real api.telegram.org cannot be reached from here)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest

from deskreply.connectors.base import (
    AccountConfig,
    ConnectorEvent,
    CursorMoved,
    DeliveryChanged,
    IncomingMessage,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
)
from deskreply.connectors.runtime import ConnectorHost
from deskreply.connectors.telegram.connector import TelegramConnector
from tests.servers.synapse import free_port
from tests.servers.telegram_api import BotApiServer

TOKEN = "123456:TEST-token_abc"
pytestmark = pytest.mark.slow  # a real HTTP server on 127.0.0.1

REPLY = "¡Hola, María! Tu pedido sale mañana 📦🙂 — gracias, ñandú."


@pytest.fixture
def bot_api() -> Iterator[BotApiServer]:
    server = BotApiServer(TOKEN).start()
    yield server
    server.stop()


def account(api: str, **settings: Any) -> AccountConfig:
    values: dict[str, Any] = {"api_base": api, "bot_name": "deskreply_bot", "poll_timeout": 2}
    values.update(settings)
    return AccountConfig(3, "telegram", "Bot", values, "telegram:test")


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coroutine)


def reply(text: str = REPLY, local: str = "telegram-1", maybe_sent: bool = False,
          chat: str = "5001") -> OutgoingMessage:
    return OutgoingMessage(9, 3, chat, "María López", text, "Ana", local,
                           maybe_sent=maybe_sent)


class Running:
    def __init__(self, api: str, cursor: str | None = None, token: str = TOKEN,
                 **settings: Any) -> None:
        self.events: list[ConnectorEvent] = []
        self.connector = TelegramConnector(account(api, **settings), token, self.events.append,
                                           cursor)
        self.connector.reconnect_delays = (0.2, 0.5)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Running:
        self.task = asyncio.get_running_loop().create_task(self.connector.run())
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.connector.close()

    async def wait(self, predicate: Callable[[ConnectorEvent], bool],
                   timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if predicate(event):
                    return event
            await asyncio.sleep(0.02)
        raise AssertionError(f"no matching event; got {self.events[-6:]}")

    def messages(self) -> list[IncomingMessage]:
        return [e for e in self.events if isinstance(e, IncomingMessage)]


def test_updates_become_messages_once_and_the_offset_resumes(bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        bot_api.customer_writes(5001, "Hola, ¿tienen envíos a Rosario? 🙂")
        bot_api.customer_writes(7007, "hi", first_name="Grupo", chat_type="group")
        bot_api.customer_writes(5002, "Hello", first_name="Tom", last_name=None)
        async with Running(bot_api.url) as first:
            await first.wait(lambda e: isinstance(e, IncomingMessage) and e.text == "Hello")
            sent_at = time.monotonic()
            bot_api.customer_writes(5001, "¿Y cuánto tarda?")
            await first.wait(lambda e: isinstance(e, IncomingMessage) and e.text.startswith("¿Y"))
            assert time.monotonic() - sent_at < 1.0  # long polling: no waiting for a timer
            await asyncio.sleep(0.1)
            cursor = [e for e in first.events if isinstance(e, CursorMoved)][-1].cursor
        messages = first.messages()
        assert [(m.contact_handle, m.contact_name, m.text) for m in messages] == [
            ("5001", "María López", "Hola, ¿tienen envíos a Rosario? 🙂"),
            ("5002", "Tom", "Hello"),
            ("5001", "María López", "¿Y cuánto tarda?")]
        assert [m.channel_message_id for m in messages] == ["5001:1", "5002:1", "5001:2"]
        assert all(m.channel == "telegram" and not m.from_us for m in messages)
        # While closed, one more; the restart confirms the old ones and brings only the new.
        bot_api.customer_writes(5002, "Still there?", first_name="Tom", last_name=None)
        async with Running(bot_api.url, cursor=cursor) as second:
            await second.wait(lambda e: isinstance(e, IncomingMessage))
            await asyncio.sleep(0.3)
        assert [m.text for m in second.messages()] == ["Still there?"]
        polls = bot_api.calls("getUpdates")
        assert polls[-1][0]["offset"] == int(cursor) + 1

    run(scenario())


def test_a_reply_is_sent_once_and_returns_its_message_id(bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        bot_api.customer_writes(5001, "Hola")
        connector = TelegramConnector(account(bot_api.url), TOKEN, lambda _e: None, None)
        channel_id = await connector.send(reply())
        await connector.close()
        assert channel_id == "5001:2"
        assert [m["text"] for m in bot_api.sent] == [REPLY]
        with pytest.raises(SendError) as unknown:
            connector = TelegramConnector(account(bot_api.url), TOKEN, lambda _e: None, None)
            await connector.send(reply(chat="999"))
        await connector.close()
        assert not unknown.value.retry and "chat not found" in unknown.value.reason

    run(scenario())


def test_a_refused_token_is_auth_failed(bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        async with Running(bot_api.url, token="999:wrong") as bad:
            status = await bad.wait(lambda e: isinstance(e, StatusChanged)
                                    and e.status == Status.AUTH_FAILED)
            assert "999:wrong" not in status.detail
            assert bad.task is not None
            await asyncio.wait_for(bad.task, 2)  # gives up: only the user can fix a token
        wrong = TelegramConnector(account(bot_api.url), "999:wrong", lambda _e: None, None)
        right = TelegramConnector(account(bot_api.url), TOKEN, lambda _e: None, None)
        assert (await wrong.test()).code == "auth_failed"
        outcome = await right.test()
        assert (outcome.ok, outcome.detail) == (True, "@deskreply_bot")
        nowhere = TelegramConnector(account(f"http://127.0.0.1:{free_port()}"), TOKEN,
                                    lambda _e: None, None)
        refused = await nowhere.test()
        assert refused.code == "refused" and TOKEN not in refused.detail
        for connector in (wrong, right, nowhere):
            await connector.close()

    run(scenario())


def test_flood_control_retry_after_is_respected(bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        bot_api.fail_next("getUpdates", 429, "Too Many Requests: retry after 1", retry_after=1)
        bot_api.customer_writes(5001, "Hola")
        async with Running(bot_api.url) as running:
            status = await running.wait(lambda e: isinstance(e, StatusChanged)
                                        and e.status == Status.RECONNECTING)
            assert status.retry_at == pytest.approx(time.time() + 1, abs=0.5)
            await running.wait(lambda e: isinstance(e, IncomingMessage))
        polls = [at for _params, at in bot_api.calls("getUpdates")]
        assert polls[1] - polls[0] >= 1.0

    run(scenario())


def test_a_send_that_may_have_arrived_is_never_resent_automatically(
        bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        bot_api.customer_writes(5001, "Hola")
        connector = TelegramConnector(account(bot_api.url, lang="es"), TOKEN, lambda _e: None,
                                      None)
        # The request reaches Telegram, then the connection drops before the answer.
        bot_api.fail_next("sendMessage", 0, "", drop_connection=True)
        with pytest.raises(SendError) as cut:
            await connector.send(reply())
        assert not cut.value.retry and "Reintentar" in cut.value.reason
        # Even a retry that says maybe_sent is refused: the user looks first.
        with pytest.raises(SendError):
            await connector.send(reply(maybe_sent=True))
        assert [m["text"] for m in bot_api.sent] == [REPLY]
        # Flood control refused it outright: the automatic retry sends it, once.
        bot_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        with pytest.raises(SendError) as slow:
            await connector.send(reply("second", local="telegram-2"))
        assert slow.value.retry
        await connector.send(reply("second", local="telegram-2", maybe_sent=True))
        assert [m["text"] for m in bot_api.sent] == [REPLY, "second"]
        await connector.close()

    run(scenario())


def test_a_refused_connection_is_retried_and_sent_once() -> None:
    port = free_port()

    async def scenario() -> None:
        connector = TelegramConnector(account(f"http://127.0.0.1:{port}"), TOKEN,
                                      lambda _e: None, None)
        with pytest.raises(SendError) as refused:
            await connector.send(reply())
        assert refused.value.retry  # never left this computer: safe to try again
        server = BotApiServer(TOKEN, port=port).start()
        try:
            server.customer_writes(5001, "Hola")
            assert await connector.send(reply(maybe_sent=True)) == "5001:2"
            assert [m["text"] for m in server.sent] == [REPLY]
        finally:
            await connector.close()
            server.stop()

    run(scenario())


def test_through_the_connector_host(bot_api: BotApiServer) -> None:
    events: list[ConnectorEvent] = []
    arrived = threading.Event()

    def listener(event: ConnectorEvent) -> None:
        events.append(event)
        if isinstance(event, DeliveryChanged) and event.state == "sent":
            arrived.set()

    host = ConnectorHost(listener, secrets=lambda _ref: TOKEN)
    host.start()
    try:
        host.add(account(bot_api.url))
        bot_api.customer_writes(5001, "Hola")
        deadline = time.monotonic() + 5
        while not any(isinstance(e, IncomingMessage) for e in events):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        host.send(reply())
        assert arrived.wait(5)
    finally:
        host.stop()
    sent = [e for e in events if isinstance(e, DeliveryChanged) and e.state == "sent"]
    assert sent[0].channel_message_id == "5001:2"
    assert [m["text"] for m in bot_api.sent] == [REPLY]


def test_a_second_program_polling_the_same_bot_is_told_plainly(bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        async with Running(bot_api.url) as first:
            await first.wait(lambda e: isinstance(e, StatusChanged) and e.status == Status.ONLINE)
            await asyncio.sleep(0.3)  # its getUpdates is waiting now
            async with Running(bot_api.url) as second:
                status = await second.wait(lambda e: isinstance(e, StatusChanged)
                                           and e.status == Status.RECONNECTING)
                assert "Only one can at a time" in status.detail and status.retry_at

    run(scenario())


def test_a_server_error_on_send_is_not_resent(bot_api: BotApiServer) -> None:
    async def scenario() -> None:
        bot_api.customer_writes(5001, "Hola")
        connector = TelegramConnector(account(bot_api.url, lang="en"), TOKEN, lambda _e: None,
                                      None)
        bot_api.fail_next("sendMessage", 500, "Internal Server Error")
        with pytest.raises(SendError) as failed:
            await connector.send(reply())
        assert not failed.value.retry and "Retry" in failed.value.reason
        await connector.close()
        assert bot_api.sent == []

    run(scenario())
