"""The main window driven like a user, on a real SQLite inbox in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from deskreply.store import InboxFilter, Store
from deskreply.ui.text import bubble_text
from tests.ui.helpers import click_chat, list_ids, press_ctrl_enter, type_text

REPLY = "Hola María, ¡perdón por la espera! Ya revisé tu pedido 🙏 Llega mañana, señora Núñez."


def test_window_has_the_three_panes_and_a_title(window: Any) -> None:
    assert window.objectName() == "mainWindow"
    assert window.windowTitle() == "DeskReply"
    for name, kind in (("chatList", QAbstractItemView), ("conversationView", QWidget),
                       ("composer", QWidget), ("sendButton", QAbstractButton)):
        assert isinstance(window.findChild(kind, name), kind), name
    assert window.model.rowCount() > 0


def test_every_control_has_an_accessible_name(window: Any) -> None:
    controls = [*window.findChildren(QAbstractButton), *window.findChildren(QComboBox),
                *window.findChildren(QAbstractItemView), *window.findChildren(QPlainTextEdit)]
    assert controls
    unnamed = [c.objectName() or type(c).__name__ for c in controls
               if not c.accessibleName() and c.isVisibleTo(window)]
    assert unnamed == []


def test_chat_list_puts_longest_waiting_first(window: Any) -> None:
    store: Store = window.store
    window.inbox_part.set_filter(InboxFilter("all"))  # the default filter shows Unanswered
    ids = list_ids(window)
    assert ids == store.conversation_ids("waiting")
    rows = store.conversation_rows(ids)
    waits = [rows[i].waiting_since for i in ids]
    waiting = [w for w in waits if w is not None]
    assert waiting, "the demo inbox should have customers waiting"
    assert waits[: len(waiting)] == sorted(waiting)  # unanswered first, oldest first
    # The combo switches to most-recent-first.
    window.order_combo.setCurrentIndex(window.order_combo.findData("recent"))
    assert list_ids(window) == store.conversation_ids("recent")


def test_waiting_times_refresh_on_a_timer(window: Any) -> None:
    assert window.time_timer.isActive()
    assert window.time_timer.interval() == 30_000


def test_send_a_reply_with_accents_and_emoji(qtbot: Any, window: Any) -> None:
    store: Store = window.store
    target = list_ids(window)[1]
    click_chat(qtbot, window, target)
    assert window.conversation.bubbles(), "the chat's messages are shown"
    edit = window.composer.edit
    edit.setFocus()
    type_text(edit, REPLY)
    assert edit.toPlainText() == REPLY
    press_ctrl_enter(qtbot, edit)

    # In the conversation, as the last bubble, on the right (outgoing).
    last = window.conversation.bubbles()[-1]
    assert last.objectName() == "bubbleOut"
    assert last.text_label.text() == REPLY
    assert "Waiting to send" in last.meta_label.text()
    # In the store, queued, and the draft is gone.
    stored = store.messages(target)[-1]
    assert (stored.direction, stored.text, stored.state) == ("out", REPLY, "queued")
    assert edit.toPlainText() == ""
    assert store.draft(target) == ""
    assert store.conversation(target).waiting_since is None
    # The demo channel delivers it on the network thread; the window hears of it.
    qtbot.waitUntil(lambda: store.messages(target)[-1].state == "delivered", timeout=5000)
    qtbot.waitUntil(lambda: "Delivered" in last.meta_label.text(), timeout=5000)
    assert "✓✓" in last.meta_label.text() and "Delivered" in last.meta_label.text()


def test_enter_starts_a_new_line_and_does_not_send(qtbot: Any, window: Any) -> None:
    target = list_ids(window)[0]
    click_chat(qtbot, window, target)
    before = len(window.store.messages(target))
    edit = window.composer.edit
    type_text(edit, "Primera línea\nSegunda")
    qtbot.keyClick(edit, Qt.Key.Key_Enter)
    assert edit.toPlainText() == "Primera línea\nSegunda\n"
    assert len(window.store.messages(target)) == before


def test_send_button_sends_and_is_disabled_for_blank_text(qtbot: Any, window: Any) -> None:
    target = list_ids(window)[0]
    click_chat(qtbot, window, target)
    button = window.composer.send_button
    type_text(window.composer.edit, "   ")
    assert not button.isEnabled()
    type_text(window.composer.edit, "Gracias 😊")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.store.messages(target)[-1].text == "Gracias 😊"


def test_draft_is_saved_while_typing_and_survives_a_restart(
        qtbot: Any, make_window: Any) -> None:
    window = make_window()
    target = list_ids(window)[2]
    click_chat(qtbot, window, target)
    draft = "Estimado cliente: le escribo por su reclamación 📦"
    type_text(window.composer.edit, draft)
    # Saved on its own after a short pause (debounced), not only on close.
    qtbot.waitUntil(lambda: window.store.draft(target) == draft, timeout=2000)
    type_text(window.composer.edit, " ¿Sigue ahí?")
    window.close()  # the last keystrokes are saved on close

    again = make_window()
    assert again.select_conversation(target)
    assert again.composer.edit.toPlainText() == draft + " ¿Sigue ahí?"


def test_each_chat_keeps_its_own_draft(qtbot: Any, window: Any) -> None:
    first, second = list_ids(window)[:2]
    click_chat(qtbot, window, first)
    type_text(window.composer.edit, "Para el primero ñ")
    click_chat(qtbot, window, second)  # switching saves the first draft at once
    assert window.composer.edit.toPlainText() == ""
    type_text(window.composer.edit, "Para el segundo é")
    click_chat(qtbot, window, first)
    assert window.composer.edit.toPlainText() == "Para el primero ñ"
    assert window.store.draft(first) == "Para el primero ñ"
    assert window.store.draft(second) == "Para el segundo é"


def next_customer_message(qtbot: Any, window: Any) -> Any:
    """Wait for the demo channel's next customer message to be stored and shown."""
    while True:
        with qtbot.waitSignal(window.bridge.synced, timeout=5000) as blocker:
            pass
        incoming = [m for m in blocker.args[0].new_messages if m.direction == "in"]
        if incoming:
            return incoming[-1]


