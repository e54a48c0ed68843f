"""A simulated delivery for the demo channel: queued → sent → delivered, on a timer.

Real channels report delivery through their connector; the demo channel has no network, so
this stands in for it without ever blocking the GUI thread.

Signals:
    state_changed(int, str): message id and its new state.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

# Seconds from queueing to each state: a brief, believable pause.
STEPS: tuple[tuple[float, str], ...] = ((0.8, "sent"), (2.5, "delivered"))
TICK_MS = 200


class SimulatedDelivery(QObject):
    state_changed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[tuple[float, int, str]] = []  # (due, message id, state)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def track(self, message_id: int) -> None:
        now = time.monotonic()
        for delay, state in STEPS:
            self._pending.append((now + delay, message_id, state))
        self._pending.sort()
        if not self.timer.isActive():
            self.timer.start()

    def pending(self) -> int:
        return len(self._pending)

    def tick(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        while self._pending and self._pending[0][0] <= now:
            _due, message_id, state = self._pending.pop(0)
            self.state_changed.emit(message_id, state)
        if not self._pending:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
