"""The crash handler: an unexpected error is logged with its traceback, explained calmly,
and the app keeps running."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from deskreply import logs
from deskreply.i18n import translator
from deskreply.ui.crash import CrashHandler


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.configure(tmp_path / "logs", "warning")
    yield path
    logs.shutdown()


@pytest.fixture
def shown() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def handler(log_file: Path, shown: list[tuple[str, str]]) -> Iterator[CrashHandler]:
    crash = CrashHandler(translator("ui_safety", "en"), log_file,
                         show=lambda title, text: shown.append((title, text)))
    crash.install()
    yield crash
    crash.uninstall()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_explained_and_the_app_goes_on(
        qtbot: Any, handler: CrashHandler, log_file: Path, shown: list[tuple[str, str]]) -> None:
    assert sys.excepthook == handler.excepthook
    after: list[str] = []

    def broken_slot() -> None:
        raise RuntimeError("the card 4111 1111 1111 1111 broke it")

    QTimer.singleShot(0, broken_slot)
    QTimer.singleShot(5, lambda: after.append("still running"))
    qtbot.waitUntil(lambda: bool(shown) and bool(after), timeout=3_000)
    title, text = shown[0]
    assert title == "Something went wrong"
    assert "drafts are safe" in text and str(log_file) in text
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "broken_slot" in logged and "RuntimeError" in logged
    assert "4111" not in logged  # masked like every record
    assert after == ["still running"]


def test_an_error_in_a_worker_thread_reaches_the_dialog_on_the_gui_thread(
        qtbot: Any, handler: CrashHandler, log_file: Path, shown: list[tuple[str, str]]) -> None:
    threads: list[str] = []
    handler.crashed.connect(lambda _summary: threads.append(threading.current_thread().name))

    def work() -> None:
        raise KeyError("lost")

    worker = threading.Thread(target=work, name="worker-1")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=3_000)
    assert threads == ["MainThread"]
    assert "worker-1" in log_file.read_text(encoding="utf-8")


def test_errors_while_the_dialog_is_open_do_not_stack_dialogs(
        qtbot: Any, log_file: Path) -> None:
    opened: list[str] = []
    crash: CrashHandler

    def show(title: str, _text: str) -> None:
        opened.append(title)
        crash.handle((ValueError, ValueError("second"), None), "MainThread")
        QApplication.processEvents()  # the second report arrives while the first is open

    crash = CrashHandler(translator("ui_safety", "es"), log_file, show=show)
    crash.handle((ValueError, ValueError("first"), None), "MainThread")
    qtbot.waitUntil(lambda: crash.count == 2 and bool(opened), timeout=3_000)
    QApplication.processEvents()
    assert opened == ["Algo salió mal"]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's own note
def test_the_real_dialog_is_plain_text(qtbot: Any, log_file: Path) -> None:
    crash = CrashHandler(translator("ui_safety", "en"), Path("/tmp/<b>logs</b>/deskreply.log"))
    boxes: list[QMessageBox] = []

    def inspect() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        boxes.append(box)
        box.accept()

    QTimer.singleShot(50, inspect)
    crash.handle((ValueError, ValueError("x"), None), "MainThread")
    qtbot.waitUntil(lambda: bool(boxes), timeout=3_000)
    assert boxes[0].textFormat().name == "PlainText"
    assert "<b>logs</b>" in boxes[0].text()


def test_keyboard_interrupt_keeps_the_default_hook(handler: CrashHandler,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(handler, "_old_sys", lambda kind, *_rest: seen.append(kind))
    handler.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt] and handler.count == 0


def test_every_safety_message_has_a_spanish_translation() -> None:
    """Each string of the ui_safety domain used in the code is in the Spanish catalogue."""
    import ast
    import re

    from deskreply.paths import PROJECT_ROOT

    sources = ["deskreply/ui/crash.py", "deskreply/ui/link_guard.py", "deskreply/display.py",
               "deskreply/ui/app.py", "deskreply/ui/main_window.py",
               "deskreply/ui/conversation_view.py"]
    used: set[str] = set()
    for name in sources:
        tree = ast.parse((PROJECT_ROOT / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")
                # conversation_view.py's own N_ strings (the encrypted-room notice) belong to
                # the window's "ui" domain; only its link confirmation is a safety message.
                if called in ("safety", "_link_") or (
                        called == "N_" and not name.endswith("conversation_view.py")) or (
                        called == "_" and name.endswith(("link_guard.py", "display.py"))):
                    used.add(node.args[0].value)
    po = (PROJECT_ROOT / "resources/locale/es/LC_MESSAGES/ui_safety.po").read_text("utf-8")
    assert re.search(r'msgid ""\nmsgstr ""', po)
    spanish = translator("ui_safety", "es")
    missing = [text for text in used if spanish(text) == text]
    assert len(used) >= 20 and not missing, missing
