"""Keys typed in a search box that drive the result list below it (Ctrl+K, Ctrl+F dialogs)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

NAVIGATION_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def route_search_key(event: QEvent, results: QWidget, choose: Callable[[], None]) -> bool:
    """Arrows and Page keys move in ``results``; Enter calls ``choose``. True when handled."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    if event.key() in NAVIGATION_KEYS:
        QApplication.sendEvent(results, QKeyEvent(
            event.type(), event.key(), event.modifiers(), event.text()))
        return True
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        choose()
        return True
    return False
