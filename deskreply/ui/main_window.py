"""The main window: chat list | conversation | composer.

Data flows one way: store → models → views; the composer writes drafts and outgoing messages
back to the store. The store is used from this (the GUI) thread only, for quick indexed
queries; the slow work (loading the checks) runs on a worker thread.

Signals:
    first_painted(): the window was painted on screen for the first time.
    checks_finished(bool): the checks engine finished loading (True) or failed (False).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLayout,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from deskreply.connectors.demo import DemoFeed
from deskreply.settings import Settings
from deskreply.store import MessageRow, Store, StoreError
from deskreply.ui import theme
from deskreply.ui.chat_list_delegate import ChatDelegate
from deskreply.ui.chat_list_model import ChatListModel, Roles
from deskreply.ui.chat_list_view import ChatListView
from deskreply.ui.checks_loader import ChecksLoader
from deskreply.ui.composer import Composer
from deskreply.ui.conversation_view import ConversationHeader, ConversationView
from deskreply.ui.delivery import SimulatedDelivery
from deskreply.ui.text import Translate

log = logging.getLogger(__name__)

FEED_INTERVAL_MS = 60_000
TIME_REFRESH_MS = 30_000
MESSAGES_SHOWN = 200


class MainWindow(QMainWindow):
    first_painted = Signal()
    checks_finished = Signal(bool)

    def __init__(
        self,
        store: Store,
        resources: Path,
        lang: str,
        translate: Translate,
        *,
        settings: Settings | None = None,
        feed_interval_ms: int = FEED_INTERVAL_MS,
        start_checks: bool = True,
    ) -> None:
        super().__init__()
        _ = self._ = translate
        self.store = store
        self.lang = lang
        self.agent_name = (settings.agent_name if settings else "") or "You"
        self.settings = settings or Settings()
        self._start_checks = start_checks
        self._current_id: int | None = None
        self._closed = False
        self._painted = False
        self.checker: Any = None
        self.checks_state = "idle"  # idle | loading | ready | failed
        self.checks_loader: ChecksLoader | None = None

        self.setObjectName("mainWindow")
        self.setWindowTitle("DeskReply")
        self.setAccessibleName("DeskReply")
        theme.apply(self)
        # A fixed minimum instead of one recomputed from the layout on every change: the
        # window never jumps in size when a long message or a new chat arrives.
        layout = self.layout()
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(760, 480)
        self.resize(1120, 740)

        # Left pane: the chats.
        self.model = ChatListModel(store, translate)
        self.chat_list = ChatListView()
        self.chat_list.setObjectName("chatList")
        self.chat_list.setAccessibleName(_("Chats"))
        self.chat_list.setAccessibleDescription(_("Customers who have waited longest first"))
        self.chat_list.setModel(self.model)
        delegate = ChatDelegate(translate, self.chat_list)
        self.chat_list.setItemDelegate(delegate)
        self.chat_list.set_row_height(delegate.row_height(self.font()))
        self.order_combo = QComboBox()
        self.order_combo.setObjectName("orderCombo")
        self.order_combo.setAccessibleName(_("Sort chats"))
        self.order_combo.addItem(_("Unanswered first"), "waiting")
        self.order_combo.addItem(_("Most recent"), "recent")
        title = QLabel(_("Chats"))
        title.setObjectName("chatPaneTitle")
        chat_pane = QWidget()
        chat_pane.setObjectName("chatPane")
        chat_layout = QVBoxLayout(chat_pane)
        chat_layout.setContentsMargins(0, 0, 0, 0)
        chat_layout.setSpacing(0)
        top = QVBoxLayout()
        top.setContentsMargins(14, 12, 14, 10)
        top.setSpacing(8)
        top.addWidget(title)
        top.addWidget(self.order_combo)
        chat_layout.addLayout(top)
        chat_layout.addWidget(self.chat_list, 1)

        # Right pane: header, conversation, composer.
        self.header = ConversationHeader(translate)
        self.conversation = ConversationView(translate)
        self.composer = Composer(translate)
        conversation_pane = QWidget()
        conversation_pane.setObjectName("conversationPane")
        conversation_layout = QVBoxLayout(conversation_pane)
        conversation_layout.setContentsMargins(0, 0, 0, 0)
        conversation_layout.setSpacing(0)
        conversation_layout.addWidget(self.header)
        conversation_layout.addWidget(self.conversation, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setObjectName("rightSplitter")
        right.addWidget(conversation_pane)
        right.addWidget(self.composer)
        right.setStretchFactor(0, 1)
        right.setChildrenCollapsible(False)
        right.setSizes([560, 180])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(chat_pane)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([340, 780])
        self.setCentralWidget(splitter)

        self.checks_status = QLabel(_("Checking replies: waiting to load…"))
        self.checks_status.setObjectName("checksStatus")
        self.checks_status.setTextFormat(Qt.TextFormat.PlainText)
        self.checks_status.setAccessibleName(_("Reply checks status"))
        self.statusBar().addPermanentWidget(self.checks_status)

        # Timers: waiting times tick, demo customers keep writing, demo sends get delivered.
        self.time_timer = QTimer(self)
        self.time_timer.setInterval(TIME_REFRESH_MS)
        self.time_timer.timeout.connect(self.model.refresh_times)
        self.time_timer.start()
        self.feed: DemoFeed | None = None
        try:
            self.feed = DemoFeed(resources)
        except ValueError as error:  # a damaged feed file only stops the demo customers
            log.warning("demo feed unavailable: %s", error)
        self.feed_timer = QTimer(self)
        self.feed_timer.setInterval(feed_interval_ms)
        self.feed_timer.timeout.connect(self.receive_demo_message)
        self.feed_timer.start()
        self.delivery = SimulatedDelivery(self)
        self.delivery.state_changed.connect(self._on_delivery_state)

        selection = self.chat_list.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        self.order_combo.currentIndexChanged.connect(self._on_order_changed)
        self.composer.draft_changed.connect(self.save_draft)
        self.composer.send_requested.connect(self.send)
        self.installEventFilter(self)

        # Anything still queued from last time goes out through the demo channel now.
        for message in store.outbox():
            self.delivery.track(message.id)

    # -- selection ----------------------------------------------------------------------------
    @property
    def current_conversation_id(self) -> int | None:
        return self._current_id

    def select_conversation(self, conversation_id: int) -> bool:
        """Select a chat by id (as a click would); False if it is not in the list."""
        row = self.model.row_of(conversation_id)
        if row is None:
            return False
        self.chat_list.setCurrentIndex(self.model.index(row))
        return True

    def _on_current_changed(self, current: QModelIndex | QPersistentModelIndex,
                            _previous: object) -> None:
        conversation_id = current.data(Roles.ID) if current.isValid() else None
        if conversation_id == self._current_id:
            return
        self.save_draft()
        self._current_id = conversation_id
        if conversation_id is None:
            self.header.show_row(None)
            self.conversation.clear()
            self.composer.load("")
            self.composer.set_enabled(False)
            return
        self._show_conversation(conversation_id)

    def _show_conversation(self, conversation_id: int) -> None:
        row = self.store.conversation(conversation_id)
        self.header.show_row(row)
        self.conversation.show_conversation(
            conversation_id, self.store.messages(conversation_id, limit=MESSAGES_SHOWN))
        self.composer.set_enabled(True)
        self.composer.load(self.store.draft(conversation_id))
        if row.unread:
            self.store.mark_read(conversation_id)
            self.model.invalidate(conversation_id)

    # -- list order ---------------------------------------------------------------------------
    def _on_order_changed(self, _index: int) -> None:
        self.model.set_order(str(self.order_combo.currentData()))
        self._restore_selection(scroll_to=True)

    def reload_list(self, changed: Iterable[int] = ()) -> None:
        """Re-read the list order, keeping the same chat selected and the scroll position.

        ``changed``: conversations whose row data (last message, unread, wait) changed.
        """
        bar = self.chat_list.verticalScrollBar()
        position = bar.value()
        self.model.reload(changed)
        self._restore_selection(scroll_to=False)
        bar.setValue(position)

    def _restore_selection(self, scroll_to: bool) -> None:
        if self._current_id is None:
            return
        row = self.model.row_of(self._current_id)
        if row is None:
            return
        index = self.model.index(row)
        self.chat_list.setAutoScroll(scroll_to)
        try:
            self.chat_list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self.chat_list.setAutoScroll(True)
        if scroll_to:
            self.chat_list.scrollTo(index)

    # -- drafts and sending ---------------------------------------------------------------
    def save_draft(self) -> None:
        """Write the composer's text as the current chat's draft (called debounced)."""
        self.composer.flush_pending()
        if self._current_id is None or self._closed:
            return
        text = self.composer.text()
        if text != self.store.draft(self._current_id):
            self.store.save_draft(self._current_id, text)

    def send(self, text: str) -> MessageRow | None:
        conversation_id = self._current_id
        text = text.strip()
        if conversation_id is None or not text:
            return None
        message = self.store.add_outgoing(conversation_id, text, sender=self.agent_name)
        self.composer.flush_pending()
        self.store.save_draft(conversation_id, "")
        self.composer.load("")
        self.conversation.append(message)
        self.delivery.track(message.id)
        self.reload_list([conversation_id])
        return message

    def _on_delivery_state(self, message_id: int, state: str) -> None:
        if self._closed:
            return
        try:
            self.store.set_message_state(message_id, state)
        except StoreError as error:
            log.warning("could not update message %s: %s", message_id, error)
            return
        self.conversation.set_state(message_id, state)

    # -- demo customers ----------------------------------------------------------------------
    def receive_demo_message(self) -> MessageRow | None:
        """Take the next scripted customer message and store it as incoming."""
        if self.feed is None or self._closed:
            return None
        item = self.feed.next_message()
        if item is None:
            return None
        channel, name, handle, text = item
        conversation_id = self.store.find_or_create_conversation(channel, name, handle)
        message = self.store.add_incoming(conversation_id, text)
        if conversation_id == self._current_id:
            self.conversation.append(message)
            if self.isActiveWindow():
                self.store.mark_read(conversation_id)
        self.reload_list([conversation_id])
        return message

    # -- checks -------------------------------------------------------------------------------
    def start_checks(self) -> None:
        """Load the checks engine on a worker thread (call after the window is shown)."""
        if self.checks_loader is not None or self._closed:
            return
        self.checks_state = "loading"
        self.checks_status.setText(self._("Checking replies: loading…"))
        loader = ChecksLoader(self.lang, self.settings)
        loader.ready.connect(self._on_checks_ready)
        loader.failed.connect(self._on_checks_failed)
        self.checks_loader = loader
        loader.start(ChecksLoader.Priority.LowPriority)

    def _on_checks_ready(self, checker: object) -> None:
        self.checker = checker
        self.checks_state = "ready"
        self.checks_status.setText(self._("Checks ready"))
        self.checks_finished.emit(True)

    def _on_checks_failed(self, reason: str) -> None:
        self.checks_state = "failed"
        first_line = reason.splitlines()[0] if reason else ""
        self.checks_status.setText(self._("Checks unavailable: {reason}").format(
            reason=first_line[:200]))
        self.checks_status.setToolTip(reason)
        self.checks_finished.emit(False)

    # -- window events ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.painted_at = time.perf_counter()
            # After this paint has finished: then start the slow work.
            QTimer.singleShot(0, self, self._after_first_paint)
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        if self._start_checks:
            self.start_checks()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Save the draft, stop every timer and thread, close the store. Safe to call twice."""
        if self._closed:
            return
        try:
            self.save_draft()
        except StoreError as error:
            log.warning("draft not saved on close: %s", error)
        self._closed = True
        self.composer.flush_pending()
        for timer in (self.time_timer, self.feed_timer):
            timer.stop()
        self.delivery.stop()
        if self.checks_loader is not None:
            # The loader cannot be interrupted mid-import; it finishes within seconds.
            self.checks_loader.wait()
        self.store.close()
