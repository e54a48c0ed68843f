"""The review before sending: what the checks found, with fixes, and a deliberate way past them.

Levels follow Outlook's DLP policy tips: a warning needs a click on "Send anyway"; a block
also needs a short typed reason (logged locally); any finding can be reported as wrong.
"Edit" is the default button and Esc means Edit, so a stray Enter never sends.

Everything quoted from the draft is shown as plain text.

Signals:
    fix_requested(object, int): apply fix number ``int`` of this finding in the composer.
    reported(object): the user says this finding is a false alarm.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskreply.ui.finding_highlighter import SEVERITY_RANK
from deskreply.ui.findings_panel import MAX_ROWS, PANEL_STYLE, SEVERITY_LABELS
from deskreply.ui.text import Translate

MIN_REASON_CHARS = 3
ROWS_MIN_HEIGHT = 240
MAX_HEIGHT = 640

DIALOG_STYLE = PANEL_STYLE + """
QDialog#reviewDialog { background: #f6f7f9; }
QLabel#reviewTitle { font-weight: bold; font-size: 13pt; color: #1c1c1c; }
QLabel#reviewNote { color: #4a4a4a; }
QWidget#reviewList { background: #f6f7f9; }
QFrame#reviewRow { background: white; border: 1px solid #d5d9e0; border-radius: 8px; }
QPushButton#editButton { background: #1a5fb4; color: white; border: none; border-radius: 6px;
    padding: 6px 18px; font-weight: bold; }
