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
from collections.abc import Iterator

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from deskreply.connectors.base import ConnectorEvent
from deskreply.connectors.runtime import SEND_BACKOFF, ConnectorHost, SecretLookup
from deskreply.inbox_sync import InboxSync
from deskreply.store import Store, StoreError

log = logging.getLogger(__name__)

# At most this many events per store transaction, and at most this long on the GUI thread.
BATCH_EVENTS = 500
BATCH_BUDGET_S = 0.02
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

    def _pop(self) -> ConnectorEvent | None:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            self._woken = False
            return None

    def _drain(self) -> None:
        """Store events until the queue is empty or the time budget is spent, in one
        transaction; the rest waits for the next turn of the event loop.

        The budget is checked per event, not per batch: while a big sync runs, the network
        thread holds the GIL much of the time and every SQLite call waits for it, so a
        fixed-size batch could hold the window for most of a second."""
        if self._closed:
            return
        deadline = time.perf_counter() + BATCH_BUDGET_S
        taken: list[ConnectorEvent] = []

        def events() -> Iterator[ConnectorEvent]:
            while len(taken) < BATCH_EVENTS and time.perf_counter() < deadline:
                event = self._pop()
                if event is None:
                    return
                taken.append(event)
                yield event

        try:
            result = self.sync.apply(events())
        except StoreError as error:
            log.warning("channel events not stored yet: %s", error)
            with self._lock:
                self._queue.extendleft(reversed(taken))
                self._woken = True
            self.store_failed.emit(str(error))
            self._retry.start()
            return
        with self._lock:
            more = bool(self._queue)
            if not more:
                self._woken = False  # the next event wakes us again
        if taken:
            self.synced.emit(result)
        if more:  # let the window handle input and repaint first
            QTimer.singleShot(0, self, self._drain)
