"""A safe emoji picker for the composer: recent emojis, categories, search, risk marks.

Integration (the composer owns the button and the Ctrl+; shortcut)::

    picker = EmojiPicker(lang, default_recent_path(data_dir), settings.emoji_max_version, self)
    picker.emojiChosen.connect(editor.insertPlainText)
    picker.popup_at(button.mapToGlobal(button.rect().bottomLeft()))

The picker warns before insertion about exactly what the emoji check would flag: the risk
text comes from :class:`EmojiCatalog` (the check's own risk table). Risky emojis carry a
painted triangle badge (filled: risky anywhere; hollow: risky in some contexts), emojis newer
than ``max_version`` are dimmed with a small dashed-box badge, so no state relies on colour
alone. Every text is drawn as plain text (QPainter.drawText, plain-text labels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from deskreply.checks.emoji.catalog import DEFAULT_MAX_VERSION, EmojiCatalog
from deskreply.i18n import normalise_language, translator
from deskreply.ui import theme
from deskreply.ui.emoji_recent import RecentEmojis
from deskreply.ui.text import N_, Translate

RECENT = "recent"
# Picker order (the catalogue's own order is the order its word rules are tried in).
CATEGORY_ORDER = (
    "smileys", "people", "animals", "food", "travel", "activities", "objects", "symbols", "flags",
)
CATEGORY_ICONS = {
    RECENT: "🕘", "smileys": "😀", "people": "👋", "animals": "🐻", "food": "🍔",
    "travel": "🚗", "activities": "⚽", "objects": "💡", "symbols": "🔣", "flags": "🏁",
}
SKIN_TONES = ("", "\U0001f3fb", "\U0001f3fc", "\U0001f3fd", "\U0001f3fe", "\U0001f3ff")
SKIN_TONE_NAMES = (
    N_("No skin tone"), N_("Light skin tone"), N_("Medium-light skin tone"),
    N_("Medium skin tone"), N_("Medium-dark skin tone"), N_("Dark skin tone"),
)
TONE_SAMPLE = "✋"
SEARCH_LIMIT = 150
COLUMNS = 9
ROWS = 6
# Pixels kept free between the picker and each edge of the screen.
EDGE_GAP = 8
EMOJI_FONTS = ["Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", "Twemoji Mozilla"]
FACE = re.compile(r"\bface\b")
AMBER = "#e09b00"
AMBER_DARK = "#5c3d00"


class RiskLevel(IntEnum):
    NONE = 0
    SOME_CONTEXTS = 1  # the check flags it only next to certain words (flags, 😂, 🍆…)
    ANY_CONTEXT = 2  # the check flags it wherever it appears (🖕, 🙄…)


class Roles(IntEnum):
    EMOJI = Qt.ItemDataRole.UserRole + 1
    RISK = Qt.ItemDataRole.UserRole + 2
    TOO_NEW = Qt.ItemDataRole.UserRole + 3
    NAME = Qt.ItemDataRole.UserRole + 4
    DETAIL = Qt.ItemDataRole.UserRole + 5


@dataclass(frozen=True)
class EmojiFacts:
    """Everything the picker shows about one emoji sequence, in the UI language."""

    emoji: str
    name: str
    risk: RiskLevel
    too_new: bool
    detail: str  # risk and rendering notes, one per line ("" when there is nothing to say)

    @property
    def tooltip(self) -> str:
        return f"{self.name}\n{self.detail}" if self.detail else self.name

    @property
    def accessible_text(self) -> str:
        return f"{self.emoji} {self.tooltip}".replace("\n", ". ")


@cache
def shared_catalog(max_version: float) -> EmojiCatalog:
    """One catalogue per version limit: loading names and categories takes ~50 ms."""
    return EmojiCatalog(max_version=max_version)


def emoji_font(pixel_size: int) -> QFont:
    font = QFont()
    font.setFamilies(EMOJI_FONTS)
    font.setPixelSize(max(8, pixel_size))
    return font


class EmojiFactsSource:
    """Names, risk text and skin-tone forms from the catalogue, cached per sequence."""

    def __init__(self, catalog: EmojiCatalog, lang: str, translate: Translate) -> None:
        self.catalog = catalog
        self.lang = lang
        self._ = translate
        self._facts: dict[str, EmojiFacts] = {}
        self._tones: dict[str, dict[str, str]] = {}

    def facts(self, sequence: str) -> EmojiFacts:
        found = self._facts.get(sequence)
        if found is None:
            found = self._facts[sequence] = self._build(sequence)
        return found

    def _build(self, sequence: str) -> EmojiFacts:
        _ = self._
        info = self.catalog.risk_info(sequence, ui_lang=self.lang)
        lines: list[str] = []
        risk = RiskLevel.NONE
        if info.risky:
            risk = RiskLevel.SOME_CONTEXTS if info.context_dependent else RiskLevel.ANY_CONTEXT
            lines += [line for line in (info.explanation, info.when) if line]
            if info.alternatives:
                lines.append(_("Safer: {emojis}").format(emojis=" ".join(info.alternatives)))
        if info.may_not_render:
            lines.append(info.render_note)
            lines.append(_("Older phones may show it as an empty box."))
            if info.older_alternative:
                lines.append(_("Older look-alike: {emoji}").format(emoji=info.older_alternative))
        name = self.catalog.name(sequence, self.lang) or sequence
        return EmojiFacts(sequence, name, risk, info.may_not_render, "\n".join(lines))

    def with_tone(self, sequence: str, tone: str) -> str:
        """``sequence`` in skin tone ``tone`` when such a form exists, else unchanged."""
        if not tone:
            return sequence
        forms = self._tones.get(sequence)
        if forms is None:
            forms = {}
            for variant in self.catalog.skin_tone_variants(sequence):
                for modifier in SKIN_TONES[1:]:
                    if modifier in variant:
                        forms.setdefault(modifier, variant)
            self._tones[sequence] = forms
        return forms.get(tone, sequence)


class EmojiGridModel(QAbstractListModel):
    """A flat list of emoji sequences; the delegate paints them."""

    def __init__(self, source: EmojiFactsSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._emojis: list[str] = []

    def set_emojis(self, emojis: list[str]) -> None:
        self.beginResetModel()
        self._emojis = list(emojis)
        self.endResetModel()

    def emojis(self) -> list[str]:
        return list(self._emojis)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._emojis)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._emojis):
            return None
        sequence = self._emojis[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Roles.EMOJI):
            return sequence
        facts = self.source.facts(sequence)
        if role == Qt.ItemDataRole.ToolTipRole:
            return facts.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return facts.accessible_text
        if role == Roles.NAME:
            return facts.name
        if role == Roles.DETAIL:
            return facts.detail
        if role == Roles.RISK:
            return int(facts.risk)
        if role == Roles.TOO_NEW:
            return facts.too_new
        return None


def paint_risk_badge(painter: QPainter, rect: QRectF, level: int) -> None:
    """A warning triangle with "!": filled for any context, hollow for some contexts."""
    if level == RiskLevel.NONE:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    triangle = QPolygonF([
        QPointF(rect.center().x(), rect.top()),
        QPointF(rect.right(), rect.bottom()),
        QPointF(rect.left(), rect.bottom()),
    ])
    width = max(1.5, rect.width() / 9)
    if level == RiskLevel.ANY_CONTEXT:
        painter.setPen(QPen(QColor(AMBER_DARK), 1))
        painter.setBrush(QColor(AMBER))
        mark = QColor(AMBER_DARK)
    else:
        painter.setPen(QPen(QColor(AMBER), width))
        painter.setBrush(QColor(theme.LIST_BG))
        mark = QColor(AMBER) if theme.LIST_BG.lower() == "#000000" else QColor(AMBER_DARK)
    painter.drawPolygon(triangle)
    # The "!" as two strokes: no font needed, so it looks the same everywhere.
    pen = QPen(mark, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    x = rect.center().x()
    top, bottom = rect.top() + rect.height() * 0.38, rect.top() + rect.height() * 0.66
    painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.drawPoint(QPointF(x, rect.top() + rect.height() * 0.82))
    painter.restore()


def paint_too_new_badge(painter: QPainter, rect: QRectF) -> None:
    """A small dashed empty box: what an older phone draws instead of the emoji."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(theme.TEXT), max(1.2, rect.width() / 10), Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(QColor(theme.LIST_BG))
    painter.drawRoundedRect(rect, 2, 2)
    painter.restore()


