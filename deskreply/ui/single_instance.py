"""One DeskReply per data folder: a second start brings the first window to the front.

Two processes writing one database would each think they own the drafts and the outbox. The
first instance holds a ``QLockFile`` in the data folder (a lock left by a crashed process is
recognised as stale by its dead PID and taken over). A second instance that cannot take the
lock drops a small request file beside it; the first one notices (``QFileSystemWatcher``, and
a slow poll for file systems without change notification), removes the file and raises its
window. The second sees the file gone, says so and exits.

Only QtCore is used: the app bundle leaves QtNetwork out (build.spec), so no local sockets.

Signals:
    activation_requested(): another instance asked this one to come to the front.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, QTimer, Signal

log = logging.getLogger(__name__)

LOCK_NAME = "deskreply.lock"
REQUEST_NAME = "deskreply.raise-request"
POLL_MS = 1_000  # where the file system sends no change notices
TIMEOUT_S = 3.0


class SingleInstance(QObject):
    """Create with the data folder, then call :meth:`acquire` once; :meth:`release` at exit."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.request_path = self.data_dir / REQUEST_NAME
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # never "stale by age": only a dead owner frees it
        self._watcher: QFileSystemWatcher | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_request)

    def acquire(self) -> bool:
        """True: this is the only instance (now listening). False: another one runs."""
        if not self._lock.tryLock(100):
            return False
        with contextlib.suppress(OSError):
            self.request_path.unlink(missing_ok=True)  # left by an earlier, unanswered start
        self._watcher = QFileSystemWatcher([str(self.data_dir)], self)
        self._watcher.directoryChanged.connect(self._check_request)
        self._poll.start()
        return True

    def release(self) -> None:
        self._poll.stop()
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.directories())
            self._watcher = None
        self._lock.unlock()

    def _check_request(self, *_args: object) -> None:
        if not self.request_path.exists():
            return
        try:
            self.request_path.unlink()
        except OSError as error:
            log.warning("start request not taken: %s", error)
            return
        log.info("another DeskReply asked for this window")
        self.activation_requested.emit()


def ask_running_instance(data_dir: Path, timeout_s: float = TIMEOUT_S) -> bool:
    """Ask the instance on ``data_dir`` to come to the front; True if it answered in time."""
    path = Path(data_dir) / REQUEST_NAME
    temp = path.with_name(f".{REQUEST_NAME}-{os.getpid()}")
    try:
        temp.write_text(f"{os.getpid()}\n", encoding="utf-8")
        os.replace(temp, path)  # appears whole: the first instance never reads half a file
    except OSError as error:
        log.warning("could not ask the running DeskReply: %s", error)
        return False
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not path.exists():
            return True
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        path.unlink()  # nobody answered: do not leave the request for a later start
    return False
