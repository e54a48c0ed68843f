"""The inbox workflow as one part of the main window (the window only creates it).

Adds the filter bar above the chat list, the actions above the conversation (mark done,
snooze, labels, take it), the contact panel in the splitter, the tray notifier, the
dashboard entry, retention on a worker thread, and search results opened at the message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QWidget,
)

from deskreply.formality_guess import guess_formality
from deskreply.store import InboxFilter
from deskreply.store.masking import mask_spans
from deskreply.store.rows import CHANNELS
from deskreply.ui.chat_list_delegate import display_name
from deskreply.ui.contact_panel import ContactPanel
from deskreply.ui.flow_layout import FlowLayout
from deskreply.ui.inbox import inbox_translator
from deskreply.ui.inbox.filter_bar import FilterBar
from deskreply.ui.inbox.retention import DAY_S, RetentionJob
from deskreply.ui.inbox.row_delegate import InboxDelegate
from deskreply.ui.inbox.sla import Thresholds, level_words
from deskreply.ui.inbox.top_bar import ConversationTop
from deskreply.ui.tray import TrayNotifier

log = logging.getLogger(__name__)

TICK_MS = 30_000
COUNTS_DEBOUNCE_MS = 150
# Sensitive kinds a draft never keeps in clear (masked from the check's own findings).
MASKED_KINDS = frozenset({"payment_card", "iban", "bank_account", "credential",
                          "secret_token"})
# Messages older than this when they reach us are history (a first sync), not news.
NEWS_AGE_S = 600


class InboxPart(QObject):
    """Everything of issue 14 that lives in the window."""

    def __init__(self, window: Any, clock: Callable[[], float] = time.time) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self._ = _ = inbox_translator(window.lang)
        self.formality = ""  # the open contact's preferred address, for the tone check
        self.claim_words = ""  # who answers the open chat, as its header says it
        self.confirm_box: QMessageBox | None = None
        self.export_dialog: QFileDialog | None = None
        self.retention_job: RetentionJob | None = None
        self.retention_runs = 0
        self.last_export: Path | None = None
        self._closed = False

        # The list: filter bar above, the inbox delegate, Unanswered by default.
        model = window.model
        self.delegate = InboxDelegate(window._, _, lambda: model.labels, window.chat_list)
        self.delegate.clock = lambda: self.clock()
        window.chat_list.setItemDelegate(self.delegate)
        self.filter_bar = FilterBar(_)
        pane_layout = window.chat_list.parentWidget().layout()
        pane_layout.insertWidget(pane_layout.indexOf(window.chat_list), self.filter_bar)
        self.filter_bar.setContentsMargins(14, 0, 14, 8)
        self.delegate.thresholds = Thresholds.from_settings(window.settings)
        model.describe_wait = self._describe_wait
        model.describe_extra = self._describe_extra
        model.set_labels(window.store.labels())
        # The window built the model on Unanswered already (no second read of every id).
        self.filter_bar.filter_changed.connect(self.set_filter)
        window.chat_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.chat_list.customContextMenuRequested.connect(self._list_menu)

        # Actions above the conversation.
        self.actions_bar = QWidget()
        self.actions_bar.setObjectName("conversationActions")
        # Wraps onto a second row at large text rather than cutting the buttons' labels.
        row = FlowLayout(self.actions_bar)
        row.setContentsMargins(12, 4, 12, 4)
        self.done_button = QPushButton(_("Mark done"))
        self.done_button.setObjectName("markDone")
        self.done_button.setToolTip(_("Nothing left to answer (Ctrl+Shift+E). It comes back "
                                      "by itself when the customer writes again."))
        self.done_button.clicked.connect(self.toggle_done)
        self.snooze_button = QToolButton()
        self.snooze_button.setObjectName("snoozeButton")
        self.snooze_button.setText(_("Snooze"))
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze_menu = QMenu(self.snooze_button)
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_menu.aboutToShow.connect(self._fill_snooze_menu)
        self.labels_button = QToolButton()
        self.labels_button.setObjectName("labelsButton")
        self.labels_button.setText(_("Labels"))
        self.labels_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.labels_menu = QMenu(self.labels_button)
        self.labels_button.setMenu(self.labels_menu)
        self.labels_menu.aboutToShow.connect(self._fill_labels_menu)
        self.claim_button = QPushButton(_("Take it"))
        self.claim_button.setObjectName("claimButton")
        self.claim_button.clicked.connect(self.toggle_claim)
        self.dashboard_button = QPushButton(_("Dashboard"))
        self.dashboard_button.setObjectName("dashboardButton")
        self.dashboard_button.setToolTip(_("Team dashboard (Ctrl+Shift+D)"))
        self.dashboard_button.clicked.connect(self.open_dashboard)
        # The contact panel takes room from the composer: shown on demand (at large text
        # the reply box needs the width).
        self.contact_button = QPushButton(_("Contact"))
        self.contact_button.setObjectName("contactToggle")
        self.contact_button.setCheckable(True)
        for widget in (self.done_button, self.snooze_button, self.labels_button,
                       self.claim_button):
            row.addWidget(widget)
        row.addWidget(self.contact_button)
        for button in (self.done_button, self.snooze_button, self.labels_button,
                       self.claim_button, self.dashboard_button, self.contact_button):
            button.setAccessibleName(button.text())
        # Beside the header while both fit, under it when not (ConversationTop).
        pane_layout = window.header.parentWidget().layout()
        index = pane_layout.indexOf(window.header)
        self.top = ConversationTop(window.header, self.actions_bar)
        pane_layout.insertWidget(index, self.top)
        window.statusBar().addPermanentWidget(self.dashboard_button)

        # Contact panel at the right of the splitter.
        self.contact_panel = ContactPanel(window.store, _)
        splitter: QSplitter = window.centralWidget()
        splitter.addWidget(self.contact_panel)
        self.contact_panel.setVisible(False)
        self.contact_button.toggled.connect(self.show_contact_panel)
        self.contact_panel.formality_changed.connect(self._on_formality)
        self.contact_panel.export_requested.connect(self.ask_export)
        self.contact_panel.delete_requested.connect(self.ask_delete)

        # Notifications and time.
        self.tray = TrayNotifier(_, lambda: window.settings, lambda: self.clock(), self)
        self.tray.open_requested.connect(self.open_conversation)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.tick)
        self.tick_timer.start()
        self.counts_timer = QTimer(self)
        self.counts_timer.setSingleShot(True)
        self.counts_timer.setInterval(COUNTS_DEBOUNCE_MS)
        self.counts_timer.timeout.connect(self.refresh_counts)
        model.modelReset.connect(self.counts_timer.start)
        model.dataChanged.connect(lambda *_args: self.counts_timer.start())
        self.retention_timer = QTimer(self)
        self.retention_timer.setInterval(int(DAY_S * 1000))
        self.retention_timer.timeout.connect(self.run_retention)
        self.retention_timer.start()

        window.chat_list.selectionModel().currentChanged.connect(self._on_current)
        window.composer.draft_changed.connect(self._on_draft_saved)
        self._started_at = self.clock()
        for keys, slot in (("Ctrl+Shift+E", self.toggle_done), ("Ctrl+Shift+D",
                                                                 self.open_dashboard)):
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.activated.connect(slot)
        self._show_current(None)
        self.refresh_counts()
        if window.settings.retention_days > 0:
            QTimer.singleShot(0, self, self.run_retention)

    def show_contact_panel(self, shown: bool = True) -> None:
        self.contact_button.setChecked(shown)
        self.contact_panel.setVisible(shown)
        if shown:
            splitter: QSplitter = self.window.centralWidget()
            sizes = splitter.sizes()
            if len(sizes) == 3 and sizes[2] < 200:
                splitter.setSizes([sizes[0], max(300, sizes[1] - 240), 240])

    # -- filters and counts -------------------------------------------------------------------
    def set_filter(self, inbox_filter: InboxFilter) -> None:
        window = self.window
        if inbox_filter.kind == "mine" and not inbox_filter.value:
            inbox_filter = InboxFilter("mine", self._me())
        if self.filter_bar.current() != inbox_filter:
            self.filter_bar.set_filter(inbox_filter)  # emits again; handled below once
            return
        window.model.set_filter(inbox_filter)
        window.model.keep(window.current_conversation_id)
        if window.current_conversation_id is not None and window.model.row_of(
                window.current_conversation_id) is not None:
            window._restore_selection(scroll_to=True)

    def refresh_counts(self) -> None:
        if self._closed:
            return
        store = self.window.store
        counts = store.filter_counts(me=self._me())
        channels = [c for c in CHANNELS if counts["channel"].get(c)]
        labels = store.labels()
        self.window.model.set_labels(labels)
        self.filter_bar.set_counts(counts, channels, labels)
        self.tray.set_unanswered(counts["unanswered"])

    def _me(self) -> str:
        return str(self.window.agent_name or "")

    def _describe_wait(self, waited: float) -> str:
        return level_words(self.delegate.thresholds.level(waited), self._)

    def _describe_extra(self, row: Any) -> list[str]:
        words = [self._("has a draft")] if row.has_draft else []
        words += [self.window.model.labels[i].name for i in row.label_ids
                  if i in self.window.model.labels]
        if row.claimed_by:
            words.append(self._("{name} is answering it").format(name=row.claimed_by))
        if row.encrypted:
            words.append(self._("encrypted, not readable here yet"))
        corner = self.delegate.wait_parts(row)
        if row.snoozed_until is not None and corner is not None:
            words.append(corner[0])
        return words

    def apply_settings(self) -> None:
        self.delegate.thresholds = Thresholds.from_settings(self.window.settings)
        self.window.chat_list.viewport().update()
        self.refresh_counts()  # labels added or removed in Settings reach the filter list
        if self.window.settings.retention_days > 0:
            self.run_retention()  # a period just set applies now, not only tomorrow

    # -- actions on the open conversation -----------------------------------------------------
    def toggle_done(self) -> None:
        cid = self.window.current_conversation_id
        if cid is None:
            return
        done = self.window.store.conversation(cid).done
        self.window.store.set_done(cid, not done)
        self.window.tell_team(cid, done=not done)
        self.tray.answered(cid)
        self._changed(cid)

    def snooze(self, until: float | None) -> None:
        cid = self.window.current_conversation_id
        if cid is None:
            return
        self.window.store.snooze(cid, until)
        self._changed(cid)

    def set_labels(self, label_ids: list[int]) -> None:
        cid = self.window.current_conversation_id
        if cid is not None:
            self.window.store.set_labels(cid, label_ids)
            self._changed(cid)

    def claim_holder(self, claimed_by: str) -> str:
        """Who holds a claim, from our side: "me", "teammate" or "" (nobody)."""
        if not claimed_by:
            return ""
        return "me" if claimed_by == self._me() else "teammate"

    def toggle_claim(self) -> None:
        """Take the open chat, or release it if it is ours. A teammate's claim is theirs to
        release: taking it from under them is what the claim is there to prevent."""
        cid = self.window.current_conversation_id
        if cid is None:
            return
        holder = self.claim_holder(self.window.store.claimed_by(cid))
        if holder == "teammate":
            return
        mine = holder == "me"
        self.window.store.set_claim(cid, "" if mine else self._me())
        self.window.tell_team(cid, claimed_by="" if mine else self._me())
        self._changed(cid)

    def _changed(self, cid: int) -> None:
        self.window.reload_list([cid])
        self._show_current(cid)
        self.refresh_counts()

    def snooze_choices(self) -> list[tuple[str, float]]:
        """(label, wake time) offered by the snooze menu, from the part's clock."""
        _ = self._
        now = dt.datetime.fromtimestamp(self.clock())
        tomorrow = (now + dt.timedelta(days=1)).replace(hour=9, minute=0, second=0,
                                                         microsecond=0)
        monday = (now + dt.timedelta(days=7 - now.weekday())).replace(
            hour=9, minute=0, second=0, microsecond=0)
        return [(_("For 1 hour"), (now + dt.timedelta(hours=1)).timestamp()),
                (_("For 3 hours"), (now + dt.timedelta(hours=3)).timestamp()),
                (_("Until tomorrow 9:00"), tomorrow.timestamp()),
                (_("Until Monday 9:00"), monday.timestamp())]

    def _fill_snooze_menu(self) -> None:
        self.snooze_menu.clear()
        for label, until in self.snooze_choices():
            action = self.snooze_menu.addAction(label)
            action.triggered.connect(lambda _c=False, u=until: self.snooze(u))
        cid = self.window.current_conversation_id
        if cid is not None and self.window.store.snoozed_until(cid) is not None:
            self.snooze_menu.addSeparator()
            wake = self.snooze_menu.addAction(self._("Wake it now"))
            wake.triggered.connect(lambda: self.snooze(None))

    def _fill_labels_menu(self) -> None:
        self.labels_menu.clear()
        cid = self.window.current_conversation_id
        if cid is None:
            return
        chosen = set(self.window.store.conversation_labels(cid))
        for label in self.window.store.labels():
            action = QAction(label.name, self.labels_menu)
            action.setCheckable(True)
            action.setChecked(label.id in chosen)
            action.toggled.connect(lambda on, lid=label.id: self._toggle_label(lid, on))
            self.labels_menu.addAction(action)
        if not chosen and not self.window.store.labels():
            empty = self.labels_menu.addAction(self._("No labels yet: add them in Settings"))
            empty.setEnabled(False)

    def _toggle_label(self, label_id: int, on: bool) -> None:
        cid = self.window.current_conversation_id
        if cid is None:
            return
        chosen = set(self.window.store.conversation_labels(cid))
        chosen = chosen | {label_id} if on else chosen - {label_id}
        self.set_labels(sorted(chosen))

    def _list_menu(self, point: QPoint) -> None:
        index = self.window.chat_list.indexAt(point)
        if not index.isValid():
            return
        self.window.chat_list.setCurrentIndex(index)
        menu = QMenu(self.window.chat_list)
        menu.addAction(self.done_button.text(), self.toggle_done)
        snooze = menu.addMenu(self._("Snooze"))
        for label, until in self.snooze_choices():
            action = snooze.addAction(label)
            action.triggered.connect(lambda _c=False, u=until: self.snooze(u))
        if self.claim_button.isVisibleTo(self.actions_bar):
            menu.addAction(self.claim_button.text(), self.toggle_claim)
        elif self.claim_words:  # a teammate's: said, not offered
            menu.addAction(self.claim_words).setEnabled(False)
        menu.popup(self.window.chat_list.viewport().mapToGlobal(point))

    # -- the open conversation ----------------------------------------------------------------
    def _on_current(self, *_args: object) -> None:
        cid = self.window.current_conversation_id
        self.window.model.keep(cid)
        self._show_current(cid)

    def refresh_current(self) -> None:
        """The open chat changed on the channel (a teammate took or released it)."""
        self._show_current(self.window.current_conversation_id)

    def _show_current(self, cid: int | None) -> None:
        enabled = cid is not None
        for widget in (self.done_button, self.snooze_button, self.labels_button,
                       self.claim_button):
            widget.setEnabled(enabled)
        if cid is None:
            self.contact_panel.show_contact(None)
            self.formality = ""
            self._show_claim("")
            return
        store = self.window.store
        row = store.conversation(cid)
        self.done_button.setText(self._("Open again") if row.done else self._("Mark done"))
        self.done_button.setAccessibleName(self.done_button.text())
        self._show_claim(row.claimed_by)
        contact = store.contact_of(cid)
        if contact.formality_source != "user" and (row.lang or "es") == "es":
            learned = guess_formality(m.text for m in store.messages(cid, limit=50)
                                      if m.direction == "in")
            if learned and learned != contact.formality:
                store.set_contact_formality(contact.id, learned, source="learned")
                contact = store.contact_of(cid)
        if self.contact_panel.contact is None or self.contact_panel.contact.id != contact.id:
            self.contact_panel.show_contact(contact)
        self.formality = contact.formality
        self.window.formality_changed()

    def _show_claim(self, claimed_by: str) -> None:
        """Who answers the open chat, in its header; "Take it" only when nobody does."""
        holder = self.claim_holder(claimed_by)
        if holder == "me":
            self.claim_words = self._("You are answering it")
        elif holder == "teammate":
            self.claim_words = self._("{name} is answering it").format(
                name=display_name(claimed_by))
        else:
            self.claim_words = ""
        self.window.header.set_claim(self.claim_words)
        self.claim_button.setText(self._("Release it") if holder == "me" else self._("Take it"))
        self.claim_button.setAccessibleName(self.claim_button.text())
        self.claim_button.setToolTip(
            self._("Others on the team see that you are answering it") if holder != "me"
            else self._("Let someone else on the team take it"))
        # A teammate's claim is theirs: nothing to press (the header says who has it).
        self.claim_button.setVisible(holder != "teammate")
        self.top.arrange()  # the header's words or the actions changed

    def _on_formality(self, value: str) -> None:
        self.formality = value
        self.window.formality_changed()

    def _on_draft_saved(self) -> None:
        cid = self.window.current_conversation_id
        if cid is not None:
            self.window.model.invalidate(cid)

    def masked_draft(self, text: str) -> str:
        """The draft with what the sensitive check found masked (cards, IBANs, passwords)."""
        composer = self.window.composer
        if not text or not composer.is_up_to_date():
            return text
        spans = [(f.start, f.end) for f in composer.findings()
                 if getattr(f, "check", "") == "sensitive" and f.kind in MASKED_KINDS]
        return mask_spans(text, spans) if spans else text

    # -- search and notifications -------------------------------------------------------------
    def open_conversation(self, conversation_id: int, bring_up: bool = True) -> bool:
        """Select a chat (switching to All when the filter hides it); ``bring_up``: also
        raise the window (a click on a notification)."""
        window = self.window
        if bring_up and QGuiApplication.platformName() != "offscreen":
            window.showNormal()
            window.raise_()
            window.activateWindow()
        if window.model.row_of(conversation_id) is None:
            self.set_filter(InboxFilter("all"))
        return bool(window.select_conversation(conversation_id))

    def open_found(self, conversation_id: int, message_id: int) -> bool:
        """A search result: open the chat scrolled to the message, framed."""
        if not self.open_conversation(conversation_id, bring_up=False):
            return False
        view = self.window.conversation
        if message_id not in {b.message.id for b in view.bubbles()}:
            messages = self.window.store.messages_around(message_id)
            view.show_conversation(conversation_id, messages)
        from deskreply.ui import theme

        return bool(view.highlight(message_id, theme.FOCUS, self._("Found message")))

    def on_synced(self, result: Any) -> None:
        """New messages were stored: notify about customers' new messages."""
        if self._closed:
            return
        window = self.window
        fresh = [m for m in result.new_messages if m.direction == "in"
                 and m.sent_at >= min(self._started_at, self.clock()) - NEWS_AGE_S]
        for message in fresh[-3:]:  # a burst after a reconnect is not 50 pop-ups
            if window.isActiveWindow() and message.conversation_id == \
                    window.current_conversation_id:
                continue
            self.tray.new_message(message.conversation_id, message.sender, message.text)
        self.counts_timer.start()

    def tick(self) -> None:
        """Every 30 s: wake due snoozes, tell about chats that crossed the red threshold."""
        if self._closed:
            return
        store = self.window.store
        woken = store.wake_due(self.clock())
        if woken:
            self.window.reload_list(woken)
        red = self.delegate.thresholds.red_s
        late = [cid for cid in store.waiting_longer_than(red, self.clock())
                if not self.tray.was_told_late(cid)]
        if len(late) > 2:  # many at once (start-up, back from lunch): one notice
            self.tray.many_late(late, int(red // 60))
        for cid in late if len(late) <= 2 else []:
            row = store.conversation(cid)
            self.tray.late(cid, row.contact_name, int(red // 60))
        self.refresh_counts()

    # -- privacy --------------------------------------------------------------------------------
    def ask_delete(self, contact_id: int) -> QMessageBox:
        _ = self._
        contact = self.contact_panel.contact
        name = contact.name if contact is not None else ""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Delete everything about this customer?"),
                          _("All messages, drafts, notes and check records of {name} will be "
                            "deleted from this computer. This cannot be undone.").format(
                              name=name), QMessageBox.StandardButton.Cancel, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        delete = box.addButton(_("Delete everything"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirmDelete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self.delete_contact(contact_id) if button is delete else None)
        self.confirm_box = box
        box.open()
        return box

    def delete_contact(self, contact_id: int) -> int:
        window = self.window
        window.composer.load("")
        current = window.current_conversation_id
        if current is not None and window.store.contact_id_of(current) == contact_id:
            window.chat_list.setCurrentIndex(window.model.index(-1))
            window.chat_list.selectionModel().clearCurrentIndex()
            window._current_id = None
            window.conversation.clear()
            self.contact_panel.contact = None
            self._show_current(None)
        deleted = window.store.delete_contact(contact_id)
        window.model.keep(None)
        window.model.set_filter(window.model.inbox_filter)
        self.refresh_counts()
        window.statusBar().showMessage(self._("Deleted {n} messages of this customer.").format(
            n=deleted), 10_000)
        return deleted

    def ask_export(self, contact_id: int) -> QFileDialog:
        dialog = QFileDialog(self.window, self._("Export this customer's data"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setNameFilter("JSON (*.json)")
        dialog.selectFile(f"contact-{contact_id}.json")
        dialog.fileSelected.connect(lambda name: self.export_contact(contact_id, Path(name)))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export_contact(self, contact_id: int, path: Path) -> None:
        data = self.window.store.export_contact(contact_id)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        self.last_export = path
        self.window.statusBar().showMessage(self._("Saved to {path}").format(path=path),
                                            10_000)

    def run_retention(self) -> RetentionJob | None:
        """Delete messages older than the retention period, on a worker thread."""
        days = self.window.settings.retention_days
        if days <= 0 or self._closed or (self.retention_job is not None
                                         and self.retention_job.isRunning()):
            return None
        job = RetentionJob(self.window.store.path, days, now=self.clock())
        job.deleted.connect(self._on_retention_done)
        job.failed.connect(lambda reason: log.warning("retention failed: %s", reason))
        self.retention_job = job
        job.start(RetentionJob.Priority.LowPriority)
        return job

    def _on_retention_done(self, count: int) -> None:
        self.retention_runs += 1
        if count and not self._closed:
            self.window.reload_list()
            current = self.window.current_conversation_id
            if current is not None:
                self.window.conversation.show_conversation(
                    current, self.window.store.messages(current, limit=200))

    # -- dashboard ------------------------------------------------------------------------------
    def open_dashboard(self) -> Any:
        from deskreply.ui.dashboard.dialog import open_dashboard

        self.dashboard = open_dashboard(self.window)
        return self.dashboard

    def shutdown(self) -> None:
        self._closed = True
        self.contact_panel.save_notes()
        for timer in (self.tick_timer, self.counts_timer, self.retention_timer,
                      self.contact_panel.notes_timer):
            timer.stop()
        if self.retention_job is not None:
            self.retention_job.wait()
        dashboard = getattr(self, "dashboard", None)
        if dashboard is not None:
            with contextlib.suppress(RuntimeError):  # already deleted
                dashboard.close()
        self.tray.shutdown()
