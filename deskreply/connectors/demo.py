"""The demo connector: scripted customer messages that keep arriving while the demo runs.

Qt-free and thread-free: the UI asks for :meth:`DemoFeed.next_message` on its own timer and
stores the result with ``find_or_create_conversation`` + ``add_incoming``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from deskreply.store.rows import CHANNELS

_FORMAT = 1

DemoMessage = tuple[str, str, str, str]  # (channel, contact_name, contact_handle, text)


class DemoFeedError(ValueError):
    """``feed.json`` is malformed; the message says where."""


def read_feed(path: Path) -> list[DemoMessage]:
    """Parse and validate ``feed.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoFeedError(f"{path}: cannot read the demo feed ({error})") from error
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise DemoFeedError(f"{path}: expected an object with \"format\": {_FORMAT}")
    entries = data.get("messages")
    if not isinstance(entries, list):
        raise DemoFeedError(f"{path}: 'messages' must be a list")
    messages: list[DemoMessage] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, message {number}"
        if not isinstance(entry, dict):
            raise DemoFeedError(f"{where}: must be an object")
        if entry.get("channel") not in CHANNELS:
            raise DemoFeedError(f"{where}: 'channel' must be one of {', '.join(CHANNELS)}")
        values = []
        for key in ("contact", "handle", "text"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise DemoFeedError(f"{where}: '{key}' must be a non-empty string")
            values.append(value)
        messages.append((entry["channel"], values[0], values[1], values[2]))
    return messages


class DemoFeed:
    """Hands out the scripted messages one by one, starting over when they run out.

    Args:
        resources: the resources folder (``resources/demo/feed.json`` is read).
        seed: shuffle the order with this seed (each round reshuffled); None keeps file order.
    """

    def __init__(self, resources: Path, seed: int | None = None) -> None:
        self._messages = read_feed(Path(resources) / "demo" / "feed.json")
        self._rng = random.Random(seed) if seed is not None else None
        self._order: list[int] = []
        self._position = 0
        self._new_round()

    def __len__(self) -> int:
        return len(self._messages)

    def _new_round(self) -> None:
        self._order = list(range(len(self._messages)))
        if self._rng is not None:
            last = self._order[-1] if self._order else None
            self._rng.shuffle(self._order)
            # The same customer twice in a row across rounds would look like a glitch.
            if len(self._order) > 1 and self._order[0] == last:
                self._order[0], self._order[1] = self._order[1], self._order[0]
        self._position = 0

    def next_message(self) -> DemoMessage | None:
        """The next customer message, or None if the feed file has none."""
        if not self._messages:
            return None
        if self._position >= len(self._order):
            self._new_round()
        message = self._messages[self._order[self._position]]
        self._position += 1
        return message
