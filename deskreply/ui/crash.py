"""The crash handler: an unexpected error is logged with its traceback and explained calmly.

``sys.excepthook`` catches errors raised on the GUI thread (PySide6 hands errors from slots
and event handlers to it and carries on), ``threading.excepthook`` those of Python worker
threads. Either way the full traceback goes to the log file (masked like every record), and
the user sees one plain-text dialog: something went wrong, the drafts are safe (they are
saved as you type), this is where the log is. The app keeps running: the error ended only the
one action that raised it. Only ``KeyboardInterrupt``/``SystemExit`` keep Python's default.

Dialogs are shown from the GUI thread (a queued signal) and never stack: while one is open,
later errors are only logged and counted.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from deskreply.i18n import Translate

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
# show(title, text): how the handler tells the user; the default opens a message box.
Show = Callable[[str, str], None]


def N_(message: str) -> str:
    return message


TITLE = N_("Something went wrong")
TEXT = N_(
    "Something went wrong inside DeskReply and the last action did not finish.\n\n"
    "Your drafts are safe: they are saved as you type.\n\n"
    "You can keep working. If it happens again, the details are in the log file:\n{path}"
)
TEXT_NO_LOG = N_(
    "Something went wrong inside DeskReply and the last action did not finish.\n\n"
    "Your drafts are safe: they are saved as you type.\n\n"
    "You can keep working."
)


class CrashHandler(QObject):
    """Installed once per app by :func:`install`; ``uninstall`` restores the old hooks.

    Signals:
        crashed(str): an error happened (its one-line summary); emitted on the GUI thread.
    """

    crashed = Signal(str)
    _report = Signal(str)  # from any thread to the GUI thread

    def __init__(self, translate: Translate, log_file: Path | None,
                 show: Show | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ = translate
        self.log_file = log_file
        self.count = 0
        self._showing = False
        self._show = show or self._message_box
        self._old_sys: Any = None
        self._old_threading: Any = None
        self._report.connect(self._on_report, Qt.ConnectionType.QueuedConnection)

    # -- hooks ------------------------------------------------------------------------------
    def install(self) -> None:
        self._old_sys, sys.excepthook = sys.excepthook, self.excepthook
        self._old_threading, threading.excepthook = threading.excepthook, self.thread_hook

    def uninstall(self) -> None:
        if self._old_sys is not None and sys.excepthook == self.excepthook:
            sys.excepthook = self._old_sys
        if self._old_threading is not None and threading.excepthook == self.thread_hook:
            threading.excepthook = self._old_threading

    def excepthook(self, kind: type[BaseException], error: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            (self._old_sys or sys.__excepthook__)(kind, error, tb)
            return
        self.handle((kind, error, tb), threading.current_thread().name)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "thread"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), name)

    def handle(self, info: ExcInfo, where: str) -> None:
        """Log the error with its traceback and ask the GUI thread to tell the user."""
        self.count += 1
        summary = f"{info[0].__name__} in {where}"
        try:
            log.critical("unexpected error (%s)", summary, exc_info=info)
        except Exception:  # the log itself failed (disk full): still tell the user
            print(f"DeskReply: unexpected error ({summary})", file=sys.stderr)
        self._report.emit(summary)

    # -- telling the user -------------------------------------------------------------------
    @Slot(str)
    def _on_report(self, summary: str) -> None:
        self.crashed.emit(summary)
        if self._showing:
            return  # one dialog at a time; the rest are in the log
        self._showing = True
        try:
            _ = self._
            if self.log_file is not None:
                text = _(TEXT).format(path=self.log_file)
            else:
                text = _(TEXT_NO_LOG)
            self._show(_(TITLE), text)
        finally:
            self._showing = False

    def _message_box(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QApplication

        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          parent if isinstance(parent, QWidget) else None)
        box.setObjectName("crashDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path or message may hold anything
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()


def install(translate: Translate, log_file: Path | None, show: Show | None = None,
            parent: QObject | None = None) -> CrashHandler:
    handler = CrashHandler(translate, log_file, show, parent)
    handler.install()
    return handler
