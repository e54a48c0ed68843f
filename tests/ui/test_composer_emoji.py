"""The composer's emoji button and shortcut open the picker; the choice lands in the draft."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from deskreply.ui.emoji_picker import EmojiPicker

# The offscreen platform cannot raise windows or grab the keyboard for popups; harmless here.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_emoji_button_opens_picker_and_inserts_at_cursor(qtbot: Any, make_window: Any) -> None:
    window = make_window(lang="es")
    window.select_conversation(window.model.conversation_id(0))
    composer = window.composer
    composer.edit.setPlainText("Gracias ")
    cursor = composer.edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    composer.edit.setTextCursor(cursor)
    button = window.findChild(QToolButton, "emojiButton")
    assert button is not None and button.accessibleName() == "Insertar un emoji"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    picker = window.findChild(EmojiPicker, "emojiPicker")
    qtbot.waitUntil(lambda: picker is not None and picker.isVisible())
    picker.choose("👍🏽")
    assert composer.text() == "Gracias 👍🏽"
    qtbot.waitUntil(lambda: not picker.isVisible())
    recent = window.settings_path.parent / "recent_emoji.json"
    assert "👍🏽" in recent.read_text(encoding="utf-8")
