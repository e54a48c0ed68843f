"""The emojis an agent chose lately, most recent first, kept in a small JSON file.

Qt-free so it can be tested and reused on its own. The file is a JSON list of strings
(``config/recent_emoji.json``). It is read defensively: a hand-edited or damaged file gives an
empty or shorter list, never an error, and only known emoji sequences are kept so the picker
never draws arbitrary text from disk.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path

import emoji

from deskreply.paths import app_paths

RECENT_FILE = "recent_emoji.json"
DEFAULT_LIMIT = 24
# No real emoji sequence is longer (family ZWJ sequences with tones are ~ 15 code points).
MAX_SEQUENCE_LENGTH = 32

log = logging.getLogger(__name__)


def default_recent_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the app keeps the recent emojis."""
    return app_paths(data_dir).config / RECENT_FILE


def is_known_emoji(text: object) -> bool:
    return isinstance(text, str) and 0 < len(text) <= MAX_SEQUENCE_LENGTH and (
        text in emoji.EMOJI_DATA
    )


class RecentEmojis:
    """Most recent first, no duplicates, at most ``limit`` entries.

    Args:
        path: the JSON file; ``None`` keeps the list in memory only.
        limit: how many emojis to remember.
    """

    def __init__(self, path: Path | None, limit: int = DEFAULT_LIMIT) -> None:
        self.path = path
        self.limit = limit
        self._items: list[str] = []
        self.reload()

    @property
    def items(self) -> list[str]:
        return list(self._items)

    def reload(self) -> None:
        """Read the file again (another picker may have written it)."""
        if self.path is None:
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("Ignoring unreadable recent emoji file %s: %s", self.path, error)
            return
        if not isinstance(raw, list):
            return
        items: list[str] = []
        for entry in raw:
            if is_known_emoji(entry) and entry not in items:
                items.append(entry)
        self._items = items[: self.limit]

    def add(self, sequence: str) -> None:
        """Put ``sequence`` first and save; unknown text is ignored."""
        if not is_known_emoji(sequence):
            return
        self._items = [sequence, *(e for e in self._items if e != sequence)][: self.limit]
        self.save()

    def clear(self) -> None:
        self._items = []
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        temp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a crash never leaves half a file behind.
            handle, temp = tempfile.mkstemp(
                dir=self.path.parent, prefix=".recent_emoji", suffix=".tmp"
            )
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._items, out, ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError as error:
            # Recents are a convenience: losing them must never stop the agent replying.
            log.warning("Could not save recent emojis to %s: %s", self.path, error)
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
