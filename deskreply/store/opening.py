"""Opening a database file safely: refuse what we must not touch, move aside what is broken.

Order matters. Everything that could change the file (WAL mode, migrations) happens only
after the file has proved to be a healthy SQLite database of a version we understand.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from deskreply.store.errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    NewerSchemaError,
    StoreError,
    UnwritableDatabaseError,
    _,
)
from deskreply.store.schema import SCHEMA_VERSION, has_foreign_tables, migrate, user_version

log = logging.getLogger(__name__)

# sqlite3 reports these for files that are not (or no longer) a database.
_CORRUPT_MARKERS = ("file is not a database", "malformed", "file is encrypted", "corrupt")
_UNWRITABLE_MARKERS = ("unable to open", "readonly", "read-only", "disk i/o error",
                       "permission denied", "locking protocol", "disk is full")
_BUSY_TIMEOUT_S = 5.0

# quick_check reads the whole file (~0.1-0.4 s at 100k conversations). Once per process and
# file is enough: the UI opens one Store per worker thread, only the first one pays.
_checked: set[str] = set()
_checked_lock = threading.Lock()


# Above this size the full check (~1.5 s per 100 MB on a loaded 2-core machine) runs on a
# background thread after opening instead of before: with a busy team's file it would hold
# the window back for seconds. What it finds is logged and remembered in a marker file beside
# the database; the next open then checks in full before use (and moves a damaged file aside).
BACKGROUND_CHECK_BYTES = 64 * 1024 * 1024
background_results: dict[str, str] = {}  # path -> "ok" | the problem (tests, diagnostics)


def check_needed_marker(path: Path) -> Path:
    return path.with_name(path.name + ".check-needed")


def _background_check(path: Path) -> None:
    key = str(path.resolve())
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S)
        try:
            _check_health(conn)
        finally:
            conn.close()
        result = "ok"
    except sqlite3.Error as error:
        result = str(error)
        log.warning("database %s failed its background check: %s", path, error)
        try:
            check_needed_marker(path).write_text(result, encoding="utf-8")
        except OSError as marker_error:
            log.warning("could not remember the failed check: %s", marker_error)
    background_results[key] = result


def forget_health_checks() -> None:
    """Check every file again on its next open (tests; after restoring a backup)."""
    with _checked_lock:
        _checked.clear()


def is_corruption(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return True
    text = str(error).lower()
    return type(error) is sqlite3.DatabaseError and any(m in text for m in _CORRUPT_MARKERS)


def is_unwritable(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return any(m in text for m in _UNWRITABLE_MARKERS)


def _prepare_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UnwritableDatabaseError(path, _os_reason(error)) from error
    if path.is_dir():
        raise UnwritableDatabaseError(path, _("a folder with that name is in the way"))
    # WAL mode creates -wal and -shm files beside the database: the folder must be writable too.
    for target in (folder, path):
        if target.exists() and not os.access(target, os.W_OK):
            raise UnwritableDatabaseError(path, _("permission denied"))


def _os_reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if error.errno == errno.EROFS:
        return _("the disk is read-only")
    if error.errno == errno.ENOSPC:
        return _("the disk is full")
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return _("part of the folder path is a file, not a folder")
    return error.strerror or str(error)


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while candidate.exists():  # never overwrite an earlier rescue
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    return candidate


def move_aside(path: Path) -> Path:
    """Rename a broken database (and its -wal/-shm files) so a fresh one can be made."""
    target = _aside_name(path)
    with _checked_lock:
        _checked.discard(str(path.resolve()))
    try:
        os.rename(path, target)
        for suffix in ("-wal", "-shm", "-journal"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                os.rename(sidecar, target.with_name(target.name + suffix))
    except OSError as error:
        raise UnwritableDatabaseError(
            path, _("it is damaged and could not be moved aside")) from error
    log.warning("damaged database %s moved to %s", path, target)
    return target


def _check_health(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError if the file is not a sound database.

    A file cut short is already refused by SQLite when it reads the header (the page count
    no longer fits). quick_check reads every page, skipping the costly index-vs-table cross
    checks: it finds pages damaged in the middle of an otherwise sound file.
    """
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        problems = "; ".join(str(row[0]) for row in rows[:3])
        raise sqlite3.DatabaseError(f"database disk image is malformed: {problems}")


def connect(path: Path, *, check_health: bool = True) -> sqlite3.Connection:
    """Open, vet and migrate ``path``; return a ready connection (autocommit mode)."""
    _prepare_folder(path)
    try:
        conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        raise UnwritableDatabaseError(path, str(error)) from error
    try:
        _vet_and_migrate(conn, path, check_health)
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_corruption(error):
            moved_to = move_aside(path)
            raise CorruptDatabaseError(path, moved_to) from error
        if is_unwritable(error):
            raise UnwritableDatabaseError(path, str(error)) from error
        raise StoreError(detail=str(error)) from error
    except BaseException:
        conn.close()
        raise
    return conn


def _vet_and_migrate(conn: sqlite3.Connection, path: Path, check_health: bool) -> None:
    version = user_version(conn)  # first read of the header: "file is not a database" here
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(path, version, SCHEMA_VERSION)
    key = str(path.resolve())
    with _checked_lock:
        needed = check_health and key not in _checked
    if needed:
        marker = check_needed_marker(path)
        size = path.stat().st_size if path.exists() else 0
        if size > BACKGROUND_CHECK_BYTES and not marker.exists():
            threading.Thread(target=_background_check, args=(path,), daemon=True,
                             name="deskreply-db-check").start()
        else:
            _check_health(conn)
            marker.unlink(missing_ok=True)
        with _checked_lock:
            _checked.add(key)
    if version == 0 and has_foreign_tables(conn):
        raise ForeignDatabaseError(path)
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"unable to open the database in WAL mode ({mode})")
    # NORMAL is safe from corruption in WAL mode; it only risks the last commit on power loss.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
