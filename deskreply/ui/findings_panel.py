"""The findings panel under the composer: what the checks found, in plain words, worst first.

Each row has an icon and a word for its severity (never colour alone), the explanation, and a
button with the first fix. Clicking (or pressing Enter on) the explanation selects the words in
the editor. Everything shown is plain text: explanations may quote the user's draft.

Signals:
    fix_requested(object, int): apply fix number ``int`` of this finding.
    finding_activated(object): show this finding's words in the editor.
    menu_requested(object, QPoint): open the finding's menu (all fixes, ignore) at a global point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskreply.ui.finding_highlighter import (
    BLOCK_COLOR,
    INFO_COLOR,
    SEVERITY_RANK,
    WARNING_COLOR,
)
from deskreply.ui.text import N_, Translate

# severity: (icon, short word, group title). Icon AND words: never colour alone.
SEVERITY_LABELS: dict[str, tuple[str, str, str]] = {
    "block": ("⛔", N_("Must fix"), N_("Must fix before sending ({n})")),
    "warning": ("⚠", N_("Check this"), N_("Worth a second look ({n})")),
    "info": ("ℹ", N_("Tip"), N_("Tips ({n})")),
}
SEVERITY_COLORS = {"block": BLOCK_COLOR, "warning": WARNING_COLOR, "info": INFO_COLOR}
PANEL_MAX_HEIGHT = 150
# Rows built at most (worst first); the rest are summed up in one line. Thousands of widgets
# would freeze the window for seconds on a pasted wall of card numbers.
MAX_ROWS = 25

PANEL_STYLE = f"""
QFrame#findingsPanel {{ background: white; border: 1px solid #d5d9e0; border-radius: 8px; }}
QWidget#findingsList {{ background: white; }}
QLabel#findingGroup {{ font-weight: bold; color: #1c1c1c; }}
QLabel#findingMessage {{ color: #1c1c1c; padding: 2px; }}
QLabel#findingMessage:focus {{ border: 2px solid #1a5fb4; border-radius: 4px; }}
QLabel#findingIcon[severity="block"] {{ color: {BLOCK_COLOR}; font-weight: bold; }}
QLabel#findingIcon[severity="warning"] {{ color: {WARNING_COLOR}; font-weight: bold; }}
QLabel#findingIcon[severity="info"] {{ color: {INFO_COLOR}; font-weight: bold; }}
QPushButton#findingFix {{ padding: 3px 12px; }}
"""


def severity_word(severity: str, _: Translate) -> str:
    icon, word, _title = SEVERITY_LABELS.get(severity, SEVERITY_LABELS["info"])
    return f"{icon} {_(word)}"


def finding_key(finding: Any) -> tuple[Any, ...]:
    """What a row shows, offsets left out: typing elsewhere does not rebuild the panel."""
    return (finding.check, finding.kind, finding.text, finding.severity, finding.message,
            tuple(fix.label for fix in finding.fixes))


class FindingLabel(QLabel):
    """The explanation of one finding: focusable; click, Enter or Space shows its words."""

    activated = Signal()
    menu_requested = Signal(QPoint)

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        self.setWordWrap(True)
        self.setObjectName("findingMessage")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        if event.key() == Qt.Key.Key_Menu or (
            event.key() == Qt.Key.Key_Period
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.menu_requested.emit(self.mapToGlobal(self.rect().bottomLeft()))
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu_requested.emit(event.globalPos())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()


class FindingRow(QWidget):
    """Icon, explanation, first fix and a "more" button for one finding."""

    def __init__(self, finding: Any, translate: Translate) -> None:
        super().__init__()
        _ = translate
        self.finding = finding
        self.setObjectName("findingRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        icon, word, _title = SEVERITY_LABELS.get(finding.severity, SEVERITY_LABELS["info"])
        self.icon = QLabel(f"{icon} {_(word)}")
        self.icon.setTextFormat(Qt.TextFormat.PlainText)
        self.icon.setObjectName("findingIcon")
        self.icon.setProperty("severity", finding.severity)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # One column width for every severity word, so the explanations line up.
        metrics = self.icon.fontMetrics()
        bold = 1.15  # the word is drawn bold by the stylesheet
        self.icon.setMinimumWidth(int(bold * max(
            metrics.horizontalAdvance(f"{i} {_(w)}") for i, w, _t in SEVERITY_LABELS.values())))
        self.message = FindingLabel(finding.message)
        self.message.setAccessibleName(f"{_(word)}: {finding.message}")
        self.message.setAccessibleDescription(_("Press Enter to show these words in your reply"))
        self.message.setToolTip(_("Show in your reply"))
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 1)
        self.fix_button: QPushButton | None = None
        if finding.fixes:
            label = finding.fixes[0].label
            self.fix_button = QPushButton(label.replace("&", "&&"))
            self.fix_button.setObjectName("findingFix")
            self.fix_button.setAccessibleName(
                _("{fix}: {problem}").format(fix=label, problem=finding.message))
            self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
            layout.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        self.more_button = QToolButton()
        self.more_button.setText("⋯")
        self.more_button.setObjectName("findingMore")
        self.more_button.setAccessibleName(_("More options for this warning"))
        self.more_button.setToolTip(_("More fixes, ignore (Ctrl+.)"))
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignTop)


class FindingsPanel(QFrame):
    """The list of findings for the current draft (objectName ``findingsPanel``)."""

    fix_requested = Signal(object, int)
    finding_activated = Signal(object)
    menu_requested = Signal(object, QPoint)

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        self._ = translate
        self.setObjectName("findingsPanel")
        self.setAccessibleName(translate("What the checks found"))
        self.setStyleSheet(PANEL_STYLE)
        self._keys: tuple[tuple[Any, ...], ...] = ()
        self.rows: list[FindingRow] = []
        self.group_labels: list[QLabel] = []
        self.more_label: QLabel | None = None
        self._scroll = QScrollArea()
        self._scroll.setObjectName("findingsScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._content = QWidget()
        self._content.setObjectName("findingsList")
        self._list = QVBoxLayout(self._content)
        self._list.setContentsMargins(10, 6, 10, 6)
        self._list.setSpacing(4)
        self._scroll.setWidget(self._content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.addWidget(self._scroll)
        self.setMaximumHeight(PANEL_MAX_HEIGHT)
        self.hide()

    def focus_chain(self) -> list[QWidget]:
        """The panel's focusable controls in reading order (for the composer's Tab order)."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain.append(row.message)
            if row.fix_button is not None:
                chain.append(row.fix_button)
            chain.append(row.more_button)
        return chain

    def findings(self) -> list[Any]:
        return [row.finding for row in self.rows]

    def show_findings(self, findings: Sequence[Any]) -> None:
        """Show ``findings`` grouped worst first; hidden when there are none."""
        ordered = sorted(findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.start))
        keys = tuple(finding_key(f) for f in ordered)
        if keys == self._keys:
            # Same problems, maybe moved: keep the widgets (and keyboard focus), update spans.
            for row, finding in zip(self.rows, ordered, strict=False):
                row.finding = finding
            return
        self._keys = keys
        self._rebuild(ordered)

    def _rebuild(self, ordered: list[Any]) -> None:
        _ = self._
        had_focus = self._content.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rows = []
        self.group_labels = []
        self.more_label = None
        if not ordered:
            self.hide()
            return
        counts = {severity: sum(1 for f in ordered if f.severity == severity)
                  for severity in SEVERITY_LABELS}
        current = None
        for finding in ordered[:MAX_ROWS]:
            if finding.severity != current:
                current = finding.severity
                _icon, _word, title = SEVERITY_LABELS.get(current, SEVERITY_LABELS["info"])
                group = QLabel(_(title).format(n=counts.get(current, 0)))
                group.setTextFormat(Qt.TextFormat.PlainText)
                group.setObjectName("findingGroup")
                self._list.addWidget(group)
                self.group_labels.append(group)
            row = FindingRow(finding, _)
            self._connect(row)
            self._list.addWidget(row)
            self.rows.append(row)
        self.more_label = None
        if len(ordered) > MAX_ROWS:
            self.more_label = QLabel(_("…and {n} more, underlined in your reply").format(
                n=len(ordered) - MAX_ROWS))
            self.more_label.setTextFormat(Qt.TextFormat.PlainText)
            self.more_label.setObjectName("findingGroup")
            self._list.addWidget(self.more_label)
        self.show()
        self._fit_height()
        if had_focus and self.rows:
            self.rows[0].message.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_height(self) -> None:
        """Ask for room for every row, up to PANEL_MAX_HEIGHT (then it scrolls)."""
        width = max(200, self._scroll.viewport().width())
        layout = self._list
        needed = (layout.heightForWidth(width) if layout.hasHeightForWidth()
                  else layout.sizeHint().height())
        self.setMinimumHeight(min(PANEL_MAX_HEIGHT, needed + 4))

    def _connect(self, row: FindingRow) -> None:
        row.message.activated.connect(lambda: self.finding_activated.emit(row.finding))
        row.message.menu_requested.connect(
            lambda point: self.menu_requested.emit(row.finding, point))
        row.more_button.clicked.connect(lambda: self.menu_requested.emit(
            row.finding, row.more_button.mapToGlobal(row.more_button.rect().bottomLeft())))
        if row.fix_button is not None:
            row.fix_button.clicked.connect(lambda: self.fix_requested.emit(row.finding, 0))
