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

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskreply.ui import theme
from deskreply.ui.finding_highlighter import (
    BLOCK_COLOR,
    INFO_COLOR,
    SEVERITY_RANK,
    WARNING_COLOR,
    severity_colour,
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
# ...or this many lines of text, whichever is taller (large text needs more room).
PANEL_MAX_LINES = 7
# Below this many characters of room for the explanation, a row's buttons go under it.
MIN_MESSAGE_CHARS = 28
# Rows built at most (worst first); the rest are summed up in one line. Thousands of widgets
# would freeze the window for seconds on a pasted wall of card numbers.
MAX_ROWS = 25

def panel_style() -> str:
    """The panel's stylesheet in the current theme's colours (high contrast: light on black)."""
    colours = {name: severity_colour(name) for name in ("block", "warning", "info")}
    return f"""
QFrame#findingsPanel {{ background: {theme.LIST_BG}; border: 1px solid {theme.DIVIDER};
    border-radius: 8px; }}
QWidget#findingsList {{ background: {theme.LIST_BG}; }}
QLabel#findingGroup {{ font-weight: bold; color: {theme.TEXT}; }}
QLabel#findingMessage {{ color: {theme.TEXT}; padding: 2px; }}
QLabel#findingMessage:focus {{ border: 2px solid {theme.FOCUS}; border-radius: 4px; }}
QLabel#findingIcon[severity="block"] {{ color: {colours["block"]}; font-weight: bold; }}
QLabel#findingIcon[severity="warning"] {{ color: {colours["warning"]}; font-weight: bold; }}
QLabel#findingIcon[severity="info"] {{ color: {colours["info"]}; font-weight: bold; }}
QPushButton#findingFix {{ padding: 3px 12px; }}
"""


# The standard theme's panel style, for dialogs that build on it (the review dialog).
PANEL_STYLE = panel_style()


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
    """Icon, explanation, first fix and a "more" button for one finding.

    The buttons sit beside the explanation while there is room and move under it when there
    is not (large text, a narrow window); a fix label longer than the whole row is shortened
    with "…" (full text in its tooltip). So nothing in a row is ever cut off or overlaps.
    """

    def __init__(self, finding: Any, translate: Translate) -> None:
        super().__init__()
        _ = translate
        self.finding = finding
        self.setObjectName("findingRow")
        self.stacked = False
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        icon, word, _title = SEVERITY_LABELS.get(finding.severity, SEVERITY_LABELS["info"])
        self.icon = QLabel(f"{icon} {_(word)}")
        self.icon.setTextFormat(Qt.TextFormat.PlainText)
        self.icon.setObjectName("findingIcon")
        self.icon.setProperty("severity", finding.severity)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._words = [f"{i} {_(w)}" for i, w, _t in SEVERITY_LABELS.values()]
        self.message = FindingLabel(finding.message)
        self.message.setAccessibleName(f"{_(word)}: {finding.message}")
        self.message.setAccessibleDescription(_("Press Enter to show these words in your reply"))
        self.message.setToolTip(_("Show in your reply"))
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.setSpacing(8)
        self.fix_button: QPushButton | None = None
        self.fix_label = ""
        if finding.fixes:
            self.fix_label = finding.fixes[0].label
            self.fix_button = QPushButton(self.fix_label.replace("&", "&&"))
            self.fix_button.setObjectName("findingFix")
            self.fix_button.setAccessibleName(
                _("{fix}: {problem}").format(fix=self.fix_label, problem=finding.message))
            self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.buttons.addWidget(self.fix_button)
        self.more_button = QToolButton()
        self.more_button.setText("⋯")
        self.more_button.setObjectName("findingMore")
        self.more_button.setAccessibleName(_("More options for this warning"))
        self.more_button.setToolTip(_("More fixes, ignore (Ctrl+.)"))
        self.buttons.addWidget(self.more_button)
        self.buttons.addStretch(1)
        self._grid.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(self.message, 0, 1)
        self._grid.setColumnStretch(1, 1)
        self._place(stacked=False)
        self._size_icon()

    def _size_icon(self) -> None:
        # One column width for every severity word, so the explanations line up. Measured
        # bold (the stylesheet draws the word bold) and again whenever the font changes.
        font = QFont(self.icon.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        self.icon.setMinimumWidth(max(metrics.horizontalAdvance(w) for w in self._words) + 4)

    def _place(self, stacked: bool) -> None:
        self.stacked = stacked
        self._grid.removeItem(self.buttons)
        if stacked:  # under the explanation, left-aligned
            self._grid.addLayout(self.buttons, 1, 1)
        else:
            self._grid.addLayout(self.buttons, 0, 2, Qt.AlignmentFlag.AlignTop)

    def _buttons_width(self, full: bool = True) -> int:
        width = self.more_button.sizeHint().width()
        if self.fix_button is not None:
            fix = self._full_fix_width() if full else self.fix_button.sizeHint().width()
            width += fix + self.buttons.spacing()
        return width

    def _full_fix_width(self) -> int:
        assert self.fix_button is not None
        chrome = self.fix_button.sizeHint().width() - self.fix_button.fontMetrics(
        ).horizontalAdvance(self.fix_button.text().replace("&&", "&"))
        return self.fix_button.fontMetrics().horizontalAdvance(self.fix_label) + chrome

    def fit(self, width: int) -> None:
        """Lay the row out for ``width`` pixels: buttons beside or under the explanation."""
        spacing = self._grid.horizontalSpacing()
        icon = self.icon.minimumWidth() + spacing
        room_for_text = self.message.fontMetrics().averageCharWidth() * MIN_MESSAGE_CHARS
        stacked = icon + room_for_text + spacing + self._buttons_width() > width
        if stacked != self.stacked:
            self._place(stacked)
        if self.fix_button is not None:
            available = width - icon - self.more_button.sizeHint().width() - spacing
            self._fit_fix_button(available if stacked else 1_000_000)
        self._grid.invalidate()
        self.updateGeometry()

    def _fit_fix_button(self, available: int) -> None:
        assert self.fix_button is not None
        button = self.fix_button
        chrome = self._full_fix_width() - button.fontMetrics().horizontalAdvance(self.fix_label)
        text = self.fix_label
        if self._full_fix_width() > available:
            text = button.fontMetrics().elidedText(
                self.fix_label, Qt.TextElideMode.ElideRight, max(20, available - chrome))
        button.setToolTip(self.fix_label if text != self.fix_label else "")
        shown = text.replace("&", "&&")
        if button.text() != shown:
            button.setText(shown)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) \
                and hasattr(self, "_words"):
            self._size_icon()



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
        self._style = ""
        self._restyle()
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
        self._refit_queued = False
        self._scroll.viewport().installEventFilter(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.addWidget(self._scroll)
        self._update_max_height()
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
        self._list.addStretch(1)  # spare room goes below the rows, not between them
        self.show()
        self._fit_height()
        if had_focus and self.rows:
            self.rows[0].message.setFocus(Qt.FocusReason.OtherFocusReason)

    def max_height(self) -> int:
        """The tallest the panel grows before it scrolls: grows with the text size."""
        return max(PANEL_MAX_HEIGHT, self.fontMetrics().lineSpacing() * PANEL_MAX_LINES)

    def _update_max_height(self) -> None:
        self.setMaximumHeight(self.max_height())

    def _fit_height(self) -> None:
        """Ask for room for every row, up to max_height() (then it scrolls)."""
        width = max(200, self._scroll.viewport().width())
        margins = self._list.contentsMargins()
        for row in self.rows:
            row.fit(width - margins.left() - margins.right())
        layout = self._list
        layout.invalidate()
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        minimum = min(self.max_height(), needed + 4)
        if self.minimumHeight() != minimum:
            self.setMinimumHeight(minimum)

    def _restyle(self) -> None:
        style = panel_style()
        if style != self._style:  # setting it sends another StyleChange: no loop
            self._style = style
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and hasattr(self, "_style"):
            self._restyle()  # the theme changed (high contrast on or off)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_max_height()
            if getattr(self, "rows", None):  # also sent while __init__ sets the stylesheet
                self._fit_height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The viewport's width decides how rows wrap (it changes with the window and when
        # the scroll bar comes or goes): lay the rows out again, outside that resize.
        if watched is self._scroll.viewport() and event.type() == QEvent.Type.Resize \
                and self.rows and not self._refit_queued:
            self._refit_queued = True
            QTimer.singleShot(0, self, self._refit)
        return super().eventFilter(watched, event)

    def _refit(self) -> None:
        self._refit_queued = False
        if self.rows:
            self._fit_height()

    def _connect(self, row: FindingRow) -> None:
        row.message.activated.connect(lambda: self.finding_activated.emit(row.finding))
        row.message.menu_requested.connect(
            lambda point: self.menu_requested.emit(row.finding, point))
        row.more_button.clicked.connect(lambda: self.menu_requested.emit(
            row.finding, row.more_button.mapToGlobal(row.more_button.rect().bottomLeft())))
        if row.fix_button is not None:
            row.fix_button.clicked.connect(lambda: self.fix_requested.emit(row.finding, 0))
