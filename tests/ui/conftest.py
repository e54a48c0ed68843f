"""GUI test fixtures: a real main window on a real SQLite file, and leak checks (napari style).

Every test fails if it leaves a running QThread, an active QTimer or a new top-level widget
behind: such leaks make later tests flaky and, in the app, keep work running after close.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QThread, QTimer
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture(autouse=True)
def fail_on_qt_leaks(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    threads: list[QThread] = []
    timers: list[QTimer] = []
    thread_start = QThread.start
    timer_start = QTimer.start

    def start_thread(self: QThread, *args: Any) -> None:
        threads.append(self)
        thread_start(self, *args)

    def start_timer(self: QTimer, *args: Any) -> None:
        timers.append(self)
        timer_start(self, *args)

    monkeypatch.setattr(QThread, "start", start_thread)
    monkeypatch.setattr(QTimer, "start", start_timer)
    before = set(qapp.topLevelWidgets())
    network_before = {t for t in threading.enumerate() if t.name == "deskreply-network"}
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    running = [t for t in threads if shiboken6.isValid(t) and t.isRunning()]
    active = [t for t in timers if shiboken6.isValid(t) and t.isActive()]
    widgets = [w for w in qapp.topLevelWidgets()
               if w not in before and shiboken6.isValid(w) and w.isVisible()]
    for thread in running:
        thread.wait(10_000)  # do not let a leak crash the next test
    problems = []
    if running:
        problems.append(f"running QThreads left behind: {running}")
    if active:
        problems.append(f"active QTimers left behind: {[t.parent() for t in active]}")
    if widgets:
        problems.append(f"visible top-level widgets left behind: {widgets}")
    network = [t for t in threading.enumerate()
               if t.name == "deskreply-network" and t not in network_before]
    if network:
        problems.append(f"network threads left running: {network}")
    if problems:
        pytest.fail("; ".join(problems))


class Notices(list[tuple[str, str, str]]):
    """Records what the app would have shown in message boxes (level, title, text)."""

    def __call__(self, level: str, title: str, text: str) -> None:
        self.append((level, title, text))


@pytest.fixture
def notices() -> Notices:
    return Notices()


MakeWindow = Callable[..., Any]


@pytest.fixture
def make_window(qtbot: Any, data_dir: Path, notices: Notices) -> Iterator[MakeWindow]:
    """Build (and show) a main window on the test's data folder; closed after the test."""
    from deskreply.ui import create_main_window

    windows: list[QWidget] = []

    def make(lang: str = "en", show: bool = True, **options: Any) -> Any:
        from deskreply.paths import app_paths
        from deskreply.settings import Settings, save_settings

        options.setdefault("notify", notices)
        options.setdefault("start_checks", False)
        options.setdefault("feed_interval_ms", 3_600_000)
        # The demo channel "delivers" at once, so tests need not wait seconds.
        options.setdefault("demo_settings", {"send_delay_s": 0.01, "deliver_delay_s": 0.01})
        folder = options.pop("data_dir", data_dir)
        # settings=Settings(...) is written where the app reads it. By default tests send
        # without the undo-send wait (tests of undo ask for it).
        settings = options.pop("settings", None)
        settings_file = app_paths(folder).settings_file
        if settings is None and not settings_file.exists():
            settings = Settings(undo_send_seconds=0)
        if settings is not None:
            save_settings(settings_file, settings)
        window = create_main_window(folder, lang, **options)
        if getattr(window, "settings_path", "") is None:
            window.settings_path = settings_file
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window: MakeWindow) -> Any:
    return make_window()
