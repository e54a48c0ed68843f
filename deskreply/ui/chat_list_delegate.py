"""Paints one chat in the list: name, waiting time, channel, preview, unread badge.

Text is drawn with QPainter.drawText, which never interprets markup, so a customer's name or
message can not turn into rich text here; bidi overrides are removed (deskreply.ui.untrusted)
so a name cannot reverse what is drawn after it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from deskreply.store import ConversationRow
from deskreply.ui import theme
from deskreply.ui.chat_list_model import Roles
from deskreply.ui.text import Translate, channel_label, preview_text, waiting_text
from deskreply.ui.untrusted import isolate, one_line

PADDING = 12


def display_name(name: str) -> str:
    """A contact's name as painted: one line, no bidi override, no invisible spaces."""
    return one_line(name)


class ChatDelegate(QStyledItemDelegate):
    """Two lines per chat; unanswered chats stand out, answered ones look quieter."""

    def __init__(self, translate: Translate, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._ = translate

    @staticmethod
    def row_height(font: QFont) -> int:
        return PADDING * 2 + QFontMetrics(font).height() * 2 + 8

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, self.row_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: ConversationRow | None = index.data(Roles.ROW)
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor(theme.SELECTED_BG) if selected else QColor(theme.LIST_BG)
        if not selected and state & QStyle.StateFlag.State_MouseOver:
            background = QColor(theme.HOVER_BG)
        painter.fillRect(rect, background)
        if selected:
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()),
                             QColor(theme.ACCENT))
        painter.setPen(QColor(theme.DIVIDER))
        painter.drawLine(rect.left() + PADDING, rect.bottom(), rect.right(), rect.bottom())
        if row is not None:
            self._paint_row(painter, option, rect, row)
        painter.restore()

    def _paint_row(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                   row: ConversationRow) -> None:
        _ = self._
        base_font = QFont(option.font)
        waiting = row.waiting_since is not None and not row.done
        text_colour = QColor(theme.TEXT if waiting else theme.QUIET_TEXT)
        muted = QColor(theme.MUTED_TEXT)
        metrics = QFontMetrics(base_font)
        line_h = metrics.height()
        inner = rect.adjusted(PADDING + 4, PADDING, -PADDING, -PADDING)
        top = QRect(inner.left(), inner.top(), inner.width(), line_h)
        bottom = QRect(inner.left(), inner.top() + line_h + 8, inner.width(), line_h)

        # Right side, top line: how long they have waited (or nothing when answered).
        right_text = ""
        if waiting and row.waiting_since is not None:
            right_text = waiting_text(time.time() - row.waiting_since, _)
        bold = QFont(base_font)
        bold.setBold(waiting)
        right_w = 0
        if right_text:
            painter.setFont(bold)
            painter.setPen(QColor(theme.WAIT_TEXT))
            right_w = QFontMetrics(bold).horizontalAdvance(right_text) + 8
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             right_text)

        # Top line: contact name.
        name_font = QFont(base_font)
        name_font.setBold(waiting)
        painter.setFont(name_font)
        painter.setPen(text_colour)
        name_rect = top.adjusted(0, 0, -right_w, 0)
        name = QFontMetrics(name_font).elidedText(
            display_name(row.contact_name), Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         name)

        # Right side, bottom line: unread badge.
        badge_w = 0
        if row.unread:
            badge = str(row.unread) if row.unread < 100 else "99+"
            small = QFont(base_font)
            small.setBold(True)
            small_metrics = QFontMetrics(small)
            badge_w = max(line_h + 4, small_metrics.horizontalAdvance(badge) + 14)
            badge_rect = QRectF(bottom.right() - badge_w, bottom.top() - 1, badge_w, line_h + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.ACCENT if waiting else theme.QUIET_BADGE))
            painter.drawRoundedRect(badge_rect, badge_rect.height() / 2, badge_rect.height() / 2)
            painter.setFont(small)
            painter.setPen(QColor("white"))
            painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
            badge_w += 8

        # Bottom line: channel · preview.
        painter.setFont(base_font)
        channel = channel_label(row.channel, _)
        preview = preview_text(row.last_text)
        if row.done:
            channel = _("{channel} (done)").format(channel=channel)
        # The preview is isolated: its own direction never reorders the channel before it.
        line = f"{channel} · {isolate(preview)}" if preview else channel
        line_rect = bottom.adjusted(0, 0, -badge_w, 0)
        line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, line_rect.width())
        painter.setPen(muted)
        painter.drawText(line_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         line)

