"""Undo send: a sent reply waits a few seconds (``Settings.undo_send_seconds``) before it is
handed to the channel, with a visible countdown and an Undo button.

During the wait the reply is held in the store (``held_replies``), not yet a message: an
undone reply leaves no trace in the conversation, and a crash during the wait loses nothing.
Switching chats does not cancel a waiting reply (the bar shows only the open chat's replies);
closing the window keeps it as a draft (the safe choice: nothing goes out that the user might
still have wanted to stop).

Signals (UndoSendQueue):
    due(object): this PendingSend's wait is over; store and send it now.
    changed(): a reply was queued, undone or sent (the bar updates its countdown).
Signals (UndoSendBar):
    undo_requested(): the user pressed Undo.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from deskreply.ui.text import Translate

TICK_MS = 250
_ids = itertools.count(1)


@dataclass
class PendingSend:
    """A reply waiting out its undo window."""

    conversation_id: int
    text: str
    contact_name: str
    due: float  # time.monotonic() when it goes out
    # Check events to log once the message exists: (check, kind, severity, action, excerpt,
    # reason). Logged with the message id, or never if the send is undone.
    events: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    held_id: int | None = None  # its row in the store's held_replies
    id: int = field(default_factory=lambda: next(_ids))

    def seconds_left(self, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        return max(0, math.ceil(self.due - now))


class UndoSendQueue(QObject):
    due = Signal(object)
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[PendingSend] = []
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def add(self, item: PendingSend) -> None:
        self.pending.append(item)
        self.pending.sort(key=lambda p: p.due)
        if not self.timer.isActive():
            self.timer.start()
        self.changed.emit()

    def latest(self) -> PendingSend | None:
        return max(self.pending, key=lambda p: p.id, default=None)

    def undo(self, item: PendingSend | None = None) -> PendingSend | None:
        """Take back ``item`` (default: the most recent reply); None if it already went out."""
        item = item or self.latest()
        if item is None or item not in self.pending:
            return None
        self.pending.remove(item)
        self._stop_if_idle()
        self.changed.emit()
        return item

    def tick(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        while self.pending and self.pending[0].due <= now:
            self.due.emit(self.pending.pop(0))
        self._stop_if_idle()
        self.changed.emit()

    def take_all(self) -> list[PendingSend]:
        """Remove every waiting reply (the window is closing), oldest first."""
        items, self.pending = self.pending, []
        self.timer.stop()
        return items

    def _stop_if_idle(self) -> None:
        if not self.pending:
            self.timer.stop()


class UndoSendBar(QFrame):
    """"Sending to María in 4 s … [Undo]": shown while a reply waits (objectName undoSendBar)."""

    undo_requested = Signal()

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        _ = self._ = translate
        self.setObjectName("undoSendBar")
        self.setAccessibleName(_("Reply about to be sent"))
        self.setStyleSheet(
            "QFrame#undoSendBar { background: #fff6d6; border: 1px solid #e0c35c;"
            " border-radius: 8px; }"
            " QLabel#undoSendLabel { color: #1c1c1c; background: transparent; }"
            " QPushButton#undoSendButton { padding: 4px 16px; font-weight: bold; }")
        self.label = QLabel()
        self.label.setObjectName("undoSendLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton(_("Undo"))
        self.button.setObjectName("undoSendButton")
        self.button.setAccessibleName(_("Undo send"))
        self.button.setToolTip(_("Take the reply back into the composer (Ctrl+Z)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.undo_requested)
        self.hide()

    def show_pending(self, pending: list[PendingSend], now: float | None = None) -> None:
        _ = self._
        latest: Any = max(pending, key=lambda p: p.id, default=None)
        if latest is None:
            self.hide()
            return
        seconds = latest.seconds_left(now)
        text = _("Sending to {name} in {n} s…").format(name=latest.contact_name, n=seconds)
        if len(pending) > 1:
            text += " " + _("({n} replies waiting)").format(n=len(pending))
        self.label.setText(text)
        self.label.setToolTip(_("If you close DeskReply now, the reply is kept as a draft."))
        self.button.setAccessibleDescription(text)
        self.show()
