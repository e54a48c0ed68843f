"""The chat list model: holds only conversation ids and fetches rows lazily, page by page.

Shape borrowed from Anki's browser table: the view may show 100k conversations, but only the
rows it actually paints are ever read from the store, a page at a time, and cached.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from deskreply.store import ConversationRow, InboxFilter, Label, Store
from deskreply.ui.text import Translate, channel_label, preview_text, waiting_text

PAGE_SIZE = 100
# Keep at most this many rows in memory; older pages are dropped when scrolling far.
MAX_CACHED = 5_000

ORDERS = ("waiting", "recent")

AnyIndex = QModelIndex | QPersistentModelIndex


class Roles(enum.IntEnum):
    ROW = Qt.ItemDataRole.UserRole + 1  # the ConversationRow
    ID = Qt.ItemDataRole.UserRole + 2  # the conversation id (always available, no fetch)


class ChatListModel(QAbstractListModel):
    """Conversation ids in display order; rows fetched from ``store`` when first needed."""

    def __init__(self, store: Store, translate: Translate, order: str = "waiting",
                 inbox_filter: InboxFilter | None = None) -> None:
        super().__init__()
        self._store = store
        self._ = translate
        self._order = order
        self._filter = inbox_filter or InboxFilter("all")
        # The open chat stays in the list while it is open, even once it no longer matches
        # the filter (answered, marked done): it must not vanish under the agent's hands.
        self._keep: int | None = None
        self.labels: dict[int, Label] = {}
        # Words for how urgent a wait is ("late"), set by the window from its thresholds.
        self.describe_wait: Callable[[float], str] | None = None
        # More words for a screen reader (draft, labels, snooze), set by the inbox part.
        self.describe_extra: Callable[[ConversationRow], list[str]] | None = None
        self._ids: list[int] = []
        self._rows: dict[int, ConversationRow] = {}
        self._positions: dict[int, int] | None = None
        self.fetches = 0  # how many page queries were made (tests check laziness)
        self._load_ids()

    # -- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Roles.ID:
            return self._ids[index.row()]
        if role not in (Roles.ROW, Qt.ItemDataRole.DisplayRole,
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Roles.ROW:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.contact_name
        return self._describe(row)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- public -----------------------------------------------------------------------------
    @property
    def order(self) -> str:
        return self._order

    def set_order(self, order: str) -> None:
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}")
        self._order = order
        self.reload()

    @property
    def inbox_filter(self) -> InboxFilter:
        return self._filter

    def set_filter(self, inbox_filter: InboxFilter) -> None:
        self._filter = inbox_filter
        self._keep = None
        self.beginResetModel()
        self._load_ids()
        self.endResetModel()

    def keep(self, conversation_id: int | None) -> None:
        """Keep this chat in the list whatever the filter says (None: stop keeping one)."""
        self._keep = conversation_id

    def set_labels(self, labels: Iterable[Label]) -> None:
        self.labels = {label.id: label for label in labels}

    def _ids_from_store(self) -> list[int]:
        ids = self._store.filtered_ids(self._filter, self._order)
        keep = self._keep
        if keep is not None and keep not in ids:
            old = self.row_of(keep)
            if old is not None:
                ids.insert(min(old, len(ids)), keep)
        return ids

    def reload(self, changed: Iterable[int] = ()) -> None:
        """Re-read the id list after new messages; ``changed`` ids have new row data.

        When the number of chats is the same, only the span of rows whose ids moved is
        reported as changed data: a structural change (reset, move) makes QListView lay out
        every row again, which at 100k chats costs a visible fraction of a second.
        """
        for conversation_id in changed:
            self._rows.pop(conversation_id, None)
        new_ids = self._ids_from_store()
        old_ids = self._ids
        if len(new_ids) != len(old_ids):
            self.beginResetModel()
            self._ids = new_ids
            self._rows = {}
            self._positions = None
            self.endResetModel()
            return
        first = _first_difference(old_ids, new_ids)
        if first is None:
            for conversation_id in changed:
                self.invalidate(conversation_id)
            return
        last = len(new_ids) - 1 - (_first_difference(old_ids[::-1], new_ids[::-1]) or 0)
        self._ids = new_ids
        self._positions = None
        self.dataChanged.emit(self.index(first), self.index(last))
        for conversation_id in changed:
            self.invalidate(conversation_id)

    def refresh_times(self) -> None:
        """Repaint every row: waiting times are computed at paint time from the clock."""
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [Roles.ROW])

    def conversation_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, conversation_id: int) -> int | None:
        if self._positions is None:
            self._positions = {cid: pos for pos, cid in enumerate(self._ids)}
        return self._positions.get(conversation_id)

    def row_at(self, row: int) -> ConversationRow | None:
        """The row at ``row``, fetching its page from the store if not cached."""
        conversation_id = self._ids[row]
        cached = self._rows.get(conversation_id)
        if cached is None:
            self._fetch_page(row)
            cached = self._rows.get(conversation_id)
        return cached

    def cached_count(self) -> int:
        return len(self._rows)

    def invalidate(self, conversation_id: int) -> None:
        """Forget one cached row (its messages or read state changed) and repaint it."""
        self._rows.pop(conversation_id, None)
        row = self.row_of(conversation_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    # -- internals --------------------------------------------------------------------------
    def _load_ids(self) -> None:
        self._ids = self._store.filtered_ids(self._filter, self._order)
        self._rows = {}
        self._positions = None

    def _fetch_page(self, row: int) -> None:
        start = (row // PAGE_SIZE) * PAGE_SIZE
        ids = self._ids[start:start + PAGE_SIZE]
        if len(self._rows) + len(ids) > MAX_CACHED:
            self._rows.clear()  # simple and bounded; the visible page is fetched right away
        self._rows.update(self._store.conversation_rows(ids))
        self.fetches += 1

    def _describe(self, row: ConversationRow) -> str:
        """What a screen reader says for one chat (the delegate paints the same facts)."""
        _ = self._
        parts = [row.contact_name, channel_label(row.channel, _)]
        if row.unread:
            parts.append(_("{n} unread").format(n=row.unread))
        if row.waiting_since is None:
            parts.append(_("answered"))
        else:
            waited = waiting_text(time.time() - row.waiting_since, _)
            parts.append(_("waiting {time}").format(time=waited))
            if self.describe_wait is not None:
                parts.append(self.describe_wait(time.time() - row.waiting_since))
        if self.describe_extra is not None:
            parts.extend(self.describe_extra(row))
        parts.append(preview_text(row.last_text))
        return ", ".join(part for part in parts if part)


def _first_difference(a: list[int], b: list[int]) -> int | None:
    """Index of the first position where two equally long lists differ (None: equal)."""
    if a == b:
        return None
    # Binary search on prefix equality: list slices compare in C, far faster than a loop.
    low, high = 0, len(a)
    while high - low > 64:
        middle = (low + high) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle
    for position in range(low, high):
        if a[position] != b[position]:
            return position
    return None
