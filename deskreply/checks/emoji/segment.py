"""Find emojis in a draft as whole sequences, with the ``emoji`` package's segmentation.

A skin-toned thumb (👍🏽), a ZWJ sequence (👩‍💻, 🏳️‍🌈), a flag (🇦🇷) and a keycap (1️⃣) are each one
emoji. ``emoji.emoji_list`` walks the text in Python (~0.2 ms for 300 characters), so it only
sees the short runs of emoji-ish characters that a precompiled character class finds; a draft
without any such character costs one C-level regex scan. Offsets are Python ``str`` offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import emoji

SKIN_TONES = frozenset(chr(cp) for cp in range(0x1F3FB, 0x1F400))
VS15, VS16, ZWJ, KEYCAP = "\ufe0e", "\ufe0f", "\u200d", "\u20e3"
_GENDER_SUFFIXES = (ZWJ + "\u2640", ZWJ + "\u2642")
_REGIONAL = range(0x1F1E6, 0x1F200)
_TAG_BLACK_FLAG = "\U0001f3f4"


@dataclass(frozen=True)
class Occurrence:
    """One emoji in the draft: ``text[start:end] == emoji``."""

    start: int
    end: int
    emoji: str

    @property
    def key(self) -> str:
        return base_key(self.emoji)

    @property
    def has_skin_tone(self) -> bool:
        return any(ch in SKIN_TONES for ch in self.emoji)

    @property
    def is_keycap(self) -> bool:
        return KEYCAP in self.emoji

    @property
    def is_flag(self) -> bool:
        return is_flag(self.emoji)


def base_key(sequence: str) -> str:
    """The risk-table key of a sequence: no variation selectors, skin tones or gender signs.

    🤷🏽‍♀️ → 🤷, ✝️ → ✝, 👍🏿 → 👍; other ZWJ sequences (😮‍💨, 👩‍💻) keep their joiners.
    """
    key = sequence.replace(VS16, "").replace(VS15, "")
    if any(ch in SKIN_TONES for ch in key):
        key = "".join(ch for ch in key if ch not in SKIN_TONES)
    for suffix in _GENDER_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    return key


def without_skin_tone(sequence: str) -> str:
    """The default-yellow form of a sequence (👍🏿 → 👍)."""
    return "".join(ch for ch in sequence if ch not in SKIN_TONES)


def is_flag(sequence: str) -> bool:
    """Country / subdivision flags and the ZWJ flags (🏳️‍🌈, 🏳️‍⚧️)."""
    if len(sequence) >= 2 and ord(sequence[0]) in _REGIONAL and ord(sequence[1]) in _REGIONAL:
        return True
    if sequence.startswith(_TAG_BLACK_FLAG) and len(sequence) > 2:
        return True
    return sequence.startswith("\U0001f3f3") and ZWJ in sequence


# Every character that occurs in a known emoji sequence lies in these few ranges (checked by
# tests/checks/test_emoji_segment.py). A handful of ranges keeps the scan at C speed; a run may
# also hold non-emoji symbols (€, ≈), which ``emoji.emoji_list`` then simply skips.
_EMOJI_CHARS = (
    "\u00a9\u00ae\u200d\u203c-\u3299\ufe0e\ufe0f\U0001f000-\U0001faff\U000e0020-\U000e007f"
)
# One optional keycap base then one character-class run: no nested quantifiers.
_RUN = re.compile(f"[#*0-9]?[{_EMOJI_CHARS}]+")


def find_emojis(text: str) -> list[Occurrence]:
    """Every emoji of ``text`` in order, each as one whole sequence."""
    found: list[Occurrence] = []
    if text.isascii():
        return found  # fast path: every emoji sequence has a non-ASCII character
    for run in _RUN.finditer(text):
        for base, chunk in _chunks(run.group(), run.start()):
            for item in emoji.emoji_list(chunk):
                found.append(
                    Occurrence(base + item["match_start"], base + item["match_end"], item["emoji"])
                )
    return found


# ``emoji.emoji_list`` is quadratic on very long runs (50 kB of joined emoji); real sequences
# are at most ~10 code points, so long runs are cut where no sequence can continue.
_CHUNK = 64
_CONTINUES = (
    frozenset({ZWJ, VS15, VS16, KEYCAP}) | SKIN_TONES | {chr(cp) for cp in range(0xE0020, 0xE0080)}
)


def _chunks(run: str, offset: int) -> Iterator[tuple[int, str]]:
    start = 0
    while len(run) - start > _CHUNK:
        cut = start + _CHUNK
        for i in range(start + _CHUNK, start + _CHUNK // 2, -1):
            if run[i] in _CONTINUES or run[i - 1] == ZWJ:
                continue
            if ord(run[i]) in _REGIONAL and _regional_run_before(run, i, start) % 2:
                continue  # keep flag pairs (🇦🇷) together
            cut = i
            break
        yield offset + start, run[start:cut]
        start = cut
    yield offset + start, run[start:]


def _regional_run_before(run: str, index: int, floor: int) -> int:
    count = 0
    while index - count - 1 >= floor and ord(run[index - count - 1]) in _REGIONAL:
        count += 1
    return count
