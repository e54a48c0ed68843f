"""The coaching dashboard window: how fast we answer and what the checks caught, per day or
week, with a CSV export. Figures come from deskreply.metrics, computed on a worker thread
with its own Store (never a long query on the GUI thread).

Signals:
    ready(): new figures are shown.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from deskreply import metrics
from deskreply.settings import Settings
from deskreply.store import Store
from deskreply.ui.dashboard.chart import BarChart
from deskreply.ui.text import N_, Translate, waiting_text
from deskreply.ui.tray import parse_hhmm

DAY = 86_400.0
PERIODS = ((7, N_("Last 7 days")), (28, N_("Last 4 weeks")), (91, N_("Last 13 weeks")))


def business_hours(settings: Settings) -> metrics.BusinessHours:
    start = parse_hhmm(settings.business_start)
    end = parse_hhmm(settings.business_end)
    if start is None or end is None or end <= start:
        return metrics.BusinessHours()
    days = frozenset(d for d in settings.business_days if 0 <= d <= 6)
    return metrics.BusinessHours(start, end, days or None)


class DashboardJob(QThread):
    computed = Signal(object)
    failed = Signal(str)

    def __init__(self, path: Path, start: float, end: float,
                 hours: metrics.BusinessHours | None, now: float) -> None:
        super().__init__()
        self.args = (path, start, end, hours, now)

    def run(self) -> None:
        path, start, end, hours, now = self.args
        try:
            with Store.open(path) as store:
                board = metrics.compute(store, start, end, hours=hours, now=now)
        except Exception as error:  # shown to the user; the window stays usable
            self.failed.emit(str(error))
            return
        self.computed.emit(board)


def _minutes(seconds: float | None, _: Translate) -> str:
    return "—" if seconds is None else waiting_text(seconds, _) if seconds >= 60 else \
        _("{n} s").format(n=int(seconds))


class DashboardDialog(QDialog):
    ready = Signal()

    def __init__(self, store_path: Path, settings: Settings, translate: Translate,
                 parent: QWidget | None = None, now: float | None = None,
                 lang: str = "en") -> None:
        super().__init__(parent)
        self.lang = lang
        self._ = _ = translate
        self.store_path = store_path
        self.settings = settings
        self.now = now
        self.board: metrics.Dashboard | None = None
        self.job: DashboardJob | None = None
        self.setObjectName("dashboardDialog")
        self.setWindowTitle(_("Team dashboard"))
        self.resize(900, 720)
        self.period = QComboBox()
        self.period.setObjectName("dashboardPeriod")
        self.period.setAccessibleName(_("Period"))
        for days, label in PERIODS:
            self.period.addItem(_(label), days)
        self.grouping = QComboBox()
        self.grouping.setObjectName("dashboardGrouping")
        self.grouping.setAccessibleName(_("Group by"))
        self.grouping.addItem(_("Per day"), "day")
        self.grouping.addItem(_("Per week"), "week")
        self.business = QCheckBox(_("Count business hours only ({start}–{end})").format(
            start=settings.business_start, end=settings.business_end))
        self.business.setObjectName("dashboardBusinessHours")
        self.business.setChecked(True)
        self.export_button = QPushButton(_("Export CSV…"))
        self.export_button.setObjectName("dashboardExport")
        self.status = QLabel(_("Computing…"))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # Two rows: at large text one row would clip the export button.
        controls = QVBoxLayout()
        first_row = QHBoxLayout()
        for widget in (self.period, self.grouping):
            first_row.addWidget(widget)
        first_row.addStretch(1)
        first_row.addWidget(self.export_button)
        controls.addLayout(first_row)
        controls.addWidget(self.business)

        self.tiles: dict[str, QLabel] = {}
        tiles = QGridLayout()
        names = (("unanswered", _("Unanswered now")), ("longest", _("Longest wait")),
                 ("answered", _("Conversations answered")),
                 ("first", _("Median first response")), ("median", _("Median response")),
                 ("fixes", _("Fixes applied")))
        for position, (key, title) in enumerate(names):
            box = QVBoxLayout()
            caption = QLabel(title)
            caption.setTextFormat(Qt.TextFormat.PlainText)
            value = QLabel("—")
            value.setObjectName(f"tile_{key}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            value.setAccessibleName(title)
            box.addWidget(caption)
            box.addWidget(value)
            tiles.addLayout(box, position // 3, position % 3)
            self.tiles[key] = value
        self.response_chart = BarChart(_("Median response time (minutes)"))
        self.answered_chart = BarChart(_("Conversations answered"))
        self.warnings_chart = BarChart(_("Warnings shown, by check and kind"), horizontal=True)
        self.overrides = QListWidget()
        self.overrides.setObjectName("dashboardOverrides")
        self.overrides.setAccessibleName(_("Sent anyway, with the reason given"))
        self.reports = QListWidget()
        self.reports.setObjectName("dashboardReports")
        self.reports.setAccessibleName(_("“This warning is wrong” reports"))
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(tiles)
        column.addWidget(self.response_chart)
        column.addWidget(self.answered_chart)
        column.addWidget(self.warnings_chart)
        for heading_text, listing in ((_("Sent anyway, with the reason given"), self.overrides),
                                 (_("“This warning is wrong” reports"), self.reports)):
            heading = QLabel(heading_text)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            column.addWidget(heading)
            listing.setMinimumHeight(90)
            column.addWidget(listing)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.business.toggled.connect(lambda _on: self.refresh())
        self.grouping.currentIndexChanged.connect(lambda _i: self._show())
        self.export_button.clicked.connect(self._ask_export)
        self.refresh()

    # -- public -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the figures again on a worker thread."""
        if self.job is not None and self.job.isRunning():
            self.job.wait()
        now = time.time() if self.now is None else self.now
        days = int(self.period.currentData())
        today = dt.datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0,
                                                       microsecond=0)
        start = (today - dt.timedelta(days=days - 1)).timestamp()
        hours = business_hours(self.settings) if self.business.isChecked() else None
        self.status.setText(self._("Computing…"))
        job = DashboardJob(self.store_path, start, now + 1, hours, now)
        job.computed.connect(self._on_computed)
        job.failed.connect(lambda reason: self.status.setText(reason))
        self.job = job
        job.start()

    def export_csv(self, path: Path) -> None:
        if self.board is not None:
            path.write_text(metrics.to_csv(self.board), encoding="utf-8")

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.wait()
        super().done(result)

    # -- internals --------------------------------------------------------------------------
    def _on_computed(self, board: metrics.Dashboard) -> None:
        self.board = board
        self.status.setText("")
        self._show()
        self.ready.emit()

    def _show(self) -> None:
        board, _ = self.board, self._
        if board is None:
            return
        buckets = board.days if self.grouping.currentData() == "day" else board.weeks
        answered: set[int] = set()
        responses: list[float] = []
        firsts: list[float] = []
        for bucket in board.days:
            answered |= bucket.answered
            responses += bucket.responses
            firsts += bucket.first_responses
        import statistics

        self.tiles["unanswered"].setText(str(board.unanswered_now))
        self.tiles["longest"].setText(_minutes(board.longest_wait_s, _))
        self.tiles["answered"].setText(str(len(answered)))
        self.tiles["first"].setText(_minutes(statistics.median(firsts) if firsts else None, _))
        self.tiles["median"].setText(
            _minutes(statistics.median(responses) if responses else None, _))
        self.tiles["fixes"].setText(str(board.fixes))
        def short(key: str) -> str:  # 03-02 for a day, W10 for a week
            return key[5:]

        self.response_chart.set_items([
            (short(b.key), (b.median_response_s or 0) / 60,
             "—" if b.median_response_s is None else f"{b.median_response_s / 60:.0f}")
            for b in buckets])
        self.answered_chart.set_items([(short(b.key), len(b.answered), str(len(b.answered)))
                                       for b in buckets])
        self.warnings_chart.set_items([(self._kind(check, kind), count, str(count))
                                       for (check, kind), count in
                                       board.warnings.most_common(12)])
        self.overrides.clear()
        for check, kind, reason in board.overrides:
            self.overrides.addItem(f"{self._kind(check, kind)}: {reason or '—'}")
        self.reports.clear()
        for check, kind, excerpt in board.reports:
            self.reports.addItem(f"{self._kind(check, kind)}: {excerpt or '—'}")

    def _kind(self, check: str, kind: str) -> str:
        """The kind's readable name as Settings shows it (kind_label falls back to the id)."""
        from deskreply.ui.settings_dialog import kind_label, settings_translator

        label = kind_label(kind, settings_translator(self.lang))
        return label if label != kind else f"{check} · {kind}"

    def _ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self._("Export CSV"), "deskreply-dashboard.csv", "CSV (*.csv)")
        if name:
            self.export_csv(Path(name))


def open_dashboard(window: Any) -> DashboardDialog:
    dialog = DashboardDialog(window.store.path, window.settings, window.inbox_part._, window,
                             lang=window.lang)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
