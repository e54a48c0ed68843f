"""Damaged, unwritable and too-new database files: clear errors, nothing ever deleted."""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deskreply.i18n import translator
from deskreply.store import (
    CorruptDatabaseError,
    NewerSchemaError,
    Store,
    StoreError,
    UnwritableDatabaseError,
)
from deskreply.store.opening import forget_health_checks
from deskreply.store.schema import SCHEMA_VERSION


def filled_database(path: Path) -> None:
    with Store.open(path) as store:
        for n in range(60):
            cid = store.find_or_create_conversation("email", f"Person {n}", f"p{n}@example.com")
            store.add_incoming(cid, f"Mensaje número {n} " + "texto de relleno " * 40)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    conn.close()


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(8192))


def text_file(path: Path) -> None:
    path.write_text("Estas son mis notas de la reunión.\nNada que ver con SQLite.\n" * 20)


def truncated(path: Path) -> None:
    filled_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def zeroed_pages(path: Path) -> None:
    filled_database(path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2: page * 6] = bytes(page * 4)  # a few wiped pages, header intact
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [random_bytes, text_file, truncated, zeroed_pages])
def test_damaged_file_is_moved_aside_with_its_content(
    db_path: Path, damage: Callable[[Path], None]
) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    damage(db_path)
    forget_health_checks()  # as on the next start of the app
    content = db_path.read_bytes()

    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(db_path)

    error = caught.value
    moved = error.moved_to
    assert moved.parent == db_path.parent
    assert moved.name.startswith(db_path.name + ".corrupt-")
    assert moved.read_bytes() == content  # preserved byte for byte
    assert not db_path.exists()
    assert str(db_path) in str(error) and str(moved) in str(error)
    # The caller can start over with a fresh database at the same place.
    with Store.open(db_path) as store:
        assert store.conversation_count() == 0
    assert moved.read_bytes() == content


def test_a_second_rescue_never_overwrites_the_first(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    moved = []
    for round_ in range(2):
        db_path.write_text(f"broken {round_}")
        with pytest.raises(CorruptDatabaseError) as caught:
            Store.open(db_path)
        moved.append(caught.value.moved_to)
    assert moved[0] != moved[1]
    assert [path.read_text() for path in moved] == ["broken 0", "broken 1"]


def test_corrupt_error_message_is_translated() -> None:
    error = CorruptDatabaseError(Path("/d/x.sqlite3"), Path("/d/x.sqlite3.corrupt-1"))
    spanish = error.translated(translator("store", "es"))
    assert "/d/x.sqlite3.corrupt-1" in spanish
    assert spanish != str(error) and "dañada" in spanish


def test_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_meta("precious", "yes")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    conn.close()
    before = db_path.read_bytes()
    listing = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(NewerSchemaError) as caught:
        Store.open(db_path)

    assert isinstance(caught.value, StoreError)
    assert "newer version of DeskReply" in str(caught.value)
    assert str(SCHEMA_VERSION + 5) in str(caught.value)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing  # no -wal, no move


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(UnwritableDatabaseError) as caught:
        Store.open(blocker / "deskreply.sqlite3")
    assert str(blocker / "deskreply.sqlite3") in str(caught.value)
    assert blocker.read_text() == "not a folder"


def test_a_folder_where_the_file_should_be(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(UnwritableDatabaseError, match="folder"):
        Store.open(db_path)
    assert db_path.is_dir()


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A folder this test's user (or ``nobody`` when running as root) cannot write to."""
    folder = Path(tempfile.mkdtemp(prefix="deskreply-ro-"))
    os.chmod(folder, 0o555)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o755)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def open_as_unprivileged(path: Path) -> str:
    """Try ``Store.open(path)`` in a forked child; as root the child first becomes ``nobody``
    (root ignores permissions, so only an unprivileged user proves the error path). No exec:
    the interpreter may live where ``nobody`` cannot read."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report one line, never return into pytest
        code = 0
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                Store.open(path).close()
                outcome = "OPENED"
            except UnwritableDatabaseError as error:
                outcome = f"UNWRITABLE {error}"
            except BaseException as error:
                outcome = f"OTHER {type(error).__name__}: {error}"
            os.write(write_end, outcome.encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        output = reader.read().decode()
    os.waitpid(pid, 0)
    return output


def test_read_only_folder_gives_a_clear_error(read_only_folder: Path) -> None:
    target = read_only_folder / "deskreply.sqlite3"
    output = open_as_unprivileged(target)
    assert output.startswith("UNWRITABLE"), output
    assert str(target) in output and "permission denied" in output.lower()
    assert list(read_only_folder.iterdir()) == []


def test_read_only_existing_database_gives_a_clear_error(read_only_folder: Path) -> None:
    os.chmod(read_only_folder, 0o755)
    target = read_only_folder / "deskreply.sqlite3"
    Store.open(target).close()
    os.chmod(target, 0o444)
    os.chmod(read_only_folder, 0o555)
    before = target.read_bytes()
    output = open_as_unprivileged(target)
    assert output.startswith("UNWRITABLE"), output
    assert target.read_bytes() == before


def test_a_write_refused_after_opening_becomes_a_clear_error(store: Store) -> None:
    """E.g. the disk was remounted read-only while the app runs (query_only is how SQLite
    refuses writes the same way without needing root to break a disk)."""
    store.set_meta("before", "1")
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(UnwritableDatabaseError) as caught:
        store.set_meta("after", "1")
    assert str(store.path) in str(caught.value)
    store._conn.execute("PRAGMA query_only = OFF")
    assert store.get_meta("after") is None
    store.set_meta("after", "2")  # the store is still usable: no transaction left open
    assert store.get_meta("after") == "2"


def test_the_full_check_runs_once_per_file_and_process(db_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from deskreply.store import opening

    calls: list[str] = []
    real = opening._check_health

    def counting(conn: sqlite3.Connection) -> None:
        calls.append("check")
        real(conn)

    monkeypatch.setattr(opening, "_check_health", counting)
    Store.open(db_path).close()
    Store.open(db_path).close()
    assert calls == ["check"]
    opening.forget_health_checks()
    Store.open(db_path).close()
    assert calls == ["check", "check"]


def test_a_big_file_is_checked_in_the_background_and_in_full_on_the_next_open(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskreply.store import opening

    db_path.parent.mkdir(parents=True, exist_ok=True)
    zeroed_pages(db_path)
    monkeypatch.setattr(opening, "BACKGROUND_CHECK_BYTES", 1024)  # "big" for this test
    forget_health_checks()
    threads_before = set(threading.enumerate())
    try:
        Store.open(db_path).close()  # opens at once: the damage is in pages not read yet
    except CorruptDatabaseError:
        pytest.skip("SQLite met the damaged pages while opening")
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(10)
    assert opening.background_results[str(db_path.resolve())] != "ok"
    assert opening.check_needed_marker(db_path).exists()
    forget_health_checks()  # the next start of the app
    with pytest.raises(CorruptDatabaseError):
        Store.open(db_path)
