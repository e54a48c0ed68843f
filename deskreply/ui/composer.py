"""The composer: a plain-text editor where Ctrl+Enter sends and Enter starts a new line.

Drafts are saved while typing (debounced), so nothing is lost on a crash or a chat switch.

Signals:
    send_requested(str): the user asked to send this text (not yet stripped of spaces).
    draft_changed(): the text changed (the window saves it after a short pause).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskreply.ui.text import Translate

DRAFT_DELAY_MS = 300


class ComposerEdit(QPlainTextEdit):
    """Ctrl+Enter / Ctrl+Return emit ``send_requested``; plain Enter inserts a newline."""

    send_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            self.send_requested.emit()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    """Editor + Send button for the selected conversation (objectName ``composer``)."""

    send_requested = Signal(str)
    draft_changed = Signal()

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        _ = translate
        self.setObjectName("composer")
        self.setAccessibleName(_("Reply"))
        self.edit = ComposerEdit()
        self.edit.setObjectName("composerEdit")
        self.edit.setAccessibleName(_("Your reply"))
        self.edit.setAccessibleDescription(_("Press Ctrl+Enter to send. Enter starts a new line."))
        self.edit.setPlaceholderText(_("Write your reply here…"))
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.send_button = QPushButton(_("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(_("Send reply"))
        self.send_button.setToolTip(_("Send (Ctrl+Enter)"))
        self.send_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hint = QLabel(_("Ctrl+Enter sends · Enter starts a new line"))
        self.hint.setObjectName("composerHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAccessibleName(_("Keyboard hint"))

        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.edit, 1)
        layout.addLayout(bottom)

        # Debounce: the draft is written once typing pauses, not on every key.
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.draft_changed)
        self._loading = False

        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.send_requested.connect(self._request_send)
        self.send_button.clicked.connect(self._request_send)
        self.set_enabled(False)

    # -- public -----------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.toPlainText()

    def load(self, text: str) -> None:
        """Show a saved draft without it counting as a change."""
        self._loading = True
        try:
            self.edit.setPlainText(text)
            cursor = self.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.edit.setTextCursor(cursor)
        finally:
            self._loading = False
        self.draft_timer.stop()
        self._update_button()

    def set_enabled(self, enabled: bool) -> None:
        self.edit.setEnabled(enabled)
        self._update_button()

    def flush_pending(self) -> bool:
        """Stop the debounce timer; True if a draft save was pending."""
        pending = self.draft_timer.isActive()
        self.draft_timer.stop()
        return pending

    # -- internals --------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        self._update_button()
        if not self._loading:
            self.draft_timer.start()

    def _update_button(self) -> None:
        self.send_button.setEnabled(self.edit.isEnabled() and bool(self.text().strip()))

    def _request_send(self) -> None:
        if self.edit.isEnabled() and self.text().strip():
            self.send_requested.emit(self.text())
