"""The "/" quick reply popup and the controller that attaches it to a plain-text editor.

Typing "/" at the start of a word in the composer opens a small list of quick replies under
the cursor; the letters typed after the "/" filter it (accents and case do not matter).
Up/Down move, Enter (or Tab) inserts, Esc closes. The "/query" is replaced by the reply with
the contact's and agent's names filled in, and the first slot left (``{pedido}``) is
selected, so typing replaces it; Tab then jumps to the next slot, Shift+Tab back.

The editor keeps the keyboard focus the whole time: the popup is a window that never
activates, and the controller's event filter on the editor handles the navigation keys.
Everything is plain text: titles and previews are painted with ``drawText`` and the reply is
inserted with ``insertText``.

Integration (in the composer)::

    self.quick_replies = QuickReplyController(self.edit, book, values_provider, lang)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from deskreply.i18n import normalise_language, translator
from deskreply.quick_replies import QuickReply, QuickReplyBook, fill, find_slots
from deskreply.ui import theme
from deskreply.ui.finding_highlighter import py_to_qt, qt_to_py

# What may follow the "/" while the popup stays open: letters, digits, "-" and "_".
QUERY_CHARS = re.compile(r"[\w-]*")
MAX_QUERY = 40
# Characters after which "/" starts a word: "(/envio", "¿/hola". Not "y/o", "http://".
OPENERS = frozenset("([{¿¡\"'«“")
VISIBLE_ROWS = 6
PREVIEW_CHARS = 160

ValuesProvider = Callable[[], Mapping[str, str]]
LangProvider = Callable[[], str | None]
IndexLike = QModelIndex | QPersistentModelIndex


class QuickReplyListModel(QAbstractListModel):
    """The replies shown in the popup (already filtered and ranked)."""

    ReplyRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._replies: list[QuickReply] = []

    def set_replies(self, replies: list[QuickReply]) -> None:
        self.beginResetModel()
        self._replies = list(replies)
        self.endResetModel()

    def reply(self, row: int) -> QuickReply | None:
        return self._replies[row] if 0 <= row < len(self._replies) else None

    def rowCount(self, parent: IndexLike = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._replies)

    def data(self, index: IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        reply = self.reply(index.row()) if index.isValid() else None
        if reply is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return reply.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return reply.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shortcut = f", /{reply.shortcut}" if reply.shortcut else ""
            return f"{reply.title}{shortcut}. {reply.text}"
        if role == self.ReplyRole:
            return reply
        return None


class QuickReplyDelegate(QStyledItemDelegate):
    """Two lines per reply: bold title with its "/shortcut", then the start of the text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: IndexLike) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(320, line * 2 + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: IndexLike) -> None:
        reply = index.data(QuickReplyListModel.ReplyRole)
        if not isinstance(reply, QuickReply):
            return
        rect: QRect = option.rect
        state = option.state
        painter.save()
        selected = bool(state & QStyle.StateFlag.State_Selected)
        background = theme.SELECTED_BG if selected else theme.LIST_BG
        painter.fillRect(rect, QColor(background))
        if selected:  # a bar as well as the tint: selection never relies on colour alone
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()),
                             QColor(theme.ACCENT))
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.height()
        inner = rect.adjusted(12, 6, -10, -6)
        shortcut = f"/{reply.shortcut}" if reply.shortcut else ""
        shortcut_width = metrics.horizontalAdvance(shortcut) + 8 if shortcut else 0
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(theme.TEXT))
        title_rect = QRect(inner.left(), inner.top(), inner.width() - shortcut_width, line)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(reply.title, Qt.TextElideMode.ElideRight,
                                                       title_rect.width()))
        painter.setFont(font)
        if shortcut:
            painter.setPen(QColor(theme.ACCENT))
            painter.drawText(QRect(inner.right() - shortcut_width, inner.top(), shortcut_width,
                                   line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             shortcut)
        painter.setPen(QColor(theme.QUIET_TEXT))
        preview = " ".join(reply.text[:PREVIEW_CHARS].split())
        painter.drawText(QRect(inner.left(), inner.top() + line + 2, inner.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(preview, Qt.TextElideMode.ElideRight, inner.width()))
        painter.setPen(QColor(theme.DIVIDER))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()


class QuickReplyPopup(QFrame):
    """A list of quick replies under the text cursor (objectName ``quickReplyPopup``).

    It never takes the keyboard focus: whoever owns it forwards Up/Down/Enter/Esc
    (:class:`QuickReplyController` does).

    Signals:
        replyChosen(object): the :class:`QuickReply` the user picked.
        dismissed(): closed without a choice (Esc).
    """

    replyChosen = Signal(object)
    dismissed = Signal()

    def __init__(self, lang: str = "en", parent: QWidget | None = None) -> None:
        flags = (Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                 | Qt.WindowType.WindowDoesNotAcceptFocus)
        super().__init__(parent, flags)
        self._ = _ = translator("ui_quick_replies", normalise_language(lang))
        self.setObjectName("quickReplyPopup")
        self.setAccessibleName(_("Quick replies"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet(
            f"QFrame#quickReplyPopup {{ background: {theme.LIST_BG};"
            f" border: 1px solid {theme.ACCENT}; }}")

        self.header = QLabel(self)
        self.header.setObjectName("quickReplyQuery")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setAccessibleName(_("Quick reply search"))
        self.model = QuickReplyListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("quickReplyList")
        self.view.setAccessibleName(_("Matching quick replies"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(QuickReplyDelegate(self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.clicked.connect(self._on_clicked)
        self.empty = QLabel(self)
        self.empty.setObjectName("quickReplyEmpty")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.hint = QLabel(_("↑↓ choose · Enter inserts · Esc closes"), self)
        self.hint.setObjectName("quickReplyHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setAccessibleName(_("Keyboard hint"))
        for label in (self.header, self.hint, self.empty):
            label.setStyleSheet(f"color: {theme.QUIET_TEXT}; padding: 4px 8px;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.hint)
        line = QFontMetrics(self.font()).height()
        # resize, not setFixedWidth: size constraints on a top-level window are hints to the
        # window system (and a warning on the offscreen platform).
        self.width_hint = max(360, line * 26)
        self.resize(self.width_hint, 200)
        self.query = ""

    # -- content ------------------------------------------------------------------------------
    def show_replies(self, query: str, replies: list[QuickReply],
                     notice: str | None = None) -> None:
        """Show ``replies`` (already filtered for ``query``), selecting the first.

        ``notice`` replaces the "nothing matches" text when the list is empty.
        """
        _ = self._
        self.query = query
        self.header.setText(_("Quick replies matching “/{query}”").format(query=query)
                            if query else _("Quick replies: type to filter"))
        self.model.set_replies(replies)
        has_rows = bool(replies)
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if has_rows:
            self.empty.setText("")
        else:
            self.empty.setText(notice or _("No quick reply matches “{query}”.").format(
                query=query))
        if has_rows:
            self.view.setCurrentIndex(self.model.index(0))
        rows = min(VISIBLE_ROWS, len(replies))
        row_height = self.view.sizeHintForRow(0) if has_rows else 0
        self.view.setFixedHeight(max(1, rows * row_height + 2))
        self._fit()

    def current_reply(self) -> QuickReply | None:
        index = self.view.currentIndex()
        return self.model.reply(index.row()) if index.isValid() else None

    def move_selection(self, step: int) -> None:
        """Move the highlighted row by ``step`` (wraps at either end)."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.view.currentIndex().row()
        row = (row + step) % count if row >= 0 else 0
        self.view.setCurrentIndex(self.model.index(row))

    def choose_current(self) -> bool:
        reply = self.current_reply()
        if reply is None:
            return False
        self.hide()
        self.replyChosen.emit(reply)
        return True

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    # -- placement ----------------------------------------------------------------------------
    def _fit(self) -> None:
        layout = self.layout()
        if layout is None:
            return
        layout.activate()  # the minimum size follows the new row count before resizing
        height = layout.sizeHint().height()
        self.setMinimumHeight(0)
        self.resize(self.width_hint, height)

    def popup_at(self, below: QPoint, above: QPoint) -> None:
        """Show with the top-left at ``below``, or ending at ``above`` if it would not fit."""
        self._fit()
        size = self.size()
        screen = QGuiApplication.screenAt(below) or QGuiApplication.primaryScreen()
        x, y = below.x(), below.y()
        if screen is not None:
            area = screen.availableGeometry()
            x = max(area.left(), min(x, area.right() - size.width()))
            if y + size.height() > area.bottom() and above.y() - size.height() >= area.top():
                y = above.y() - size.height()
        self.move(x, y)
        self.show()  # a ToolTip window stays above its parent window

    # -- keys (when something forwards them, or the popup is clicked into) -------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """Navigation keys; True when the key was used."""
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.move_selection(1)
        elif key == Qt.Key.Key_Up:
            self.move_selection(-1)
        elif key == Qt.Key.Key_PageDown:
            self.move_selection(VISIBLE_ROWS)
        elif key == Qt.Key.Key_PageUp:
            self.move_selection(-VISIBLE_ROWS)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            if not self.choose_current():
                self.dismiss()
        elif key == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def _on_clicked(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index)
        self.choose_current()


@dataclass(frozen=True)
class Trigger:
    """A "/query" right before the cursor (Qt positions)."""

    slash: int  # position of the "/"
    cursor: int  # position of the cursor (end of the query)
    query: str


def find_trigger(block_text: str, block_start: int, cursor: int) -> Trigger | None:
    """The "/query" ending at ``cursor`` in this block, if "/" starts a word there.

    Qt positions within a block are UTF-16; the block text is converted as needed.
    """
    column = qt_to_py(block_text, cursor - block_start)
    head = block_text[:column]
    slash = head.rfind("/", max(0, column - MAX_QUERY - 1))
    if slash < 0:
        return None
    query = head[slash + 1:]
    if not QUERY_CHARS.fullmatch(query):
        return None
    before = head[slash - 1] if slash > 0 else ""
    if before and not (before.isspace() or before in OPENERS):
        return None  # "y/o", "http://", "12/05": not a command
    return Trigger(block_start + py_to_qt(block_text, slash), cursor, query)


class QuickReplyController(QObject):
    """Attaches the "/" quick reply popup and slot navigation to a ``QPlainTextEdit``.

    Args:
        editor: the composer's editor.
        book: the loaded quick replies (read each time the popup opens).
        values_provider: returns the values known now, e.g. ``{"name": "María",
            "agent": "Luis"}`` (see :func:`deskreply.quick_replies.fill`).
        lang: UI language of the popup.
        reply_lang: returns the conversation's language, to list its replies first.

    Signals:
        inserted(object): a quick reply was inserted.
    """

    inserted = Signal(object)

    def __init__(self, editor: QPlainTextEdit, book: QuickReplyBook,
                 values_provider: ValuesProvider, lang: str = "en",
                 reply_lang: LangProvider | None = None) -> None:
        super().__init__(editor)
        self.editor = editor
        self.book = book
        self.values_provider = values_provider
        self.reply_lang = reply_lang or (lambda: None)
        self.popup = QuickReplyPopup(lang, editor)
        self.popup.replyChosen.connect(self.insert_reply)
        self.enabled = True
        # Slots of an inserted reply are still to be filled: Tab moves between them.
        self.filling = False
        self._typing = False
        self._trigger: Trigger | None = None
        self._dismissed_slash: int | None = None
        editor.installEventFilter(self)
        editor.textChanged.connect(self._on_text_changed)
        editor.cursorPositionChanged.connect(self._on_cursor_moved)
        editor.destroyed.connect(self._forget_popup)

    # -- public -------------------------------------------------------------------------------
    def is_open(self) -> bool:
        return shiboken6.isValid(self.popup) and self.popup.isVisible()

    def close_popup(self) -> None:
        if shiboken6.isValid(self.popup):
            self.popup.hide()
        self._trigger = None

    def reset(self) -> None:
        """Forget the popup and slot state (e.g. another chat's draft was loaded)."""
        self.close_popup()
        self.filling = False
        self._dismissed_slash = None

    def open_popup(self) -> bool:
        """Open the popup for the "/query" before the cursor; False if there is none."""
        trigger = self._current_trigger()
        if trigger is None:
            return False
        self._trigger = trigger
        self._refresh(trigger)
        return True

    def insert_reply(self, reply: QuickReply) -> None:
        """Replace the "/query" (or the selection) with the filled reply; select slot one."""
        trigger = self._current_trigger() or self._trigger
        self.close_popup()
        values = dict(self.values_provider() or {})
        filled = fill(reply, values)
        cursor = self.editor.textCursor()
        if trigger is not None:
            cursor.setPosition(trigger.slash)
            cursor.setPosition(trigger.cursor, QTextCursor.MoveMode.KeepAnchor)
        start = cursor.selectionStart()
        cursor.beginEditBlock()  # one undo step brings the "/query" back
        cursor.insertText(filled.text)
        cursor.endEditBlock()
        self._dismissed_slash = None
        if filled.unfilled:
            first_start, first_end = filled.unfilled[0]
            self._select(start + py_to_qt(filled.text, first_start),
                         start + py_to_qt(filled.text, first_end))
            self.filling = True
        else:
            self.editor.setTextCursor(cursor)
            self.filling = False
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.inserted.emit(reply)

    def next_slot(self, backwards: bool = False) -> bool:
        """Select the next (or previous) ``{slot}`` in the text; False when none is left."""
        text = self.editor.toPlainText()
        slots = find_slots(text)
        if not slots:
            self.filling = False
            return False
        cursor = self.editor.textCursor()
        here_start = qt_to_py(text, cursor.selectionStart())
        here_end = qt_to_py(text, cursor.selectionEnd())
        if backwards:
            earlier = [s for s in slots if s[1] <= here_start]
            chosen = earlier[-1] if earlier else slots[-1]
        else:
            later = [s for s in slots if s[0] >= here_end]
            chosen = later[0] if later else slots[0]
        self._select(py_to_qt(text, chosen[0]), py_to_qt(text, chosen[1]))
        return True

    # -- events -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.editor or not self.enabled:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(event)
        if kind == QEvent.Type.InputMethod:
            self._typing = True
        elif kind == QEvent.Type.Hide or (
                kind == QEvent.Type.FocusOut and self.is_open() and not self.popup.underMouse()):
            self.close_popup()
        return False

    def _on_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if self.is_open():
            if event.key() == Qt.Key.Key_Escape:
                self._dismissed_slash = self._trigger.slash if self._trigger else None
                self.popup.dismiss()
                self._trigger = None
                return True
            if plain and self.popup.handle_key(event):
                return True
        elif self.filling and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = (event.key() == Qt.Key.Key_Backtab
                         or bool(modifiers & Qt.KeyboardModifier.ShiftModifier))
            if self.next_slot(backwards):
                return True  # otherwise Tab does its usual job (move on to the findings)
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            # Editing the "/word" again (even after Esc) shows the list again.
            self._dismissed_slash = None
            self._typing = True
        elif event.text():
            self._typing = True
        return False

    def _on_text_changed(self) -> None:
        typed, self._typing = self._typing, False
        if self.filling and not find_slots(self.editor.toPlainText()):
            self.filling = False
        trigger = self._current_trigger()
        if trigger is None:
            self._dismissed_slash = None
            self.close_popup()
            return
        if trigger.slash == self._dismissed_slash:
            return  # the user closed it for this "/": do not insist
        if self.is_open() or typed:
            self.open_popup()

    def _on_cursor_moved(self) -> None:
        if not self.is_open():
            return
        trigger = self._current_trigger()
        if trigger is None or self._trigger is None or trigger.slash != self._trigger.slash:
            self.close_popup()

    # -- helpers ------------------------------------------------------------------------------
    def _current_trigger(self) -> Trigger | None:
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            return None
        block = cursor.block()
        return find_trigger(block.text(), block.position(), cursor.position())

    def _refresh(self, trigger: Trigger) -> None:
        _ = self.popup._
        if self.book.error is not None:  # an unreadable file: say so where the user looks
            notice: str | None = _("Quick replies are off: {reason}").format(
                reason=self.book.error)
            replies: list[QuickReply] = []
        else:
            replies = self.book.filter(trigger.query, lang=self.reply_lang())
            notice = None if len(self.book) else _(
                "You have no quick replies yet. Add them in the quick replies manager.")
        self.popup.show_replies(trigger.query, replies, notice)
        if not self.popup.isVisible():
            at_slash = QTextCursor(self.editor.document())
            at_slash.setPosition(trigger.slash)  # the list lines up with the "/" it answers
            rect = self.editor.cursorRect(at_slash)
            viewport = self.editor.viewport()
            self.popup.popup_at(viewport.mapToGlobal(rect.bottomLeft() + QPoint(0, 4)),
                                viewport.mapToGlobal(rect.topLeft() - QPoint(0, 4)))

    def _select(self, start: int, end: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)

    def _forget_popup(self) -> None:
        self.enabled = False
