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

import contextlib
import logging
import time
from collections.abc import Iterable
from dataclasses import replace
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
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from deskreply import logs
from deskreply.i18n import translator
from deskreply.inbox_sync import SyncResult, account_config
from deskreply.quick_replies import QuickReplyBook
from deskreply.settings import Settings, save_settings
from deskreply.store import ConversationRow, InboxFilter, MessageRow, Store, StoreError
from deskreply.ui import theme
from deskreply.ui.channels import CHANNELS_DOMAIN
from deskreply.ui.channels.accounts_dialog import AccountsDialog, Secrets
from deskreply.ui.channels.bridge import ChannelBridge
from deskreply.ui.channels.status import ChannelStatusList
from deskreply.ui.channels.typing import TypingLine, TypingNotifier
from deskreply.ui.chat_list_delegate import ChatDelegate
from deskreply.ui.chat_list_model import ChatListModel, Roles
from deskreply.ui.chat_list_view import ChatListView
from deskreply.ui.checks_loader import ChecksLoader
from deskreply.ui.composer import Composer
from deskreply.ui.conversation_view import ConversationHeader, ConversationView
from deskreply.ui.draft_rescue import rescue as rescue_draft
from deskreply.ui.inbox.part import InboxPart
from deskreply.ui.quick_reply_popup import QuickReplyController
from deskreply.ui.quick_reply_wiring import QuickRepliesPart
from deskreply.ui.review_dialog import ReviewDialog
from deskreply.ui.send_controller import SendController
from deskreply.ui.shortcuts import ShortcutController
from deskreply.ui.status_bar import StatusBar
from deskreply.ui.text import Translate
from deskreply.ui.undo_send import PendingSend, UndoSendQueue

log = logging.getLogger(__name__)

