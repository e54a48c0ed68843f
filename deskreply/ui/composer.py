"""The composer: a plain-text editor checked as you type, with fixes one click away.

Drafts are saved while typing (debounced), so nothing is lost on a crash or a chat switch.
After a short pause in typing the draft goes to the checks on a worker thread
(:mod:`deskreply.ui.check_worker`); the findings come back tagged with the draft revision
they were computed for, and only results for the text on screen are shown: underlined in the
editor (:mod:`deskreply.ui.finding_highlighter`) and listed under it
(:mod:`deskreply.ui.findings_panel`).

Keyboard: Ctrl+Enter sends (or Enter, with the "Enter sends" setting; Shift+Enter is then a new
line); Ctrl+. opens the fixes for the words at the cursor; Tab moves on to the findings.

Signals:
    send_requested(str): the user asked to send this text (not yet stripped of spaces).
    draft_changed(): the text changed (the window saves it after a short pause).
    finding_event(object, str, str): finding, action (``fixed`` | ``ignored``), reason.
    never_warn_requested(object, str): finding, scope (``kind`` | ``word``): the user wants
        no more warnings like this one (the window saves it in the settings).
    findings_changed(): the findings shown for the current text changed.
"""

from __future__ import annotations

import copy
import html
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from deskreply.i18n import normalise_language
from deskreply.settings import Settings
from deskreply.ui.check_worker import CheckJob, CheckService
from deskreply.ui.emoji_picker import EmojiPicker
from deskreply.ui.finding_highlighter import (
    SEVERITY_RANK,
    FindingHighlighter,
    MarkedFinding,
    py_to_qt,
)
from deskreply.ui.findings_panel import FindingsPanel, severity_word
from deskreply.ui.text import Translate
from deskreply.ui.undo_send import UndoSendBar

DRAFT_DELAY_MS = 300
# Pause in typing before the draft is checked: short enough to feel live, long enough that a
# fast typist does not queue a check per key.
CHECK_DELAY_MS = 150
# The longest word offered for "never warn me about this word".
MAX_IGNORED_WORD = 40

FindingsCallback = Callable[[list[Any] | None], None]


def needs_review(findings: list[Any]) -> bool:
    """True when a finding is serious enough (warning or block) to review before sending."""
    return any(SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK["warning"] for f in findings)


