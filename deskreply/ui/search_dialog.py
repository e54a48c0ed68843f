"""Ctrl+F: search every message (the store's full-text index; accents and case ignored).

Results are plain text list items: who wrote, which chat, when, and the words around the
match. Choosing one (Enter, double-click) emits ``chosen(conversation_id, message_id)``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskreply.folding import fold
from deskreply.i18n import translator
from deskreply.store import MessageRow, Store, StoreError
from deskreply.ui.search_keys import route_search_key
from deskreply.ui.settings_dialog import fix_dialog_size
from deskreply.ui.text import clock_text
from deskreply.ui.untrusted import isolate

SEARCH_DELAY_MS = 200  # search once typing pauses, not on every key
LIMIT = 100
EXCERPT_CHARS = 140
_SCANNED_CHARS = 20_000  # where a match is looked for in one message (messages can be huge)
def excerpt(text: str, query: str, width: int = EXCERPT_CHARS) -> str:
    """One line of ``text`` around the first word of ``query`` (case and accents ignored)."""
    head = text[:_SCANNED_CHARS]
    folded: list[str] = []
    origin: list[int] = []  # folded character -> index in head
    for index, ch in enumerate(head):
        for piece in fold(ch):
            folded.append(piece)
            origin.append(index)
    words = "".join(fold(ch) for ch in query).split()
    position = "".join(folded).find(words[0]) if words else -1
    start = 0
    if position > 0:
        match_at = origin[position]
        start = max(0, match_at - width // 3)
        if start > 0:  # begin at a word, not in the middle of one
            space = head.find(" ", start, match_at)
            start = space + 1 if space >= 0 else start
    shown = " ".join(text[start:start + width].split())
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return f"{prefix}{shown}{suffix}"


class SearchDialog(QDialog):
    chosen = Signal(int, int)

    def __init__(self, store: Store, lang: str, agent_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translator("ui_settings", lang)
        self._store = store
        self._agent_name = agent_name
        self.setObjectName("searchDialog")
        self.setWindowTitle(_("Search messages"))
        self.setAccessibleName(_("Search messages"))
        self.setModal(True)
        self.input = QLineEdit()
        self.input.setObjectName("searchInput")
        self.input.setPlaceholderText(_("Words to find in any chat…"))
        self.input.setAccessibleName(_("Words to find"))
        self.input.setAccessibleDescription(
            _("Up and down arrows choose a message, Enter opens its chat, Esc closes"))
        self.input.setClearButtonEnabled(True)
        self.input.setMaxLength(200)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setAccessibleName(_("Messages found"))
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.status = QLabel(_("Accents and capital letters do not matter."))
        self.status.setObjectName("dialogHint")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Search status"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.input)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        fix_dialog_size(self, 600, 460)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.search_now)
        self.input.textChanged.connect(self._on_text_changed)
        self.input.installEventFilter(self)
        self.input.setFocus()
        self.results.itemActivated.connect(self._choose_item)

    # -- public -----------------------------------------------------------------------------
    def search_now(self) -> None:
        """Run the search for the typed words (the timer calls this after a pause)."""
        _ = self._
        self.search_timer.stop()
        query = self.input.text()
        self.results.clear()
        if not query.strip():
            self.status.setText(_("Accents and capital letters do not matter."))
            return
        try:
            messages = self._store.search(query, limit=LIMIT)
            names = self._store.conversation_rows(sorted({m.conversation_id for m in messages}))
        except StoreError as error:
            self.status.setText(_("Search failed: {reason}").format(reason=str(error)[:200]))
            return
        for message in messages:
            row = names.get(message.conversation_id)
            contact = " ".join(row.contact_name.split()) if row else "?"
            self.results.addItem(self._item(message, contact, query))
        if messages:
            self.results.setCurrentRow(0)
        if not messages:
            self.status.setText(_("No messages found"))
        elif len(messages) >= LIMIT:
            self.status.setText(_("Showing the newest {n} messages; add words to narrow it")
                                .format(n=LIMIT))
        else:
            self.status.setText(_("Messages found: {n}").format(n=len(messages)))

    def choose_current(self) -> None:
        if self.search_timer.isActive():
            self.search_now()
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._choose_item(item)

    def done(self, result: int) -> None:
        self.search_timer.stop()
        super().done(result)

    # -- events -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and route_search_key(event, self.results, self.choose_current):
            return True
        return super().eventFilter(watched, event)

    # -- internals --------------------------------------------------------------------------
    def _on_text_changed(self, _text: str) -> None:
        self.search_timer.start()  # restarts the pause: one search when typing stops

    def _item(self, message: MessageRow, contact: str, query: str) -> QListWidgetItem:
        _ = self._
        if message.direction == "out":
            who = isolate(message.sender) or self._agent_name
            heading = _("{who} to {contact} · {when}")
        else:
            who = isolate(contact)
            heading = _("{who} · {when}")
        title = heading.format(who=who, contact=isolate(contact),
                               when=clock_text(message.sent_at))
        item = QListWidgetItem(f"{title}\n{excerpt(message.text, query)}")
        item.setData(Qt.ItemDataRole.UserRole, (message.conversation_id, message.id))
        return item

    def _choose_item(self, item: QListWidgetItem) -> None:
        conversation_id, message_id = item.data(Qt.ItemDataRole.UserRole)
        self.chosen.emit(int(conversation_id), int(message_id))
        self.accept()
