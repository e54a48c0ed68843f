"""The "/" quick reply popup on a bare QPlainTextEdit, driven by real key events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from deskreply.quick_replies import QuickReplyBook
from deskreply.ui.quick_reply_popup import QuickReplyController, find_trigger
from tests.ui.helpers import type_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

VALUES = {"name": "María José", "agent": "Luis"}


class Harness:
    def __init__(self, window: QWidget, edit: QPlainTextEdit, other: QLineEdit,
                 controller: QuickReplyController, book: QuickReplyBook) -> None:
        self.window, self.edit, self.other = window, edit, other
        self.controller, self.book = controller, book
        self.popup = controller.popup

    def shortcuts(self) -> list[str]:
        model = self.popup.model
        return [model.reply(row).shortcut for row in range(model.rowCount())]  # type: ignore[union-attr]

    def selected(self) -> str:
        return self.edit.textCursor().selectedText()


@pytest.fixture
def harness(qtbot: Any, tmp_path: Path) -> Iterator[Harness]:
    book = QuickReplyBook(tmp_path / "quick_replies.json").load()
    window = QWidget()
    edit = QPlainTextEdit(window)
    edit.setTabChangesFocus(True)  # as in the composer: Tab moves on when no blank is left
    other = QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(edit)
    layout.addWidget(other)
    window.resize(640, 320)
    qtbot.addWidget(window)
    controller = QuickReplyController(edit, book, lambda: dict(VALUES), "en", lambda: "es")
    window.show()
    qtbot.waitExposed(window)
    edit.setFocus()
    yield Harness(window, edit, other, controller, book)
    controller.close_popup()


def key(widget: QWidget, code: Qt.Key,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, code, modifiers, ""))


def test_slash_opens_typing_filters_enter_fills_and_selects_first_blank(
        qtbot: Any, harness: Harness) -> None:
    edit, popup = harness.edit, harness.popup
    qtbot.keyClicks(edit, "Buenas. /")
    assert popup.isVisible() and popup.objectName() == "quickReplyPopup"
    assert popup.model.rowCount() == len(harness.book)
    qtbot.keyClicks(edit, "env")
    assert harness.shortcuts()[0] == "envio"
    assert popup.model.rowCount() < len(harness.book)
    assert "/env" in popup.header.text()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert not popup.isVisible()
    text = edit.toPlainText()
    assert text.startswith("Buenas. Hola, María José. He revisado su pedido {pedido}:")
    assert harness.selected() == "{pedido}"
    qtbot.keyClicks(edit, "A-1234")  # typing replaces the selected blank
    assert "su pedido A-1234:" in edit.toPlainText()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert harness.selected() == "{fecha}" and edit.hasFocus()
    key(edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # wraps round
    assert harness.selected() == "{fecha}"
    qtbot.keyClicks(edit, "martes")
    assert "{" not in edit.toPlainText() and not harness.controller.filling
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # nothing left to fill: Tab moves the focus on
    assert harness.other.hasFocus()


def test_non_ascii_query_arrows_and_undo(qtbot: Any, harness: Harness) -> None:
    edit, popup = harness.edit, harness.popup
    type_text(edit, "¡Hola! 😀 /dirección")
    assert popup.isVisible() and harness.shortcuts()[0] == "direccion"
    type_text(edit, "\b")  # nothing special: a literal backspace char is ignored by Qt
    edit.setPlainText("")
    type_text(edit, "😀 /re")
    first, second = (popup.model.reply(row) for row in range(2))
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert popup.current_reply() == second
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # wraps to the last
    assert popup.current_reply() == popup.model.reply(popup.model.rowCount() - 1)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert popup.current_reply() == first
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert first is not None
    text = edit.toPlainText()
    assert text.startswith("😀 ") and "/re" not in text
    blank_at = text.index("{")
    cursor = edit.textCursor()
    # Qt counts the emoji as two UTF-16 units: the selection must still be the blank.
    assert harness.selected() == text[blank_at:text.index("}", blank_at) + 1]
    assert cursor.selectionStart() == blank_at + 1
    edit.undo()  # one undo step brings the typed "/re" back
    assert edit.toPlainText() == "😀 /re"


def test_esc_closes_without_changes_and_backspace_reopens(qtbot: Any,
                                                         harness: Harness) -> None:
    edit, popup = harness.edit, harness.popup
    qtbot.keyClicks(edit, "Hola /zz")
    assert popup.isVisible() and popup.model.rowCount() == 0
    assert "zz" in popup.empty.text() and popup.empty.isVisibleTo(popup)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not popup.isVisible() and edit.toPlainText() == "Hola /zz"
    qtbot.keyClicks(edit, "z")  # typing on after Esc: the user wants the text as it is
    assert not popup.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # editing the word again shows the list
    assert popup.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Space)  # a space ends the "/word"
    assert not popup.isVisible() and edit.toPlainText() == "Hola /zz "


def test_no_popup_inside_words_urls_or_loaded_text(qtbot: Any, harness: Harness) -> None:
    edit, popup = harness.edit, harness.popup
    qtbot.keyClicks(edit, "y/o 3/4 https://x.es/a ")
    assert not popup.isVisible()
    edit.setPlainText("Borrador /env")  # not typed: no popup
    assert not popup.isVisible()
    assert find_trigger("(/env", 0, 5) is not None
    assert find_trigger("a/env", 0, 5) is None
    assert find_trigger("/" + "e" * 41, 0, 42) is None  # a query that long is not a shortcut


def test_click_chooses_and_text_stays_plain(qtbot: Any, harness: Harness) -> None:
    harness.book.create("Html", "<b>Hola</b> &amp; {nombre}", "es", "html")
    edit, popup = harness.edit, harness.popup
    qtbot.keyClicks(edit, "/html")
    view = popup.view
    rect = view.visualRect(popup.model.index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert edit.toPlainText() == "<b>Hola</b> &amp; María José"
    assert not popup.isVisible()


def test_broken_book_is_explained_in_the_popup(qtbot: Any, harness: Harness,
                                               tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    book = QuickReplyBook(broken)
    with pytest.raises(ValueError):
        book.load()
    harness.controller.book = book
    qtbot.keyClicks(harness.edit, "/")
    assert harness.popup.isVisible() and harness.popup.model.rowCount() == 0
    assert "Quick replies are off" in harness.popup.empty.text()
    assert "not valid JSON" in harness.popup.empty.text()
    qtbot.keyClick(harness.edit, Qt.Key.Key_Return)  # nothing to insert: just closes
    assert not harness.popup.isVisible() and harness.edit.toPlainText() == "/"
    assert broken.read_text(encoding="utf-8") == "{not json"


def test_popup_closes_when_the_editor_hides(qtbot: Any, harness: Harness) -> None:
    qtbot.keyClicks(harness.edit, "/")
    assert harness.popup.isVisible()
    harness.window.hide()
    assert not harness.popup.isVisible()


def test_screenshot_of_popup_over_the_editor(qtbot: Any, harness: Harness) -> None:
    edit, popup = harness.edit, harness.popup
    type_text(edit, "Buenas tardes.\n/re")
    assert popup.isVisible()
    QApplication.processEvents()
    window = harness.window
    slash = edit.textCursor()
    slash.setPosition(slash.position() - 3)
    slash_bottom = edit.viewport().mapTo(window, edit.cursorRect(slash).bottomLeft())
    popup_top_left = window.mapFromGlobal(popup.pos())
    assert popup_top_left.y() >= slash_bottom.y()  # under the line, not over the text
    assert abs(popup_top_left.x() - slash_bottom.x()) < 4  # lined up with the "/"
    image = window.grab().toImage()
    painter = QPainter(image)
    painter.drawPixmap(popup_top_left, popup.grab())
    painter.end()
    assert image.save("/tmp/quick-replies.png")


def test_spanish_popup(qtbot: Any, tmp_path: Path) -> None:
    book = QuickReplyBook(tmp_path / "quick_replies.json").load()
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    controller = QuickReplyController(edit, book, dict, "es")
    edit.show()
    qtbot.waitExposed(edit)
    qtbot.keyClicks(edit, "/")
    popup = controller.popup
    assert popup.accessibleName() == "Respuestas rápidas"
    assert popup.header.text() != "Quick replies: type to filter"
    assert "Esc" in popup.hint.text() and popup.hint.text() != (
        "↑↓ choose · Enter inserts · Esc closes")
    qtbot.keyClicks(edit, "qqq")
    assert "qqq" in popup.empty.text() and "No quick reply" not in popup.empty.text()
    controller.close_popup()
