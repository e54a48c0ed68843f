"""Sign in to a real Synapse in the Accounts dialog, see a customer's message, answer once."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt

from deskreply.secrets import SecretStore
from deskreply.settings import Settings
from tests.connectors.matrix.helpers import bodies, client, create_room
from tests.ui.helpers import click_chat, press_ctrl_enter, type_text

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

REPLY = "¡Hola Ana! Tu pedido ya salió 🚚 ¿Algo más?"


LOOP = asyncio.new_event_loop()  # the customer's client lives on one loop of its own


def run(coroutine: Any) -> Any:
    return LOOP.run_until_complete(coroutine)


def test_sign_in_receive_and_answer_once(qtbot: Any, make_window: Any, synapse: Any,
                                         secret_service: None) -> None:
    agent = synapse.register(displayname="Soporte")
    customer = synapse.register(displayname="Ana Pérez")
    secrets = SecretStore()
    window = make_window(secrets=secrets, settings=Settings(undo_send_seconds=0))
    qtbot.mouseClick(window.accounts_button, Qt.MouseButton.LeftButton)
    dialog = window.accounts_dialog
    qtbot.mouseClick(dialog.add_matrix_button, Qt.MouseButton.LeftButton)
    form = dialog.matrix_form
    qtbot.waitUntil(form.isVisible, timeout=5000)
    qtbot.keyClicks(form.name, "Equipo")
    qtbot.keyClicks(form.homeserver, synapse.url)
    qtbot.keyClicks(form.user, agent.user_id)
    qtbot.keyClicks(form.password, "wrong")
    sign_in = form.buttons.button(form.buttons.StandardButton.Ok)
    qtbot.mouseClick(sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.result_label.text().startswith("⚠"), timeout=15000)
    assert "refused the user name or password" in form.result_label.text()
    form.password.clear()
    qtbot.keyClicks(form.password, agent.password)
    qtbot.mouseClick(sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.kind == "matrix" for r in window.store.logins()),
                    timeout=15000)
    login = next(r for r in window.store.logins() if r.kind == "matrix")
    assert agent.password not in str(login.settings)
    assert "access_token" in (secrets.get(login.secret_ref) or "")
    qtbot.waitUntil(lambda: window.channel_status.text_of(login.id).startswith("●"),
                    timeout=30000)
    dialog.reject()

    # The customer opens a direct chat and writes.
    other = client(synapse, customer)
    try:
        room = run(create_room(other, [agent.user_id], is_direct=True))
        started = time.monotonic()
        run(other.room_send(room, "m.room.message",
                            {"msgtype": "m.text", "body": "Hola, ¿y mi pedido?"}))

        def conversation() -> int | None:
            return window.store.conversation_of_handle(login.id, room)

        qtbot.waitUntil(lambda: conversation() is not None and any(
            m.text == "Hola, ¿y mi pedido?" for m in window.store.messages(conversation())),
            timeout=15000)
        print(f"customer message shown after {time.monotonic() - started:.2f} s")
        cid = conversation()
        assert cid is not None
        qtbot.waitUntil(lambda: window.model.row_of(cid) is not None, timeout=5000)
        click_chat(qtbot, window, cid)
        type_text(window.composer.edit, REPLY)
        press_ctrl_enter(qtbot, window.composer.edit)
        qtbot.waitUntil(lambda: window.store.messages(cid)[-1].state in ("sent", "delivered",
                                                                         "read"),
                        timeout=15000)
        time.sleep(0.5)
        assert run(bodies(other, room)).count(REPLY) == 1
    finally:
        run(other.close())
