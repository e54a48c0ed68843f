"""The Inbox page of Settings: waiting-time thresholds, business hours, notifications and
quiet hours, retention, and the labels.

Label changes are kept on the page and written to the chat database only when the dialog is
accepted (``save_labels``): Cancel leaves the labels as they were, like every other setting."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from deskreply.settings import Settings
from deskreply.store import Store, StoreError
from deskreply.ui.inbox import inbox_translator
from deskreply.ui.inbox.filter_bar import colour_icon
from deskreply.ui.text import N_

DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# Label colours chosen to stay distinct for common colour-vision deficiencies (Okabe-Ito);
# the name is always shown too.
LABEL_COLOURS = (("#0072b2", N_("Blue")), ("#e69f00", N_("Orange")), ("#009e73", N_("Green")),
                 ("#cc79a7", N_("Pink")), ("#d55e00", N_("Red")), ("#56b4e9", N_("Sky")),
                 ("#f0e442", N_("Yellow")), ("#6b7280", N_("Grey")))


def _time(text: str, fallback: str) -> QTime:
    value = QTime.fromString(text or fallback, "HH:mm")
    return value if value.isValid() else QTime.fromString(fallback, "HH:mm")


class InboxSettingsPage(QWidget):
    def __init__(self, settings: Settings, lang: str, store: Store | None = None) -> None:
        super().__init__()
        self._ = _ = inbox_translator(lang)
        self.store = store
        self.title = _("Inbox")
        self.setObjectName("inboxSettingsPage")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.amber = QSpinBox()
        self.amber.setObjectName("slaAmber")
        self.amber.setRange(1, 24 * 60)
        self.amber.setValue(settings.sla_amber_minutes)
        self.amber.setSuffix(" min")
        self.red = QSpinBox()
        self.red.setObjectName("slaRed")
        self.red.setRange(2, 7 * 24 * 60)
        self.red.setValue(settings.sla_red_minutes)
        self.red.setSuffix(" min")
        self.business_start = QTimeEdit(_time(settings.business_start, "09:00"))
        self.business_end = QTimeEdit(_time(settings.business_end, "18:00"))
        for edit in (self.business_start, self.business_end):
            edit.setDisplayFormat("HH:mm")
        self.days: list[QCheckBox] = []
        days_row = QHBoxLayout()
        for number, name in enumerate(DAYS):
            box = QCheckBox(_(name))
            box.setChecked(number in settings.business_days)
            box.setAccessibleName(_(name))
            self.days.append(box)
            days_row.addWidget(box)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.business_start)
        hours_row.addWidget(QLabel("–"))
        hours_row.addWidget(self.business_end)
        hours_row.addStretch(1)
        self.notify = QCheckBox(_("Notify me of new customer messages"))
        self.notify.setChecked(settings.notify_new_messages)
        self.hide_content = QCheckBox(_("Hide message content in notifications"))
        self.hide_content.setObjectName("hideMessageContent")
        self.hide_content.setChecked(settings.hide_message_content)
        self.quiet = QCheckBox(_("Quiet hours"))
        self.quiet.setObjectName("quietHours")
        self.quiet.setChecked(bool(settings.quiet_start and settings.quiet_end))
        self.quiet_start = QTimeEdit(_time(settings.quiet_start, "20:00"))
        self.quiet_end = QTimeEdit(_time(settings.quiet_end, "08:00"))
        quiet_row = QHBoxLayout()
        quiet_row.addWidget(self.quiet)
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
            quiet_row.addWidget(edit)
        quiet_row.addStretch(1)
        self.retention = QSpinBox()
        self.retention.setObjectName("retentionDays")
        self.retention.setRange(0, 3650)
        self.retention.setValue(settings.retention_days)
        self.retention.setSpecialValueText(_("Keep messages forever"))
        self.retention.setSuffix(_(" days"))
        for widget, name in ((self.amber, _("Amber after")), (self.red, _("Red after")),
                             (self.business_start, _("Business hours start")),
                             (self.business_end, _("Business hours end")),
                             (self.quiet_start, _("Quiet from")),
                             (self.quiet_end, _("Quiet until")),
                             (self.retention, _("Delete messages older than"))):
            widget.setAccessibleName(name)
        for check in (self.notify, self.hide_content, self.quiet):
            check.setAccessibleName(check.text())
        form.addRow(_("Waiting time turns amber after"), self.amber)
        form.addRow(_("…and red after"), self.red)
        form.addRow(_("Business hours (for the dashboard's response times)"), hours_row)
        form.addRow("", days_row)
        form.addRow(self.notify)
        form.addRow(self.hide_content)
        form.addRow(quiet_row)
        form.addRow(_("Delete messages older than (0 = never)"), self.retention)

        self.labels = QListWidget()
        self.labels.setObjectName("labelsList")
        self.labels.setAccessibleName(_("Labels"))
        self.label_name = QLineEdit()
        self.label_name.setObjectName("labelName")
        self.label_name.setPlaceholderText(_("New label"))
        self.label_name.setAccessibleName(_("New label name"))
        self.label_colour = QComboBox()
        self.label_colour.setObjectName("labelColour")
        self.label_colour.setAccessibleName(_("Label colour"))
        for colour, name in LABEL_COLOURS:
            self.label_colour.addItem(colour_icon(colour), _(name), colour)
        self.add_label_button = QPushButton(_("Add label"))
        self.add_label_button.setObjectName("addLabel")
        self.remove_label_button = QPushButton(_("Remove label"))
        self.remove_label_button.setObjectName("removeLabel")
        for button in (self.add_label_button, self.remove_label_button):
            button.setAccessibleName(button.text())
        self.add_label_button.clicked.connect(self.add_label)
        self.remove_label_button.clicked.connect(self.remove_label)
        self.label_name.returnPressed.connect(self.add_label)
        add_row = QHBoxLayout()
        add_row.addWidget(self.label_name, 1)
        add_row.addWidget(self.label_colour)
        add_row.addWidget(self.add_label_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        heading = QLabel(_("Labels"))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(heading)
        layout.addWidget(self.labels, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.remove_label_button, 0, Qt.AlignmentFlag.AlignRight)
        for control in (self.labels, self.label_name, self.label_colour,
                       self.add_label_button, self.remove_label_button):
            control.setEnabled(store is not None)
        # Not yet saved: labels to create (name, colour) and stored labels to delete (ids).
        self.new_labels: list[tuple[str, str]] = []
        self.removed_labels: set[int] = set()
        self._show_labels()

    def add_label(self) -> None:
        name = " ".join(self.label_name.text().split())
        if not name or self.store is None:
            return
        if name.casefold() not in {shown.casefold() for shown in self.shown_label_names()}:
            self.new_labels.append((name, str(self.label_colour.currentData())))
        self.label_name.clear()
        self._show_labels()

    def remove_label(self) -> None:
        item = self.labels.currentItem()
        if item is None or self.store is None:
            return
        stored_id = item.data(Qt.ItemDataRole.UserRole)
        if stored_id is None:
            self.new_labels = [new for new in self.new_labels if new[0] != item.text()]
        else:
            self.removed_labels.add(int(stored_id))
        self._show_labels()

    def shown_label_names(self) -> list[str]:
        return [self.labels.item(row).text() for row in range(self.labels.count())]

    def save_labels(self) -> str | None:
        """Write the staged label changes; the reason in plain words when the database
        refused (the changes stay staged, nothing else is lost)."""
        if self.store is None or not (self.new_labels or self.removed_labels):
            return None
        try:
            for label_id in sorted(self.removed_labels):
                self.store.delete_label(label_id)
            self.removed_labels.clear()
            while self.new_labels:
                name, colour = self.new_labels[0]
                self.store.add_label(name, colour)
                del self.new_labels[0]
        except StoreError as error:
            return self._("The labels could not be saved: {reason}").format(reason=error)
        return None

    def _show_labels(self) -> None:
        self.labels.clear()
        if self.store is None:
            return
        try:
            stored = self.store.labels()
        except StoreError:
            stored = []
        for label in stored:
            if label.id in self.removed_labels:
                continue
            item = QListWidgetItem(colour_icon(label.colour), label.name)
            item.setData(Qt.ItemDataRole.UserRole, label.id)
            self.labels.addItem(item)
        for name, colour in self.new_labels:
            item = QListWidgetItem(colour_icon(colour), name)
            item.setToolTip(self._("Saved when you press OK"))
            self.labels.addItem(item)

    def apply_to(self, settings: Settings) -> None:
        settings.sla_amber_minutes = self.amber.value()
        settings.sla_red_minutes = max(self.red.value(), self.amber.value() + 1)
        settings.business_start = self.business_start.time().toString("HH:mm")
        settings.business_end = self.business_end.time().toString("HH:mm")
        settings.business_days = [n for n, box in enumerate(self.days) if box.isChecked()]
        settings.notify_new_messages = self.notify.isChecked()
        settings.hide_message_content = self.hide_content.isChecked()
        if self.quiet.isChecked():
            settings.quiet_start = self.quiet_start.time().toString("HH:mm")
            settings.quiet_end = self.quiet_end.time().toString("HH:mm")
        else:
            settings.quiet_start = settings.quiet_end = ""
        settings.retention_days = self.retention.value()