def badge_pixmap(kind: str, size: int) -> QPixmap:
    """The badge alone, for the legend under the grid."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    rect = QRectF(1, 1, size - 2, size - 2)
    if kind == "new":
        paint_too_new_badge(painter, rect.adjusted(1, 1, -1, -1))
    else:
        paint_risk_badge(painter, rect, RiskLevel.ANY_CONTEXT if kind == "any"
                         else RiskLevel.SOME_CONTEXTS)
    painter.end()
    return pixmap


class EmojiDelegate(QStyledItemDelegate):
    """Paints one emoji cell: the emoji, its risk badge and its too-new mark."""

    def __init__(self, cell: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cell = cell
        self.font = emoji_font(round(cell * 0.6))

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(self.cell, self.cell)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
        state = option.state
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.SELECTED_BG))
            painter.drawRoundedRect(rect, 6, 6)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.HOVER_BG))
            painter.drawRoundedRect(rect, 6, 6)
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(QColor(theme.FOCUS), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        too_new = bool(index.data(Roles.TOO_NEW))
        painter.setFont(self.font)
        painter.setPen(QColor(theme.TEXT))
        if too_new:
            painter.setOpacity(0.4)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index.data(Roles.EMOJI)))
        painter.setOpacity(1.0)
        badge = max(9.0, rect.width() * 0.34)
        paint_risk_badge(painter, QRectF(rect.right() - badge, rect.top(), badge, badge),
                         int(index.data(Roles.RISK) or 0))
        if too_new:
            small = badge * 0.8
            paint_too_new_badge(painter, QRectF(rect.right() - small, rect.bottom() - small,
                                                small, small))
        painter.restore()


class EmojiGrid(QListView):
    """The grid of emojis; Enter chooses, Up from the first row goes back to the search."""

    chosen = Signal(QModelIndex, bool)  # the emoji, and whether to keep the picker open
    leftTop = Signal()

    def __init__(self, cell: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setGridSize(QSize(cell, cell))
        self.setSpacing(0)
        self.setMouseTracking(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.clicked.connect(self._clicked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.currentIndex().isValid():
                keep_open = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.chosen.emit(self.currentIndex(), keep_open)
            event.accept()
            return
        if key == Qt.Key.Key_Up and self.currentIndex().isValid():
            above = self.moveCursor(QAbstractItemView.CursorAction.MoveUp,
                                    Qt.KeyboardModifier.NoModifier)
            if not above.isValid() or above == self.currentIndex():
                self.leftTop.emit()
                event.accept()
                return
        super().keyPressEvent(event)

    def _clicked(self, index: QModelIndex) -> None:
        # Mouse events keep the application's modifier state up to date.
        shift = QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
        self.chosen.emit(index, bool(shift))


def _face_block(sequence: str) -> int:
    """0 for the classic faces block (😀…🙏), 1 for the newer faces (🤐…), 2 for the rest."""
    first = ord(sequence[0])
    return 0 if 0x1F600 <= first <= 0x1F64F else 1 if first >= 0x1F900 else 2


class EmojiPicker(QFrame):
    """The emoji picker popup. Emits ``emojiChosen`` with the exact sequence chosen.

    Args:
        lang: UI language (names, search results and risk texts follow it).
        recent_path: JSON file of recent emojis (``emoji_recent.default_recent_path``);
            ``None`` keeps recents for this picker only.
        max_version: the newest Emoji version customers' phones are assumed to draw
            (``CheckSettings.emoji_max_version``); newer emojis are marked.
    """

    emojiChosen = Signal(str)
    closed = Signal()

    def __init__(self, lang: str, recent_path: Path | None,
                 max_version: float = DEFAULT_MAX_VERSION,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.lang = normalise_language(lang)
        self._ = _ = translator("ui_emoji", self.lang)
        self.max_version = max_version
        self.catalog = shared_catalog(max_version)
        self.source = EmojiFactsSource(self.catalog, self.lang, _)
        self.recents = RecentEmojis(recent_path)
        self.close_on_choose = True
        self.tone = ""
        self._orders: dict[str, list[str]] = {}
        self._legend_icons: list[tuple[QLabel, str, int]] = []
        self.setObjectName("emojiPicker")
        self.setAccessibleName(_("Emoji picker"))
        self.setFrameShape(QFrame.Shape.StyledPanel)

        height = QFontMetrics(self.font()).height()
        self.cell = max(36, round(height * 2.3))
        labels = dict(self.catalog.categories(self.lang))
        ordered = [c for c in CATEGORY_ORDER if c in labels]
        self.categories: list[tuple[str, str]] = [(RECENT, _("Recently used"))] + [
            (c, labels[c]) for c in ordered + [c for c in labels if c not in ordered]
        ]

        self._build_header(height)
        self._build_grid()
        self._build_preview(height)
        self._lay_out(height)
        self._restyle()
        self._select_start_tab()

    def _build_header(self, height: int) -> None:
        _ = self._
        self.search = QLineEdit(self)
        self.search.setObjectName("emojiSearch")
        self.search.setPlaceholderText(_("Search emoji (English or Spanish)"))
        self.search.setAccessibleName(_("Search emoji"))
        self.search.setAccessibleDescription(
            _("Type part of a name; Down arrow moves to the emojis, Enter inserts the first one.")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refresh)
        self.search.installEventFilter(self)

        self.tone_box = QComboBox(self)
        self.tone_box.setObjectName("emojiSkinTone")
        self.tone_box.setAccessibleName(_("Skin tone"))
        self.tone_box.setToolTip(_("Skin tone for people and hands"))
        self.tone_box.setFont(emoji_font(round(height * 1.1)))
        for index, (tone, name) in enumerate(zip(SKIN_TONES, SKIN_TONE_NAMES, strict=True)):
            self.tone_box.addItem(TONE_SAMPLE + tone, tone)
            self.tone_box.setItemData(index, _(name), Qt.ItemDataRole.ToolTipRole)
            self.tone_box.setItemData(index, _(name), Qt.ItemDataRole.AccessibleTextRole)
        self.tone_box.currentIndexChanged.connect(self._tone_changed)

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("emojiCategories")
        self.tabs.setAccessibleName(_("Emoji categories"))
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(True)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setFont(emoji_font(round(height * 1.15)))
        for index, (category, label) in enumerate(self.categories):
            self.tabs.addTab(CATEGORY_ICONS.get(category, "•"))
            self.tabs.setTabToolTip(index, label)
            self.tabs.setAccessibleTabName(index, label)
        self.tabs.currentChanged.connect(self._tab_changed)

    def _build_grid(self) -> None:
        _ = self._
        self.section = QLabel(self)
        self.section.setObjectName("emojiSection")
        self.section.setTextFormat(Qt.TextFormat.PlainText)

        self.model = EmojiGridModel(self.source, self)
        self.grid = EmojiGrid(self.cell, self)
        self.grid.setObjectName("emojiGrid")
        self.grid.setAccessibleName(_("Emojis"))
        self.grid.setAccessibleDescription(_(
            "Arrow keys move; Enter inserts; Shift+Enter inserts and keeps the picker open; "
            "Esc closes."
        ))
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(EmojiDelegate(self.cell, self.grid))
        self.grid.chosen.connect(self._choose_index)
        self.grid.leftTop.connect(self.search.setFocus)
        self.grid.selectionModel().currentChanged.connect(self._show_preview)
        self.grid.entered.connect(self._show_preview)
        scroll_width = max(self.grid.verticalScrollBar().sizeHint().width(),
                           self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        # The icon-mode layout wraps a few pixels early: the slack keeps COLUMNS per row.
        self.grid.setFixedSize(self.cell * COLUMNS + scroll_width + 8, self.cell * ROWS + 4)

        self.empty = QLabel(self)
        self.empty.setObjectName("emojiEmpty")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.empty)

    def _build_preview(self, height: int) -> None:
        """The emoji under the cursor, big, with its name and what the check says about it."""
        _ = self._
        self.preview_emoji = QLabel(self)
        self.preview_emoji.setObjectName("emojiPreview")
        self.preview_emoji.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_emoji.setFont(emoji_font(round(self.cell * 0.8)))
        self.preview_emoji.setFixedWidth(self.cell + 8)
        self.preview_emoji.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.preview_emoji.setAccessibleName(_("Emoji under the cursor"))
        self.preview_name = QLabel(self)
        self.preview_name.setObjectName("emojiPreviewName")
        self.preview_name.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_name.setWordWrap(True)
        self.preview_detail = QLabel(self)
        self.preview_detail.setObjectName("emojiPreviewDetail")
        self.preview_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_detail.setWordWrap(True)
        self.preview_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview_detail.setMinimumHeight(height * 4)

    def _lay_out(self, height: int) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.search, 1)
        top.addWidget(self.tone_box)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        layout.addWidget(self.section)
        layout.addWidget(self.stack)
        preview = QHBoxLayout()
        preview.setSpacing(8)
        preview.addWidget(self.preview_emoji)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.preview_name)
        texts.addWidget(self.preview_detail, 1)
        preview.addLayout(texts, 1)
        layout.addLayout(preview)
        layout.addLayout(self._legend(height))

    # -- public ------------------------------------------------------------------------------
    def popup_at(self, global_pos: QPoint, anchor: QRect | None = None) -> None:
        """Open with the search field focused, always whole on the screen.

        With ``anchor`` (the global rectangle of the button that opened it) the picker opens
        above the button, its right edge on the button's, or below it when there is no room
        above. Without, it opens below-right of ``global_pos``. Either way it is moved (and if
        need be made smaller) so that no part is off the screen.
        """
        self.recents.reload()
        self._restyle()
        self.search.clear()
        self._select_start_tab()
        point = anchor.center() if anchor is not None else global_pos
        screen = QGuiApplication.screenAt(point) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        if area is not None:
            # A small gap to every edge: window managers draw a frame or shadow around a
            # popup, and a picker touching the edge would lose that part off the screen.
            area = area.adjusted(EDGE_GAP, EDGE_GAP, -EDGE_GAP, -EDGE_GAP)
        full_grid = self.cell * ROWS + 4
        self.grid.setFixedHeight(full_grid)
        self.adjustSize()
        size = self.sizeHint()
        if area is not None and size.height() > area.height():
            # Huge text on a small screen: fewer rows of emojis show (the grid scrolls), so
            # the whole picker, search field and preview included, fits on the screen.
            self.grid.setFixedHeight(max(self.cell * 2, full_grid - (size.height()
                                                                     - area.height())))
            # The stack holding the grid learns its new size only at its next layout event,
            # after show(): until then the picker's minimum height (the full grid's) would
            # be applied at show() and push it off the screen. Tell the layouts now.
            self.stack.updateGeometry()
            layout = self.layout()
            if layout is not None:
                layout.activate()  # the old, taller minimum size would stop the resize
            self.adjustSize()
            size = self.sizeHint()
        if area is not None and size.width() > area.width():
            size = size.boundedTo(area.size())
        self.resize(size)
        if anchor is not None:
            x = anchor.right() - size.width() + 1
            y = anchor.top() - size.height() - 4
            if area is not None and y < area.top():
                y = anchor.bottom() + 4  # no room above: below the button
        else:
            x, y = global_pos.x(), global_pos.y()
            if area is not None and y + size.height() > area.bottom():
                y = y - size.height()  # no room below: open above
        if area is not None:
            x = max(area.left(), min(x, area.right() - size.width() + 1))
            y = max(area.top(), min(y, area.bottom() - size.height() + 1))
        self.move(x, y)
        self.show()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    def choose(self, sequence: str, keep_open: bool = False) -> None:
        """Insert ``sequence``: remember it, emit ``emojiChosen`` and close (unless kept open).

        Shift+click and Shift+Enter keep the picker open to add several emojis.
        """
        self.recents.add(sequence)
        self.emojiChosen.emit(sequence)
        if self.close_on_choose and not keep_open:
            self.close()

    def shown_emojis(self) -> list[str]:
        """The sequences the grid shows now (for tests and the composer's tooling)."""
        return self.model.emojis()

    def facts(self, sequence: str) -> EmojiFacts:
        return self.source.facts(sequence)

    # -- events ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.stack.setCurrentWidget(self.grid)
                self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.grid.currentIndex().isValid():
                    self.grid.setCurrentIndex(self.model.index(0, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.grid.currentIndex()
                if not index.isValid() and self.model.rowCount():
                    index = self.model.index(0, 0)
                if index.isValid():
                    shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    self._choose_index(index, bool(shift))
                return True
        return super().eventFilter(watched, event)

    # -- internals ---------------------------------------------------------------------------
    def _legend(self, height: int) -> QVBoxLayout:
        """What the badges mean, on two rows so it never widens the picker."""
        _ = self._
        size = max(12, round(height * 0.9))
        rows = (
            (("any", _("Risky")), ("some", _("Risky in some contexts"))),
            (("new", _("May show as an empty box")),),
        )
        legend = QVBoxLayout()
        legend.setSpacing(2)
        for items in rows:
            row = QHBoxLayout()
            row.setSpacing(4)
            for position, (kind, text) in enumerate(items):
                if position:
                    row.addSpacing(14)
                icon = QLabel(self)
                icon.setAccessibleName(text)
                self._legend_icons.append((icon, kind, size))
                label = QLabel(text, self)
                label.setObjectName("emojiLegend")
                label.setTextFormat(Qt.TextFormat.PlainText)
                row.addWidget(icon)
                row.addWidget(label)
            row.addStretch(1)
            legend.addLayout(row)
        return legend

    def _restyle(self) -> None:
        # Built from the current theme's colours each time the picker opens.
        for icon, kind, size in self._legend_icons:
            icon.setPixmap(badge_pixmap(kind, size))
        border = "2px" if theme.LIST_BG.lower() == "#000000" else "1px"
        # theme sets INPUT_BG (and the other colours) as module globals when a theme is applied.
        input_bg = getattr(theme, "INPUT_BG", theme.LIST_BG)
        self.setStyleSheet(f"""
QFrame#emojiPicker {{ background: {theme.LIST_BG}; border: {border} solid {theme.DIVIDER};
    border-radius: 8px; }}
QFrame#emojiPicker QLabel {{ color: {theme.TEXT}; background: transparent; }}
QLabel#emojiSection {{ font-weight: bold; color: {theme.QUIET_TEXT}; }}
QLabel#emojiEmpty, QLabel#emojiPreviewDetail, QLabel#emojiLegend {{
    color: {theme.MUTED_TEXT}; }}
QLabel#emojiPreviewName {{ font-weight: bold; }}
QListView#emojiGrid {{ background: {theme.LIST_BG}; border: none; outline: 0; }}
QTabBar#emojiCategories::tab {{ background: transparent; border: none;
    border-bottom: 3px solid transparent; padding: 4px 2px; margin: 0; min-width: 28px; }}
QTabBar#emojiCategories::tab:selected {{ border-bottom: 3px solid {theme.ACCENT};
    background: {theme.SELECTED_BG}; border-top-left-radius: 6px;
    border-top-right-radius: 6px; }}
QTabBar#emojiCategories::tab:hover {{ background: {theme.HOVER_BG}; }}
QTabBar#emojiCategories:focus {{ border: 2px solid {theme.FOCUS}; border-radius: 6px; }}
QLineEdit#emojiSearch {{ background: {input_bg}; color: {theme.TEXT};
    border: {border} solid {theme.MUTED_TEXT}; border-radius: 6px; padding: 5px 8px; }}
QLineEdit#emojiSearch:focus {{ border: 2px solid {theme.FOCUS}; }}
QComboBox#emojiSkinTone {{ padding: 2px 6px; }}
QComboBox#emojiSkinTone:focus {{ border: 2px solid {theme.FOCUS}; border-radius: 6px; }}
""")

    def _select_start_tab(self) -> None:
        start = 0 if self.recents.items else 1
        if self.tabs.currentIndex() == start:
            self._refresh()
        else:
            self.tabs.setCurrentIndex(start)

    def _tab_changed(self, _index: int) -> None:
        if self.search.text():
            self.search.clear()  # textChanged refreshes
        else:
            self._refresh()

    def _tone_changed(self, index: int) -> None:
        self.tone = SKIN_TONES[index] if 0 <= index < len(SKIN_TONES) else ""
        self._refresh()

    def _refresh(self) -> None:
        _ = self._
        query = self.search.text().strip()
        category, label = self.categories[max(0, self.tabs.currentIndex())]
        if query:
            found = [info.emoji for info in
                     self.catalog.search(query, lang=self.lang, limit=SEARCH_LIMIT)]
            emojis = [self.source.with_tone(e, self.tone) for e in found]
            self.section.setText(_("Results for “{query}”").format(query=query))
            empty_text = _("No emoji found. Try another word, in English or Spanish.")
        elif category == RECENT:
            emojis = self.recents.items
            self.section.setText(label)
            empty_text = _("The emojis you choose will appear here.")
        else:
            emojis = [self.source.with_tone(e, self.tone) for e in self._category(category)]
            self.section.setText(label)
            empty_text = ""
        self.model.set_emojis(emojis)
        self.empty.setText(empty_text)
        self.stack.setCurrentWidget(self.grid if emojis else self.empty)
        if emojis:
            self.grid.setCurrentIndex(self.model.index(0, 0))
            self.grid.scrollToTop()
        else:
            self._show_preview(QModelIndex())

    def _category(self, category: str) -> list[str]:
        """A category in a familiar order: faces first, then Unicode code point order.

        The catalogue sorts by Emoji version and name, which scatters similar faces; code
        point order keeps families of emojis (faces, hands, hearts, animals) together.
        """
        found = self._orders.get(category)
        if found is None:
            infos = self.catalog.emojis(category, lang="en", include_too_new=True)
            ranked = sorted(infos, key=lambda info: (
                category == "smileys" and not FACE.search(info.name),
                category == "smileys" and _face_block(info.emoji),
                [ord(ch) for ch in info.emoji if ch not in "\ufe0f\u200d"],
            ))
            found = self._orders[category] = [info.emoji for info in ranked]
        return found

    def _show_preview(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.isValid():
            self.preview_emoji.clear()
            self.preview_name.clear()
            self.preview_detail.clear()
            return
        facts = self.source.facts(str(index.data(Roles.EMOJI)))
        self.preview_emoji.setText(facts.emoji)
        self.preview_name.setText(facts.name)
        self.preview_detail.setText(facts.detail.replace("\n", " "))

    def _choose_index(self, index: QModelIndex | QPersistentModelIndex,
                      keep_open: bool = False) -> None:
        if index.isValid():
            self.choose(str(index.data(Roles.EMOJI)), keep_open)


__all__ = ["EmojiFacts", "EmojiPicker", "RiskLevel", "shared_catalog"]
