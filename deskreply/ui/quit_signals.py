"""SIGTERM and SIGINT close DeskReply like its close button: draft saved, database closed.

Python runs signal handlers only when the interpreter gets control, which it does not while
Qt's event loop waits in C++. ``signal.set_wakeup_fd`` writes the signal number to a socket
that a ``QSocketNotifier`` watches, so the event loop wakes at once and closes the window
through the normal path (``closeEvent`` → ``MainWindow.shutdown``).
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitOnSignals(QObject):
    """While installed, SIGTERM/SIGINT call ``close()`` (once) on the GUI thread."""

    def __init__(self, close: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._close = close
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)
        self._old_fd = -1
        self._old_handlers: dict[int, Any] = {}
        self.received: list[int] = []

    def install(self) -> None:
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for number in SIGNALS:
            # A Python-level handler is needed for the wakeup fd to be written; the real work
            # happens in _on_wakeup on the GUI thread.
            self._old_handlers[number] = signal.signal(number, lambda *_args: None)

    def uninstall(self) -> None:
        for number, handler in self._old_handlers.items():
            signal.signal(number, handler)
        self._old_handlers.clear()
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _on_wakeup(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        numbers = [n for n in data if n in SIGNALS]
        if not numbers:
            return
        first = not self.received
        self.received.extend(numbers)
        log.info("signal %s received: closing", signal.Signals(numbers[0]).name)
        if first:
            self._close()