class ComposerEdit(QPlainTextEdit):
    """The editor. Emits ``send_requested`` on Ctrl+Enter (or Enter when ``enter_sends``)."""

    send_requested = Signal()
    menu_requested = Signal(int, QPoint)  # Qt text position, global point (-1: at cursor)
    undo_send_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.enter_sends = False
        self.explain_at: Callable[[int], str] = lambda _position: ""
        self.finding_at: Callable[[int], MarkedFinding | None] = lambda _position: None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            if ctrl or (self.enter_sends and not shift):
                event.accept()
                self.send_requested.emit()
                return
            if shift:  # Shift+Enter would insert a line separator (U+2028); make it a newline
                self.textCursor().insertText("\n")
                return
        if ctrl and key == Qt.Key.Key_Period:
            event.accept()
            rect = self.cursorRect()
            self.menu_requested.emit(-1, self.viewport().mapToGlobal(rect.bottomLeft()))
            return
        if ctrl and key == Qt.Key.Key_Z and not self.document().isUndoAvailable():
            event.accept()
            self.undo_send_requested.emit()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        position = self.cursorForPosition(event.pos()).position()
        if self.finding_at(position) is not None:
            self.menu_requested.emit(position, event.globalPos())
            return
        super().contextMenuEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            text = self.explain_at(position)
            if text:
                # Tooltips guess at rich text; escape so quoted draft text stays literal.
                QToolTip.showText(event.globalPos(),
                                  f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>",
                                  self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class Composer(QWidget):
    """Editor, findings and Send button for the selected conversation (objectName composer)."""

    send_requested = Signal(str)
    draft_changed = Signal()
    finding_event = Signal(object, str, str)
    never_warn_requested = Signal(object, str)
    findings_changed = Signal()

    def __init__(self, translate: Translate, settings: Settings | None = None) -> None:
        super().__init__()
        _ = self._ = translate
        self.settings = settings or Settings()
        self.setObjectName("composer")
        self.setAccessibleName(_("Reply"))
        self.edit = ComposerEdit()
        self.edit.setObjectName("composerEdit")
        self.edit.setAccessibleName(_("Your reply"))
        self.edit.setPlaceholderText(_("Write your reply here…"))
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.send_button = QPushButton(_("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(_("Send reply"))
        self.send_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hint = QLabel()
        self.hint.setObjectName("composerHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(_("Keyboard hint"))
        self.panel = FindingsPanel(translate)
        self.undo_bar = UndoSendBar(translate)
        # The emoji picker marks risky emojis with the same explanations as the check.
        self.emoji_lang = "en"  # set by the window to the UI language
        self.emoji_recent_path: Path | None = None  # where recent emojis are kept
        self.emoji_picker: EmojiPicker | None = None
        self.emoji_button = QToolButton()
        self.emoji_button.setObjectName("emojiButton")
        self.emoji_button.setText("🙂")
        self.emoji_button.setAccessibleName(_("Insert an emoji"))
        self.emoji_button.setToolTip(_("Insert an emoji (Ctrl+;)"))
        self.emoji_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.emoji_button.clicked.connect(self.open_emoji_picker)
        # Ctrl+E too: on Spanish keyboards ";" needs Shift, so Ctrl+; is awkward there.
        self.emoji_shortcut = QShortcut(self)
        self.emoji_shortcut.setKeys([QKeySequence("Ctrl+;"), QKeySequence("Ctrl+E")])
        self.emoji_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.emoji_shortcut.activated.connect(self.open_emoji_picker)

        # Everything sits in layouts that grow with the text: the hint wraps, the findings
        # panel grows up to its maximum and then scrolls, and minimumSizeHint() asks the
        # splitter for the room all of it needs, so nothing is drawn over anything else.
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.emoji_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        self._bottom = bottom
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.panel)
        layout.addLayout(bottom)

        # Debounce: the draft is written once typing pauses, not on every key.
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.draft_changed)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self._submit)
        self._loading = False

        # Live checks. ``revision`` counts every change of the text; a result is shown only
        # if it was computed for the current revision.
        self.checks = CheckService(self)
        self.checks.finished.connect(self._on_report)
        self.checks.failed.connect(self._on_check_failed)
        self.revision = 0
        self.checked_revision = -1
        self.check_failed = False
        self._findings: list[Any] = []
        self._raw_findings: list[Any] = []
        self._ignored_once: set[tuple[str, str, str]] = set()
        self._waiting: tuple[int, FindingsCallback] | None = None
        self._context: dict[str, Any] = {}
        self._note = ""
        self._why_not = ""  # why this chat cannot be answered here ("" = it can)
        self.highlighter = FindingHighlighter(self.edit)

        self.edit.explain_at = self._explain_at
        self.edit.finding_at = self.highlighter.at
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.send_requested.connect(self._request_send)
        self.edit.menu_requested.connect(self._on_menu_requested)
        self.edit.cursorPositionChanged.connect(self._update_hint)
        self.send_button.clicked.connect(self._request_send)
        self.panel.fix_requested.connect(self.apply_fix)
        self.panel.finding_activated.connect(self.select_finding)
        self.panel.menu_requested.connect(self._popup_menu)
        self.apply_settings(self.settings, recheck=False)
        self._update_tab_order()
        self._size_buttons()
        self.set_enabled(False)

    # -- layout -----------------------------------------------------------------------------
    def _size_buttons(self) -> None:
        """The emoji button is as tall as Send and square: easy to hit at any text size."""
        side = max(36, self.send_button.sizeHint().height())
        self.emoji_button.setMinimumSize(side, side)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is None:
            return hint
        margins = layout.contentsMargins()
        width = max(self.width(), hint.width()) - margins.left() - margins.right()
        parts = [self.edit.minimumHeight(), self._bottom_height(width)]
        if self.panel.isVisibleTo(self):
            parts.append(self.panel.minimumHeight())
        if self.undo_bar.isVisibleTo(self):
            parts.append(self.undo_bar.minimumSizeHint().height())
        height = (sum(parts) + layout.spacing() * (len(parts) - 1)
                  + margins.top() + margins.bottom())
        return QSize(hint.width(), max(hint.height(), height))

    def _bottom_height(self, width: int) -> int:
        buttons = self.emoji_button.minimumWidth() + self.send_button.sizeHint().width() + 16
        hint = self.hint.heightForWidth(max(40, width - buttons))
        return max(hint, self.send_button.sizeHint().height(), self.emoji_button.minimumHeight())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) \
                and hasattr(self, "send_button"):
            self._size_buttons()
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the hint wraps differently: the splitter may need to know

    # -- public -----------------------------------------------------------------------------
    def open_emoji_picker(self) -> None:
        """Show the picker above the emoji button (on screen); the emoji goes in at the cursor."""
        picker = self.emoji_picker
        if picker is not None and (picker.lang, picker.max_version) != (
                normalise_language(self.emoji_lang), self.settings.emoji_max_version):
            picker.deleteLater()  # the language or the phones' emoji version changed
            self.emoji_picker = None
        if self.emoji_picker is None:
            self.emoji_picker = EmojiPicker(self.emoji_lang, self.emoji_recent_path,
                                            self.settings.emoji_max_version, self)
            self.emoji_picker.emojiChosen.connect(self._insert_emoji)
        button = self.emoji_button
        anchor = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        self.emoji_picker.popup_at(anchor.topLeft(), anchor)

    def _insert_emoji(self, emoji: str) -> None:
        self.edit.insertPlainText(emoji)
        self.edit.setFocus()

    def text(self) -> str:
        return self.edit.toPlainText()

    def load(self, text: str) -> None:
        """Show a saved draft without it counting as a change (the checks do run on it)."""
        self._loading = True
        try:
            self._ignored_once.clear()
            self._raw_findings = []  # the old draft's findings go at once
            self._show_findings()
            self.edit.setPlainText(text)
            cursor = self.edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.edit.setTextCursor(cursor)
        finally:
            self._loading = False
        self.draft_timer.stop()
        self._update_button()

    def set_enabled(self, enabled: bool, why_not: str = "") -> None:
        """Allow writing and sending, or not; ``why_not`` says why in the hint line, the
        reply box and Send's tooltip (e.g. an encrypted chat DeskReply cannot answer)."""
        self.edit.setEnabled(enabled)
        self.emoji_button.setEnabled(enabled)
        self._why_not = "" if enabled else why_not
        # The reason goes in the hint line below; an empty box invites no typing.
        self.edit.setPlaceholderText("" if self._why_not else self._("Write your reply here…"))
        self.send_button.setToolTip(self._why_not or self._send_tip)
        self._update_button()
        self._update_hint()

    def flush_pending(self) -> bool:
        """Stop the debounce timer; True if a draft save was pending."""
        pending = self.draft_timer.isActive()
        self.draft_timer.stop()
        return pending

    def apply_settings(self, settings: Settings, recheck: bool = True) -> None:
        """Use these settings (Enter behaviour, ignored kinds and words) from now on."""
        self.settings = settings
        _ = self._
        self.edit.enter_sends = settings.enter_sends
        if settings.enter_sends:
            self._default_hint = _("Enter sends · Shift+Enter starts a new line")
            self.edit.setAccessibleDescription(
                _("Press Enter to send. Shift+Enter starts a new line."))
            self._send_tip = _("Send (Enter)")
        else:
            self._default_hint = _("Ctrl+Enter sends · Enter starts a new line")
            self.edit.setAccessibleDescription(
                _("Press Ctrl+Enter to send. Enter starts a new line."))
            self._send_tip = _("Send (Ctrl+Enter)")
        self.send_button.setToolTip(self._why_not or self._send_tip)
        self._update_hint()
        if recheck:
            self.recheck()

    def set_note(self, note: str) -> None:
        """A message in the hint line (e.g. checks still loading); empty restores the hint."""
        self._note = note
        self._update_hint()

    def shutdown(self) -> None:
        """Stop timers and the check thread (the window is closing)."""
        self.draft_timer.stop()
        self.check_timer.stop()
        self._waiting = None
        self.checks.stop()

    # -- checks -----------------------------------------------------------------------------
    def set_checker(self, checker: Any) -> None:
        """Start live checking with this loaded Checker."""
        self.checks.set_checker(checker)
        self.recheck()

    def set_context(self, *, lang: str | None = None, incoming: str | None = None,
                    contact_name: str | None = None,
                    history: tuple[tuple[str, str], ...] = (),
                    formality: str | None = None) -> None:
        """What the conversation tells the checks (language, last customer message, name,
        how the customer wants to be addressed when known)."""
        context = {"lang": lang, "incoming": incoming, "contact_name": contact_name,
                   "history": history, "formality": formality}
        if context != self._context:
            self._context = context
            self.checked_revision = -1  # the same text may read differently now
            self._schedule_check()

    def recheck(self) -> None:
        """Check the current text again soon (settings or context changed)."""
        self.checked_revision = -1
        self._schedule_check()

    def is_up_to_date(self) -> bool:
        return self.checked_revision == self.revision

    def findings(self) -> list[Any]:
        """The findings shown for the current text (without those ignored once)."""
        return list(self._findings)

    def when_checked(self, callback: FindingsCallback) -> None:
        """Call ``callback(findings)`` once the current text is checked (at once if it is).

        ``callback(None)`` means the check failed. If the text changes first, the callback is
        dropped: the user went back to editing.
        """
        if self.is_up_to_date():
            callback(None if self.check_failed else self.findings())
            return
        self._waiting = (self.revision, callback)
        self.check_timer.stop()
        if not self._submit():
            self._waiting = None
            callback(None)

    def _schedule_check(self) -> None:
        if self.checks.ready:
            self.check_timer.start()

    def _submit(self) -> bool:
        self.check_timer.stop()
        if not self.checks.ready:
            return False
        context = self._context
        job = CheckJob(
            revision=self.revision,
            text=self.text(),
            lang=context.get("lang"),
            incoming=context.get("incoming"),
            contact_name=context.get("contact_name"),
            history=context.get("history", ()),
            formality=context.get("formality"),
            settings=copy.deepcopy(self.settings),  # the worker reads it on its thread
        )
        return self.checks.submit(job)

    def _on_report(self, job: CheckJob, report: Any) -> None:
        if job.revision != self.revision:
            return  # the text changed since: a newer check is on its way
        self.checked_revision = job.revision
        self.check_failed = False
        self._raw_findings = list(report.findings)
        self._show_findings()
        self._resolve_waiting()

    def _on_check_failed(self, job: CheckJob, _reason: str) -> None:
        if job.revision != self.revision:
            return
        self.checked_revision = job.revision
        self.check_failed = True
        self._raw_findings = []
        self._show_findings()
        self._resolve_waiting()

    def _resolve_waiting(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None and waiting[0] == self.revision:
            waiting[1](None if self.check_failed else self.findings())

    def _show_findings(self) -> None:
        self._findings = [f for f in self._raw_findings
                          if (f.check, f.kind, f.text) not in self._ignored_once]
        self.highlighter.show(self.text(), self._findings)
        self.panel.show_findings(self._findings)
        self._update_tab_order()
        self._update_button()
        self._update_hint()
        self.findings_changed.emit()

    # -- fixes and ignoring -------------------------------------------------------------------
    def locate(self, finding: Any) -> MarkedFinding | None:
        """The editor span of ``finding`` (or of an equal one from a newer check)."""
        mark = self.highlighter.find(finding)
        if mark is None:
            for candidate in self.highlighter.marked:
                other = candidate.finding
                if (other.check, other.kind, other.text) == (
                        finding.check, finding.kind, finding.text):
                    mark = candidate
                    break
        return mark

    def apply_fix(self, finding: Any, index: int = 0) -> bool:
        """Replace the finding's words with its fix number ``index``; False if not possible."""
        if not 0 <= index < len(finding.fixes):
            return False
        cursor = self._span_cursor(finding)
        if cursor is None:
            return False
        replacement = finding.fixes[index].replacement
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        if not replacement:
            _tidy_spaces(cursor)
        cursor.endEditBlock()
        self.edit.setTextCursor(cursor)
        self.finding_event.emit(finding, "fixed", finding.fixes[index].label)
        return True

    def _span_cursor(self, finding: Any) -> QTextCursor | None:
        mark = self.locate(finding)
        if mark is not None and mark.is_intact():
            return QTextCursor(mark.cursor)
        # Not underlined (yet): find the words in the text as it is now.
        text = self.text()
        start = text.find(finding.text) if finding.text else -1
        if start < 0:
            return None
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(py_to_qt(text, start))
        cursor.setPosition(py_to_qt(text, start + len(finding.text)),
                           QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def ignore_once(self, finding: Any) -> None:
        """Stop showing this finding for this draft."""
        self._ignored_once.add((finding.check, finding.kind, finding.text))
        self._show_findings()
        self.finding_event.emit(finding, "ignored", "once")

    def never_warn(self, finding: Any, scope: str) -> None:
        """Hide it now; the window stores the choice in the settings and checks again."""
        self._ignored_once.add((finding.check, finding.kind, finding.text))
        self._show_findings()
        self.never_warn_requested.emit(finding, scope)

    def select_finding(self, finding: Any) -> None:
        """Select the finding's words in the editor and move the focus there."""
        cursor = self._span_cursor(finding)
        if cursor is None:
            return
        self.edit.setTextCursor(cursor)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.ensureCursorVisible()

    def finding_menu(self, finding: Any) -> QMenu:
        """The menu of one finding: its fixes, "Ignore once", "Never warn me about this"."""
        _ = self._
        menu = QMenu(self.edit)
        menu.setObjectName("findingMenu")
        title = menu.addAction(f"{severity_word(finding.severity, _)}: {finding.message}")
        title.setEnabled(False)
        menu.addSeparator()
        for index, fix in enumerate(finding.fixes):
            action = menu.addAction(fix.label.replace("&", "&&"))
            action.setObjectName(f"fixAction{index}")
            action.triggered.connect(
                lambda _checked=False, i=index: self.apply_fix(finding, i))
        if finding.fixes:
            menu.addSeparator()
        once = menu.addAction(_("Ignore once"))
        once.setObjectName("ignoreOnceAction")
        once.triggered.connect(lambda: self.ignore_once(finding))
        never = menu.addAction(_("Never warn me about this kind of problem"))
        never.setObjectName("neverKindAction")
        never.triggered.connect(lambda: self.never_warn(finding, "kind"))
        word = finding.text.strip()
        # Sensitive data is never remembered as a "word": that would store it in the settings.
        if finding.check != "sensitive" and word and len(word) <= MAX_IGNORED_WORD:
            never_word: QAction = menu.addAction(
                _("Never warn me about “{word}”").format(word=word).replace("&", "&&"))
            never_word.setObjectName("neverWordAction")
            never_word.triggered.connect(lambda: self.never_warn(finding, "word"))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def _on_menu_requested(self, position: int, point: QPoint) -> None:
        if position < 0:  # Ctrl+.: the finding at the cursor, else the next one after it
            position = self.edit.textCursor().position()
            mark = self.highlighter.at(position) or next(
                (m for m in sorted(self.highlighter.marked,
                                   key=lambda m: m.cursor.selectionStart())
                 if m.cursor.selectionStart() >= position), None)
            if mark is None and self.highlighter.marked:
                mark = self.highlighter.marked[0]
            if mark is None:
                return
            cursor = self.edit.textCursor()
            cursor.setPosition(mark.cursor.selectionStart())
            self.edit.setTextCursor(cursor)
            point = self.edit.viewport().mapToGlobal(self.edit.cursorRect().bottomLeft())
        else:
            mark = self.highlighter.at(position)
            if mark is None:
                return
        self._popup_menu(mark.finding, point)

    def _popup_menu(self, finding: Any, point: QPoint) -> None:
        self.finding_menu(finding).popup(point)

    # -- internals --------------------------------------------------------------------------
    def _explain_at(self, position: int) -> str:
        mark = self.highlighter.at(position)
        if mark is None:
            return ""
        return f"{severity_word(mark.finding.severity, self._)}: {mark.finding.message}"

    def _on_text_changed(self) -> None:
        self.revision += 1
        self._waiting = None  # a send waiting for a check is cancelled by further typing
        self._update_button()
        if not self._loading:
            self.draft_timer.start()
        self._schedule_check()

    def _update_button(self) -> None:
        _ = self._
        self.send_button.setEnabled(self.edit.isEnabled() and bool(self.text().strip()))
        label = _("Review & send") if needs_review(self._findings) else _("Send")
        label = label.replace("&", "&&")  # a lone & would become a keyboard mnemonic
        if self.send_button.text() != label:
            self.send_button.setText(label)

    def _update_tab_order(self) -> None:
        """Tab: Undo (if shown) → editor → each finding and its fixes → emoji → Send."""
        chain: list[QWidget] = [self.undo_bar.button, self.edit, *self.panel.focus_chain(),
                                self.emoji_button, self.send_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _update_hint(self) -> None:
        text = self._why_not or self._note
        if not text:
            mark = self.highlighter.at(self.edit.textCursor().position()) \
                if self.highlighter.marked else None
            if mark is not None:
                text = self._("{problem} — Ctrl+. for fixes").format(
                    problem=self._explain_at(self.edit.textCursor().position()))
            else:
                text = self._default_hint
        if self.hint.text() != text:
            self.hint.setText(text)
            self.updateGeometry()

    def _request_send(self) -> None:
        if self.edit.isEnabled() and self.text().strip():
            self.send_requested.emit(self.text())


def _tidy_spaces(cursor: QTextCursor) -> None:
    """After removing words, do not leave two spaces (or a space at the start) behind."""
    document = cursor.document()
    position = cursor.position()
    before = document.characterAt(position - 1) if position > 0 else "\n"
    after = document.characterAt(position)
    if after == " " and before in (" ", "\n", "\u2029"):
        cursor.deleteChar()
    elif before == " " and after in (" ", "\n", "\u2029", ".", ",", "\x00"):
        cursor.deletePreviousChar()
