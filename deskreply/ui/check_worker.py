"""Runs the checks on a worker thread, so the GUI thread never calls spaCy.

The composer submits a :class:`CheckJob` on every pause in typing; only the newest job waits
(older ones that have not started yet are dropped), and each result carries the draft revision
it was computed for, so the composer can ignore results for text that has since changed.

Signals:
    finished(object, object): the job and its Report.
    failed(object, str): the job and a readable reason the check failed.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from deskreply.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckJob:
    """One draft to check, with everything the checker needs as plain data."""

    revision: int
    text: str
    lang: str | None = None
    incoming: str | None = None
    contact_name: str | None = None
    history: tuple[tuple[str, str], ...] = ()
    formality: str | None = None
    settings: Settings = field(default_factory=Settings)


def run_job(checker: Any, job: CheckJob) -> Any:
    """Check ``job`` with ``checker`` (call on the worker: imports the checks package)."""
    from deskreply.checks.request import CheckContext

    context = CheckContext(incoming=job.incoming, contact_name=job.contact_name,
                           history=job.history, formality=job.formality)
    return checker.check(job.text, lang=job.lang, context=context,
                         settings=job.settings.check_settings())


class _Worker(QObject):
    """Lives on the worker thread; takes the newest job whenever it is woken."""

    finished = Signal(object, object)
    failed = Signal(object, str)

    def __init__(self, take: Any) -> None:
        super().__init__()
        self._take = take
        self.checker: Any = None

    @Slot()
    def work(self) -> None:
        job, checker = self._take()
        if job is None or checker is None:
            return
        try:
            report = run_job(checker, job)
        except Exception as error:  # a failing check must never take the composer down
            log.warning("check failed: %s", error)
            self.failed.emit(job, str(error) or type(error).__name__)
            return
        self.finished.emit(job, report)


class CheckService(QObject):
    """Owns the worker thread. Start it with :meth:`set_checker`; stop it with :meth:`stop`."""

    finished = Signal(object, object)
    failed = Signal(object, str)
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._job: CheckJob | None = None
        self._checker: Any = None
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    @property
    def ready(self) -> bool:
        return self._checker is not None and self._thread is not None

    def set_checker(self, checker: Any) -> None:
        """Use this loaded Checker; starts the worker thread on first call."""
        with self._lock:
            self._checker = checker
        if self._thread is not None:
            return
        thread = QThread()
        thread.setObjectName("CheckWorker")
        worker = _Worker(self._take)
        worker.moveToThread(thread)
        self._wake.connect(worker.work)
        worker.finished.connect(self.finished)
        worker.failed.connect(self.failed)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker
        thread.start()

    def submit(self, job: CheckJob) -> bool:
        """Queue ``job`` (replacing any job not started yet). False if no checker yet."""
        if not self.ready:
            return False
        with self._lock:
            self._job = job
        self._wake.emit()
        return True

    def stop(self) -> None:
        """Finish the running check (about a millisecond) and end the thread. Idempotent."""
        with self._lock:
            self._job = None
            self._checker = None
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.quit()
            thread.wait()  # the worker object is freed by deleteLater when the thread ends

    def _take(self) -> tuple[CheckJob | None, Any]:
        with self._lock:
            job, self._job = self._job, None
            return job, self._checker
