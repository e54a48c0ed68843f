"""The Matrix connector against a real Synapse on 127.0.0.1, with a second matrix-nio client
as the customer (or the bridge, or a teammate)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Coroutine
from typing import Any

import pytest
from nio import AsyncClient, RoomPreset

from deskreply.connectors.base import (
    ConversationInfo,
    ConversationShared,
    CursorMoved,
    DeliveryChanged,
    IncomingMessage,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    TypingChanged,
)
from deskreply.connectors.matrix.connector import MatrixConnector
from deskreply.connectors.matrix.login import MatrixLoginError, matrix_login
from deskreply.connectors.runtime import ConnectorHost
from tests.connectors.matrix.helpers import (
    HoldingProxy,
    Running,
    account,
    bodies,
    client,
    create_room,
    secret,
)
from tests.servers.synapse import SynapseServer

pytestmark = pytest.mark.slow

REPLY = "¡Hola, María! Tu pedido sale mañana 📦🙂 — gracias por la paciencia, ñandú incluido."


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coroutine)


def outgoing(room_id: str, text: str, txn: str, message_id: int = 7,
             maybe_sent: bool = False) -> OutgoingMessage:
    return OutgoingMessage(message_id, 1, room_id, "María", text, "Ana", txn,
                           maybe_sent=maybe_sent)


def incoming(room_id: str, text: str | None = None):  # type: ignore[no-untyped-def]
    return lambda e: (isinstance(e, IncomingMessage) and e.contact_handle == room_id
                      and (text is None or e.text == text))


def test_login_with_password_gives_a_token_and_never_needs_the_password_again(
        synapse: SynapseServer) -> None:
    user = synapse.register(password="s3cret-pass")

    async def scenario() -> None:
        result = await matrix_login(synapse.url, user.user_id, "s3cret-pass", "DeskReply test")
        assert result.user_id == user.user_id and result.access_token and result.device_id
        assert "s3cret-pass" not in result.secret()
        connector = MatrixConnector(account(user, synapse, device_id=result.device_id),
                                    result.secret(), lambda _e: None, None)
        outcome = await connector.test()
        await connector.close()
        assert outcome.ok and outcome.detail == user.user_id
        with pytest.raises(MatrixLoginError) as refused:
            await matrix_login(synapse.url, user.user_id, "wrong", "DeskReply test")
        assert refused.value.code == "auth_failed"
        # The SSO path: a login token (m.login.token) pasted from the browser, no user name.
        issued = await asyncio.get_running_loop().run_in_executor(
            None, lambda: synapse.request("POST", "/_matrix/client/v1/login/get_token", {},
                                          user.access_token))
        by_token = await matrix_login(synapse.url, "", issued["login_token"], "DeskReply")
        assert by_token.user_id == user.user_id and by_token.access_token
        with pytest.raises(MatrixLoginError) as stale:
            await matrix_login(synapse.url, "", issued["login_token"], "DeskReply")
        assert stale.value.code == "auth_failed"  # a login token works once
        with pytest.raises(MatrixLoginError) as unreachable:
            await matrix_login("http://127.0.0.1:9", user.user_id, "s3cret-pass")
        assert unreachable.value.code == "refused"

    run(scenario())


def test_customer_message_arrives_within_a_second_and_the_reply_arrives_once(
        synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="María López")

    async def scenario() -> None:
        other = client(synapse, customer)
        async with Running(agent, synapse) as ana:
            room_id = await create_room(other, [agent.user_id], is_direct=True,
                                        preset=RoomPreset.trusted_private_chat)
            # The invitation is accepted on its own; the room is listed with the customer.
            _at, info = await ana.events.wait(
                lambda e: isinstance(e, ConversationInfo) and e.contact_handle == room_id
                and e.contact_name == "María López")
            assert info.channel == "matrix" and not info.encrypted
            await asyncio.sleep(0.5)  # the join is done and the long poll waits again
            sent_at = time.monotonic()
            await other.room_send(room_id, "m.room.message",
                                  {"msgtype": "m.text", "body": "Hola, ¿dónde está mi pedido?"})
            arrived, message = await ana.events.wait(incoming(room_id))
            assert arrived - sent_at < 1.0
            assert (message.text, message.from_us, message.contact_name) == (
                "Hola, ¿dónde está mi pedido?", False, "María López")
            assert message.channel_message_id.startswith("$")

            txn = ana.connector.new_channel_message_id()
            event_id = await ana.connector.send(outgoing(room_id, REPLY, txn))
            assert event_id.startswith("$")
            assert (await bodies(other, room_id)).count(REPLY) == 1
            # Our own reply is not reported back as a new message (the app has it already)...
            await asyncio.sleep(0.5)
            assert all(e.text != REPLY for e in ana.events.of(IncomingMessage))
            # ...but one written on another device of the same account is, as ours.
            phone = await matrix_login(synapse.url, agent.user_id, agent.password, "phone")
            phone_client = AsyncClient(synapse.url, agent.user_id, device_id=phone.device_id)
            phone_client.access_token, phone_client.user_id = phone.access_token, agent.user_id
            await phone_client.room_send(room_id, "m.room.message",
                                         {"msgtype": "m.text", "body": "Sent from my phone"})
            await phone_client.close()
            _at, echo = await ana.events.wait(incoming(room_id, "Sent from my phone"))
            assert (echo.from_us, echo.sender_name) == (True, "Ana")

            # The customer reads it: the reply becomes "read".
            await other.room_read_markers(room_id, event_id, event_id)
            _at, read = await ana.events.wait(
                lambda e: isinstance(e, DeliveryChanged) and e.state == "read")
            assert (read.message_id, read.channel_message_id) == (7, event_id)

            # Typing both ways.
            await other.room_typing(room_id, True, 10_000)
            await ana.events.wait(lambda e: isinstance(e, TypingChanged)
                                  and e.names == ("María López",))
            await other.room_typing(room_id, False)
            await ana.events.wait(lambda e: isinstance(e, TypingChanged) and e.names == ())
            # mark_read sends our receipt; it reaches the customer's side
            await ana.connector.mark_read(room_id, message.channel_message_id)
        await other.close()

    run(scenario())


def test_restart_from_the_cursor_has_no_gaps_and_no_duplicates(synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="Tom Reed")

    async def scenario() -> None:
        other = client(synapse, customer)
        async with Running(agent, synapse) as first:
            room_id = await create_room(other, [agent.user_id], is_direct=True)
            await first.events.wait(lambda e: isinstance(e, ConversationInfo))
            await asyncio.sleep(0.5)
            for number in range(3):
                await other.room_send(room_id, "m.room.message",
                                      {"msgtype": "m.text", "body": f"before {number}"})
            await first.events.wait(incoming(room_id, "before 2"))
            await asyncio.sleep(0.3)  # the cursor after "before 2" is emitted
            cursor = first.cursor
        assert cursor
        # While DeskReply is closed, more messages than one sync returns (a "limited" gap).
        for number in range(60):
            await other.room_send(room_id, "m.room.message",
                                  {"msgtype": "m.text", "body": f"while closed {number}"})
        restarted = Running(agent, synapse, cursor=cursor)
        restarted.connector.preview_rooms = 0  # the room's state must come with the sync
        async with restarted as second:
            await second.events.wait(incoming(room_id, "while closed 59"), timeout=20)
            messages = second.events.of(IncomingMessage)
        assert [e.text for e in messages] == [f"while closed {number}" for number in range(60)]
        assert {(e.contact_name, e.channel) for e in messages} == {("Tom Reed", "matrix")}
        # Even the room's list entry and name come back after a restart.
        infos = second.events.of(ConversationInfo)
        assert [i.contact_name for i in infos if i.contact_handle == room_id] == ["Tom Reed"]
        await other.close()

    run(scenario())


def test_a_bridged_whatsapp_room_shows_the_network_and_the_customer_name(
        synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    bot = synapse.register(displayname="WhatsApp bridge bot")
    ghost = synapse.register(f"whatsapp_5491122334455x{time.monotonic_ns()}",
                             displayname="María López (WA)")

    async def scenario() -> None:
        bridge = client(synapse, bot)
        phone = client(synapse, ghost)
        bridge_content = {
            "bridgebot": bot.user_id, "creator": bot.user_id,
            "protocol": {"id": "whatsapp", "displayname": "WhatsApp",
                         "external_url": "https://www.whatsapp.com/"},
            "channel": {"id": "5491122334455@s.whatsapp.net",
                        "displayname": "María López (WA)"},
        }
        state_key = "net.maunium.whatsapp://whatsapp/5491122334455@s.whatsapp.net"
        async with Running(agent, synapse) as ana:
            # As mautrix-whatsapp does: the bot creates the portal with the bridge state
            # events and invites the ghost and the user; the ghost joins and speaks.
            room_id = await create_room(
                bridge, [ghost.user_id, agent.user_id], is_direct=True,
                initial_state=[
                    {"type": "m.bridge", "state_key": state_key, "content": bridge_content},
                    {"type": "uk.half-shot.bridge", "state_key": state_key,
                     "content": bridge_content}])
            await phone.join(room_id)
            _at, info = await ana.events.wait(
                lambda e: isinstance(e, ConversationInfo) and e.contact_handle == room_id
                and e.contact_name == "María López (WA)")
            assert info.channel == "whatsapp"
            await asyncio.sleep(0.3)
            await phone.room_send(room_id, "m.room.message",
                                  {"msgtype": "m.text", "body": "Hola, soy María 👋"})
            await bridge.room_send(room_id, "m.room.message",
                                   {"msgtype": "m.notice", "body": "Bridge notice"})
            _at, message = await ana.events.wait(incoming(room_id))
            assert (message.channel, message.contact_name, message.text) == (
                "whatsapp", "María López (WA)", "Hola, soy María 👋")
            await asyncio.sleep(0.5)
            assert all(e.text != "Bridge notice" for e in ana.events.of(IncomingMessage))
            # Our reply: the bridge bot's receipt says it reached WhatsApp, the ghost's that
            # María read it.
            event_id = await ana.connector.send(outgoing(room_id, "¡Hola María!", "txn-wa"))
            await bridge.room_read_markers(room_id, event_id, event_id)
            _at, delivered = await ana.events.wait(
                lambda e: isinstance(e, DeliveryChanged) and e.state == "delivered")
            await phone.room_read_markers(room_id, event_id, event_id)
            _at, read = await ana.events.wait(
                lambda e: isinstance(e, DeliveryChanged) and e.state == "read")
            assert (delivered.channel_message_id, read.channel_message_id) == (event_id, event_id)
        await bridge.close()
        await phone.close()

    run(scenario())


def test_two_agents_on_one_room_see_replies_typing_and_claims(synapse: SynapseServer) -> None:
    ana_user = synapse.register(displayname="Ana")
    beto_user = synapse.register(displayname="Beto")
    customer = synapse.register(displayname="Lucía")

    async def scenario() -> None:
        other = client(synapse, customer)
        # Nobody tells either DeskReply who the other is: each joins marked as an agent.
        async with Running(ana_user, synapse) as ana, Running(beto_user, synapse) as beto:
            room_id = await create_room(other, [ana_user.user_id, beto_user.user_id])
            for agent in (ana, beto):
                await agent.events.wait(
                    lambda e: isinstance(e, ConversationInfo) and e.contact_name == "Lucía")
            await asyncio.sleep(0.5)
            await other.room_send(room_id, "m.room.message",
                                  {"msgtype": "m.text", "body": "¿Alguien me ayuda?"})
            for agent in (ana, beto):
                _at, message = await agent.events.wait(incoming(room_id, "¿Alguien me ayuda?"))
                assert not message.from_us

            # Beto starts typing: Ana sees it.
            await beto.connector.set_typing(room_id, True)
            await ana.events.wait(lambda e: isinstance(e, TypingChanged) and e.names == ("Beto",))
            await beto.connector.set_typing(room_id, False)
            # Ana claims it; Beto sees the claim, then "done".
            await ana.connector.set_shared(room_id, claimed_by="Ana")
            await beto.events.wait(lambda e: isinstance(e, ConversationShared)
                                   and e.claimed_by == "Ana" and e.done is False)
            # Ana's reply reaches Beto as one of ours, with her name.
            txn = ana.connector.new_channel_message_id()
            event_id = await ana.connector.send(outgoing(room_id, "Yo te ayudo, Lucía.", txn))
            _at, seen = await beto.events.wait(incoming(room_id, "Yo te ayudo, Lucía."))
            assert (seen.from_us, seen.sender_name, seen.channel_message_id) == (
                True, "Ana", event_id)
            await ana.connector.set_shared(room_id, done=True)
            await beto.events.wait(lambda e: isinstance(e, ConversationShared)
                                   and e.claimed_by == "Ana" and e.done is True)
            # Beto releases it: both agree.
            await beto.connector.set_shared(room_id, claimed_by="", done=False)
            for agent in (ana, beto):
                await agent.events.wait(lambda e: isinstance(e, ConversationShared)
                                        and e.claimed_by == "" and e.done is False)
        await other.close()

    run(scenario())


def test_a_send_cut_off_mid_request_is_delivered_exactly_once(synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="María")

    async def scenario() -> None:
        other = client(synapse, customer)
        proxy = HoldingProxy(synapse.url)
        await proxy.start()
        room_id = await create_room(other, [agent.user_id], is_direct=True)
        agent_client = client(synapse, agent)
        await agent_client.join(room_id)
        await agent_client.close()
        # First DeskReply: its request reaches the homeserver, then it is killed.
        crashed = MatrixConnector(account(agent, proxy.url), secret(agent), lambda _e: None,
                                  None)
        txn = crashed.new_channel_message_id()
        sending = asyncio.get_running_loop().create_task(
            crashed.send(outgoing(room_id, REPLY, txn)))
        await asyncio.wait_for(proxy.held.wait(), 10)
        sending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sending
        await crashed.close()
        await proxy.close()
        assert (await bodies(other, room_id)).count(REPLY) == 1
        # The restarted DeskReply retries the stored reply with maybe_sent: before its first
        # sync it asks the homeserver for the transaction id; after it, the echo tells it.
        restarted = MatrixConnector(account(agent, synapse), secret(agent), lambda _e: None,
                                    None)
        event_id = await restarted.send(outgoing(room_id, REPLY, txn, maybe_sent=True))
        await restarted.close()
        async with Running(agent, synapse) as again:
            await again.events.wait(lambda e: isinstance(e, ConversationInfo))
            assert await again.connector.send(
                outgoing(room_id, REPLY, txn, maybe_sent=True)) == event_id
        assert event_id.startswith("$")
        assert (await bodies(other, room_id)).count(REPLY) == 1
        await other.close()

    run(scenario())


def test_homeserver_restart_reconnects_and_loses_nothing(synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="María")

    async def scenario() -> None:
        other = client(synapse, customer)
        async with Running(agent, synapse) as ana:
            room_id = await create_room(other, [agent.user_id], is_direct=True)
            await ana.events.wait(lambda e: isinstance(e, ConversationInfo))
            await asyncio.sleep(0.5)
            await other.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "1"})
            await ana.events.wait(incoming(room_id, "1"))
            await asyncio.get_running_loop().run_in_executor(None, synapse.stop)
            _at, down = await ana.events.wait(
                lambda e: isinstance(e, StatusChanged) and e.status == Status.RECONNECTING)
            assert down.retry_at and down.retry_at > time.time() - 1
            with pytest.raises(SendError) as refused:
                await ana.connector.send(outgoing(room_id, "while down", "txn-down"))
            assert refused.value.retry
            await asyncio.get_running_loop().run_in_executor(None, synapse.start)
            await other.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "2"})
            await ana.events.wait(incoming(room_id, "2"), timeout=20)
            statuses = [e.status for e in ana.events.of(StatusChanged)]
            assert statuses[-1] == Status.ONLINE
            assert statuses.index(Status.RECONNECTING) < len(statuses) - 1
            texts = [e.text for e in ana.events.of(IncomingMessage) if not e.from_us]
            assert texts == ["1", "2"]
        await other.close()

    run(scenario())


def test_a_refused_token_is_auth_failed(synapse: SynapseServer) -> None:
    agent = synapse.register()

    async def scenario() -> None:
        async with Running(agent, synapse, token="syt_not_a_real_token") as ana:
            _at, status = await ana.events.wait(
                lambda e: isinstance(e, StatusChanged) and e.status == Status.AUTH_FAILED)
            assert status.detail and "syt_" not in status.detail
            assert ana.task is not None
            await asyncio.wait_for(ana.task, 5)  # gives up: only the user can fix it
            outcome = await ana.connector.test()
            assert (outcome.ok, outcome.code) == (False, "auth_failed")

    run(scenario())


def test_an_encrypted_room_is_listed_as_encrypted_and_never_dropped(
        synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="María")

    async def scenario() -> None:
        other = client(synapse, customer)
        async with Running(agent, synapse, lang="es") as ana:
            room_id = await create_room(
                other, [agent.user_id], is_direct=True,
                initial_state=[{"type": "m.room.encryption", "state_key": "",
                                "content": {"algorithm": "m.megolm.v1.aes-sha2"}}])
            _at, info = await ana.events.wait(
                lambda e: isinstance(e, ConversationInfo) and e.contact_handle == room_id)
            assert info.encrypted and info.contact_name == "María"
            await asyncio.sleep(0.5)
            # What an end-to-end client puts in the room: ciphertext only.
            await other.room_send(room_id, "m.room.encrypted", {
                "algorithm": "m.megolm.v1.aes-sha2", "sender_key": "c2VuZGVy",
                "ciphertext": "QW5vdGhlciBzZWNyZXQ", "session_id": "c2Vzc2lvbg",
                "device_id": customer.device_id})
            _at, message = await ana.events.wait(incoming(room_id))
            assert "cifrado" in message.text.lower() and not message.from_us
            with pytest.raises(SendError) as refused:
                await ana.connector.send(outgoing(room_id, "hola", "txn-e2e"))
            assert not refused.value.retry
            assert "hola" not in await bodies(other, room_id)
        await other.close()

    run(scenario())


def test_group_rooms_are_listed_only_when_asked(synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    first = synapse.register(displayname="Uno")
    second = synapse.register(displayname="Dos")

    async def scenario() -> None:
        owner, guest = client(synapse, first), client(synapse, second)
        room_id = await create_room(owner, [agent.user_id, second.user_id], name="Vecinos")
        await guest.join(room_id)
        joiner = client(synapse, agent)
        await joiner.join(room_id)
        await joiner.close()
        async with Running(agent, synapse) as plain:
            await plain.events.wait(lambda e: isinstance(e, StatusChanged)
                                    and e.status == Status.ONLINE)
            await asyncio.sleep(0.5)
            assert not [e for e in plain.events.of(ConversationInfo)
                        if e.contact_handle == room_id]
        async with Running(agent, synapse, include_groups=True) as groups:
            _at, info = await groups.events.wait(
                lambda e: isinstance(e, ConversationInfo) and e.contact_handle == room_id)
            assert info.contact_name == "Vecinos"
        await owner.close()
        await guest.close()

    run(scenario())


def test_the_newest_rooms_are_listed_before_the_first_full_sync(synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="Rosa")

    async def scenario() -> None:
        other = client(synapse, customer)
        older = await create_room(other, [agent.user_id], is_direct=True)
        newer = await create_room(other, [agent.user_id], is_direct=True)
        joiner = client(synapse, agent)
        for room_id in (older, newer):
            await joiner.join(room_id)
        await joiner.close()
        await other.room_send(newer, "m.room.message", {"msgtype": "m.text", "body": "hola"})
        events: list[Any] = []
        connector = MatrixConnector(account(agent, synapse), secret(agent), events.append, None)
        await connector._preview()  # sliding sync only: no /sync has run
        assert [(e.contact_handle, e.contact_name, e.channel) for e in events
                if isinstance(e, ConversationInfo)] == [
            (newer, "Rosa", "matrix"), (older, "Rosa", "matrix")]
        # The newest message comes too (the Unanswered list shows the room at once),
        # after every room of the preview.
        assert [(e.contact_handle, e.text) for e in events
                if isinstance(e, IncomingMessage)] == [(newer, "hola")]
        assert isinstance(events[-1], IncomingMessage)
        # The full sync that follows does not report it again.
        task = asyncio.get_running_loop().create_task(connector.run())
        deadline = time.monotonic() + 10
        while not any(isinstance(e, CursorMoved) for e in events):
            assert time.monotonic() < deadline, events
            await asyncio.sleep(0.05)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await connector.close()
        assert [e.text for e in events if isinstance(e, IncomingMessage)] == ["hola"]
        await other.close()

    run(scenario())


def test_the_host_retries_a_send_answered_with_an_error_without_doubling_it(
        synapse: SynapseServer) -> None:
    agent = synapse.register(displayname="Ana")
    customer = synapse.register(displayname="María")

    async def scenario() -> None:
        other = client(synapse, customer)
        room_id = await create_room(other, [agent.user_id], is_direct=True)
        joiner = client(synapse, agent)
        await joiner.join(room_id)
        await joiner.close()
        proxy = HoldingProxy(synapse.url)
        await proxy.start()
        proxy.drop_sends = 1
        events: list[Any] = []
        done = asyncio.Event()
        loop = asyncio.get_running_loop()

        def listener(event: Any) -> None:
            events.append(event)
            if isinstance(event, DeliveryChanged) and event.state in ("sent", "failed"):
                loop.call_soon_threadsafe(done.set)

        host = ConnectorHost(listener, secrets=lambda _ref: secret(agent), send_backoff=(0.3,))
        host.start()
        try:
            settings = account(agent, proxy.url)
            host.add(settings)
            txn = host.new_channel_message_id(settings)
            host.send(outgoing(room_id, REPLY, txn))
            await asyncio.wait_for(done.wait(), 20)
        finally:
            await loop.run_in_executor(None, host.stop)
            await proxy.close()
        states = [e.state for e in events if isinstance(e, DeliveryChanged)]
        assert states == ["sending", "retrying", "sending", "sent"]
        sent = [e for e in events if isinstance(e, DeliveryChanged)][-1]
        assert sent.channel_message_id.startswith("$")
        assert (await bodies(other, room_id)).count(REPLY) == 1
        await other.close()

    run(scenario())
