"""The band above a conversation: the header (name, channel, who answers it) and the chat's
actions (mark done, snooze, labels, take it, contact).

The header keeps the width its name and channel line need; the actions take the rest beside
it, wrapping onto more rows when they must (a flow layout). Only when that would make the band
taller than the actions on a row of their own under the header (or one button would not fit
beside it) do they go under the header. Either way the name is never squeezed into a narrow
column, and the band never takes the chat list's room.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QWidget

from deskreply.ui.conversation_view import ConversationHeader

_NO_LIMIT = 16_777_215  # QWIDGETSIZE_MAX


def _height_for(widget: QWidget, width: int) -> int:
    height = widget.heightForWidth(width)
    return height if height >= 0 else widget.sizeHint().height()


class ConversationTop(QFrame):
    """One band (objectName ``conversationTop``) holding the header and the actions."""

    def __init__(self, header: ConversationHeader, actions: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationTop")
        self.header, self.actions_bar = header, actions
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(0)
        self.row.addWidget(header, 1)
        self.row.addWidget(actions, 0, Qt.AlignmentFlag.AlignVCenter)
        self._margins: list[tuple[QWidget, QMargins]] = []
        for widget in (header, actions):
            layout = widget.layout()
            if layout is not None:
                self._margins.append((widget, layout.contentsMargins()))

    @property
    def side_by_side(self) -> bool:
        return self.row.direction() == QBoxLayout.Direction.LeftToRight

    def arrange(self) -> None:
        """Pick the lower of the two arrangements for the current width (call after the
        header's words or the actions changed; resizes call it too)."""
        width = self.width()
        if width <= 0:
            return
        header, actions = self.header, self.actions_bar
        narrowest = actions.minimumSizeHint().width()  # the widest single button
        header_width = min(header.natural_width(), max(0, width - narrowest))
        beside_width = width - header_width
        stacked = _height_for(header, width) + _height_for(actions, width)
        beside = max(_height_for(header, header_width), _height_for(actions, beside_width))
        fits = beside_width >= narrowest and beside <= stacked
        # Beside: the actions get what the header leaves (and wrap in it), not their wish.
        actions.setMaximumWidth(beside_width if fits else _NO_LIMIT)
        if fits == self.side_by_side:
            return
        self.row.setDirection(QBoxLayout.Direction.LeftToRight if fits
                              else QBoxLayout.Direction.TopToBottom)
        self.row.setAlignment(actions, Qt.AlignmentFlag.AlignVCenter if fits
                              else Qt.AlignmentFlag.AlignLeft)
        # Stacked they read as one block: no gap between the channel line and the buttons.
        for widget, margins in self._margins:
            layout = widget.layout()
            if layout is None:
                continue
            if fits:
                layout.setContentsMargins(margins)
            elif widget is header:
                layout.setContentsMargins(margins.left(), margins.top(), margins.right(), 2)
            else:
                layout.setContentsMargins(margins.left(), 0, margins.right(), 6)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()