FEED_INTERVAL_MS = 60_000
TIME_REFRESH_MS = 30_000
LIST_RELOAD_MS = 250
MESSAGES_SHOWN = 200
# Earlier messages handed to the checks as context.
HISTORY_FOR_CHECKS = 10


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
        start_channels: bool = True,
        secrets: Secrets | None = None,
        send_backoff: tuple[float, ...] | None = None,
        demo_settings: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        _ = self._ = translate
        self.store = store
        self.lang = lang
        self.agent_name = (settings.agent_name if settings else "") or "You"
        self.settings = settings or Settings()
        # Where choices like "never warn me about this" are saved (None: kept in memory only).
        self.settings_path = settings_path
        self._start_checks = start_checks
        self._check_context: dict[str, Any] = {}
        self._current_id: int | None = None
        self._closed = False
        self._painted = False
        self.checker: Any = None
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
        # Unanswered from the start (the inbox's default filter): reading every id of a
        # 100,000-chat store once for All and again for Unanswered costs 0.1 s at launch.
        self.model = ChatListModel(store, translate, inbox_filter=InboxFilter("unanswered"))
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
        title_row = QHBoxLayout()
        title_row.addWidget(title, 1)
        self.accounts_button = QPushButton(_("Accounts…"))
        self.accounts_button.setObjectName("accountsButton")
        self.accounts_button.setAccessibleName(_("Accounts"))
        self.accounts_button.setToolTip(_("Add or manage the email and chat accounts you "
                                          "answer on"))
        self.accounts_button.clicked.connect(self.open_accounts)
        title_row.addWidget(self.accounts_button)
        top.addLayout(title_row)
        top.addWidget(self.order_combo)
        chat_layout.addLayout(top)
        chat_layout.addWidget(self.chat_list, 1)

        # Right pane: header, conversation, composer.
        self.header = ConversationHeader(translate)
        self.conversation = ConversationView(translate)
        self.conversation.link_translate = translator("ui_safety", lang)
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
        conversation_layout.addWidget(self.header.notice)  # "encrypted", under the header row
        self.typing_line = TypingLine(translator(CHANNELS_DOMAIN, lang))
        conversation_layout.addWidget(self.typing_line)
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

        # Messages in their own label beside the links, never painted over them.
        self.setStatusBar(StatusBar(self, more_text=_("More")))
        # Ctrl+Q closes like the close button (draft saved, store closed) and quits.
        self.quit_action = QAction(translator("ui_safety", lang)("Quit DeskReply"), self)
        self.quit_action.setObjectName("action_quit")
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.quit_action)

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
        # Channels: every connector runs on the network thread; the bridge brings its events
        # here and stores them. The demo inbox is a channel like the others.
        self._demo_settings: dict[str, Any] = {
            "resources": str(resources), "interval_s": feed_interval_ms / 1000,
            **(demo_settings or {})}
        self.secrets = secrets
        self.accounts_dialog: AccountsDialog | None = None
        self.bridge = ChannelBridge(store, secrets.get if secrets is not None else None, self,
                                    send_backoff=send_backoff)
        self.bridge.synced.connect(self._on_synced)
        self._changed_pending: set[int] = set()
        self._last_list_reload = 0.0
        self._list_timer = QTimer(self)
        self._list_timer.setSingleShot(True)
        self._list_timer.setInterval(LIST_RELOAD_MS)
        self._list_timer.timeout.connect(self._flush_list)
        self.bridge.store_failed.connect(self._on_store_failed)
        self._c = translator(CHANNELS_DOMAIN, lang)
        self.channel_status = ChannelStatusList(self._c)
        self.typing = TypingNotifier(store, self.bridge.host, lambda: self._current_id, self)
        self.composer.edit.textChanged.connect(self._on_typed)
        self.composer.send_requested.connect(lambda _text: self.typing.stop())
        self._typing_names: dict[int, tuple[str, ...]] = {}
        top.addWidget(self.channel_status)
        self.send_controller = SendController(
            store=store, composer=self.composer, conversation=self.conversation,
            bridge=self.bridge, settings=lambda: self.settings, translate=translate,
            lang=lang, agent_name=lambda: self.agent_name,
            current_conversation=lambda: self._current_id,
            conversation_changed=self.reload_list,
            show_status=lambda text: self.statusBar().showMessage(text, 15_000), parent=self)

        selection = self.chat_list.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        self.order_combo.currentIndexChanged.connect(self._on_order_changed)
        self.composer.draft_changed.connect(self.save_draft)
        self.composer.finding_event.connect(self._on_finding_event)
        self.composer.never_warn_requested.connect(self.never_warn)
        self.installEventFilter(self)
        if start_channels:
            self.start_channels()
        self.shortcuts = ShortcutController(self, None)  # every key the window answers to
        self.quick_replies_part = QuickRepliesPart(self)  # "/" in the composer, Ctrl+Shift+R
        # Filters, done/snooze/labels, contact panel, tray, dashboard, retention (ui/inbox).
        self.inbox_part = InboxPart(self)

    # -- selection ----------------------------------------------------------------------------
    @property
    def current_conversation_id(self) -> int | None:
        return self._current_id

    def select_conversation(self, conversation_id: int) -> bool:
        """Select a chat by id (as a click would); False if it is not in the list."""
        row = self.model.row_of(conversation_id)
        if row is None and hasattr(self, "inbox_part"):
            self.inbox_part.set_filter(InboxFilter("all"))  # not in this filter: show all
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
        self.typing.stop()
        self._current_id = conversation_id
        self.typing_line.show_names(self._typing_names.get(conversation_id or -1, ()))
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
        self.send_controller.show_problems(messages)
        self.send_controller.refresh_undo_bar()
        self._set_check_context(row.lang, row.contact_name, messages)
        self._allow_reply(row)
        self.composer.load(self.store.draft(conversation_id))
        if row.unread:
            self._mark_read(conversation_id)
            self.model.invalidate(conversation_id)

    def _allow_reply(self, row: ConversationRow) -> None:
        """Encrypted chats cannot be answered here yet: the composer says so, Send is off."""
        self.composer.set_enabled(not row.encrypted, self._(
            "Sending is off in this chat: it is end-to-end encrypted, and DeskReply cannot "
            "write encrypted messages yet.") if row.encrypted else "")

    def _refresh_current(self) -> None:
        """The open chat's own state changed on the channel (now known to be encrypted, a
        teammate took it): header, composer and actions follow."""
        if self._current_id is None:
            return
        try:
            row = self.store.conversation(self._current_id)
        except StoreError as error:
            log.warning("conversation %s not re-read: %s", self._current_id, error)
            return
        self.header.show_row(row)
        self._allow_reply(row)
        self.inbox_part.refresh_current()

    def _mark_read(self, conversation_id: int) -> None:
        try:
            self.store.mark_read(conversation_id)
        except StoreError as error:  # only the unread badge is wrong; say so, go on
            log.warning("could not mark conversation %s read: %s", conversation_id, error)
            self.statusBar().showMessage(self._c("Could not save: {reason}").format(
                reason=error), 10_000)

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
        text = self.inbox_part.masked_draft(self.composer.text())
        try:
            if text != self.store.draft(self._current_id):
                self.store.save_draft(self._current_id, text)
                self.model.invalidate(self._current_id)  # the list marks chats with a draft
        except StoreError as error:
            # The words stay in the composer (the next change tries again) and in a rescue
            # file beside the database when the folder can still be written.
            log.warning("draft not saved: %s", error)
            safety = translator("ui_safety", self.lang)
            reason = error.translated(translator("store", self.lang))
            copy = rescue_draft(self.store.path.parent, self._current_id, text)
            if copy is not None:
                note = safety("Your draft could not be saved: {reason} A copy is in {path}."
                              ).format(reason=reason, path=copy)
            else:
                note = safety("Your draft could not be saved: {reason} It is still in the "
                              "reply box; copy it somewhere safe if this goes on."
                              ).format(reason=reason)
            self.statusBar().showMessage(note, 30_000)
            return

    def send(self, text: str) -> MessageRow | None:
        """Store and send ``text`` in the current chat now: no checks, no undo wait."""
        conversation_id = self._current_id
        text = text.strip()
        if conversation_id is None or not text:
            return None
        self.send_controller.clear_composer(conversation_id)
        message = self.store.add_outgoing(conversation_id, text, sender=self.agent_name)
        self.conversation.append(message)
        self.reload_list([conversation_id])
        self.send_controller.dispatch(message.id)
        return message

    def request_send(self, text: str) -> None:
        """The user pressed Send (see :class:`SendController`)."""
        self.send_controller.request_send(text)

    def undo_send(self) -> PendingSend | None:
        return self.send_controller.undo_send()

    @property
    def review_dialog(self) -> ReviewDialog | None:
        return self.send_controller.review_dialog

    @property
    def quick_replies(self) -> QuickReplyBook | None:
        return self.quick_replies_part.book

    @property
    def quick_replies_controller(self) -> QuickReplyController | None:
        return self.quick_replies_part.controller

    @property
    def quick_replies_dialog(self) -> Any:
        return self.quick_replies_part.dialog

    def open_quick_replies(self) -> None:
        self.quick_replies_part.open_manager()

    @property
    def checks_state(self) -> str:
        """idle | loading | ready | failed: what a send does depends on it."""
        return self.send_controller.checks_state

    @checks_state.setter
    def checks_state(self, state: str) -> None:
        self.send_controller.checks_state = state

    @property
    def undo_queue(self) -> UndoSendQueue:
        return self.send_controller.undo_queue

    # -- check decisions -------------------------------------------------------------------
    def _record(self, conversation_id: int | None, finding: Any, action: str,
                reason: str = "") -> None:
        self.send_controller.record(conversation_id, finding, action, reason)

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
        self.inbox_part.apply_settings()
        logs.set_level(settings.log_level)

    def _set_check_context(self, lang: str | None, contact_name: str,
                           messages: list[MessageRow]) -> None:
        recent = messages[-HISTORY_FOR_CHECKS:]
        incoming = next((m.text for m in reversed(recent) if m.direction == "in"), None)
        self._check_context = {
            "lang": lang or None, "incoming": incoming, "contact_name": contact_name or None,
            "history": tuple((m.direction, m.text) for m in recent)}
        self.formality_changed()

    def tell_team(self, conversation_id: int, **state: Any) -> None:
        """Share a claim or "done" with the rest of the team through the conversation's
        channel (Matrix room state); channels without a team simply ignore it."""
        try:
            login_id = self.store.login_of_conversation(conversation_id)
            handle = self.store.contact_handle(conversation_id)
        except StoreError:
            return
        if login_id is not None and handle:
            with contextlib.suppress(RuntimeError):  # network thread stopping
                self.bridge.host.team(login_id, "set_shared", handle, **state)

    def formality_changed(self) -> None:
        """The open contact's known tú / usted / vos reaches the tone check (no guessing)."""
        part = getattr(self, "inbox_part", None)
        formality = (part.formality or None) if part is not None else None
        self.composer.set_context(**self._check_context, formality=formality)

    # -- channels ---------------------------------------------------------------------------
    def _on_typed(self) -> None:
        if self.composer.text().strip():
            self.typing.keystroke()
        else:
            self.typing.stop()

    def _on_store_failed(self, reason: str) -> None:
        self.statusBar().showMessage(
            self._c("New messages could not be saved yet ({reason}); trying again.").format(
                reason=reason), 10_000)

    def _on_synced(self, result: SyncResult) -> None:
        """Connector events were stored: update the list and the open conversation."""
        if self._closed:
            return
        current = self._current_id
        shown = [m for m in result.new_messages if m.conversation_id == current]
        for message in shown:
            self.conversation.append(message)
        if shown and current is not None:
            try:
                row = self.store.conversation(current)
                recent = self.store.messages(current, limit=HISTORY_FOR_CHECKS + 1)
            except StoreError as error:
                log.warning("conversation %s not re-read: %s", current, error)
            else:
                self._set_check_context(row.lang, row.contact_name, recent)
                if self.isActiveWindow():
                    self._mark_read(current)
        if result.changed_conversations:
            self._list_changed(result.changed_conversations)
            if current in result.changed_conversations:
                self._refresh_current()
        if result.typing:
            self._typing_names.update(result.typing)
            if current is not None:
                self.typing_line.show_names(self._typing_names.get(current, ()))
        for status in result.statuses:
            self.channel_status.show_status(status)
        for progress in result.progress:
            self.channel_status.show_progress(progress)
        self.inbox_part.on_synced(result)  # tray notifications, filter counts

    def _list_changed(self, changed: Iterable[int]) -> None:
        """Reload the list for channel news, at most every LIST_RELOAD_MS: during a big sync
        re-reading 10,000 rows per batch would be most of the work."""
        self._changed_pending.update(changed)
        if self._list_timer.isActive():
            return
        if time.monotonic() - self._last_list_reload >= LIST_RELOAD_MS / 1000:
            self._flush_list()
        else:
            self._list_timer.start()

    def _flush_list(self) -> None:
        changed, self._changed_pending = self._changed_pending, set()
        self._last_list_reload = time.monotonic()
        if changed and not self._closed:
            self.reload_list(changed)

    def open_accounts(self) -> AccountsDialog | None:
        """Show the Accounts dialog (one at a time)."""
        if self.secrets is None:
            self.statusBar().showMessage(self._c("Accounts need the system keyring, which "
                                                 "this window was started without."), 10_000)
            return None
        if self.accounts_dialog is None:
            dialog = AccountsDialog(self.store, self.bridge, self.channel_status, self.secrets,
                                    self._c, self.lang, parent=self)
            dialog.accounts_changed.connect(lambda: self.reload_list())
            dialog.finished.connect(self._accounts_closed)
            self.accounts_dialog = dialog
        self.accounts_dialog.reload()
        self.accounts_dialog.open()
        return self.accounts_dialog

    def _accounts_closed(self, _result: int) -> None:
        dialog, self.accounts_dialog = self.accounts_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def start_channels(self) -> None:
        """Start every enabled channel login on the network thread (the demo inbox too)."""
        self.bridge.start()
        for login in self.store.logins():
            config = account_config(login)
            if login.kind == "demo":
                config = replace(config, settings={**config.settings, **self._demo_settings})
            self.channel_status.add_account(config)
            self.bridge.host.add(config, login.cursor)
        self.send_controller.resume()

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
        self.send_controller.checks_ready()

    def _on_checks_failed(self, reason: str) -> None:
        self.checks_state = "failed"
        self.send_controller.checks_failed()
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
        self.send_controller.shutdown()
        if self.accounts_dialog is not None:
            self.accounts_dialog.reject()
        self._closed = True
        self.composer.flush_pending()
        self.composer.shutdown()
        self.inbox_part.shutdown()
        self.time_timer.stop()
        self._list_timer.stop()
        self.typing.idle.stop()
        status = self.statusBar()
        if isinstance(status, StatusBar):
            status.stop()
        self.bridge.stop()  # connectors first: what they reported until now is stored
        if self.checks_loader is not None:
            # The loader cannot be interrupted mid-import; it finishes within seconds.
            self.checks_loader.wait()
        self.store.close()
