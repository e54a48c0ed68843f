"""Opening, migrations and the connection settings the rest of the app relies on."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from deskreply.store import ForeignDatabaseError, Store
from deskreply.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_new_file_gets_every_table_and_the_current_version(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = raw(db_path)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"accounts", "contacts", "conversations", "messages", "drafts", "outbox",
            "check_events", "meta", "messages_fts"} <= names
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persists in the file
    conn.close()


def test_an_empty_existing_file_is_migrated(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conversation_count() == 0


def test_connection_has_wal_and_foreign_keys(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO drafts(conversation_id, text, updated_at) VALUES (999, 'x', 0)")


def test_reopening_keeps_data_and_does_not_migrate_again(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_meta("k", "v")
    with Store.open(db_path) as store:
        assert store.get_meta("k") == "v"
        assert store.schema_version() == SCHEMA_VERSION


def test_later_migrations_run_in_order_on_an_older_file(tmp_path: Path) -> None:
    conn = raw(tmp_path / "m.sqlite3")
    steps = ["CREATE TABLE a (x);", "ALTER TABLE a ADD COLUMN y;", "CREATE TABLE b (z);"]
    assert migrate(conn, steps[:1]) == 1
    assert migrate(conn, steps) == 3
    columns = [row[1] for row in conn.execute("PRAGMA table_info(a)")]
    assert columns == ["x", "y"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    conn = raw(tmp_path / "m.sqlite3")
    steps = ["CREATE TABLE a (x);", "CREATE TABLE c (x); CREATE TABLE a (x);"]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, steps)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"a"}  # table c was rolled back with the failed step
    assert not conn.in_transaction


def test_a_foreign_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = raw(db_path)
    conn.execute("CREATE TABLE invoices (n)")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(ForeignDatabaseError, match="not a DeskReply"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("order", ["waiting", "recent"])
def test_chat_list_orders_walk_an_index_instead_of_sorting(store: Store, order: str) -> None:
    plan = store.query_plan(order)
    assert "USING COVERING INDEX" in plan
    assert "TEMP B-TREE" not in plan


def test_store_refuses_use_from_another_thread(store: Store) -> None:
    errors: list[BaseException] = []

    def use() -> None:
        try:
            store.conversation_count()
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=use)
    worker.start()
    worker.join()
    assert errors and isinstance(errors[0], sqlite3.ProgrammingError)


def test_two_stores_on_one_file_see_each_others_writes(db_path: Path) -> None:
    with Store.open(db_path) as writer, Store.open(db_path) as reader:
        conversation = writer.find_or_create_conversation("email", "Ana", "ana@example.com")
        writer.add_incoming(conversation, "hola")
        assert reader.conversation(conversation).last_text == "hola"
