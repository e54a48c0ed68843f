"""The status bar: messages in their own label, beside (never over) the links.

``QStatusBar.showMessage`` paints its text across the whole bar, over the widgets added with
``addWidget`` (the Settings, Keyboard shortcuts and Quick replies links). Here a message goes
into a label that is part of the bar's layout instead: it takes the room the links leave, is
elided to fit (the full text is in its tooltip and accessible name), and clears after its
timeout. Callers keep using ``statusBar().showMessage(text, ms)``.

When the links do not all fit (200 % text on a small screen), the last ones added move into
a "More" menu at the bar's end instead of being cut off at the window's edge.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QMenu,
    QSizePolicy,
    QStatusBar,
    QToolButton,
    QWidget,
)

# Room always left for the message label when deciding which links fit.
MESSAGE_ROOM = 80


class ElidedLabel(QLabel):
    """A one-line plain-text label that shortens its text with … instead of being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())  # one line: a message never grows the bar
        self.setToolTip(self._full)
        self.setAccessibleName(self._full)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)


class StatusBar(QStatusBar):
    """A status bar whose temporary messages sit in a label in the layout (see module doc)."""

    def __init__(self, parent: QWidget | None = None, more_text: str = "More") -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        # Buttons in the order they were added, and which of them are permanent (right side).
        self._links: list[QAbstractButton] = []
        self._permanent: set[QAbstractButton] = set()
        self.message_label = ElidedLabel()
        self.message_label.setObjectName("statusMessage")
        # Stretch: the message takes what the links leave, the links keep their size.
        super().addWidget(self.message_label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)
        # Links that did not fit, hidden by us (not by their owner) and offered in the menu.
        self.overflowed: list[QAbstractButton] = []
        self.more_button = QToolButton()
        self.more_button.setObjectName("statusMore")
        self.more_button.setText(more_text + " ▾")
        self.more_button.setAccessibleName(more_text)
        self.more_button.setAutoRaise(True)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more_button)
        self.more_menu.aboutToShow.connect(self._fill_more_menu)
        self.more_button.setMenu(self.more_menu)
        super().addPermanentWidget(self.more_button)
        self.more_button.setVisible(False)
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.timeout.connect(self.refit)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self._timer.stop()
        self.message_label.set_full_text(text)
        if timeout and timeout > 0 and text:
            self._timer.start(timeout)
        self.messageChanged.emit(text)

    def clearMessage(self) -> None:
        self._timer.stop()
        if self.message_label.full_text():
            self.message_label.set_full_text("")
            self.messageChanged.emit("")

    def currentMessage(self) -> str:
        return self.message_label.full_text()

    def stop(self) -> None:
        """Stop the clearing timer (the window is closing)."""
        self._timer.stop()

    # -- links that do not fit ------------------------------------------------------------
    def addWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        super().addWidget(widget, stretch or 0)
        if isinstance(widget, QAbstractButton):
            self._links.append(widget)
        self._refit_timer.start(0)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        self.removeWidget(self.more_button)
        super().addPermanentWidget(widget, stretch or 0)
        super().addPermanentWidget(self.more_button)  # always last, at the right end
        if isinstance(widget, QAbstractButton):
            self._links.append(widget)
            self._permanent.add(widget)
        self._refit_timer.start(0)

    def links(self) -> list[QAbstractButton]:
        """The link buttons left to right: normal ones first, then the permanent ones."""
        alive = [b for b in self._links if b.parentWidget() is self]
        return [b for b in alive if b not in self._permanent] + \
            [b for b in alive if b in self._permanent]

    def refit(self) -> None:
        """Show the links that fit, left to right; the rest go into the "More" menu.

        Only links whose state changes are shown or hidden, so a second call changes nothing
        (each change asks for a layout, which calls this again).
        """
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 6
        wanted = [b for b in self.links() if b.isVisibleTo(self) or b in self.overflowed]
        others = [w for w in self.findChildren(QWidget, options=Qt.FindChildOption.
                                               FindDirectChildrenOnly)
                  if w.isVisibleTo(self) and not isinstance(w, QAbstractButton)
                  and w is not self.message_label and not w.isWindow()]
        fixed = MESSAGE_ROOM + sum(w.sizeHint().width() + spacing for w in others)
        room = self.contentsRect().width()

        def needed(count: int) -> int:
            more = self.more_button.sizeHint().width() + spacing if count < len(wanted) else 0
            return fixed + more + sum(b.sizeHint().width() + spacing for b in wanted[:count])

        count = len(wanted)
        while count and needed(count) > room:
            count -= 1
        self.overflowed = wanted[count:]
        for position, button in enumerate(wanted):
            if button.isVisibleTo(self) != (position < count):
                button.setVisible(position < count)
        if self.more_button.isVisibleTo(self) != bool(self.overflowed):
            self.more_button.setVisible(bool(self.overflowed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def event(self, event: QEvent) -> bool:
        # A link's text changed (language, count) or its owner showed or hid it: fit again.
        if event.type() == QEvent.Type.LayoutRequest:
            self._refit_timer.start(0)
        return super().event(event)

    def _fill_more_menu(self) -> None:
        self.more_menu.clear()
        for button in self.overflowed:
            action = self.more_menu.addAction(button.text().replace("&", "&&"))
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
