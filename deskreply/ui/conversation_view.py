"""The conversation pane: contact header and message bubbles (incoming left, outgoing right).

Every piece of outside text goes into a QLabel forced to Qt.PlainText: a customer who writes
``<b>`` or ``<img src=...>`` sees exactly those characters, nothing is rendered or fetched.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskreply.i18n import translator
from deskreply.store import ConversationRow, MessageRow
from deskreply.ui.link_guard import confirm_and_open, find_links, inspect
from deskreply.ui.text import (
    N_,
    Translate,
    bubble_text,
    channel_label,
    clock_text,
    size_text,
    state_text,
)
from deskreply.ui.untrusted import neutral, one_line

# Bubbles never take more than this share of the pane's width.
BUBBLE_SHARE = 0.72
# Space taken by a bubble's margins and border around its text.
BUBBLE_CHROME = 12 + 12 + 2
# Messages from the same person within this many seconds form one group (one name shown).
GROUP_SECONDS = 10 * 60
# Links are looked for in the start of a message only: a 1 MB paste stays quick to show.
MAX_LINK_SCAN = 20_000
# Opening a long conversation builds only the newest bubbles; older ones are built in batches
# when the user scrolls up to them (each bubble is a few widgets: ~4 ms apiece).
# Opening builds bubbles from the newest back until they fill the view and the margin above
# it (at least FIRST_MIN, at most FIRST_BATCH): a screenful, whatever the text size.
FIRST_MIN = 3
FIRST_BATCH = 16
OLDER_BATCH = 30
# Scrolled this close to the top, the next older batch is built.
OLDER_MARGIN_PX = 200


def plain_label(text: str = "", object_name: str = "") -> QLabel:
    """A QLabel that can only ever show plain text."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if object_name:
        label.setObjectName(object_name)
    return label


class MessageBubble(QFrame):
    """One message: sender, text, time and (for outgoing) delivery state.

    Signals:
        retry_requested(int): Retry was pressed on this failed reply (its message id).
    """

    retry_requested = Signal(int)

    def __init__(self, message: MessageRow, translate: Translate,
                 link_translate: Translate | None = None) -> None:
        super().__init__()
        self._ = translate
        self._link_ = link_translate or translator("ui_safety", "en")
        self.link_dialog: QDialog | None = None
        self.message = message
        outgoing = message.direction == "out"
        self.setObjectName("bubbleOut" if outgoing else "bubbleIn")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        sender = translate("You") if outgoing and message.sender in ("", "You") \
            else message.sender
        # Outside text: plain, and with no bidi override that could turn it around.
        self.sender_label = plain_label(one_line(sender), "bubbleSender")
        self.text_label = plain_label(neutral(bubble_text(message.text, translate)),
                                      "bubbleText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = plain_label("", "bubbleMeta")
        self.meta_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        for label in (self.sender_label, self.text_label):
            layout.addWidget(label)
        # Links stay text; a button per link asks before anything is opened.
        self.link_buttons: list[QPushButton] = []
        if not outgoing:
            for link in find_links(message.text[:MAX_LINK_SCAN]):
                self._add_link_button(layout, link)
        files = message.attachments()
        # Only a message with files gets the line that lists them (names are outside text).
        self.attachments_label: QLabel | None = None
        if files:
            self.attachments_label = plain_label(
                "\n".join(f"📎 {one_line(name)} ({size_text(size)})" for name, size in files),
                "bubbleAttachments")
            self.attachments_label.setWordWrap(True)
            self.attachments_label.setToolTip(
                translate("Attachments are not opened by DeskReply."))
            layout.addWidget(self.attachments_label)
        layout.addWidget(self.meta_label)
        # Why a reply has not gone out yet and a Retry button: built the first time a reply
        # is held up (most bubbles never need them, and opening a chat builds many bubbles).
        self._problem: tuple[QLabel, QPushButton] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self._natural: tuple[str, int] | None = None
        self._failed_style: bool | None = None
        self.update_state(message.state)

    @property
    def problem_label(self) -> QLabel:
        return self._problem_widgets()[0]

    @property
    def retry_button(self) -> QPushButton:
        return self._problem_widgets()[1]

    def _problem_widgets(self) -> tuple[QLabel, QPushButton]:
        if self._problem is None:
            label = plain_label("", "bubbleProblem")
            label.setWordWrap(True)
            label.hide()
            button = QPushButton(self._("Retry"))
            button.setObjectName("retryButton")
            button.setAccessibleName(self._("Try sending this reply again"))
            button.hide()
            button.clicked.connect(lambda: self.retry_requested.emit(self.message.id))
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.addWidget(label)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
            self._problem = (label, button)
        return self._problem

    def _add_link_button(self, layout: QVBoxLayout, link: str) -> None:
        info = inspect(link)
        shown = info.host or link
        button = QPushButton(self._link_("Open link: {host}").format(host=shown))
        button.setObjectName("linkButton")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setAccessibleName(self._link_("Open this link (asks first): {url}").format(
            url=info.url))
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda: self.open_link(link))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.link_buttons.append(button)

    def open_link(self, link: str) -> QDialog:
        """Ask first (showing the real target); the browser opens only on "Open"."""
        self.link_dialog = confirm_and_open(link, self._link_, self.window())
        return self.link_dialog

    def fit(self, max_width: int) -> None:
        """As wide as the text needs (on one line per paragraph), at most ``max_width``."""
        self.setMaximumWidth(max_width)
        inner = max(80, max_width - BUBBLE_CHROME)
        self.text_label.setMinimumWidth(min(inner, self._natural_width()))

    def _natural_width(self) -> int:
        font_key = self.text_label.font().key()
        if self._natural is None or self._natural[0] != font_key:
            widths = [
                label.fontMetrics().boundingRect(
                    QRect(0, 0, 1_000_000, 1_000_000), 0, label.text()).width()
                for label in (self.text_label, self.sender_label, self.meta_label)
            ]
            self._natural = (font_key, max(widths) + 4)
        return self._natural[1]

    def update_state(self, state: str, detail: str = "") -> None:
        _ = self._
        self.state = state
        held_up = bool(detail) and state in ("queued", "failed")
        if held_up or state == "failed" or self._problem is not None:
            self.problem_label.setText(detail)
            self.problem_label.setVisible(held_up)
            self.retry_button.setVisible(state == "failed")
        parts = [clock_text(self.message.sent_at)]
        if self.message.direction == "out":
            parts.append(state_text(state, _))
        self.meta_label.setText(" · ".join(parts))
        failed = state == "failed"
        if failed != self._failed_style:  # re-polishing costs; only when the look changes
            self._failed_style = failed
            self.meta_label.setProperty("failed", failed)
            self.meta_label.style().unpolish(self.meta_label)
            self.meta_label.style().polish(self.meta_label)
        who = _("Message from {name}").format(name=self.sender_label.text())
        self.setAccessibleName(who)
        self.setAccessibleDescription(
            f"{neutral(self.message.text[:500])} ({self.meta_label.text()})")


