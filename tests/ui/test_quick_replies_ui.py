"""Quick replies in the real main window: "/" opens the list, typing filters, Enter inserts the
reply with the customer's name and selects the first blank, Tab walks the blanks, Esc leaves
the text alone; the manager creates, edits, deletes, exports and imports; a broken file is
explained and left untouched; a blank left in a reply is caught before sending."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskreply.paths import app_paths
from deskreply.quick_replies import FILE_NAME
from deskreply.settings import Settings
from deskreply.ui.quick_reply_dialog import QuickRepliesDialog
from deskreply.ui.quick_reply_popup import QuickReplyPopup, find_trigger
from tests.ui.helpers import click_chat, press_ctrl_enter, type_text
from tests.ui.live_checks import add_customer, open_checked_chat

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CONTACT = "Lucía Prueba"  # the name add_customer gives the test customer


def open_chat(qtbot: Any, make_window: Any, lang: str = "en", **options: Any) -> Any:
    options.setdefault("settings", Settings(undo_send_seconds=0, agent_name="Marta"))
    window = make_window(lang=lang, **options)
    conversation_id = add_customer(window.store, "es")
    window.reload_list()
    click_chat(qtbot, window, conversation_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.composer.edit.setFocus()
    qtbot.waitUntil(window.composer.edit.hasFocus)
    return window


def popup_of(window: Any) -> QuickReplyPopup:
    popup = window.quick_replies_controller.popup
    assert popup.objectName() == "quickReplyPopup"
    return popup


def shown(popup: QuickReplyPopup) -> list[Any]:
    return [popup.model.reply(row) for row in range(popup.model.rowCount())]


def shown_titles(popup: QuickReplyPopup) -> list[str]:
    return [reply.title for reply in shown(popup)]


def selected(edit: Any) -> str:
    return str(edit.textCursor().selectedText())


def query_at_end(text: str) -> str | None:
    trigger = find_trigger(text, 0, len(text.encode("utf-16-le")) // 2)
    return None if trigger is None else trigger.query


def test_slash_query_only_at_the_start_of_a_word() -> None:
    assert query_at_end("/env") == "env"
    assert query_at_end("Hola 😀 /") == ""
    assert query_at_end("y/o") is None  # "and/or": not a command
    assert query_at_end("el 3/4") is None
    assert query_at_end("/env ío") is None  # a space ends the query
    assert query_at_end("https://x.es/a") is None


def test_slash_opens_filters_and_enter_fills_the_name_and_selects_the_first_blank(
        qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window)
    edit = window.composer.edit
    popup = popup_of(window)
    qtbot.keyClicks(edit, "/")
    assert popup.isVisible()
    assert len(shown(popup)) == len(window.quick_replies)  # everything, before filtering
    qtbot.keyClicks(edit, "env")
    assert popup.isVisible()
    assert shown_titles(popup)[0] == "Estado del envío"  # shortcut "envio", accents folded
    assert len(shown(popup)) < len(window.quick_replies)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not popup.isVisible()
    text = edit.toPlainText()
    assert text.startswith(f"Hola, {CONTACT}. He revisado su pedido {{pedido}}")
    assert "/env" not in text
    assert selected(edit) == "{pedido}"
    type_text(edit, "4521")  # typing replaces the selected blank
    assert "su pedido 4521:" in edit.toPlainText()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # Tab: the next blank
    assert selected(edit) == "{fecha}"
    type_text(edit, "viernes")
    assert "{" not in edit.toPlainText()
    assert edit.hasFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # no blank left: Tab moves the focus on as usual
    assert not edit.hasFocus()


def test_arrows_choose_and_esc_closes_without_changes(qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window)
    edit = window.composer.edit
    popup = popup_of(window)
    type_text(edit, "Hola /")
    assert popup.isVisible()
    first, second = shown(popup)[0], shown(popup)[1]
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert popup.current_reply() == second
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert popup.current_reply() == first
    qtbot.keyClicks(edit, "zzzz")  # nothing matches: the list says so, the text stays
    assert popup.isVisible() and shown(popup) == []
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert edit.toPlainText() == "Hola /zzzz"
    qtbot.keyClicks(edit, "z")  # after Esc, typing on in the same word leaves it closed
    assert not popup.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # editing the word again reopens the list
    assert popup.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Space)  # a space ends the query
    assert not popup.isVisible()
    assert edit.toPlainText() == "Hola /zzzz "


def test_the_popup_ignores_slashes_inside_words_and_loaded_drafts(
        qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window)
    edit = window.composer.edit
    popup = popup_of(window)
    type_text(edit, "y/o")
    assert not popup.isVisible()
    window.composer.load("Borrador /env")  # not typed by the user: no popup
    assert not popup.isVisible()


def test_english_reply_fills_agent_name(qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window)
    edit = window.composer.edit
    type_text(edit, "/hello")
    assert shown_titles(popup_of(window))[0] == "Greeting"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    text = edit.toPlainText()
    assert text.startswith(f"Hi {CONTACT},") and "I'm Marta" in text
    assert "{" not in text and not edit.textCursor().hasSelection()


def manager(qtbot: Any, window: Any) -> QuickRepliesDialog:
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.quick_replies_dialog is not None, timeout=2000)
    dialog = window.quick_replies_dialog
    assert isinstance(dialog, QuickRepliesDialog)
    assert dialog.objectName() == "quickRepliesDialog" and dialog.isVisible()
    return dialog


def test_manager_creates_edits_and_deletes(qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window)
    dialog = manager(qtbot, window)
    book_file = Path(window.settings_path).parent / FILE_NAME
    start = len(window.quick_replies)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    type_text(dialog.title_edit, "Horario de atención")
    dialog.shortcut_edit.setText("Horario")
    type_text(dialog.text_edit, "Nuestro horario es de 9 a 18 h, {nombre}.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(window.quick_replies) == start + 1
    saved = json.loads(book_file.read_text(encoding="utf-8"))["replies"]
    created = next(r for r in saved if r["title"] == "Horario de atención")
    assert created["shortcut"] == "horario"
    # Edit it: the new text is saved under the same id.
    dialog.text_edit.setPlainText("Atendemos de 9 a 20 h, {nombre}.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    edited = window.quick_replies.get(created["id"])
    assert edited is not None and edited.text == "Atendemos de 9 a 20 h, {nombre}."
    # A reply without text is explained, not saved.
    dialog.text_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Write the text of the reply first."
    assert window.quick_replies.get(created["id"]).text.startswith("Atendemos")
    # The new reply is offered in the composer.
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert window.quick_replies.get(created["id"]) is None
    assert len(window.quick_replies) == start
    saved = json.loads(book_file.read_text(encoding="utf-8"))["replies"]
    assert all(r["id"] != created["id"] for r in saved)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_new_reply_is_offered_in_the_composer(qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window)
    window.quick_replies.create("Horario", "Abrimos de 9 a 18 h.", "es", "horario")
    type_text(window.composer.edit, "/hor")
    assert shown_titles(popup_of(window))[0] == "Horario"
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Escape)


def test_export_then_import_round_trips(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = open_chat(qtbot, make_window)
    dialog = manager(qtbot, window)
    exported = tmp_path / "mine.json"
    dialog.ask_export_path = lambda: exported
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    before = window.quick_replies.replies
    assert len(json.loads(exported.read_text(encoding="utf-8"))["replies"]) == len(before)
    # Delete one, import the export: it comes back, nothing is doubled.
    gone = before[0]
    window.quick_replies.delete(gone.id)
    dialog.reload()
    dialog.ask_import_path = lambda: exported
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    after = window.quick_replies.replies
    assert sorted((r.title, r.text) for r in after) == sorted((r.title, r.text) for r in before)
    assert "Imported 1 replies" in dialog.status.text()
    # A broken import file changes nothing and says why.
    broken = tmp_path / "broken.json"
    broken.write_text('{"replies": [{"title": "x"', encoding="utf-8")
    dialog.ask_import_path = lambda: broken
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "Nothing was imported" in dialog.status.text()
    assert "not valid JSON" in dialog.status.text()
    assert len(window.quick_replies) == len(before)
    dialog.reject()


def test_corrupt_quick_replies_file_is_explained_and_left_untouched(
        qtbot: Any, make_window: Any, data_dir: Path) -> None:
    book_file = app_paths(data_dir).config / FILE_NAME
    book_file.parent.mkdir(parents=True, exist_ok=True)
    damaged = b'{"version": 1, "replies": [{"title": "Mine", "text": "Hola'
    book_file.write_bytes(damaged)
    window = open_chat(qtbot, make_window)
    assert Path(window.settings_path).parent / FILE_NAME == book_file
    assert "Quick replies are off" in window.statusBar().currentMessage()
    assert "not valid JSON" in window.statusBar().currentMessage()
    edit = window.composer.edit
    type_text(edit, "/")  # the popup says why there is nothing to offer
    popup = popup_of(window)
    assert popup.isVisible() and shown(popup) == []
    assert "not valid JSON" in popup.empty.text()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.toPlainText() == "/"
    dialog = manager(qtbot, window)
    assert "not valid JSON" in dialog.status.text()
    assert not dialog.new_button.isEnabled() and not dialog.import_button.isEnabled()
    dialog.reject()
    assert book_file.read_bytes() == damaged


def test_spanish_ui_strings(qtbot: Any, make_window: Any) -> None:
    window = open_chat(qtbot, make_window, lang="es")
    type_text(window.composer.edit, "/")
    popup = popup_of(window)
    assert popup.accessibleName() == "Respuestas rápidas"
    assert "Esc cierra" in popup.hint.text()
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Escape)
    dialog = manager(qtbot, window)
    assert dialog.windowTitle() == "Respuestas rápidas"
    assert dialog.new_button.text() == "Nueva"
    dialog.reject()


def test_unfilled_blank_warns_before_sending(qtbot: Any, make_window: Any) -> None:
    window, conversation_id = open_checked_chat(make_window)
    edit = window.composer.edit
    edit.setFocus()
    type_text(edit, "/envio")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert selected(edit) == "{pedido}"
    press_ctrl_enter(qtbot, edit)
    qtbot.waitUntil(lambda: window.review_dialog is not None
                    and window.review_dialog.isVisible(), timeout=5000)
    kinds = {f.kind for f in window.review_dialog.findings}
    assert "unfilled_placeholder" in kinds
    window.review_dialog.reject()
    qtbot.waitUntil(lambda: window.review_dialog is None, timeout=2000)
    assert not [m for m in window.store.messages(conversation_id) if m.direction == "out"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_screenshot_with_the_popup_open(qtbot: Any, make_window: Any, lang: str) -> None:
    window = open_chat(qtbot, make_window, lang=lang)
    type_text(window.composer.edit, "Hola /re")
    popup = popup_of(window)
    assert popup.isVisible()
    QApplication.processEvents()
    image = window.grab().toImage()
    # Paint the popup (its own window) onto the grab where it sits over the main window.
    from PySide6.QtGui import QPainter

    painter = QPainter(image)
    painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
    painter.end()
    assert image.save(f"/tmp/quick-replies-{lang}.png")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Escape)
