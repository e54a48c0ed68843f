"""The whole way of a reply: checks gate → review → undo window → outbox → channel → receipt.

The main window only wires this part. The store is the truth at every step:
- the reply gets its final channel id (email ``Message-ID``...) when it is held for the undo
  window, and is written to ``held_replies`` at once, so a crash during the wait loses
  nothing: at the next start it is sent, and the user is told;
- when the wait is over it becomes a queued message with its outbox row and check events
  (one transaction), is marked ``sending``, and only then handed to the network thread;
- receipts come back through the :class:`~deskreply.ui.channels.bridge.ChannelBridge`;
  a failed reply shows its reason and a Retry button in the conversation.

Signals:
    delivery_changed(int, str, str): message id, state, reason (plain words).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from deskreply.connectors.base import OutgoingMessage
from deskreply.connectors.runtime import NOT_RUNNING
from deskreply.i18n import translator
from deskreply.inbox_sync import SyncResult, account_config
from deskreply.settings import Settings
from deskreply.store import MessageRow, Store, StoreError
from deskreply.store.outbox import CheckEvent, OutboxEntry
from deskreply.ui.channels import CHANNELS_DOMAIN
from deskreply.ui.channels.bridge import ChannelBridge
from deskreply.ui.composer import Composer, needs_review
from deskreply.ui.conversation_view import ConversationView
from deskreply.ui.review_dialog import ReviewDialog
from deskreply.ui.text import Translate
from deskreply.ui.undo_send import PendingSend, UndoSendQueue

log = logging.getLogger(__name__)

# What a sensitive finding is logged as when its fix does not give a masked form.
MASK = "•••"


def excerpt_for(finding: Any) -> str:
    """What the check log keeps of a finding: never the sensitive data itself."""
    if finding.check == "sensitive":
        masked = finding.fixes[0].replacement if finding.fixes else ""
        return masked if masked and masked != finding.text else MASK
    return str(finding.text)


def _finding_key(finding: Any) -> tuple[str, str, str]:
    return (str(finding.check), str(finding.kind), str(finding.text))


class SendController(QObject):
    delivery_changed = Signal(int, str, str)

    def __init__(
        self,
        *,
        store: Store,
        composer: Composer,
        conversation: ConversationView,
        bridge: ChannelBridge,
        settings: Callable[[], Settings],
        translate: Translate,
        lang: str,
        agent_name: Callable[[], str],
        current_conversation: Callable[[], int | None],
        conversation_changed: Callable[[list[int]], None],
        show_status: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._ = translate
        self._c = translator(CHANNELS_DOMAIN, lang)  # this part's own messages
        self.store = store
        self.composer = composer
        self.conversation = conversation
        self.bridge = bridge
        self._settings = settings
        self._agent_name = agent_name  # read at send time: Settings may change it
        self._current = current_conversation
        self._changed = conversation_changed
        self._show_status = show_status
        self._parent = parent
        self.review_dialog: ReviewDialog | None = None
        self.checks_state = "idle"  # idle | loading | ready | failed
        self._send_after_load: int | None = None  # composer revision to send once loaded
        self.closed = False
        self.undo_queue = UndoSendQueue(self)
        self.undo_queue.due.connect(self._release)
        self.undo_queue.changed.connect(self._update_undo_bar)
        bridge.synced.connect(self._on_synced)
        conversation.retry_requested.connect(self.retry)
        composer.send_requested.connect(self.request_send)
        composer.undo_bar.undo_requested.connect(self.undo_send)
        composer.edit.undo_send_requested.connect(self.undo_send)
        composer.edit.textChanged.connect(self._on_composer_edited)

    # -- the gate --------------------------------------------------------------------------

    def request_send(self, text: str) -> None:
        """The user pressed Send: check, review if needed, then wait out the undo window."""
        conversation_id = self._current()
        if conversation_id is None or not text.strip() or self.closed:
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

    def checks_ready(self) -> None:
        self.checks_state = "ready"
        revision, self._send_after_load = self._send_after_load, None
        if revision is not None:
            self.composer.set_note("")
            if revision == self.composer.revision:
                self.request_send(self.composer.text())

    def checks_failed(self) -> None:
        self.checks_state = "failed"
        revision, self._send_after_load = self._send_after_load, None
        if revision is not None:
            self.composer.set_note("")
            if revision == self.composer.revision:
                QTimer.singleShot(0, self, lambda: self.request_send(self.composer.text()))

    def _on_composer_edited(self) -> None:
        if self._send_after_load is not None:  # editing cancels a send waiting for the checks
            self._send_after_load = None
            self.composer.set_note("")

    def _gate(self, conversation_id: int, revision: int, findings: list[Any] | None) -> None:
        if (self.closed or conversation_id != self._current()
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
                              note=note, parent=self._parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        for finding in findings:
            self.record(conversation_id, finding, "shown")
        dialog.fix_requested.connect(self.composer.apply_fix)
        dialog.reported.connect(
            lambda finding: self.record(conversation_id, finding, "reported"))
        revision = self.composer.revision
        dialog.finished.connect(
            lambda result: self._on_review_finished(conversation_id, dialog, result, revision))
        self.review_dialog = dialog
        dialog.open()

    def _on_review_finished(self, conversation_id: int, dialog: ReviewDialog,
                            result: int, opened_at: int) -> None:
        self.review_dialog = None
        dialog.deleteLater()
        if self.closed:
            return
        text = self.composer.text()
        if result != ReviewDialog.DialogCode.Accepted or conversation_id != self._current() \
                or not text.strip():
            self.composer.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        reason = dialog.reason_text()
        overridden = dialog.unresolved()
        if self.composer.revision != opened_at:
            # A fix changed the text inside the review: what goes out is checked again.
            seen = tuple(_finding_key(f) for f in overridden)
            revision = self.composer.revision
            self.composer.when_checked(lambda findings: self._after_fix(
                conversation_id, revision, findings, seen, reason))
            return
        events: list[CheckEvent] = [
            (f.check, f.kind, f.severity, "overridden", excerpt_for(f), reason)
            for f in overridden]
        self._queue_send(conversation_id, text, events)

    def _after_fix(self, conversation_id: int, revision: int, findings: list[Any] | None,
                   seen: tuple[tuple[str, str, str], ...], reason: str) -> None:
        """The re-check after a fix: send if only what the user already accepted remains,
        otherwise show the review again with what the checks see now."""
        if (self.closed or conversation_id != self._current()
                or revision != self.composer.revision or self.review_dialog is not None):
            return
        text = self.composer.text()
        serious = [f for f in findings or [] if f.severity in ("warning", "block")]
        new = [f for f in serious if _finding_key(f) not in seen]
        if findings is None or new:
            self._open_review(conversation_id, serious, self._c(
                "Your reply changed; this is what the checks see in it now."))
            return
        events: list[CheckEvent] = [
            (f.check, f.kind, f.severity, "overridden", excerpt_for(f), reason)
            for f in serious]
        self._queue_send(conversation_id, text, events)

    def record(self, conversation_id: int | None, finding: Any, action: str,
               reason: str = "") -> None:
        try:
            self.store.record_check_event(conversation_id, finding.check, finding.kind,
                                          finding.severity, action, excerpt_for(finding),
                                          reason)
        except StoreError as error:
            log.warning("check event not logged: %s", error)

    # -- the undo window -------------------------------------------------------------------

    def _queue_send(self, conversation_id: int, text: str, events: list[CheckEvent]) -> None:
        """Hold the reply for the undo window (store it at once when the window is off)."""
        text = text.strip()
        seconds = max(0, int(self._settings().undo_send_seconds))
        try:
            channel_id = self._new_channel_id(conversation_id)
            held = self.store.hold_reply(conversation_id, text, self._agent_name(),
                                         time.time() + seconds, channel_id, events)
            self.clear_composer(conversation_id)
        except StoreError as error:  # nothing was cleared: the words stay in the composer
            self._store_problem(error)
            return
        name = self.store.conversation(conversation_id).contact_name
        pending = PendingSend(conversation_id, text, name, time.monotonic() + seconds,
                              list(events), held_id=held.id)
        if seconds == 0:
            self._release(pending)
        else:
            self.undo_queue.add(pending)

    def _new_channel_id(self, conversation_id: int) -> str | None:
        login_id = self.store.login_of_conversation(conversation_id)
        if login_id is None:
            return None
        try:
            return self.bridge.host.new_channel_message_id(
                account_config(self.store.login(login_id)))
        except Exception as error:  # an unknown kind: it fails visibly when sent
            log.warning("no channel id for conversation %s: %s", conversation_id, error)
            return None

    def clear_composer(self, conversation_id: int) -> None:
        self.composer.flush_pending()
        self.store.save_draft(conversation_id, "")
        if conversation_id == self._current():
            self.composer.load("")

    def undo_send(self) -> PendingSend | None:
        """Take the most recent waiting reply back into its draft (and the composer)."""
        pending = self.undo_queue.undo()
        if pending is None:
            return None
        try:
            if pending.held_id is not None and self.store.drop_held(pending.held_id) is None:
                return None  # it went out meanwhile
            self._restore_draft(pending)
        except StoreError as error:
            self._store_problem(error)
        return pending

    def _restore_draft(self, pending: PendingSend) -> None:
        conversation_id = pending.conversation_id
        if conversation_id == self._current() and not self.closed:
            current = self.composer.text()
            text = pending.text + ("\n\n" + current if current.strip() else "")
            self.composer.load(text)
            self.composer.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            current = self.store.draft(conversation_id)
            text = pending.text + ("\n\n" + current if current.strip() else "")
        self.store.save_draft(conversation_id, text)

    def _update_undo_bar(self) -> None:
        current = self._current()
        self.composer.undo_bar.show_pending(
            [p for p in self.undo_queue.pending if p.conversation_id == current])

    def refresh_undo_bar(self) -> None:
        """The open chat changed: the bar shows only replies to this chat."""
        self._update_undo_bar()

    # -- out of the store, onto the channel --------------------------------------------------

    def _release(self, pending: PendingSend) -> None:
        if self.closed or pending.held_id is None:
            return
        try:
            message = self.store.release_held(pending.held_id)
        except StoreError as error:
            log.warning("reply not released yet: %s", error)
            self._store_problem(error)
            QTimer.singleShot(2_000, self, lambda: self._release(pending))
            return
        if message is None:
            return
        if message.conversation_id == self._current():
            self.conversation.append(message)
        self._changed([message.conversation_id])
        self.dispatch(message.id)

    def dispatch(self, message_id: int) -> None:
        """Mark the reply sending and hand it to its channel."""
        try:
            entry = self.store.outbox_entry(message_id)
            if entry.login_id is None:
                raise StoreError(detail="this chat has no channel account")
            login = self.store.login(entry.login_id)
            self.store.set_sending(message_id)
        except StoreError as error:
            log.warning("reply %s not handed to its channel: %s", message_id, error)
            self._failed(message_id, str(error))
            return
        outgoing = OutgoingMessage(
            message_id=message_id, account_id=login.id, contact_handle=entry.contact_handle,
            contact_name=entry.contact_name, text=entry.message.text,
            sender_name=self._agent_name(),
            channel_message_id=entry.message.channel_message_id or "",
            thread=entry.thread, maybe_sent=entry.attempts > 0)
        try:
            self.bridge.host.send(outgoing)
        except RuntimeError:  # the network thread is stopping (window closing)
            log.info("reply %s stays queued for the next start", message_id)

    def show_problems(self, messages: list[MessageRow]) -> None:
        """A conversation was opened: its failed replies show why, with Retry."""
        for message in messages:
            if message.direction == "out" and message.state == "failed":
                try:
                    reason = self.store.outbox_entry(message.id).last_error
                except StoreError:
                    continue
                self.conversation.set_state(message.id, "failed", self._reason_words(reason))

    def _failed(self, message_id: int, reason: str) -> None:
        try:
            self.store.mark_failed(message_id, reason)
        except StoreError as error:
            log.warning("failure of %s not stored: %s", message_id, error)
        self.conversation.set_state(message_id, "failed", self._reason_words(reason))

    def retry(self, message_id: int) -> None:
        """The user pressed Retry on a failed reply."""
        try:
            self.store.requeue(message_id)
        except StoreError as error:
            self._store_problem(error)
            return
        self.conversation.set_state(message_id, "queued")
        self.dispatch(message_id)

    def resume(self) -> None:
        """At start: send what a crash left held, and what is still queued or sending."""
        _ = self._c
        try:
            held = self.store.held_replies()
            released: list[MessageRow] = []
            for item in held:
                message = self.store.release_held(item.id)
                if message is not None:
                    released.append(message)
            entries: list[OutboxEntry] = self.store.outbox_entries()
        except StoreError as error:
            self._store_problem(error)
            return
        if released:
            self._show_status(_(
                "DeskReply closed while {n} reply(s) waited to be sent; sending them now.")
                .format(n=len(released)))
            self._changed([m.conversation_id for m in released])
        for entry in entries:
            if entry.message.state == "failed":
                continue  # waits for the user's Retry
            self.dispatch(entry.message.id)

    def _on_synced(self, result: SyncResult) -> None:
        if self.closed:
            return
        for message_id, state, reason, retry_at in result.deliveries:
            if state == "retrying":
                words = self._reason_words(reason)
                if retry_at is not None:
                    words = self._c("{reason} Trying again in {n} s.").format(
                        reason=words, n=max(1, round(retry_at - time.time())))
                self.conversation.set_state(message_id, "queued", words)
            elif state == "failed":
                self.conversation.set_state(message_id, "failed", self._reason_words(reason))
            elif state != "sending":
                self.conversation.set_state(message_id, state)
            self.delivery_changed.emit(message_id, state, reason)

    def _reason_words(self, reason: str) -> str:
        if reason == NOT_RUNNING:
            return self._c("Its account is not connected (disabled or removed in Accounts).")
        return reason

    def _store_problem(self, error: StoreError) -> None:
        self._show_status(self._c("Could not save: {reason}").format(reason=error))

    # -- closing ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Replies still in their undo window are kept as drafts, not sent: the user may
        have been about to press Undo (the undo bar's tooltip says so)."""
        for pending in self.undo_queue.take_all():
            try:
                if pending.held_id is not None:
                    self.store.drop_held(pending.held_id)
                self._restore_draft(pending)
                log.info("unsent reply to conversation %s kept as a draft",
                         pending.conversation_id)
            except StoreError as error:
                log.warning("unsent reply could not be kept as draft: %s", error)
        self.closed = True
        if self.review_dialog is not None:
            self.review_dialog.reject()
