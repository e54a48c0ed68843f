"""Paints one chat of the inbox: name, how late the answer is (colour + shape + word),
draft marker, labels, channel, who claimed it, preview and unread badge.

Everything is drawn with QPainter.drawText, which never interprets markup: a customer's name
or message can not turn into rich text here.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from deskreply.store import ConversationRow, Label
from deskreply.ui import theme
from deskreply.ui.chat_list_delegate import PADDING, ChatDelegate, display_name
from deskreply.ui.inbox.sla import Thresholds, level_colour, level_words
from deskreply.ui.text import Translate, channel_label, preview_text, waiting_text
from deskreply.ui.untrusted import isolate, one_line


class InboxDelegate(ChatDelegate):
    """The chat list delegate with the inbox workflow's marks."""

    def __init__(self, translate: Translate, inbox_translate: Translate,
                 labels: Callable[[], dict[int, Label]], parent: object = None) -> None:
        super().__init__(translate, parent)
        self._i = inbox_translate
        self._labels = labels
        self.thresholds = Thresholds()
        self.clock: Callable[[], float] = time.time

    def wait_parts(self, row: ConversationRow) -> tuple[str, str] | None:
        """(text, colour) of the top-right corner: the wait with its level, or the snooze."""
        _i = self._i
        if row.snoozed_until is not None:
            until = dt.datetime.fromtimestamp(row.snoozed_until).strftime("%H:%M")
            return _i("☾ snoozed until {time}").format(time=until), theme.MUTED_TEXT
        if row.waiting_since is None or row.done:
            return None
        waited = self.clock() - row.waiting_since
        level = self.thresholds.level(waited)
        text = f"{level_words(level, _i)} · {waiting_text(waited, self._)}"
        return text, level_colour(level)

    def _paint_row(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                   row: ConversationRow) -> None:
        _, _i = self._, self._i
        base_font = QFont(option.font)
        waiting = row.waiting_since is not None and not row.done
        metrics = QFontMetrics(base_font)
        line_h = metrics.height()
        inner = rect.adjusted(PADDING + 4, PADDING, -PADDING, -PADDING)
        top = QRect(inner.left(), inner.top(), inner.width(), line_h)
        bottom = QRect(inner.left(), inner.top() + line_h + 8, inner.width(), line_h)
        bold = QFont(base_font)
        bold.setBold(waiting)

        right_w = 0
        corner = self.wait_parts(row)
        if corner is not None:
            text, colour = corner
            painter.setFont(bold)
            painter.setPen(QColor(colour))
            right_w = QFontMetrics(bold).horizontalAdvance(text) + 8
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             text)
        painter.setFont(bold)
        painter.setPen(QColor(theme.TEXT if waiting else theme.QUIET_TEXT))
        name_rect = top.adjusted(0, 0, -right_w, 0)
        name = QFontMetrics(bold).elidedText(
            display_name(row.contact_name), Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         name)

        badge_w = self._paint_badge(painter, base_font, bottom, row, waiting, line_h)
        x = bottom.left()
        limit = bottom.right() - badge_w
        small = QFont(base_font)
        small.setBold(True)
        small_metrics = QFontMetrics(small)
        chips: list[tuple[str, str, str]] = []  # text, background, foreground
        if row.has_draft:
            chips.append((_i("✎ Draft"), theme.ACCENT, theme.ON_ACCENT))
        labels = self._labels()
        for label_id in row.label_ids:
            label = labels.get(label_id)
            if label is not None:
                chips.append((one_line(label.name), label.colour, _readable_on(label.colour)))
        painter.setFont(small)
        for text, background, foreground in chips:
            width = small_metrics.horizontalAdvance(text) + 12
            if x + width > limit - 40:
                break
            chip = QRectF(x, bottom.top(), width, line_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(background))
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(QColor(foreground))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 6
        painter.setFont(base_font)
        channel = channel_label(row.channel, _)
        if row.done:
            channel = _("{channel} (done)").format(channel=channel)
        if row.claimed_by:
            channel = f"{channel} · {display_name(row.claimed_by)}"
        if row.encrypted:  # not readable here yet (the chat says why)
            channel = f"🔒 {channel}"
        preview = preview_text(row.last_text)
        # The preview is isolated: its own direction never reorders the channel before it.
        line = f"{channel} · {isolate(preview)}" if preview else channel
        line_rect = QRect(x, bottom.top(), max(0, limit - x), line_h)
        line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, line_rect.width())
        painter.setPen(QColor(theme.MUTED_TEXT))
        painter.drawText(line_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         line)

    @staticmethod
    def _paint_badge(painter: QPainter, base_font: QFont, bottom: QRect, row: ConversationRow,
                     waiting: bool, line_h: int) -> int:
        if not row.unread:
            return 0
        badge = str(row.unread) if row.unread < 100 else "99+"
        small = QFont(base_font)
        small.setBold(True)
        badge_w = max(line_h + 4, QFontMetrics(small).horizontalAdvance(badge) + 14)
        badge_rect = QRectF(bottom.right() - badge_w, bottom.top() - 1, badge_w, line_h + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.ACCENT if waiting else theme.QUIET_BADGE))
        painter.drawRoundedRect(badge_rect, badge_rect.height() / 2, badge_rect.height() / 2)
        painter.setFont(small)
        painter.setPen(QColor("white"))
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
        return badge_w + 8


def _readable_on(colour: str) -> str:
    """Black or white text, whichever reads better on a label's colour."""
    c = QColor(colour)
    luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return "#000000" if luminance > 0.45 else "#ffffff"
