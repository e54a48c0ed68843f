"""Look for a secret in files: every byte of every file under some folders.

SQLite keeps text as UTF-8 (or UTF-16) inside its pages and its -wal/-journal files, so a
plain byte search finds a password stored in a database too. Reusable by any test:
``assert_secret_absent(password, [data_dir, config_dir, log_dir])``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def _needles(secret: str) -> list[bytes]:
    return [secret.encode("utf-8"), secret.encode("utf-16-le"), secret.encode("utf-16-be")]


def files_containing(secret: str, folders: Iterable[Path | str]) -> list[Path]:
    """Every file under ``folders`` (recursively, symlinks not followed) holding the secret."""
    if not secret:
        raise ValueError("an empty secret is in every file")
    needles = _needles(secret)
    hits: list[Path] = []
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(dirpath) / name
                if path.is_symlink() or not path.is_file():
                    continue
                data = path.read_bytes()
                if any(needle in data for needle in needles):
                    hits.append(path)
    return hits


def assert_secret_absent(secret: str, folders: Iterable[Path | str],
                         texts: Iterable[str] = ()) -> None:
    """Fail (without printing the secret) if any file, or any of ``texts`` (captured logs,
    exception messages), contains it."""
    folders = list(folders)
    missing = [str(folder) for folder in folders if not Path(folder).exists()]
    assert not missing, f"folders to scan do not exist: {missing}"
    hits = files_containing(secret, folders)
    assert not hits, f"the secret was found in {len(hits)} file(s): {[str(p) for p in hits]}"
    leaked = sum(1 for text in texts if secret in text)
    assert not leaked, f"the secret was found in {leaked} captured text(s)"
