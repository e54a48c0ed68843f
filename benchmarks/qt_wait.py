"""Waiting in a benchmark that drives the real window: run Qt's event loop until something
shows, and note how long the GUI thread went without handling events meanwhile."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

DEADLINE_S = 600.0
GAPS: list[float] = []  # seconds between ticks of a 5 ms timer on the GUI thread
TICK_MS = 5


def wait(app: QApplication, predicate: Callable[[], bool],
         timeout: float = DEADLINE_S) -> float:
    """Run the event loop until ``predicate()``; return the (monotonic) time it became true.

    A timer ticks every 5 ms meanwhile: the gaps between its ticks are how long the GUI
    thread was busy without handling events (what a user feels as a frozen window)."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    done: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        GAPS.append(now - last[0])
        last[0] = now
        if predicate():
            done.append(time.monotonic())
            loop.quit()
        elif time.monotonic() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    if not done:
        raise SystemExit("timed out")
    return done[0]


def longest_stall_ms() -> float:
    """The longest the GUI thread was busy between two ticks since GAPS was last cleared."""
    return max(GAPS, default=0.0) * 1000 - TICK_MS
