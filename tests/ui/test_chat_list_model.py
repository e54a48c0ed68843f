"""The chat list at scale: ids only up front, rows fetched page by page as they are painted."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from deskreply.i18n import translator
from deskreply.store import Store
from deskreply.ui.chat_list_delegate import ChatDelegate
from deskreply.ui.chat_list_model import PAGE_SIZE, ChatListModel, Roles
from deskreply.ui.chat_list_view import ChatListView

COUNT = 3_000


@pytest.fixture
def big_store(data_dir: Path) -> Any:
    store = Store.open(data_dir / "big.sqlite3")
    now = time.time()
    with store.transaction():
        for n in range(COUNT):
            cid = store.find_or_create_conversation("telegram", f"Cliente {n}", f"@c{n}")
            store.add_incoming(cid, f"Mensaje {n}", sent_at=now - n * 60)
    yield store
    store.close()


class CountingModel(ChatListModel):
    """Counts how often the view asks for the row count (a proxy for per-row work)."""

    row_count_calls = 0

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        self.row_count_calls += 1
        return super().rowCount(parent)


def show_list(qtbot: Any, model: ChatListModel) -> ChatListView:
    view = ChatListView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ChatDelegate(translator("ui", "en"), view)
    view.setItemDelegate(delegate)
    view.set_row_height(delegate.row_height(view.font()))
    view.resize(360, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_only_visible_pages_are_fetched(qtbot: Any, big_store: Store) -> None:
    model = ChatListModel(big_store, translator("ui", "en"))
    assert model.rowCount() == COUNT
    assert model.cached_count() == 0  # nothing fetched before painting
    view = show_list(qtbot, model)
    qtbot.waitUntil(lambda: model.cached_count() > 0)
    assert model.cached_count() <= 2 * PAGE_SIZE
    view.scrollToBottom()
    fetched = model.fetches
    qtbot.waitUntil(lambda: model.fetches > fetched)
    assert model.cached_count() <= 4 * PAGE_SIZE
    last = model.index(COUNT - 1)
    row = last.data(Roles.ROW)
    # Waiting order: the newest arrival (shortest wait) is last.
    assert row.contact_name == "Cliente 0"
    assert model.fetches <= 6


def test_reload_keeps_ids_in_store_order(big_store: Store) -> None:
    model = ChatListModel(big_store, translator("ui", "en"), order="recent")
    assert model.conversation_id(0) == big_store.conversation_ids("recent")[0]
    cid = model.conversation_id(COUNT - 1)
    big_store.add_incoming(cid, "¡Otra vez yo!")
    model.reload()
    assert model.conversation_id(0) == cid
    assert model.row_of(cid) == 0


def test_a_new_message_does_not_make_the_view_touch_every_row(
        qtbot: Any, big_store: Store) -> None:
    model = CountingModel(big_store, translator("ui", "en"), order="recent")
    view = show_list(qtbot, model)
    qtbot.waitUntil(lambda: model.cached_count() > 0)
    view.setCurrentIndex(model.index(5))
    qtbot.wait(20)
    model.row_count_calls = 0
    moved = model.conversation_id(COUNT - 1)
    big_store.add_incoming(moved, "Nuevo mensaje")
    model.reload([moved])
    model.refresh_times()
    qtbot.wait(50)
    assert model.conversation_id(0) == moved
    # A QListView re-lays out all rows here (2 calls per row); this view stays near the
    # visible rows whatever the list length.
    assert model.row_count_calls < COUNT // 3
