"""The one bridge between the network thread and the GUI thread.

Connectors emit events on the network loop; the bridge queues them (thread-safe) and wakes
the GUI thread once per burst. There, events are applied to the store in batches with a time
budget per batch, so a first sync of 10,000 mails never freezes the window: each batch is one
transaction, then the views update, then the event loop breathes before the next batch.

Signals:
    synced(object): a :class:`deskreply.inbox_sync.SyncResult` after each applied batch.
    store_failed(str): a batch could not be written (the events are kept and retried).
"""

from __future__ import annotations

import collections
import logging
import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from deskreply.connectors.base import ConnectorEvent
from deskreply.connectors.runtime import SEND_BACKOFF, ConnectorHost, SecretLookup
from deskreply.inbox_sync import InboxSync
from deskreply.store import Store, StoreError

log = logging.getLogger(__name__)

# Events per store transaction, and how long one batch may hold the GUI thread.
BATCH_EVENTS = 250
BATCH_BUDGET_S = 0.03
RETRY_AFTER_ERROR_MS = 2_000


class ChannelBridge(QObject):
    synced = Signal(object)
    store_failed = Signal(str)
    _wake = Signal()

    def __init__(self, store: Store, secrets: SecretLookup | None = None,
                 parent: QObject | None = None, *,
                 send_backoff: tuple[float, ...] | None = None) -> None:
        super().__init__(parent)
        self.sync = InboxSync(store)
        self._queue: collections.deque[ConnectorEvent] = collections.deque()
        self._lock = threading.Lock()
        self._woken = False
        self._closed = False
        self.host = ConnectorHost(self._on_event, secrets,
                                  send_backoff=send_backoff or SEND_BACKOFF)
        # Queued: emitted on the network thread, delivered on this object's (the GUI) thread.
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_AFTER_ERROR_MS)
        self._retry.timeout.connect(self._drain)

    def start(self) -> None:
        self.host.start()

    def stop(self) -> None:
        """Stop the connectors, then apply what they reported until then."""
        self.host.stop()
        self._retry.stop()
        self._drain()
        self._closed = True

    # -- network thread ----------------------------------------------------------------------

    def _on_event(self, event: ConnectorEvent) -> None:
        with self._lock:
            self._queue.append(event)
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    # -- GUI thread --------------------------------------------------------------------------

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def _take(self) -> list[ConnectorEvent]:
        with self._lock:
            count = min(BATCH_EVENTS, len(self._queue))
            batch = [self._queue.popleft() for _ in range(count)]
            if not self._queue:
                self._woken = False
            return batch

    def _drain(self) -> None:
        if self._closed:
            return
        started = time.perf_counter()
        while time.perf_counter() - started < BATCH_BUDGET_S:
            batch = self._take()
            if not batch:
                return
            try:
                result = self.sync.apply(batch)
            except StoreError as error:
                log.warning("channel events not stored yet: %s", error)
                with self._lock:
                    self._queue.extendleft(reversed(batch))
                    self._woken = True
                self.store_failed.emit(str(error))
                self._retry.start()
                return
            self.synced.emit(result)
        # Over budget with events left: let the window repaint, then go on.
        QTimer.singleShot(0, self, self._drain)
