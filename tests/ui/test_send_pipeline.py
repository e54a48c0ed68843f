"""The way out of a reply as the user sees it: held through the undo window (even through a
crash), queued, sent through its channel, and a failure shown with its reason and Retry."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import Qt

from deskreply.connectors import registry
from deskreply.connectors.base import (
    AccountConfig,
    Emit,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    TestResult,
)
from deskreply.settings import Settings
from deskreply.store import Store
from deskreply.ui.untrusted import isolate
from tests.ui.helpers import click_chat, list_ids, press_ctrl_enter, type_text

REPLY = "Hola Ana, ya está en camino 🚚 ¿algo más?"


class RefusingConnector:
    """A channel whose server refuses the first ``refusals`` replies for good."""

    kind: ClassVar[str] = "refusing"
    refusals: ClassVar[int] = 1
    sent: ClassVar[list[OutgoingMessage]] = []

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        self.account, self.emit = account, emit

    def new_channel_message_id(self) -> str:
        return f"<r{len(type(self).sent)}@shop.test>"

    async def run(self) -> None:
        self.emit(StatusChanged(self.account.id, Status.ONLINE))
        await asyncio.Event().wait()

    async def send(self, message: OutgoingMessage) -> str:
        type(self).sent.append(message)
        if len(type(self).sent) <= type(self).refusals:
            raise SendError("The server refused the address.", retry=False)
        return message.channel_message_id

    async def test(self) -> TestResult:
        return TestResult(True, "ok")

    async def close(self) -> None:
        pass


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> type[RefusingConnector]:
    monkeypatch.setitem(registry.CONNECTORS, "refusing", f"{__name__}:RefusingConnector")
    RefusingConnector.sent = []
    RefusingConnector.refusals = 1
    return RefusingConnector


def outgoing(store: Store, cid: int) -> list[Any]:
    return [m for m in store.messages(cid) if m.direction == "out"]


def test_a_reply_held_when_the_app_died_is_sent_at_the_next_start_and_the_user_is_told(
        qtbot: Any, make_window: Any, data_dir: Any) -> None:
    window = make_window(settings=Settings(undo_send_seconds=60))
    cid = list_ids(window)[0]
    click_chat(qtbot, window, cid)
    type_text(window.composer.edit, REPLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    qtbot.waitUntil(window.composer.undo_bar.isVisible, timeout=5000)
    # On disk at once, as a held reply with its channel id, not yet a message.
    from deskreply.paths import app_paths

    with Store.open(app_paths(data_dir).database) as other:
        (held,) = other.held_replies()
        assert held.text == REPLY and held.channel_message_id
    assert outgoing(window.store, cid) == []
    # The process dies: what was in memory is gone, the file stays.
    window.send_controller.undo_queue.take_all()
    window.close()

    again = make_window()
    assert "sending them now" in again.statusBar().currentMessage()
    qtbot.waitUntil(lambda: [m.state for m in outgoing(again.store, cid)] == ["delivered"],
                    timeout=5000)
    (sent,) = outgoing(again.store, cid)
    assert sent.text == REPLY and sent.channel_message_id == held.channel_message_id
    assert again.store.held_replies() == []


def test_undo_bar_shows_only_the_open_chats_reply(qtbot: Any, make_window: Any) -> None:
    window = make_window(settings=Settings(undo_send_seconds=30))
    first, second = list_ids(window)[:2]
    click_chat(qtbot, window, first)
    type_text(window.composer.edit, "Hola")
    press_ctrl_enter(qtbot, window.composer.edit)
    bar = window.composer.undo_bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    click_chat(qtbot, window, second)
    assert not bar.isVisible()
    click_chat(qtbot, window, first)
    assert bar.isVisible()
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert window.composer.text() == "Hola" and window.store.held_replies() == []


def test_a_refused_reply_shows_why_and_retry_sends_it_once(
        qtbot: Any, make_window: Any, data_dir: Any, refusing: type[RefusingConnector]) -> None:
    from deskreply.paths import app_paths

    with Store.open(app_paths(data_dir).database) as store:
        login = store.add_login("refusing", "Shop mailbox")
        cid = store.find_or_create_conversation("email", "Ana Pérez", "ana@cliente.test",
                                                account="Shop mailbox", login_id=login)
        store.add_incoming(cid, "¿Y mi pedido?")
    window = make_window()
    qtbot.waitUntil(lambda: window.channel_status.text_of(login) == \
                    f"● {isolate('Shop mailbox')}: online",
                    timeout=5000)
    click_chat(qtbot, window, cid)
    type_text(window.composer.edit, REPLY)
    press_ctrl_enter(qtbot, window.composer.edit)
    bubble = window.conversation.bubbles()[-1]
    qtbot.waitUntil(lambda: bubble.retry_button.isVisible(), timeout=5000)
    assert bubble.problem_label.text() == "The server refused the address."
    assert "Not sent" in bubble.meta_label.text()
    (entry,) = window.store.outbox_entries()
    assert entry.message.state == "failed"
    # Reopened later, the failure and its reason are still there.
    click_chat(qtbot, window, list_ids(window)[-1] if list_ids(window)[-1] != cid
               else list_ids(window)[0])
    click_chat(qtbot, window, cid)
    bubble = window.conversation.bubbles()[-1]
    qtbot.waitUntil(bubble.retry_button.isVisible, timeout=5000)
    assert bubble.problem_label.text() == "The server refused the address."
    qtbot.mouseClick(bubble.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: outgoing(window.store, cid)[-1].state == "sent", timeout=5000)
    assert not bubble.retry_button.isVisible()
    assert len(refusing.sent) == 2
    assert refusing.sent[1].maybe_sent  # the first attempt reached the server
    assert refusing.sent[1].channel_message_id == refusing.sent[0].channel_message_id
    assert window.store.outbox_entries() == []
