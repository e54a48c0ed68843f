"""A full disk or a read-only database: a clear message, and nothing already saved is lost.

The faults are SQLite's own: ``PRAGMA max_page_count`` makes the file full exactly as a full
disk does (SQLITE_FULL), ``PRAGMA query_only`` refuses writes as a read-only file does
(SQLITE_READONLY). Both are checked on a copy of the released-schema fixture.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from deskreply.i18n import translator
from deskreply.store import Store, UnwritableDatabaseError

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    path = tmp_path / "deskreply.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", path)
    return Store.open(path)


def _first_id(store: Store) -> int:
    return store.conversation_ids("recent")[0]


def _fill_disk(store: Store) -> None:
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_gives_a_clear_message_and_keeps_what_was_saved(store: Store) -> None:
    cid = _first_id(store)
    store.save_draft(cid, "lo que ya estaba guardado")
    before = [m.text for m in store.messages(cid)]
    _fill_disk(store)
    with pytest.raises(UnwritableDatabaseError) as caught:
        store.save_draft(cid, "x" * 2_000_000)
    assert "disk is full" in str(caught.value) or "full" in str(caught.value)
    assert "cannot write" in str(caught.value)
    spanish = caught.value.translated(translator("store", "es"))
    assert "No se puede" in spanish or "no puede" in spanish
    with pytest.raises(UnwritableDatabaseError):
        store.add_incoming(cid, "y" * 2_000_000)
    # Reads still work, and nothing earlier was touched.
    assert store.draft(cid) == "lo que ya estaba guardado"
    assert [m.text for m in store.messages(cid)] == before
    path = store.path
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store.open(path) as again:
        assert again.draft(cid) == "lo que ya estaba guardado"


def test_a_read_only_database_gives_a_clear_message_and_keeps_what_was_saved(
        store: Store) -> None:
    cid = _first_id(store)
    store.save_draft(cid, "guardado antes")
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(UnwritableDatabaseError) as caught:
        store.save_draft(cid, "después")
    assert "readonly" in str(caught.value) or "read-only" in str(caught.value)
    with pytest.raises(UnwritableDatabaseError):
        store.add_outgoing(cid, "respuesta")
    assert store.draft(cid) == "guardado antes"
    store._conn.execute("PRAGMA query_only = OFF")
    store.close()


def test_close_checkpoints_and_is_safe_twice(store: Store) -> None:
    cid = _first_id(store)
    store.save_draft(cid, "borrador")
    wal = store.path.with_name(store.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the write sits in the WAL
    store.close()
    assert not wal.exists() or wal.stat().st_size == 0
    store.close()
