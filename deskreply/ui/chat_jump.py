"""Ctrl+K: jump to a chat by typing part of the customer's name.

Names are read from the store in chunks on a zero-delay timer, so the popup opens at once even
with 100k chats and the first matches show while the rest is still loading. Matching ignores
case and accents; names that start with what was typed come first, then names with a word
that starts with it, then names that merely contain it; most recent chats first within each.

Signal:
    chosen(int): the conversation id the user picked (the dialog then closes).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

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

from deskreply.folding import fold_spaces
from deskreply.i18n import translator
from deskreply.store import Store
from deskreply.ui.search_keys import route_search_key
from deskreply.ui.settings_dialog import fix_dialog_size
from deskreply.ui.text import channel_label
from deskreply.ui.untrusted import isolate

CHUNK = 1_000  # names read per timer tick (one indexed query, about 15 ms at 100k)
LIMIT = 50  # matches shown
def match_rank(folded_name: str, query: str, tokens: Sequence[str]) -> int | None:
    """0 name starts with the query, 1 a word starts with it, 2 contains every word; else None.

    ``query`` and ``tokens`` are already folded (``tokens`` = ``query.split()``).
    """
    if folded_name.startswith(query):
        return 0
    if not all(token in folded_name for token in tokens):
        return None
    first = tokens[0]
    if any(word.startswith(first) for word in folded_name.split()):
        return 1
    return 2


class ChatJumpDialog(QDialog):
    chosen = Signal(int)

    def __init__(self, store: Store, conversation_ids: Sequence[int], lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = self._ = translator("ui_settings", lang)
        self._ui = translator("ui", lang)
        self._store = store
        self._ids = list(conversation_ids)
        self._loaded = 0
        # (id, folded name, display name, channel) in the order of _ids.
        self._entries: list[tuple[int, str, str, str]] = []
        # All folded names, one per line, and where each starts: str.find jumps straight to
        # the next candidate instead of a Python loop over 100k names (115 ms -> a few ms).
        self._blob = "\n"  # every name is preceded by a newline, the first one too
        self._offsets: list[int] = []
        self._query = ""
        self._tokens: list[str] = []
        self._buckets: list[list[int]] = [[], [], []]  # indexes into _entries, by rank

        self.setObjectName("chatJumpDialog")
        self.setWindowTitle(_("Go to chat"))
        self.setAccessibleName(_("Go to chat"))
        self.setModal(True)
        self.input = QLineEdit()
        self.input.setObjectName("chatJumpInput")
        self.input.setPlaceholderText(_("Type a customer's name…"))
        self.input.setAccessibleName(_("Customer name"))
        self.input.setAccessibleDescription(
            _("Up and down arrows choose a chat, Enter opens it, Esc closes"))
        self.input.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("chatJumpResults")
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setAccessibleName(_("Matching chats"))
        self.results.setUniformItemSizes(True)
        self.status = QLabel()
        self.status.setObjectName("dialogHint")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Search status"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.input)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        fix_dialog_size(self, 460, 420)

        self.loader = QTimer(self)
        self.loader.setInterval(0)
        self.loader.timeout.connect(self._load_chunk)
        self.input.textChanged.connect(self._on_text_changed)
        self.input.installEventFilter(self)
        self.input.setFocus()
        self.results.itemActivated.connect(self._choose_item)
        self._load_chunk()
        if self._loaded < len(self._ids):
            self.loader.start()

    # -- public -----------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loaded < len(self._ids)

    def shown_ids(self) -> list[int]:
        return [int(self.results.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.results.count())]

    def choose_current(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._choose_item(item)

    def done(self, result: int) -> None:
        self.loader.stop()  # never leave the loading timer running after close
        super().done(result)

    # -- events -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and route_search_key(event, self.results, self.choose_current):
            return True
        return super().eventFilter(watched, event)

    # -- internals --------------------------------------------------------------------------
    def _choose_item(self, item: QListWidgetItem) -> None:
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()

    def _load_chunk(self) -> None:
        chunk = self._ids[self._loaded:self._loaded + CHUNK]
        rows = self._store.conversation_rows(chunk)
        start = len(self._entries)
        lines = []
        offset = len(self._blob)
        for conversation_id in chunk:
            row = rows.get(conversation_id)
            if row is not None:
                name = " ".join(row.contact_name.split())
                folded = fold_spaces(name)  # no newlines: it joins words with single spaces
                self._entries.append((conversation_id, folded, name, row.channel))
                self._offsets.append(offset)
                offset += len(folded) + 1
                lines.append(folded + "\n")
        self._blob += "".join(lines)
        self._loaded += len(chunk)
        if not self.loading:
            self.loader.stop()
        if self._scan(start):
            self._show()
        else:
            self._update_status()

    def _on_text_changed(self, text: str) -> None:
        self._query = fold_spaces(text)
        self._tokens = self._query.split()
        self._buckets = [[], [], []]
        self._scan(0)
        self._show()

    def _scan(self, start: int) -> bool:
        """Add matches among entries[start:] to the buckets; True if what is shown changed."""
        before = [len(bucket) for bucket in self._buckets]
        if not self._query:
            bucket = self._buckets[2]
            for index in range(start, min(len(self._entries), start + LIMIT - len(bucket))):
                bucket.append(index)
        elif len(self._buckets[0]) < LIMIT and start < len(self._entries):
            needle = max(self._tokens, key=len)  # the rarest-looking word narrows fastest
            position = self._offsets[start]
            while True:
                found = self._next_candidate(needle, position)
                if found < 0:
                    break
                index = bisect.bisect_right(self._offsets, found) - 1
                rank = match_rank(self._entries[index][1], self._query, self._tokens)
                if rank is not None and len(self._buckets[rank]) < LIMIT:
                    self._buckets[rank].append(index)
                    if rank == 0 and len(self._buckets[0]) >= LIMIT:
                        break
                if index + 1 >= len(self._offsets):
                    break
                position = self._offsets[index + 1]
        return [len(bucket) for bucket in self._buckets] != before

    def _next_candidate(self, needle: str, position: int) -> int:
        """Where the next name that could still be shown matches, from ``position``; or -1.

        Once the list is full, worse matches can no longer get in, so only the starts of
        names (or of words) are searched for: far fewer places than every occurrence.
        """
        best, word, _other = (len(bucket) for bucket in self._buckets)
        if best + word >= LIMIT:  # only names starting with the query
            found = self._blob.find("\n" + self._query, position - 1)
            return found + 1 if found >= 0 else -1
        if best + word + _other >= LIMIT:  # only names with a word starting with it
            first = self._tokens[0]
            starts = [self._blob.find(mark + first, position - 1) for mark in ("\n", " ")]
            hits = [hit + 1 for hit in starts if hit >= 0]
            return min(hits) if hits else -1
        return self._blob.find(needle, position)

    def _show(self) -> None:
        current = self.results.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        chosen = [index for bucket in self._buckets for index in bucket][:LIMIT]
        self.results.clear()
        for index in chosen:
            conversation_id, _folded, name, channel = self._entries[index]
            item = QListWidgetItem(f"{isolate(name)}  ·  {channel_label(channel, self._ui)}")
            item.setData(Qt.ItemDataRole.UserRole, conversation_id)
            self.results.addItem(item)
            if conversation_id == keep:
                self.results.setCurrentItem(item)
        if self.results.currentItem() is None and self.results.count():
            self.results.setCurrentRow(0)
        self._update_status()

    def _update_status(self) -> None:
        _ = self._
        count = self.results.count()
        if self.loading:
            text = _("Looking through {done} of {total} chats…").format(
                done=self._loaded, total=len(self._ids))
        elif not self._query:
            text = _("Most recent chats")
        elif not count:
            text = _("No chat with that name")
        elif count >= LIMIT:
            text = _("Showing the first {n} chats; type more of the name").format(n=LIMIT)
        else:
            text = _("Chats found: {n}").format(n=count)
        self.status.setText(text)
