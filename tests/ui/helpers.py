"""Drive the GUI like a user: click chats, type any text (accents, emoji), press keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key. qtbot.keyClicks aborts on non-ASCII, so build the events."""
    for ch in text:
        if ch == "\n":
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier,
                                      "\r"))
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def click_chat(qtbot: Any, window: Any, conversation_id: int) -> None:
    """Click the chat's row in the list, as a user would."""
    view = window.chat_list
    row = window.model.row_of(conversation_id)
    assert row is not None, f"conversation {conversation_id} is not in the list"
    index = window.model.index(row)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid() and view.viewport().rect().contains(rect.center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_conversation_id == conversation_id


def press_ctrl_enter(qtbot: Any, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def list_ids(window: Any) -> list[int]:
    model = window.model
    return [model.conversation_id(row) for row in range(model.rowCount())]
