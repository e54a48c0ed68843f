"""Segmentation: whole sequences, same result as ``emoji.emoji_list``, linear time."""

from __future__ import annotations

import re
import time

import emoji
from hypothesis import given, settings
from hypothesis import strategies as st

from deskreply.checks.emoji import segment
from deskreply.checks.emoji.segment import base_key, find_emojis, is_flag, without_skin_tone
from deskreply.checks.emoji.versions import older_alternative, version_of


def _reference(text: str) -> list[tuple[int, int, str]]:
    return [(m["match_start"], m["match_end"], m["emoji"]) for m in emoji.emoji_list(text)]


def _ours(text: str) -> list[tuple[int, int, str]]:
    return [(o.start, o.end, o.emoji) for o in find_emojis(text)]


def test_every_emoji_character_is_inside_the_prefilter_ranges() -> None:
    run = re.compile(f"[{segment._EMOJI_CHARS}]")
    missing = {ch for seq in emoji.EMOJI_DATA for ch in seq if ord(ch) > 0x7F and not run.match(ch)}
    assert missing == set()


def test_matches_the_emoji_package_on_mixed_text() -> None:
    text = (
        "Hola 👋🏽, su pedido 📦 sale hoy 🇪🇸🇲🇽. Pasos: 1️⃣ 2️⃣ #️⃣ — precio 12 € ≈ 13 $ ™ © "
        "equipo 👩‍💻👨‍👩‍👧‍👦 orgullo 🏳️‍🌈 🏴󠁧󠁢󠁳󠁣󠁴󠁿 corazón ❤ ❤️ ❤️‍🔥 ✝︎ fin"
    )
    assert _ours(text) == _reference(text)
    assert all(text[s:e] == e_ for s, e, e_ in _ours(text))


alphabet = st.sampled_from(
    [
        *"ab 1#*,.¿¡ñé€\u200d\ufe0f\ufe0e\u20e3",
        "👍",
        "🏽",
        "🇦",
        "🇷",
        "👩",
        "💻",
        "❤",
        "🏳",
        "🌈",
        "✝",
        "☺",
        "🤷",
        "♀",
        "🏴",
        "\U000e0067",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(alphabet, max_size=40).map("".join))
def test_same_segmentation_as_the_package_on_random_text(text: str) -> None:
    assert _ours(text) == _reference(text)


def test_ascii_fast_path() -> None:
    assert find_emojis("Thanks! #1 order *today* :)") == []


def test_keys_strip_tones_genders_and_selectors() -> None:
    assert base_key("🤷🏽‍♀️") == "🤷"
    assert base_key("🤦‍♂️") == "🤦"
    assert base_key("✝️") == "✝"
    assert base_key("👍🏿") == "👍"
    assert base_key("😮‍💨") == "😮‍💨"  # a different emoji, not a variant of 😮
    assert without_skin_tone("🧑🏾‍🍳") == "🧑‍🍳"


def test_flags() -> None:
    assert is_flag("🇦🇷") and is_flag("🏳️‍🌈") and is_flag("🏴󠁧󠁢󠁷󠁬󠁳󠁿")
    assert not is_flag("🏳️") and not is_flag("👍")


def test_versions_and_older_alternatives() -> None:
    assert version_of("🙂") == 1.0
    assert version_of("🫠") == 14.0
    assert version_of("🩷") == 15.0
    assert older_alternative("🩷", 14.0, {"🩷": "💗"}) == "💗"
    assert older_alternative("🐦‍🔥", 14.0, {}) == "🐦"
    assert older_alternative("🫨", 14.0, {}) is None


def test_long_adversarial_input_is_linear() -> None:
    # 50 kB of joiners, selectors and tone modifiers with no base emoji, and a long emoji run.
    nasty = ("\u200d\ufe0f🏽" * 12_500)[:50_000]
    run = ("👍🏽\u200d" * 10_000)[:50_000]
    for text in (nasty, run, "1\ufe0f" * 25_000):
        started = time.perf_counter()
        find_emojis(text)
        assert time.perf_counter() - started < 2.0