QPushButton#editButton:focus { border: 2px solid #0b2f5c; }
QPushButton#sendAnywayButton { padding: 6px 14px; }
QLabel#reviewFixed { color: #26722e; font-weight: bold; }
QLabel#reviewMessage { color: #1c1c1c; }
"""


def plain(text: str, name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class ReviewRow(QFrame):
    """One finding in the review: severity, explanation, the flagged words, fix and report."""

    def __init__(self, finding: Any, translate: Translate, masked_text: str) -> None:
        super().__init__()
        _ = translate
        self.finding = finding
        self.setObjectName("reviewRow")
        icon, word, _title = SEVERITY_LABELS.get(finding.severity, SEVERITY_LABELS["info"])
        head = plain(f"{icon} {_(word)}", "findingIcon")
        head.setProperty("severity", finding.severity)
        self.message = plain(finding.message, "reviewMessage")
        self.quote = plain(_("In your reply: “{text}”").format(text=masked_text), "reviewNote")
        self.status = plain("", "reviewFixed")
        self.status.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.fix_button: QPushButton | None = None
        if finding.fixes:
            label = finding.fixes[0].label
            self.fix_button = QPushButton(label.replace("&", "&&"))
            self.fix_button.setObjectName("reviewFixButton")
            self.fix_button.setAccessibleName(
                _("{fix}: {problem}").format(fix=label, problem=finding.message))
            self.fix_button.setAutoDefault(False)
            buttons.addWidget(self.fix_button)
        self.report_button = QPushButton(_("This warning is wrong"))
        self.report_button.setObjectName("reportButton")
        self.report_button.setAccessibleName(
            _("Report as wrong: {problem}").format(problem=finding.message))
        self.report_button.setAutoDefault(False)
        buttons.addWidget(self.report_button)
        for button in (self.fix_button, self.report_button):
            if button is not None:  # long translated labels must never be clipped
                button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        buttons.addWidget(self.status)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(head)
        layout.addWidget(self.message)
        layout.addWidget(self.quote)
        layout.addLayout(buttons)

    def mark(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        if self.fix_button is not None:
            self.fix_button.setEnabled(False)


class ReviewDialog(QDialog):
    """Review of a draft's findings (objectName ``reviewDialog``); Esc or Edit = back to it."""

    fix_requested = Signal(object, int)
    reported = Signal(object)

    def __init__(self, findings: Sequence[Any], translate: Translate, *,
                 masked: Sequence[str] | None = None, note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translate
        self.setObjectName("reviewDialog")
        self.setWindowTitle(_("Check your reply before sending"))
        self.setAccessibleName(_("Check your reply before sending"))
        self.setStyleSheet(DIALOG_STYLE)
        self.setMinimumWidth(640)
        self.findings = sorted(findings, key=lambda f: -SEVERITY_RANK.get(f.severity, 0))
        shown = list(masked) if masked is not None else [f.text for f in findings]
        by_id = {id(f): text for f, text in zip(findings, shown, strict=True)}
        self.fixed: list[Any] = []
        self.reported_findings: list[Any] = []

        blocks = sum(1 for f in self.findings if f.severity == "block")
        if blocks:
            title = _("Your reply contains something that should not be sent as it is.")
        elif self.findings:
            title = _("Your reply may come across badly. Take a second look.")
        else:
            title = _("Your reply could not be checked.")
        self.title = plain(title, "reviewTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        if note:
            self.note = plain(note, "reviewNote")
            layout.addWidget(self.note)

        self.rows: list[ReviewRow] = []
        if self.findings:
            content = QWidget()
            content.setObjectName("reviewList")
            rows = QVBoxLayout(content)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(8)
            for finding in self.findings[:MAX_ROWS]:
                row = ReviewRow(finding, _, by_id.get(id(finding), finding.text))
                if row.fix_button is not None:
                    row.fix_button.clicked.connect(
                        lambda _checked=False, r=row: self._fix(r))
                row.report_button.clicked.connect(lambda _checked=False, r=row: self._report(r))
                rows.addWidget(row)
                self.rows.append(row)
            if len(self.findings) > MAX_ROWS:
                rows.addWidget(plain(_("…and {n} more, underlined in your reply").format(
                    n=len(self.findings) - MAX_ROWS), "reviewNote"))
            rows.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(content)
            scroll.setMinimumHeight(min(ROWS_MIN_HEIGHT, 120 * len(self.rows)))
            layout.addWidget(scroll, 1)
            self._scroll: QScrollArea | None = scroll
        else:
            self._scroll = None

        self.reason_label = plain(
            _("To send it anyway, say why (at least {n} characters). This is only kept on "
              "this computer.").format(n=MIN_REASON_CHARS), "reviewNote")
        self.reason = QLineEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setAccessibleName(_("Reason for sending anyway"))
        self.reason.setPlaceholderText(_("e.g. the customer asked for it"))
        self.reason.setMaxLength(200)
        self.reason_label.setBuddy(self.reason)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)

        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.setObjectName("editButton")
        self.edit_button.setAccessibleName(_("Go back and edit the reply"))
        self.edit_button.setDefault(True)
        self.edit_button.setAutoDefault(True)
        self.send_button = QPushButton(_("Send anyway"))
        self.send_button.setObjectName("sendAnywayButton")
        self.send_button.setAccessibleName(_("Send the reply anyway"))
        self.send_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.edit_button)
        layout.addLayout(buttons)

        self.edit_button.clicked.connect(self.reject)
        self.send_button.clicked.connect(self.accept)
        self.reason.textChanged.connect(self._update)
        self._update()
        self.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit()

    def _fit(self) -> None:
        """Open tall enough to show every finding (up to a limit; then the list scrolls)."""
        height = self.sizeHint().height()
        content = self._scroll.widget() if self._scroll is not None else None
        if self._scroll is not None and content is not None:
            extra = content.sizeHint().height() - self._scroll.minimumHeight()
            height += max(0, min(extra, MAX_HEIGHT))
        self.resize(max(self.minimumWidth(), self.sizeHint().width()), min(height, MAX_HEIGHT))

    # -- state --------------------------------------------------------------------------------
    def unresolved(self) -> list[Any]:
        """Findings neither fixed in the dialog nor below warning level."""
        return [f for f in self.findings if f not in self.fixed
                and SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK["warning"]]

    def needs_reason(self) -> bool:
        return any(f.severity == "block" for f in self.unresolved())

    def reason_text(self) -> str:
        return " ".join(self.reason.text().split())

    def _update(self) -> None:
        needs = self.needs_reason()
        self.reason_label.setVisible(needs)
        self.reason.setVisible(needs)
        ok = not needs or len(self.reason_text()) >= MIN_REASON_CHARS
        self.send_button.setEnabled(ok)
        self.send_button.setText(self._("Send anyway") if self.unresolved()
                                 else self._("Send"))

    # -- actions ------------------------------------------------------------------------------
    def _fix(self, row: ReviewRow) -> None:
        if row.finding in self.fixed:
            return
        self.fixed.append(row.finding)
        self.fix_requested.emit(row.finding, 0)
        row.mark(self._("✓ Fixed"))
        self._update()

    def _report(self, row: ReviewRow) -> None:
        if row.finding in self.reported_findings:
            return
        self.reported_findings.append(row.finding)
        row.report_button.setEnabled(False)
        row.report_button.setText(self._("Reported, thank you"))
        self.reported.emit(row.finding)
