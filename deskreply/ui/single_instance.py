"""One DeskReply per data folder: a second start brings the first window to the front.

Two processes writing one database would each think they own the drafts and the outbox. The
first instance holds a ``QLockFile`` in the data folder (a lock left by a crashed process is
recognised as stale by its dead PID and taken over) and listens on a ``QLocalServer`` whose
name is derived from the folder. A second instance that cannot take the lock connects, asks
the first to raise its window, and exits with a message.

Signals:
    activation_requested(): another instance asked this one to come to the front.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "deskreply.lock"
RAISE = b"raise\n"
ACK = b"ok\n"
TIMEOUT_MS = 2_000


def server_name(data_dir: Path) -> str:
    """A socket name unique to the (resolved) data folder and short enough for any OS."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"deskreply-{digest}"


class SingleInstance(QObject):
    """Create with the data folder, then call :meth:`acquire` once."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # never "stale by age": only a dead owner frees it
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True: this is the only instance (now listening). False: another one runs."""
        if not self._lock.tryLock(100):
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A socket file left by a crashed instance: ours now that we hold the lock.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single-instance server not started: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            log.info("another DeskReply asked for this window")
            socket.write(ACK)
            socket.flush()
            self.activation_requested.emit()
        socket.disconnectFromServer()


def ask_running_instance(data_dir: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask the instance on ``data_dir`` to come to the front; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    socket.flush()
    answered = False
    while socket.waitForReadyRead(timeout_ms):
        if bytes(socket.readAll().data()).startswith(ACK.strip()):
            answered = True
            break
    socket.abort()
    return answered
