"""Matrix rooms in the window, on a real Synapse: an encrypted room is shown and says it cannot
be read or answered here yet (never dropped, never answered in clear); a teammate's claim
shows who is answering and takes "Take it" away."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from deskreply.i18n import translator
from deskreply.paths import app_paths
from deskreply.secrets import SecretStore
from deskreply.store import ConversationRow, Store
from deskreply.ui.conversation_view import ConversationHeader
from tests.servers.synapse import SynapseServer
from tests.ui.helpers import click_chat, press_ctrl_enter, type_text
from tests.ui.matrix_scenes import OtherSide, add_matrix_login

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ENCRYPTED_LINE = "🔒 encrypted"
ENCRYPTED_TITLE = "🔒 Encrypted — not readable here yet"
SENDING_OFF = ("Sending is off in this chat: it is end-to-end encrypted, and DeskReply cannot "
               "write encrypted messages yet.")


@pytest.fixture
def other_side(synapse: SynapseServer) -> Iterator[OtherSide]:
    side = OtherSide(synapse)
    yield side
    side.close()


def memory_secrets() -> SecretStore:
    secrets = SecretStore()
    secrets.keep_in_memory()  # the access token; these tests are not about the keyring
    return secrets


def test_the_encrypted_line_reads_in_spanish(qtbot: Any) -> None:
    header = ConversationHeader(translator("ui", "es"))
    qtbot.addWidget(header)
    row = ConversationRow(1, "Bruno Díaz", "matrix", "", 0.0, 1, 0.0, "es", False,
                          encrypted=True)
    header.show_row(row)
    assert header.detail_label.text() == "Matrix · 🔒 cifrado"
    assert header.notice_title.text() == "🔒 Cifrado — aún no se puede leer aquí"
    assert header.notice_label.text().startswith("Este chat tiene cifrado de extremo a extremo")
    assert not header.notice.isHidden()
    header.show_row(ConversationRow(2, "Ana", "whatsapp", "", 0.0, 0, None, "es", False))
    assert header.detail_label.text() == "WhatsApp" and header.notice.isHidden()


@pytest.mark.slow
def test_an_encrypted_room_is_shown_and_never_answered(
        qtbot: Any, make_window: Any, synapse: SynapseServer, data_dir: Any,
        other_side: OtherSide) -> None:
    agent = synapse.register(displayname="Soporte")
    bruno_user = synapse.register(displayname="Bruno Díaz")
    ana_user = synapse.register(displayname="Ana Pérez")
    secrets = memory_secrets()
    with Store.open(app_paths(data_dir).database) as store:
        login = add_matrix_login(store, secrets, synapse, agent)
    bruno, ana = other_side.client(bruno_user), other_side.client(ana_user)
    secret_room = other_side.direct_chat(bruno, [agent.user_id], encrypted=True)
    plain_room = other_side.direct_chat(ana, [agent.user_id])

    window = make_window(secrets=secrets)
    store = window.store

    def conversation(room: str) -> int | None:
        return store.conversation_of_handle(login, room)

    # Listed at once, before any message: the room is there, and known to be encrypted.
    qtbot.waitUntil(lambda: conversation(secret_room) is not None, timeout=15000)
    secret = conversation(secret_room)
    assert secret is not None and store.conversation(secret).encrypted
    other_side.say_encrypted(bruno, secret_room, bruno_user.device_id)
    other_side.say(ana, plain_room, "Hola, ¿me ayudan con un cambio?")
    qtbot.waitUntil(lambda: bool(store.messages(secret)) and conversation(plain_room)
                    is not None and bool(store.messages(conversation(plain_room))),
                    timeout=15000)
    plain = conversation(plain_room)
    qtbot.waitUntil(lambda: window.model.row_of(secret) is not None
                    and window.model.row_of(plain) is not None, timeout=5000)

    click_chat(qtbot, window, secret)
    header, composer = window.header, window.composer
    assert header.detail_label.text() == f"Matrix · {ENCRYPTED_LINE}"
    assert header.notice.isVisible() and header.notice_title.text() == ENCRYPTED_TITLE
    assert "cannot read or answer encrypted messages" in header.notice_label.text()
    # The banner spans the conversation pane, not the narrow room beside the actions.
    assert header.notice.width() >= window.conversation.width()
    bubble = window.conversation.bubbles()[-1]
    assert bubble.text_label.text().startswith("🔒 Encrypted message — not readable here yet")
    assert not composer.edit.isEnabled() and not composer.send_button.isEnabled()
    assert composer.hint.text() == SENDING_OFF == composer.send_button.toolTip()
    # A user trying anyway: nothing is typed, nothing stored, nothing sent.
    type_text(composer.edit, "hola")
    press_ctrl_enter(qtbot, composer.edit)
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert composer.text() == ""
    assert [m.direction for m in store.messages(secret)] == ["in"]

    click_chat(qtbot, window, plain)  # an ordinary room next to it is answered as usual
    assert header.detail_label.text() == "Matrix" and not header.notice.isVisible()
    assert composer.edit.isEnabled() and composer.hint.text() != SENDING_OFF
    type_text(composer.edit, "¡Claro, Ana! 🙂")
    assert composer.send_button.isEnabled()
    composer.load("")

    # After a restart the room is still marked, though the homeserver has no news of it.
    window.close()
    started = time.monotonic()
    window = make_window(secrets=secrets)
    qtbot.waitUntil(lambda: window.channel_status.text_of(login).startswith("●"),
                    timeout=15000)
    print(f"online again after {time.monotonic() - started:.2f} s")
    click_chat(qtbot, window, secret)
    assert window.header.detail_label.text() == f"Matrix · {ENCRYPTED_LINE}"
    assert not window.composer.edit.isEnabled()


def claims_in(side: OtherSide, reader: Any, room_id: str) -> list[str]:
    """Every claim in the room as a teammate's client reads it, oldest first."""
    from nio import MessageDirection, RoomMessagesResponse

    from deskreply.connectors.matrix.connector import CLAIM_EVENT

    answer = side.run(reader.room_messages(room_id, start=None,
                                           direction=MessageDirection.back, limit=100))
    assert isinstance(answer, RoomMessagesResponse), answer
    return [str(event.source["content"].get("claimed_by", ""))
            for event in reversed(answer.chunk) if event.source.get("type") == CLAIM_EVENT]


