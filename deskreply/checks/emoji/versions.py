"""Emoji versions: can the customer's phone draw this emoji, and which older one can stand in?"""

from __future__ import annotations

from collections.abc import Mapping

import emoji

from deskreply.checks.emoji.segment import VS16, ZWJ, base_key, without_skin_tone


def version_of(sequence: str) -> float | None:
    """The Emoji version that introduced ``sequence`` (``None`` if the package does not know)."""
    data = emoji.EMOJI_DATA.get(sequence) or emoji.EMOJI_DATA.get(sequence + VS16)
    if data is None:
        data = emoji.EMOJI_DATA.get(sequence.replace(VS16, ""))
    if data is not None:
        return float(data["E"])
    if ZWJ in sequence:  # a non-RGI ZWJ sequence: as new as its newest part
        parts = [version_of(part) for part in sequence.split(ZWJ) if part]
        known = [v for v in parts if v is not None]
        return max(known) if known else None
    return None


def _fits(candidate: str | None, max_version: float) -> bool:
    if not candidate:
        return False
    version = version_of(candidate)
    return version is not None and version <= max_version


def older_alternative(sequence: str, max_version: float, table: Mapping[str, str]) -> str | None:
    """An emoji from ``max_version`` or older that says nearly the same, if there is one.

    Tries the curated table (🩷 → 💗), then the same emoji without its skin tone, then the first
    part of a ZWJ sequence (🐦‍🔥 → 🐦, 🚶‍➡️ → 🚶).
    """
    for key in (sequence, sequence.replace(VS16, ""), base_key(sequence)):
        candidate = table.get(key)
        if _fits(candidate, max_version):
            return candidate
    plain = without_skin_tone(sequence)
    if plain != sequence and _fits(plain, max_version):
        return plain
    if ZWJ in plain:
        head = plain.split(ZWJ, 1)[0]
        if _fits(head, max_version):
            return head
    return None
