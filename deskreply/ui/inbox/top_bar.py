"""The band above a conversation: the header (name, channel, who answers it) and the chat's
actions (mark done, snooze, labels, take it, contact).

Side by side while both fit whole: at large text every row of height counts. When they do
not (a long name, the longer Spanish labels, the contact panel open), the actions go under
the header instead of squeezing the name into a narrow column or taking the room of the chat
list.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QWidget

from deskreply.ui.conversation_view import ConversationHeader


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
        """Side by side if the header's text and the actions fit in one row (call after
        either changed; resizes call it too)."""
        fits = self.header.natural_width() + self.actions_bar.sizeHint().width() <= self.width()
        if fits == self.side_by_side:
            return
        self.row.setDirection(QBoxLayout.Direction.LeftToRight if fits
                              else QBoxLayout.Direction.TopToBottom)
        self.row.setAlignment(self.actions_bar, Qt.AlignmentFlag.AlignVCenter if fits
                              else Qt.AlignmentFlag.AlignLeft)
        # Stacked they read as one block: no gap between the channel line and the buttons
        # (at 200 % text the composer below needs every pixel of height).
        for widget, margins in self._margins:
            layout = widget.layout()
            if layout is None:
                continue
            if fits:
                layout.setContentsMargins(margins)
            elif widget is self.header:
                layout.setContentsMargins(margins.left(), margins.top(), margins.right(), 2)
            else:
                layout.setContentsMargins(margins.left(), 0, margins.right(), 6)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()
