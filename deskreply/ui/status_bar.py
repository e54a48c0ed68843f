"""The status bar: messages in their own label, beside (never over) the links.

``QStatusBar.showMessage`` paints its text across the whole bar, over the widgets added with
``addWidget`` (the Settings, Keyboard shortcuts and Quick replies links). Here a message goes
into a label that is part of the bar's layout instead: it takes the room the links leave, is
elided to fit (the full text is in its tooltip and accessible name), and clears after its
timeout. Callers keep using ``statusBar().showMessage(text, ms)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget


class ElidedLabel(QLabel):
    """A one-line plain-text label that shortens its text with … instead of being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())  # one line: a message never grows the bar
        self.setToolTip(self._full)
        self.setAccessibleName(self._full)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)


class StatusBar(QStatusBar):
    """A status bar whose temporary messages sit in a label in the layout (see module doc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.message_label = ElidedLabel()
        self.message_label.setObjectName("statusMessage")
        # Stretch: the message takes what the links leave, the links keep their size.
        self.addWidget(self.message_label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self._timer.stop()
        self.message_label.set_full_text(text)
        if timeout and timeout > 0 and text:
            self._timer.start(timeout)
        self.messageChanged.emit(text)

    def clearMessage(self) -> None:
        self._timer.stop()
        if self.message_label.full_text():
            self.message_label.set_full_text("")
            self.messageChanged.emit("")

    def currentMessage(self) -> str:
        return self.message_label.full_text()

    def stop(self) -> None:
        """Stop the clearing timer (the window is closing)."""
        self._timer.stop()
