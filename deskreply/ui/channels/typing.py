"""Typing, both ways, on channels shared by a team (Matrix): "Marta is typing…" above the
conversation, and our own typing sent to the others so two people never answer at once.

Channels without typing simply never report it; telling them costs nothing (the host skips
connectors that lack ``set_typing``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from deskreply.connectors.runtime import ConnectorHost
from deskreply.store import Store, StoreError
from deskreply.ui.text import Translate
from deskreply.ui.untrusted import isolate

# Tell the others again while typing goes on, and stop after this long without a key.
REPEAT_S = 4.0
IDLE_MS = 5_000


def typing_text(names: tuple[str, ...], _: Translate) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return _("{name} is typing…").format(name=isolate(names[0]))
    return _("{names} are typing…").format(names=", ".join(isolate(n) for n in names))


class TypingLine(QLabel):
    """Who else is typing in the open conversation (objectName ``typingLine``)."""

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        self._ = translate
        self.setObjectName("typingLine")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(16, 0, 16, 4)
        self.hide()

    def show_names(self, names: tuple[str, ...]) -> None:
        text = typing_text(names, self._)
        self.setText(text)
        self.setVisible(bool(text))


class TypingNotifier(QObject):
    """Sends our typing state for the open conversation to its channel."""

    def __init__(self, store: Store, host: ConnectorHost,
                 current: Callable[[], int | None], parent: QObject) -> None:
        super().__init__(parent)
        self.store, self.host, self._current = store, host, current
        self._target: tuple[int, str] | None = None  # (login id, contact handle) told "typing"
        self._last_sent = 0.0
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_MS)
        self.idle.timeout.connect(self.stop)

    def keystroke(self) -> None:
        conversation_id = self._current()
        if conversation_id is None:
            return
        target = self._where(conversation_id)
        if target is None:
            return
        if target != self._target:
            self.stop()
        now = time.monotonic()
        if target != self._target or now - self._last_sent >= REPEAT_S:
            self._tell(target, True)
            self._target, self._last_sent = target, now
        self.idle.start()

    def stop(self) -> None:
        """Sent, switched chat, or stopped typing: the others stop seeing "typing…"."""
        self.idle.stop()
        if self._target is not None:
            self._tell(self._target, False)
            self._target = None

    def _where(self, conversation_id: int) -> tuple[int, str] | None:
        try:
            login_id = self.store.login_of_conversation(conversation_id)
            handle = self.store.contact_handle(conversation_id)
        except StoreError:
            return None
        if login_id is None or not handle:
            return None
        return login_id, handle

    def _tell(self, target: tuple[int, str], typing: bool) -> None:
        with contextlib.suppress(RuntimeError):  # the network thread is stopping
            self.host.team(target[0], "set_typing", target[1], typing)
