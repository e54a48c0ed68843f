"""The filters above the chat list, each with its count: Unanswered (default), Mine, All,
Done, Snoozed, and one list for a channel or a label.

Signals:
    filter_changed(object): the user picked another filter (an :class:`InboxFilter`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from deskreply.store import InboxFilter, Label
from deskreply.ui.flow_layout import FlowLayout
from deskreply.ui.text import N_, Translate, channel_label

BUTTONS = (("unanswered", N_("Unanswered")), ("mine", N_("Mine")), ("all", N_("All")),
           ("done", N_("Done")), ("snoozed", N_("Snoozed")))


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A filled circle in a label's colour (the label's name is always shown beside it)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor("#000000"))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class FilterBar(QWidget):
    filter_changed = Signal(object)

    def __init__(self, translate: Translate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ = translate
        self.setObjectName("inboxFilterBar")
        self.setAccessibleName(translate("Show chats"))
        self._filter = InboxFilter("unanswered")
        self._counts: Mapping[str, Any] = {}
        self.buttons: dict[str, QPushButton] = {}
        # Buttons as wide as their label and count, wrapping onto more rows when the chat
        # pane is narrow or the text large: a count is never cut off.
        flow = FlowLayout(self, spacing=6)
        for kind, _label in BUTTONS:
            button = QPushButton()
            button.setObjectName(f"filter_{kind}")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=kind: self.set_filter(InboxFilter(k)))
            self.buttons[kind] = button
            flow.addWidget(button)
        self.more = QComboBox()
        self.more.setObjectName("filterMore")
        self.more.setAccessibleName(translate("Show one channel or label"))
        self.more.activated.connect(self._on_more)
        # As wide as its first entry, not as its longest label name.
        self.more.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.more.setMinimumContentsLength(14)
        flow.addWidget(self.more)
        self._refresh_texts()

    # -- public ---------------------------------------------------------------------------
    def current(self) -> InboxFilter:
        return self._filter

    def set_filter(self, inbox_filter: InboxFilter) -> None:
        changed = inbox_filter != self._filter
        self._filter = inbox_filter
        self._refresh_checks()
        if changed:
            self.filter_changed.emit(inbox_filter)

    def set_counts(self, counts: Mapping[str, Any], channels: Sequence[str],
                   labels: Sequence[Label]) -> None:
        """Show new counts; ``channels`` and ``labels`` fill the channel-or-label list."""
        self._counts = counts
        _ = self._
        self.more.blockSignals(True)
        self.more.clear()
        self.more.addItem(_("Channel or label…"), None)
        for channel in channels:
            count = counts.get("channel", {}).get(channel, 0)
            self.more.addItem(f"{channel_label(channel, _)} ({count})", f"channel:{channel}")
        for label in labels:
            count = counts.get("label", {}).get(label.id, 0)
            self.more.addItem(colour_icon(label.colour), f"{label.name} ({count})",
                              f"label:{label.id}")
        self.more.blockSignals(False)
        self._refresh_texts()
        self._refresh_checks()

    def count_text(self, kind: str) -> str:
        return self.buttons[kind].text()

    # -- internals ------------------------------------------------------------------------
    def _on_more(self, index: int) -> None:
        data = self.more.itemData(index)
        if not data:
            self.set_filter(InboxFilter("all"))
            return
        kind, _sep, value = str(data).partition(":")
        self.set_filter(InboxFilter(kind, value))

    def _refresh_texts(self) -> None:
        _ = self._
        for kind, label in BUTTONS:
            count = self._counts.get(kind, 0)
            button = self.buttons[kind]
            button.setText(f"{_(label)} ({count})")
            button.setAccessibleName(_("{filter}: {n} chats").format(filter=_(label), n=count))

    def _refresh_checks(self) -> None:
        for kind, button in self.buttons.items():
            button.setChecked(kind == self._filter.kind)
        if self._filter.kind in ("channel", "label"):
            wanted = f"{self._filter.kind}:{self._filter.value}"
            for index in range(self.more.count()):
                if self.more.itemData(index) == wanted:
                    self.more.setCurrentIndex(index)
                    return
        self.more.setCurrentIndex(0)
