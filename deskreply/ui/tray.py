"""Desktop notifications through the system tray: a new customer message, a chat crossing the
red waiting threshold, the unanswered count on the icon, quiet hours, click to open.

With "hide message content" on, a notification names nobody and quotes nothing: it only says
that a message arrived. Where the desktop has no tray (some window managers, the offscreen
test platform) a small card in the corner of the screen shows the same words instead.

Signals:
    open_requested(int): the user clicked a notification about this conversation.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QSystemTrayIcon, QVBoxLayout, QWidget

from deskreply.settings import Settings
from deskreply.ui import theme
from deskreply.ui.text import Translate, preview_text

CARD_MS = 8_000
MAX_BODY = 120


@dataclass(frozen=True)
class Notice:
    title: str
    body: str
    conversation_id: int


def parse_hhmm(text: str) -> int | None:
    """Minutes after midnight of "HH:MM", or None when empty or malformed."""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
    except ValueError:
        return None
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        return None
    return hours * 60 + minutes


def in_quiet_hours(settings: Settings, moment: float) -> bool:
    start, end = parse_hhmm(settings.quiet_start), parse_hhmm(settings.quiet_end)
    if start is None or end is None or start == end:
        return False
    local = dt.datetime.fromtimestamp(moment)
    now = local.hour * 60 + local.minute
    return start <= now < end if start < end else now >= start or now < end


def count_icon(count: int, size: int = 64) -> QIcon:
    """The app's speech bubble with the unanswered count in a red disc (99+ above 99)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1a5fb4"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(4, 8, size - 8, size - 20, 10, 10)
    if count:
        text = str(count) if count < 100 else "99+"
        painter.setBrush(QColor("#b00020"))
        disc = QRect(size // 3, size // 3, size * 2 // 3, size * 2 // 3)
        painter.drawEllipse(disc)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(size // 3 if len(text) < 3 else size // 4)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class NotificationCard(QFrame):
    """The corner card used when there is no system tray. Click opens the conversation."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("notificationCard")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.title_label.font())
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.body_label = QLabel()
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)
        self.body_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.body_label)
        self.setFixedWidth(340)
        self.setStyleSheet(
            f"QFrame#notificationCard {{ background: {theme.LIST_BG}; border: 2px solid "
            f"{theme.ACCENT}; border-radius: 8px; }} QLabel {{ color: {theme.TEXT}; }}")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)

    def show_notice(self, notice: Notice) -> None:
        self.title_label.setText(notice.title)
        self.body_label.setText(notice.body)
        self.body_label.setVisible(bool(notice.body))
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.bottomRight() - QPoint(self.width() + 16, self.height() + 16))
        self.show()
        self.timer.start(CARD_MS)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        self.clicked.emit()
        super().mousePressEvent(event)


class TrayNotifier(QObject):
    open_requested = Signal(int)

    def __init__(self, translate: Translate, settings: Callable[[], Settings],
                 clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ = translate
        self._settings = settings
        self.clock = clock
        self.shown: list[Notice] = []  # everything notified (tests and the status bar read it)
        self._last: Notice | None = None
        self._late_told: set[int] = set()
        self.count = -1
        self.use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray = QSystemTrayIcon(count_icon(0), self)
        self.tray.setToolTip("DeskReply")
        self.tray.messageClicked.connect(self._on_clicked)
        self.tray.activated.connect(lambda _reason: self._on_clicked())
        self.card: NotificationCard | None = None
        if self.use_tray:
            self.tray.show()

    # -- public -----------------------------------------------------------------------------
    def set_unanswered(self, count: int) -> None:
        if count == self.count:
            return
        self.count = count
        self.tray.setIcon(count_icon(count))
        self.tray.setToolTip(self._("DeskReply: {n} waiting for an answer").format(n=count))

    def new_message(self, conversation_id: int, contact: str, text: str) -> Notice | None:
        """A customer wrote. Returns what was shown (None: quiet hours or turned off)."""
        settings = self._settings()
        if not settings.notify_new_messages:
            return None
        self._late_told.discard(conversation_id)
        if settings.hide_message_content:
            notice = Notice(self._("New customer message"),
                            self._("Open DeskReply to read it."), conversation_id)
        else:
            body = preview_text(text)
            if len(body) > MAX_BODY:
                body = body[:MAX_BODY - 1] + "…"
            notice = Notice(self._("New message from {name}").format(name=contact), body,
                            conversation_id)
        return self._show(notice)

    def late(self, conversation_id: int, contact: str, minutes: int) -> Notice | None:
        """A chat crossed the red threshold (told once per wait)."""
        if conversation_id in self._late_told:
            return None
        self._late_told.add(conversation_id)
        if self._settings().hide_message_content:
            notice = Notice(self._("A customer has waited over {n} min").format(n=minutes), "",
                            conversation_id)
        else:
            notice = Notice(self._("{name} has waited over {n} min").format(
                name=contact, n=minutes), self._("Nobody has answered yet."), conversation_id)
        return self._show(notice)

    def was_told_late(self, conversation_id: int) -> bool:
        return conversation_id in self._late_told

    def many_late(self, conversation_ids: list[int], minutes: int) -> Notice | None:
        """Several chats crossed the red threshold at once: one notice for all of them."""
        self._late_told.update(conversation_ids)
        notice = Notice(self._("{n} customers have waited over {m} min").format(
            n=len(conversation_ids), m=minutes), self._("Nobody has answered yet."),
            conversation_ids[0])
        return self._show(notice)

    def answered(self, conversation_id: int) -> None:
        self._late_told.discard(conversation_id)

    def shutdown(self) -> None:
        self.tray.hide()
        if self.card is not None:
            self.card.timer.stop()
            self.card.close()
            self.card.deleteLater()
            self.card = None

    # -- internals --------------------------------------------------------------------------
    def _show(self, notice: Notice) -> Notice | None:
        if in_quiet_hours(self._settings(), self.clock()):
            return None
        self.shown.append(notice)
        self._last = notice
        if self.use_tray:
            self.tray.showMessage(notice.title, notice.body,
                                  QSystemTrayIcon.MessageIcon.Information, CARD_MS)
        elif QGuiApplication.platformName() != "offscreen":  # no screen: recorded only
            if self.card is None:
                self.card = NotificationCard()
                self.card.clicked.connect(self._on_clicked)
            self.card.show_notice(notice)
        return notice

    def _on_clicked(self) -> None:
        if self._last is not None:
            self.open_requested.emit(self._last.conversation_id)


def notice_widget(parent: QWidget | None = None) -> NotificationCard:
    """A card for screenshots and previews (same look as the real one)."""
    card = NotificationCard()
    if parent is not None:
        card.setParent(parent)
    return card
