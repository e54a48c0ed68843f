"""Retention: delete messages older than N days, on a worker thread with its own Store
(a store belongs to one thread), at start-up and then once a day.

Signals:
    finished(int): how many messages were deleted.
    failed(str): why it could not run.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from deskreply.store import Store, StoreError

DAY_S = 86_400


class RetentionJob(QThread):
    deleted = Signal(int)
    failed = Signal(str)

    def __init__(self, path: Path, days: int, now: float | None = None) -> None:
        super().__init__()
        self.path = path
        self.days = days
        self.now = now
        self.thread_ident: int | None = None  # tests check it ran off the GUI thread

    def run(self) -> None:
        import threading

        self.thread_ident = threading.get_ident()
        cutoff = (time.time() if self.now is None else self.now) - self.days * DAY_S
        try:
            store = Store.open(self.path)
            try:
                count = store.delete_messages_before(cutoff)
            finally:
                store.close()
        except (StoreError, OSError) as error:
            self.failed.emit(str(error))
            return
        self.deleted.emit(count)