@pytest.mark.slow
def test_a_teammates_claim_shows_who_answers_and_takes_take_it_away(
        qtbot: Any, make_window: Any, synapse: SynapseServer, data_dir: Any,
        other_side: OtherSide) -> None:
    from deskreply.settings import Settings

    agent = synapse.register(displayname="Laura")
    luis_user = synapse.register(displayname="Luis")
    customer = synapse.register(displayname="Carmen Ruiz")
    secrets = memory_secrets()
    with Store.open(app_paths(data_dir).database) as store:
        login = add_matrix_login(store, secrets, synapse, agent,
                                 team_user_ids=[luis_user.user_id])
    carmen, luis = other_side.client(customer), other_side.client(luis_user)
    room = other_side.direct_chat(carmen, [agent.user_id, luis_user.user_id])
    other_side.join(luis, room)
    other_side.say(carmen, room, "Buenas, ¿me cambian la talla del pedido?")
    window = make_window(secrets=secrets,
                         settings=Settings(undo_send_seconds=0, agent_name="Laura"))
    store = window.store
    qtbot.waitUntil(lambda: (cid := store.conversation_of_handle(login, room)) is not None
                    and window.model.row_of(cid) is not None, timeout=15000)
    cid = store.conversation_of_handle(login, room)
    click_chat(qtbot, window, cid)
    part, header = window.inbox_part, window.header
    assert header.detail_label.text() == "Matrix"
    assert part.claim_button.isVisible() and part.claim_button.text() == "Take it"

    # Luis takes it on his computer: the open chat says so at once, and offers no "Take it".
    started = time.monotonic()
    other_side.claim(luis, room, "Luis")
    qtbot.waitUntil(lambda: header.detail_label.text() == "Matrix · Luis is answering it",
                    timeout=5000)
    print(f"teammate's claim shown after {time.monotonic() - started:.2f} s")
    assert not part.claim_button.isVisible()
    part.toggle_claim()  # even asked directly (a stale menu), it is not taken from him
    assert store.claimed_by(cid) == "Luis"

    def described() -> str:  # the list row, as a screen reader reads it
        row = window.model.row_of(cid)
        return str(window.model.index(row).data(Qt.ItemDataRole.AccessibleTextRole))

    qtbot.waitUntil(lambda: "Luis is answering it" in described(), timeout=5000)

    # He lets it go; now it is ours to take, and the team sees that we did.
    other_side.claim(luis, room, "")
    qtbot.waitUntil(lambda: part.claim_button.isVisible(), timeout=5000)
    assert header.detail_label.text() == "Matrix"
    qtbot.mouseClick(part.claim_button, Qt.MouseButton.LeftButton)
    assert header.detail_label.text() == "Matrix · You are answering it"
    assert part.claim_button.text() == "Release it"
    qtbot.waitUntil(lambda: claims_in(other_side, luis, room)[-1:] == ["Laura"], timeout=5000)
