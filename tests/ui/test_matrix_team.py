"""A team on one Matrix inbox, in the real window, on the real Synapse of the test run.

Two DeskReply windows (two agents, two data folders) on one customer room see each other's
typing, replies and claims; a DeskReply killed with SIGKILL while its reply is on the way
(the homeserver has it but has not answered, or answered but the app has not written it
down) sends it exactly once after a restart; a homeserver that goes away and comes back shows as
reconnecting, then online, and nothing is lost. The customer is a second matrix-nio client.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from deskreply.paths import app_paths
from deskreply.secrets import SecretStore, secret_ref
from deskreply.settings import Settings, save_settings
from deskreply.store import Store
from deskreply.ui.untrusted import isolate
from tests.connectors.matrix.helpers import HoldingProxy, bodies, client, create_room, secret
from tests.servers.synapse import MatrixUser, SynapseServer
from tests.ui.app_process import killed_when_sent, outbox_phase, start_app
from tests.ui.helpers import click_chat, press_ctrl_enter, type_text

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

LOOP = asyncio.new_event_loop()  # the customer's client lives on one loop of its own


def run(coroutine: Any) -> Any:
    return LOOP.run_until_complete(coroutine)


def signed_in(folder: Path, homeserver: str, user: MatrixUser, name: str,
              secrets: SecretStore | None = None) -> tuple[SecretStore, int]:
    """A data folder with this user's Matrix account, as the Accounts dialog leaves it
    (the token in ``secrets``; in memory unless a keyring-backed store is given)."""
    paths = app_paths(folder)
    paths.ensure()
    if secrets is None:
        secrets = SecretStore()
        secrets.keep_in_memory()
    ref = secret_ref("matrix", name, "token")
    secrets.set(ref, secret(user))
    settings = {"homeserver": homeserver, "user_id": user.user_id,
                "device_id": user.device_id, "include_groups": False, "lang": "en"}
    with Store.open(paths.database) as store:
        login_id = store.add_login("matrix", name, settings, ref)
    return secrets, login_id


def online(window: Any, login_id: int) -> bool:
    return window.channel_status.text_of(login_id).startswith("●")


def conversation(window: Any, login_id: int, room_id: str) -> int | None:
    """The room's conversation, once it is in the window's list."""
    found = window.store.conversation_of_handle(login_id, room_id)
    return found if found is not None and window.model.row_of(found) is not None else None


def texts(window: Any, conversation_id: int) -> list[tuple[str, str]]:
    return [(m.direction, m.text) for m in window.store.messages(conversation_id)]


def shown(window: Any, text: str) -> bool:
    return any(b.message.text == text for b in window.conversation.bubbles())


def test_two_agents_see_each_others_typing_replies_and_claims(
        qtbot: Any, make_window: Any, synapse: SynapseServer, tmp_path: Path) -> None:
    ana_user = synapse.register(displayname="Ana")
    beto_user = synapse.register(displayname="Beto")
    customer = synapse.register(displayname="Lucía")
    ana_secrets, ana_login = signed_in(tmp_path / "ana", synapse.url, ana_user, "Equipo")
    beto_secrets, beto_login = signed_in(tmp_path / "beto", synapse.url, beto_user, "Equipo")
    ana = make_window(data_dir=tmp_path / "ana", secrets=ana_secrets,
                      settings=Settings(undo_send_seconds=0, agent_name="Ana"))
    beto = make_window(data_dir=tmp_path / "beto", secrets=beto_secrets,
                       settings=Settings(undo_send_seconds=0, agent_name="Beto"))
    qtbot.waitUntil(lambda: online(ana, ana_login) and online(beto, beto_login),
                    timeout=30000)

    other = client(synapse, customer)
    try:
        # The customer's room has both agents in it; each window lists it as Lucía's chat.
        room = run(create_room(other, [ana_user.user_id, beto_user.user_id]))
        qtbot.waitUntil(lambda: ana.store.conversation_of_handle(ana_login, room) is not None
                        and beto.store.conversation_of_handle(beto_login, room) is not None,
                        timeout=15000)
        run(other.room_send(room, "m.room.message",
                            {"msgtype": "m.text", "body": "¿Alguien me ayuda? 🙏"}))
        qtbot.waitUntil(lambda: conversation(ana, ana_login, room) is not None
                        and conversation(beto, beto_login, room) is not None, timeout=10000)
        at_ana = conversation(ana, ana_login, room)
        at_beto = conversation(beto, beto_login, room)
        assert at_ana is not None and at_beto is not None
        for window, cid in ((ana, at_ana), (beto, at_beto)):
            assert ("in", "¿Alguien me ayuda? 🙏") in texts(window, cid)
            assert window.store.conversation(cid).contact_name == "Lucía"
            click_chat(qtbot, window, cid)

        # Ana starts typing: Beto sees it above the conversation.
        type_text(ana.composer.edit, "Hola Lucía, ")
        qtbot.waitUntil(beto.typing_line.isVisible, timeout=10000)
        assert beto.typing_line.text() == f"{isolate('Ana')} is typing…"
        # She takes the chat: Beto's list says whose it is.
        ana.inbox_part.toggle_claim()
        qtbot.waitUntil(lambda: beto.store.claimed_by(at_beto) == "Ana", timeout=10000)
        assert beto.store.conversation(at_beto).claimed_by == "Ana"
        # Her reply: Beto sees it as the team's answer, the typing line goes, the customer
        # has it once.
        reply = "Hola Lucía, yo te ayudo. ¿Cuál es tu número de pedido? 📦"
        type_text(ana.composer.edit, reply[len("Hola Lucía, "):])
        press_ctrl_enter(qtbot, ana.composer.edit)
        qtbot.waitUntil(lambda: ("out", reply) in texts(beto, at_beto), timeout=10000)
        qtbot.waitUntil(lambda: shown(beto, reply), timeout=5000)
        qtbot.waitUntil(lambda: not beto.typing_line.isVisible(), timeout=10000)
        mine = [m for m in beto.store.messages(at_beto) if m.text == reply]
        assert [m.sender for m in mine] == ["Ana"]
        assert beto.store.conversation(at_beto).waiting_since is None  # answered for both
        qtbot.waitUntil(lambda: ana.store.messages(at_ana)[-1].state in ("sent", "read"),
                        timeout=10000)
        assert texts(ana, at_ana).count(("out", reply)) == 1
        assert run(bodies(other, room)).count(reply) == 1

        # Now Beto types and finishes the chat: Ana sees both.
        type_text(beto.composer.edit, "Ya lo veo")
        qtbot.waitUntil(ana.typing_line.isVisible, timeout=10000)
        assert ana.typing_line.text() == f"{isolate('Beto')} is typing…"
        beto.composer.edit.clear()
        qtbot.waitUntil(lambda: not ana.typing_line.isVisible(), timeout=10000)
        beto.inbox_part.toggle_done()
        qtbot.waitUntil(lambda: ana.store.conversation(at_ana).done, timeout=10000)
    finally:
        run(other.close())


REFUND = "Hola Ana, tu reembolso ya está hecho 💶 ¡Perdón por la espera!"


def customer_waiting(synapse: SynapseServer, data_dir: Path,
                     homeserver: str | None = None) -> tuple[Any, str]:
    """A data folder signed in (token in the real keyring, for the app's own process) to a
    DM where the customer has asked something; the customer's client and the room."""
    agent = synapse.register(displayname="Soporte")
    customer = synapse.register(displayname="Ana Pérez")
    save_settings(app_paths(data_dir).settings_file, Settings(undo_send_seconds=0))
    signed_in(data_dir, homeserver or synapse.url, agent, "Soporte", SecretStore())
    other = client(synapse, customer)
    room = run(create_room(other, [agent.user_id], is_direct=True))
    run(other.room_send(room, "m.room.message",
                        {"msgtype": "m.text", "body": "¿Y mi reembolso?"}))
    return other, room


def restart_sends_once(qtbot: Any, make_window: Any, data_dir: Path, other: Any,
                       room: str) -> None:
    """DeskReply started again on the killed one's folder: the reply is sent (state sent)
    and the customer has it exactly once."""
    window = make_window(data_dir=data_dir, secrets=SecretStore(), settings=None)
    qtbot.waitUntil(lambda: window.store.outbox_entries() == [], timeout=30000)
    login = next(r for r in window.store.logins() if r.kind == "matrix")
    cid = window.store.conversation_of_handle(login.id, room)
    assert cid is not None
    qtbot.waitUntil(lambda: online(window, login.id), timeout=15000)
    time.sleep(1.0)  # time for a wrong second send (or echo) to arrive
    qtbot.wait(500)
    ours = [m for m in window.store.messages(cid) if m.text == REFUND]
    assert [m.state for m in ours] in (["sent"], ["read"])
    assert run(bodies(other, room)).count(REFUND) == 1


def test_killed_the_moment_the_reply_went_out_and_restarted_sends_it_once(
        qtbot: Any, make_window: Any, synapse: SynapseServer, secret_service: None,
        data_dir: Path) -> None:
    other, room = customer_waiting(synapse, data_dir)
    try:
        killed_when_sent(data_dir, room, REFUND, 90)
        assert run(bodies(other, room)).count(REFUND) == 1
        restart_sends_once(qtbot, make_window, data_dir, other, room)
    finally:
        run(other.close())


def test_killed_while_the_homeserver_holds_the_answer_and_restarted_sends_it_once(
        qtbot: Any, make_window: Any, synapse: SynapseServer, secret_service: None,
        data_dir: Path) -> None:
    # A proxy in front of Synapse passes the send on and holds back the answer: the reply
    # is in the room, the app has not heard so, and is killed -9 right then.
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    proxy = HoldingProxy(synapse.url)
    asyncio.run_coroutine_threadsafe(proxy.start(), loop).result(10)
    other, room = customer_waiting(synapse, data_dir, proxy.url)
    try:
        app = start_app(data_dir, room, REFUND)
        try:
            asyncio.run_coroutine_threadsafe(
                asyncio.wait_for(proxy.held.wait(), 90), loop).result(100)
            assert outbox_phase(data_dir) == "sending"
            app.send_signal(signal.SIGKILL)
            app.wait(10)
        finally:
            if app.poll() is None:
                app.kill()
        assert run(bodies(other, room)).count(REFUND) == 1
        loop.call_soon_threadsafe(proxy.release.set)  # from now on it answers at once
        restart_sends_once(qtbot, make_window, data_dir, other, room)
    finally:
        run(other.close())
        asyncio.run_coroutine_threadsafe(proxy.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def test_homeserver_restart_shows_reconnecting_then_online_and_loses_nothing(
        qtbot: Any, make_window: Any, synapse: SynapseServer, data_dir: Path) -> None:
    agent = synapse.register(displayname="Soporte")
    customer = synapse.register(displayname="María")
    secrets, login_id = signed_in(data_dir, synapse.url, agent, "Soporte")
    window = make_window(secrets=secrets, send_backoff=(0.5, 1.0, 2.0, 4.0, 8.0))
    qtbot.waitUntil(lambda: online(window, login_id), timeout=30000)
    other = client(synapse, customer)
    try:
        room = run(create_room(other, [agent.user_id], is_direct=True))
        run(other.room_send(room, "m.room.message", {"msgtype": "m.text", "body": "uno"}))
        qtbot.waitUntil(lambda: conversation(window, login_id, room) is not None,
                        timeout=15000)
        cid = conversation(window, login_id, room)
        assert cid is not None
        qtbot.waitUntil(lambda: ("in", "uno") in texts(window, cid), timeout=10000)
        click_chat(qtbot, window, cid)

        synapse.stop()
        try:
            qtbot.waitUntil(lambda: window.channel_status.text_of(login_id).startswith("↻"),
                            timeout=40000)
            assert "connection lost, trying again" in window.channel_status.text_of(login_id)
            # A reply written while the homeserver is away waits and is not lost.
            reply = "Ya estamos mirando tu pedido, María 🙂"
            type_text(window.composer.edit, reply)
            press_ctrl_enter(qtbot, window.composer.edit)
            qtbot.waitUntil(lambda: ("out", reply) in texts(window, cid), timeout=5000)
            qtbot.wait(800)
            assert window.store.messages(cid)[-1].state in ("queued", "failed")
        finally:
            synapse.start()
        qtbot.waitUntil(lambda: online(window, login_id), timeout=40000)
        qtbot.waitUntil(lambda: window.store.messages(cid)[-1].state in ("sent", "read"),
                        timeout=30000)
        run(other.room_send(room, "m.room.message", {"msgtype": "m.text", "body": "dos"}))
        qtbot.waitUntil(lambda: ("in", "dos") in texts(window, cid), timeout=15000)
        qtbot.waitUntil(lambda: shown(window, "dos"), timeout=5000)
        assert texts(window, cid) == [("in", "uno"), ("out", reply), ("in", "dos")]
        assert run(bodies(other, room)) == ["uno", reply, "dos"]
    finally:
        run(other.close())
