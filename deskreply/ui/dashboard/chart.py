"""A bar chart drawn with QPainter: no Qt Charts add-on. Every bar carries its value as text,
so it reads without colour, and sizes follow the font (large text makes a larger chart)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from deskreply.ui import theme


class BarChart(QWidget):
    """Vertical bars (one per day or week) or horizontal bars (one per kind)."""

    def __init__(self, title: str, horizontal: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.items: list[tuple[str, float, str]] = []  # label, value, value as text
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title)

    def set_items(self, items: Sequence[tuple[str, float, str]]) -> None:
        self.items = list(items)
        description = "; ".join(f"{label}: {text}" for label, _value, text in self.items)
        self.setAccessibleDescription(description)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        if self.horizontal:
            return QSize(line * 20, line * (2 + max(1, len(self.items))) + line)
        return QSize(line * 20, line * 12)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.fillRect(self.rect(), QColor(theme.LIST_BG))
        painter.setPen(QColor(theme.TEXT))
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(8, 4, self.width() - 16, line), Qt.AlignmentFlag.AlignLeft,
                         self.title)
        painter.setFont(self.font())
        area = QRectF(8, line * 1.6, self.width() - 16, self.height() - line * 1.6 - 6)
        if not self.items:
            painter.setPen(QColor(theme.MUTED_TEXT))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "—")
            painter.end()
            return
        top = max(value for _l, value, _t in self.items) or 1.0
        # High contrast: the light link blue reads on black; the accent is too dark there.
        bar = QColor(getattr(theme, "LINK", theme.ACCENT) if theme.TEXT.lower() == "#ffffff"
                     else theme.ACCENT)
        if self.horizontal:
            label_w = min(area.width() * 0.45,
                          max(metrics.horizontalAdvance(label) for label, _v, _t in self.items)
                          + 8)
            text_w = max(metrics.horizontalAdvance(text) for _l, _v, text in self.items) + 8
            y = area.top()
            for label, value, text in self.items:
                painter.setPen(QColor(theme.TEXT))
                painter.drawText(QRectF(area.left(), y, label_w - 4, line),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                    int(label_w - 4)))
                width = (area.width() - label_w - text_w) * value / top
                painter.fillRect(QRectF(area.left() + label_w, y + 2, max(2.0, width),
                                        line - 4), bar)
                painter.drawText(QRectF(area.left() + label_w + width + 4, y, text_w, line),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 text)
                y += line * 1.2
            painter.end()
            return
        count = len(self.items)
        slot = area.width() / count
        chart_h = area.height() - line * 2.2
        for position, (label, value, text) in enumerate(self.items):
            x = area.left() + slot * position
            height = chart_h * value / top
            bar_rect = QRectF(x + slot * 0.15, area.top() + line + chart_h - height,
                              slot * 0.7, max(1.0, height))
            painter.fillRect(bar_rect, bar)
            painter.setPen(QColor(theme.TEXT))
            painter.drawText(QRectF(x, bar_rect.top() - line, slot, line),
                             Qt.AlignmentFlag.AlignCenter, text)
            painter.drawText(QRectF(x, area.bottom() - line, slot, line),
                             Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)))
        painter.setPen(QColor(theme.DIVIDER))
        base = area.top() + line + chart_h
        painter.drawLine(int(area.left()), int(base), int(area.right()), int(base))
        painter.end()