class ConversationView(QScrollArea):
    """Scrollable list of bubbles for one conversation (objectName ``conversationView``).

    Signals:
        retry_requested(int): the user pressed Retry on this failed reply (message id).
    """

    retry_requested = Signal(int)

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        self._ = translate
        self.setObjectName("conversationView")
        self.setAccessibleName(translate("Conversation"))
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget()
        self._content.setObjectName("messageList")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(16, 16, 16, 16)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self._bubbles: dict[int, MessageBubble] = {}
        # The language of the link confirmation (the window sets it from the UI language).
        self.link_translate: Translate = translator("ui_safety", "en")
        self._last_message: MessageRow | None = None
        self.conversation_id: int | None = None
        self.highlighted_id: int | None = None
        self._empty = plain_label(translate("Pick a chat on the left to read it."),
                                  "emptyConversation")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._empty)
        self._older: list[MessageRow] = []  # not built yet, oldest first
        # Until the user scrolls, the newest message stays in view while layouts settle.
        self._pin_bottom = False
        self._keep_from_bottom: int | None = None
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().rangeChanged.connect(self._on_range)

    # -- public -----------------------------------------------------------------------------
    def show_conversation(self, conversation_id: int, messages: Sequence[MessageRow]) -> None:
        self.clear()
        self.conversation_id = conversation_id
        self._empty.hide()
        messages = list(messages)
        # Newest first until a screenful is built, then put in order above one another.
        wanted = self.viewport().height() + OLDER_MARGIN_PX
        newest: list[tuple[MessageRow, QWidget, MessageBubble]] = []
        height = 0
        for index in range(len(messages) - 1, -1, -1):
            if len(newest) >= FIRST_BATCH or (len(newest) >= FIRST_MIN and height >= wanted):
                break
            previous = messages[index - 1] if index > 0 else None
            row, bubble = self._make_row(messages[index], previous)
            newest.append((messages[index], row, bubble))
            height += bubble.sizeHint().height() + self._layout.spacing()
        if newest:
            newest[-1][2].sender_label.show()  # the top bubble names its sender
        self._older = messages[:len(messages) - len(newest)]
        for message, row, bubble in reversed(newest):
            self._layout.addWidget(row)
            self._bubbles[message.id] = bubble
            self._last_message = message
        self._scroll_to_end()

    def older_count(self) -> int:
        """Messages of the open conversation whose bubbles are not built yet."""
        return len(self._older)

    def load_older(self, count: int = OLDER_BATCH) -> int:
        """Build the next ``count`` older bubbles above the shown ones, keeping the view
        where it is. Returns how many were built."""
        if not self._older:
            return 0
        batch = self._older[-count:]
        del self._older[-count:]
        self._pin_bottom = False
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        built: dict[int, MessageBubble] = {}
        previous: MessageRow | None = None
        position = 2  # after the stretch and the (hidden) empty label
        for message in batch:
            row, bubble = self._make_row(message, previous)
            self._layout.insertWidget(position, row)
            position += 1
            built[message.id] = bubble
            previous = message
        first_shown = next(iter(self._bubbles.values()), None)
        if first_shown is not None and previous is not None and _same_group(
                previous, first_shown.message):
            first_shown.sender_label.hide()
        self._bubbles = {**built, **self._bubbles}
        # The content grows at the next layout pass: keep the distance from the bottom then,
        # so what the user was reading stays where it was.
        self._keep_from_bottom = from_bottom
        return len(batch)

    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        if value < bar.maximum():
            self._pin_bottom = False
        if self._older and value <= OLDER_MARGIN_PX and self.isVisible() and (
                not self._pin_bottom or bar.maximum() <= OLDER_MARGIN_PX):
            self.load_older()

    def _on_range(self, _minimum: int, maximum: int) -> None:
        if self._keep_from_bottom is not None:
            keep, self._keep_from_bottom = self._keep_from_bottom, None
            self.verticalScrollBar().setValue(maximum - keep)
        elif self._pin_bottom:
            self.verticalScrollBar().setValue(maximum)
        if self._older and maximum <= OLDER_MARGIN_PX and self.isVisible():
            # Too little to scroll up to the older messages (a tall window, short ones):
            # build the next batch now, after this layout pass.
            QTimer.singleShot(0, self, self._fill_short_view)

    def _fill_short_view(self) -> None:
        """Build older bubbles while the content is too short to scroll up to them."""
        room = self.viewport().height() + OLDER_MARGIN_PX
        if self._older and self.isVisible() and self._layout.sizeHint().height() <= room:
            self.load_older()
            # The new bubbles count in the layout once shown, at the next turn: check again.
            QTimer.singleShot(0, self, self._fill_short_view)

    def append(self, message: MessageRow) -> None:
        if message.conversation_id != self.conversation_id or message.id in self._bubbles:
            return
        self._add(message)
        self._scroll_to_end()

    def set_state(self, message_id: int, state: str, detail: str = "") -> None:
        bubble = self._bubbles.get(message_id)
        if bubble is not None:
            bubble.update_state(state, detail)

    def clear(self) -> None:
        for bubble in self._bubbles.values():
            row = bubble.parentWidget()
            if row is not None:
                self._layout.removeWidget(row)
                row.deleteLater()
        self._bubbles.clear()
        self._older = []
        self._keep_from_bottom = None
        self.highlighted_id = None
        self._last_message = None
        self.conversation_id = None
        self._empty.show()

    def bubbles(self) -> list[MessageBubble]:
        return list(self._bubbles.values())

    def highlight(self, message_id: int, colour: str = "#1a5fb4",
                  description: str = "") -> bool:
        """Scroll to one message and frame it (a search result); False if it is not shown."""
        while message_id not in self._bubbles and any(m.id == message_id for m in self._older):
            self.load_older()
        bubble = self._bubbles.get(message_id)
        if bubble is None:
            return False
        previous = self._bubbles.get(self.highlighted_id or -1)
        if previous is not None:
            previous.setStyleSheet("")
        bubble.setStyleSheet(f"QFrame#{bubble.objectName()} {{ border: 3px solid {colour}; }}")
        bubble.setAccessibleDescription(description)
        self.highlighted_id = message_id
        # After the layout and the scroll to the end that showing a conversation schedules.
        QTimer.singleShot(0, self, lambda: self.ensureWidgetVisible(bubble, 0, 48))
        return True

    # -- internals --------------------------------------------------------------------------
    def _add(self, message: MessageRow) -> None:
        row, bubble = self._make_row(message, self._last_message)
        self._last_message = message
        self._layout.addWidget(row)
        self._bubbles[message.id] = bubble

    def _make_row(self, message: MessageRow,
                  previous: MessageRow | None) -> tuple[QWidget, MessageBubble]:
        bubble = MessageBubble(message, self._, self.link_translate)
        if previous is not None and _same_group(previous, message):
            bubble.sender_label.hide()  # same person, moments later: the name once is enough
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        if message.direction == "out":
            row_layout.addStretch(1)
            row_layout.addWidget(bubble)
        else:
            row_layout.addWidget(bubble)
            row_layout.addStretch(1)
        bubble.fit(self._bubble_width())
        bubble.retry_requested.connect(self.retry_requested)
        return row, bubble

    def _bubble_width(self) -> int:
        return max(240, int(self.viewport().width() * BUBBLE_SHARE))

    def _scroll_to_end(self) -> None:
        # After the layout has run, otherwise the maximum is the old one.
        QTimer.singleShot(0, self, self._to_bottom)

    def _to_bottom(self) -> None:
        self._fill_short_view()
        bar = self.verticalScrollBar()
        self._pin_bottom = True
        bar.setValue(bar.maximum())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self._bubble_width()
        for bubble in self._bubbles.values():
            bubble.fit(width)
        if self._older and event.size().height() > event.oldSize().height():
            QTimer.singleShot(0, self, self._fill_short_view)  # taller: maybe room above


