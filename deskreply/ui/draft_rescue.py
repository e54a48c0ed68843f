"""When the database refuses a draft, keep the words in a plain text file beside it.

A read-only database file (or one locked by another program) usually sits in a folder that
can still be written: ``<data folder>/rescued-drafts/conversation-<id>.txt`` then holds the
latest words, replaced atomically on every failed save. On a full disk this fails too; the
words are still in the reply box and the message says so.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER = "rescued-drafts"


def rescue(data_dir: Path, conversation_id: int, text: str) -> Path | None:
    """Write ``text`` for this conversation; the file's path, or None if that failed too."""
    folder = data_dir / FOLDER
    target = folder / f"conversation-{conversation_id}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".draft-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning("draft of conversation %s not rescued: %s", conversation_id, error)
        return None
    return target