def test_new_customer_message_reorders_the_list_and_keeps_the_selection(
        qtbot: Any, make_window: Any) -> None:
    window = make_window(feed_interval_ms=200)
    window.inbox_part.set_filter(InboxFilter("all"))  # the default filter shows Unanswered
    window.order_combo.setCurrentIndex(window.order_combo.findData("recent"))
    ids = list_ids(window)
    selected = ids[-1]
    click_chat(qtbot, window, selected)
    message = next_customer_message(qtbot, window)  # from the network thread
    assert message.direction == "in"
    new_ids = list_ids(window)
    assert new_ids[0] == message.conversation_id  # newest message on top
    assert new_ids == window.store.conversation_ids("recent")
    assert window.current_conversation_id == selected
    current = window.chat_list.currentIndex()
    assert window.model.conversation_id(current.row()) == selected
    # And in the default order the customer is now waiting.
    window.order_combo.setCurrentIndex(window.order_combo.findData("waiting"))
    row = window.store.conversation(message.conversation_id)
    assert row.waiting_since is not None
    assert list_ids(window) == window.store.conversation_ids("waiting")


def test_new_message_in_the_open_chat_appears_in_the_conversation(
        qtbot: Any, make_window: Any) -> None:
    window = make_window(feed_interval_ms=20)
    first = next_customer_message(qtbot, window)
    click_chat(qtbot, window, first.conversation_id)
    count = len(window.conversation.bubbles())
    # The scripted feed cycles, so the same customer writes again sooner or later.
    for _ in range(200):
        message = next_customer_message(qtbot, window)
        if message.conversation_id == first.conversation_id:
            break
    else:
        raise AssertionError("the demo feed never came back to the same customer")
    assert window.current_conversation_id == first.conversation_id
    bubbles = window.conversation.bubbles()
    assert bubbles[-1].text_label.text() == bubble_text(message.text, str)
    assert len(bubbles) > count
    assert window.channel_status.text_of(window.store.demo_login_id()).startswith("● ")


def test_outside_html_is_shown_as_literal_text(qtbot: Any, window: Any) -> None:
    store: Store = window.store
    evil_name = "<i>Eve</i> <img src='http://example.com/x.png'>"
    evil_text = "<b>URGENTE</b> <a href='http://phish.example'>click</a> &amp; <script>x</script>"
    cid = store.find_or_create_conversation("whatsapp", evil_name, "+34600000001")
    store.add_incoming(cid, evil_text)
    window.reload_list()
    click_chat(qtbot, window, cid)
    bubble = window.conversation.bubbles()[-1]
    assert bubble.text_label.text() == evil_text
    assert bubble.text_label.textFormat() == Qt.TextFormat.PlainText
    assert bubble.sender_label.text() == evil_name
    assert window.header.name_label.text() == evil_name
    labels = window.findChildren(QLabel)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels
               if "<" in label.text())
    # The list paints names with drawText (never markup); its display text is literal too.
    index = window.model.index(window.model.row_of(cid))
    assert index.data() == evil_name


def test_spanish_interface(make_window: Any) -> None:
    window = make_window(lang="es")
    assert window.composer.send_button.text() == "Enviar"
    assert window.order_combo.itemText(0) == "Sin responder primero"
    assert window.chat_list.accessibleName() == "Chats"
    assert window.composer.edit.placeholderText() == "Escribe tu respuesta aquí…"
    assert window.header.name_label.text() == "Ningún chat seleccionado"


def test_long_unbroken_text_wraps_inside_its_bubble(qtbot: Any, window: Any) -> None:
    store: Store = window.store
    cid = list_ids(window)[0]
    store.add_incoming(cid, "x" * 5000)
    window.reload_list()
    click_chat(qtbot, window, cid)
    bubble = window.conversation.bubbles()[-1]
    qtbot.waitUntil(lambda: bubble.width() > 0)
    assert bubble.width() <= window.conversation.viewport().width()


def test_closing_saves_and_stops_everything(window: Any, tmp_path: Path) -> None:
    assert window.bridge.host.running
    window.close()
    assert not window.bridge.host.running  # the network thread and its connectors stopped
    assert not window.time_timer.isActive()