def _same_group(previous: MessageRow, message: MessageRow) -> bool:
    return (previous.direction == message.direction and previous.sender == message.sender
            and 0 <= message.sent_at - previous.sent_at <= GROUP_SECONDS)


# A room DeskReply cannot read (Matrix end-to-end encryption): said in the header and in a
# banner above the messages, never left as an empty or silent chat.
ENCRYPTED_LINE = N_("🔒 encrypted")
ENCRYPTED_TITLE = N_("🔒 Encrypted — not readable here yet")
ENCRYPTED_NOTICE = N_("This chat is end-to-end encrypted. DeskReply cannot read or answer "
                      "encrypted messages yet: open it in a Matrix app that has your keys, "
                      "such as Element.")


class ConversationHeader(QFrame):
    """Contact name above the conversation; below it the channel and the chat's state
    (encrypted, who on the team is answering it), in words."""

    def __init__(self, translate: Translate) -> None:
        super().__init__()
        self._ = translate
        self.setObjectName("conversationHeaderBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(2)
        self.name_label = plain_label("", "conversationHeader")
        self.name_label.setAccessibleName(translate("Contact name"))
        # A long name wraps instead of widening the pane beside the actions (which took the
        # room from the chat list and cut the names there).
        self.name_label.setWordWrap(True)
        self.detail_label = plain_label("", "conversationSubheader")
        self.detail_label.setAccessibleName(translate("Channel"))
        self.detail_label.setWordWrap(True)  # at large text the state goes on a new line
        layout.addWidget(self.name_label)
        layout.addWidget(self.detail_label)
        # The banner spans the whole conversation pane (the window places it under the
        # header's row: beside the actions it would be squeezed into a narrow column).
        self.notice = QFrame()
        self.notice.setObjectName("conversationNotice")
        notice_layout = QVBoxLayout(self.notice)
        notice_layout.setContentsMargins(16, 8, 16, 8)
        notice_layout.setSpacing(2)
        self.notice_title = plain_label(translate(ENCRYPTED_TITLE), "conversationNoticeTitle")
        self.notice_label = plain_label(translate(ENCRYPTED_NOTICE), "conversationNoticeText")
        self.notice_label.setWordWrap(True)
        self.notice_title.setWordWrap(True)
        notice_layout.addWidget(self.notice_title)
        notice_layout.addWidget(self.notice_label)
        self.notice.hide()
        self._channel = ""
        self._claim = ""
        self.encrypted = False
        self.show_row(None)

    def show_row(self, row: ConversationRow | None) -> None:
        """Show a conversation (None: nothing selected). Resets the claim line."""
        self._claim = ""
        if row is None:
            self.name_label.setText(self._("No chat selected"))
            self._channel = ""
            self.encrypted = False
        else:
            self.name_label.setText(one_line(row.contact_name) or self._("Unknown contact"))
            self._channel = channel_label(row.channel, self._)
            self.encrypted = row.encrypted
        self.notice.setVisible(self.encrypted)
        self._update_detail()

    def natural_width(self) -> int:
        """The width the name and the detail line need on one line each."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        side = margins.left() + margins.right() if margins is not None else 0
        widest = max(label.fontMetrics().horizontalAdvance(label.text())
                     for label in (self.name_label, self.detail_label))
        return widest + side + 4

    def set_claim(self, words: str) -> None:
        """Who is answering the chat ("Luis is answering it"), "" for nobody."""
        self._claim = words
        self._update_detail()

    def _update_detail(self) -> None:
        parts = [self._channel, self._(ENCRYPTED_LINE) if self.encrypted else "", self._claim]
        self.detail_label.setText(" · ".join(part for part in parts if part))
