"""The main window: chat list | conversation | composer.

Data flows one way: store → models → views; the composer writes drafts and outgoing messages
back to the store. The store is used from this (the GUI) thread only, for quick indexed
queries; the slow work (loading the checks, checking drafts) runs on worker threads.

Sending goes through a gate (:meth:`MainWindow.request_send`): the draft is checked (again, if
it changed since the last background check); with nothing serious it goes straight to the
undo-send wait, with warnings the review dialog opens, and a block needs a typed reason there.
While the checks are still loading, a send waits for them and then goes through the same gate
(the composer says so); if they failed to load, the review dialog says the reply is unchecked.
Every decision is logged with ``Store.record_check_event`` (sensitive data masked).

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
from deskreply.settings import Settings, save_settings
from deskreply.store import MessageRow, Store, StoreError
from deskreply.ui import theme
from deskreply.ui.chat_list_delegate import ChatDelegate
from deskreply.ui.chat_list_model import ChatListModel, Roles
from deskreply.ui.chat_list_view import ChatListView
from deskreply.ui.checks_loader import ChecksLoader
from deskreply.ui.composer import Composer, needs_review
from deskreply.ui.conversation_view import ConversationHeader, ConversationView
from deskreply.ui.delivery import SimulatedDelivery
from deskreply.ui.quick_reply_wiring import install_quick_replies
from deskreply.ui.review_dialog import ReviewDialog
from deskreply.ui.shortcuts import install_shortcuts
from deskreply.ui.text import Translate
from deskreply.ui.undo_send import PendingSend, UndoSendQueue

log = logging.getLogger(__name__)

FEED_INTERVAL_MS = 60_000
TIME_REFRESH_MS = 30_000
MESSAGES_SHOWN = 200
# Earlier messages handed to the checks as context.
HISTORY_FOR_CHECKS = 10
# What a sensitive finding is logged as when its fix does not give a masked form.
MASK = "•••"

CheckEvent = tuple[str, str, str, str, str, str]  # check, kind, severity, action, excerpt, reason


def excerpt_for(finding: Any) -> str:
    """What the check log keeps of a finding: never the sensitive data itself."""
    if finding.check == "sensitive":
        masked = finding.fixes[0].replacement if finding.fixes else ""
        return masked if masked and masked != finding.text else MASK
    return str(finding.text)


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
        settings_path: Path | None = None,
        feed_interval_ms: int = FEED_INTERVAL_MS,
        start_checks: bool = True,
    ) -> None:
        super().__init__()
        _ = self._ = translate
        self.store = store
        self.lang = lang
        self.agent_name = (settings.agent_name if settings else "") or "You"
        self.settings = settings or Settings()
        # Where choices like "never warn me about this" are saved (None: kept in memory only).
        self.settings_path = settings_path
        self.review_dialog: ReviewDialog | None = None
        self._send_after_load: int | None = None  # composer revision to send once loaded
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
        self.composer = Composer(translate, self.settings)
        self.composer.emoji_lang = lang
        if settings_path is not None:
            self.composer.emoji_recent_path = settings_path.parent / "recent_emoji.json"
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
        self.undo_queue = UndoSendQueue(self)
        self.undo_queue.due.connect(self._commit_pending)
        self.undo_queue.changed.connect(self._update_undo_bar)

        selection = self.chat_list.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        self.order_combo.currentIndexChanged.connect(self._on_order_changed)
        self.composer.draft_changed.connect(self.save_draft)
        self.composer.send_requested.connect(self.request_send)
        self.composer.finding_event.connect(self._on_finding_event)
        self.composer.never_warn_requested.connect(self.never_warn)
        self.composer.undo_bar.undo_requested.connect(self.undo_send)
        self.composer.edit.undo_send_requested.connect(self.undo_send)
        self.composer.edit.textChanged.connect(self._on_composer_edited)
        self.installEventFilter(self)

        # Anything still queued from last time goes out through the demo channel now.
        for message in store.outbox():
            self.delivery.track(message.id)
        install_shortcuts(self)
        install_quick_replies(self)  # "/" in the composer; Ctrl+Shift+R manages them

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
        messages = self.store.messages(conversation_id, limit=MESSAGES_SHOWN)
        self.conversation.show_conversation(conversation_id, messages)
        self._set_check_context(row.lang, row.contact_name, messages)
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
        """Store and send ``text`` in the current chat now: no checks, no undo wait."""
        conversation_id = self._current_id
        text = text.strip()
        if conversation_id is None or not text:
            return None
        self._clear_composer(conversation_id)
        return self._store_outgoing(conversation_id, text, [])

    def request_send(self, text: str) -> None:
        """The user pressed Send: check, review if needed, then wait out the undo window."""
        conversation_id = self._current_id
        if conversation_id is None or not text.strip() or self._closed:
            return
        if self.review_dialog is not None:
            return
        _ = self._
        if self.checks_state == "ready":
            revision = self.composer.revision
            self.composer.when_checked(
                lambda findings: self._gate(conversation_id, revision, findings))
        elif self.checks_state == "loading":
            # Decided: wait for the checks rather than send unchecked or refuse. The send goes
            # through the gate as soon as they are loaded, unless the user edits meanwhile.
            self._send_after_load = self.composer.revision
            self.composer.set_note(_("The checks are still loading. Your reply will be "
                                     "checked and sent as soon as they are ready."))
        elif self.checks_state == "failed":
            self._open_review(conversation_id, [], _(
                "The checks could not be loaded, so this reply has not been checked."))
        else:  # checks never started (scripts, tests): nothing to check against
            self._queue_send(conversation_id, text, [])

    def _gate(self, conversation_id: int, revision: int, findings: list[Any] | None) -> None:
        if (self._closed or conversation_id != self._current_id
                or revision != self.composer.revision or self.review_dialog is not None):
            return
        text = self.composer.text()
        if not text.strip():
            return
        if findings is None:
            self._open_review(conversation_id, [], self._(
                "This reply could not be checked. Read it once more before sending."))
            return
        if not needs_review(findings):
            self._queue_send(conversation_id, text,
                             [("all", "clean", "info", "sent_clean", "", "")])
            return
        serious = [f for f in findings if f.severity in ("warning", "block")]
        self._open_review(conversation_id, serious, "")

    def _open_review(self, conversation_id: int, findings: list[Any], note: str) -> None:
        dialog = ReviewDialog(findings, self._, masked=[excerpt_for(f) for f in findings],
                              note=note, parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        for finding in findings:
            self._record(conversation_id, finding, "shown")
        dialog.fix_requested.connect(self.composer.apply_fix)
        dialog.reported.connect(
            lambda finding: self._record(conversation_id, finding, "reported"))
        dialog.finished.connect(
            lambda result: self._on_review_finished(conversation_id, dialog, result))
        self.review_dialog = dialog
        dialog.open()

    def _on_review_finished(self, conversation_id: int, dialog: ReviewDialog,
                            result: int) -> None:
        self.review_dialog = None
        dialog.deleteLater()
        if self._closed:
            return
        text = self.composer.text()
        if result != ReviewDialog.DialogCode.Accepted or conversation_id != self._current_id \
                or not text.strip():
            self.composer.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        reason = dialog.reason_text()
        events: list[CheckEvent] = [
            (f.check, f.kind, f.severity, "overridden", excerpt_for(f), reason)
            for f in dialog.unresolved()]
        self._queue_send(conversation_id, text, events)

    def _queue_send(self, conversation_id: int, text: str, events: list[CheckEvent]) -> None:
        """Clear the composer and send after the undo window (at once if it is off)."""
        text = text.strip()
        self._clear_composer(conversation_id)
        seconds = max(0, int(self.settings.undo_send_seconds))
        if seconds == 0:
            self._store_outgoing(conversation_id, text, events)
            return
        name = self.store.conversation(conversation_id).contact_name
        self.undo_queue.add(PendingSend(conversation_id, text, name,
                                        time.monotonic() + seconds, list(events)))

    def _clear_composer(self, conversation_id: int) -> None:
        self.composer.flush_pending()
        self.store.save_draft(conversation_id, "")
        if conversation_id == self._current_id:
            self.composer.load("")

    def _store_outgoing(self, conversation_id: int, text: str,
                        events: list[CheckEvent]) -> MessageRow:
        message = self.store.add_outgoing(conversation_id, text, sender=self.agent_name)
        for check, kind, severity, action, excerpt, reason in events:
            self.store.record_check_event(conversation_id, check, kind, severity, action,
                                          excerpt, reason, message_id=message.id)
        if conversation_id == self._current_id:
            self.conversation.append(message)
        self.delivery.track(message.id)
        self.reload_list([conversation_id])
        return message

    def _commit_pending(self, pending: PendingSend) -> None:
        if self._closed:
            return
        try:
            self._store_outgoing(pending.conversation_id, pending.text, pending.events)
        except StoreError as error:  # keep the words: back into the draft
            log.warning("reply not stored, kept as draft: %s", error)
            self._restore_draft(pending)

    def undo_send(self) -> PendingSend | None:
        """Take the most recent waiting reply back into its draft (and the composer)."""
        pending = self.undo_queue.undo()
        if pending is not None:
            self._restore_draft(pending)
        return pending

    def _restore_draft(self, pending: PendingSend) -> None:
        conversation_id = pending.conversation_id
        if conversation_id == self._current_id and not self._closed:
            current = self.composer.text()
            text = pending.text + ("\n\n" + current if current.strip() else "")
            self.composer.load(text)
            self.composer.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            current = self.store.draft(conversation_id)
            text = pending.text + ("\n\n" + current if current.strip() else "")
        self.store.save_draft(conversation_id, text)

    def _update_undo_bar(self) -> None:
        self.composer.undo_bar.show_pending(self.undo_queue.pending)

    # -- check decisions -------------------------------------------------------------------
    def _record(self, conversation_id: int | None, finding: Any, action: str,
                reason: str = "") -> None:
        try:
            self.store.record_check_event(conversation_id, finding.check, finding.kind,
                                          finding.severity, action, excerpt_for(finding),
                                          reason)
        except StoreError as error:
            log.warning("check event not logged: %s", error)

    def _on_finding_event(self, finding: Any, action: str, reason: str) -> None:
        self._record(self._current_id, finding, action, reason)

    def never_warn(self, finding: Any, scope: str) -> None:
        """Remember "never warn me about this" (per kind or per word) and check again."""
        if scope == "word" and finding.check != "sensitive":
            word = finding.text.strip()
            if word and word not in self.settings.ignored_words:
                self.settings.ignored_words.append(word)
        else:
            scope = "kind"
            entry = f"{finding.check}.{finding.kind}"
            if entry not in self.settings.ignored_kinds:
                self.settings.ignored_kinds.append(entry)
        self._record(self._current_id, finding, "ignored", f"never:{scope}")
        self.save_settings()
        self.composer.recheck()

    def save_settings(self) -> None:
        if self.settings_path is None:
            return
        try:
            save_settings(self.settings_path, self.settings)
        except OSError as error:
            log.warning("settings not saved: %s", error)
            self.statusBar().showMessage(
                self._("Settings could not be saved: {reason}").format(
                    reason=error.strerror or error), 10_000)

    def apply_settings(self, settings: Settings) -> None:
        """Use changed settings (e.g. from the settings dialog) and check the draft again."""
        self.settings = settings
        self.composer.apply_settings(settings)

    def _set_check_context(self, lang: str | None, contact_name: str,
                           messages: list[MessageRow]) -> None:
        recent = messages[-HISTORY_FOR_CHECKS:]
        incoming = next((m.text for m in reversed(recent) if m.direction == "in"), None)
        self.composer.set_context(
            lang=lang or None, incoming=incoming, contact_name=contact_name or None,
            history=tuple((m.direction, m.text) for m in recent))

    def _on_composer_edited(self) -> None:
        if self._send_after_load is not None:  # editing cancels a send waiting for the checks
            self._send_after_load = None
            self.composer.set_note("")

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
            row = self.store.conversation(conversation_id)
            self._set_check_context(
                row.lang, row.contact_name,
                self.store.messages(conversation_id, limit=HISTORY_FOR_CHECKS + 1))
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
        self.set_checker(checker)
        self.checks_finished.emit(True)

    def set_checker(self, checker: object) -> None:
        """Start checking drafts with this loaded Checker (the loader calls this)."""
        if self._closed:
            return
        self.checker = checker
        self.checks_state = "ready"
        self.checks_status.setText(self._("Checks ready"))
        self.composer.set_checker(checker)
        revision, self._send_after_load = self._send_after_load, None
        if revision is not None:
            self.composer.set_note("")
            if revision == self.composer.revision:
                self.request_send(self.composer.text())

    def _on_checks_failed(self, reason: str) -> None:
        self.checks_state = "failed"
        revision, self._send_after_load = self._send_after_load, None
        if revision is not None:
            self.composer.set_note("")
            if revision == self.composer.revision:
                QTimer.singleShot(0, self, lambda: self.request_send(self.composer.text()))
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
        # Replies still in their undo window are kept as drafts, not sent: the user may have
        # been about to press Undo. The undo bar's tooltip says so.
        for pending in self.undo_queue.take_all():
            try:
                self._restore_draft(pending)
                log.info("unsent reply to conversation %s kept as a draft",
                         pending.conversation_id)
            except StoreError as error:
                log.warning("unsent reply could not be kept as draft: %s", error)
        self._closed = True
        if self.review_dialog is not None:
            self.review_dialog.reject()
        self.composer.flush_pending()
        self.composer.shutdown()
        for timer in (self.time_timer, self.feed_timer):
            timer.stop()
        self.delivery.stop()
        if self.checks_loader is not None:
            # The loader cannot be interrupted mid-import; it finishes within seconds.
            self.checks_loader.wait()
        self.store.close()
