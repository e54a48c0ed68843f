"""Waiting times, delivery states and bubble text, in both languages."""

from __future__ import annotations

import time

from deskreply.i18n import translator
from deskreply.ui.text import MAX_SHOWN_CHARS, bubble_text, clock_text, state_text, waiting_text

en = translator("ui", "en")
es = translator("ui", "es")


def test_waiting_times_are_short_and_rounded_down() -> None:
    assert waiting_text(5, en) == "now"
    assert waiting_text(-3, en) == "now"  # clock skew never shows a negative wait
    assert waiting_text(12 * 60 + 59, en) == "12 min"
    assert waiting_text(3 * 3600 + 10, en) == "3 h"
    assert waiting_text(2 * 86400 + 7200, en) == "2 d"
    assert waiting_text(30, es) == "ahora"
    assert waiting_text(3 * 3600, es) == "3 h"


def test_delivery_state_has_a_symbol_and_words() -> None:
    assert state_text("delivered", en) == "✓✓ Delivered"
    assert state_text("failed", en) == "⚠ Not sent"
    assert state_text("queued", es) == "🕓 Pendiente de envío"
    assert state_text("read", es) == "✓✓ Leído"


def test_bubble_text_is_untouched_for_normal_messages() -> None:
    text = "<b>Hola</b> ¿qué tal? 😡\nSegunda línea & más"
    assert bubble_text(text, en) == text


def test_bubble_text_breaks_long_runs_and_shortens_huge_texts() -> None:
    shown = bubble_text("a" * 100, en)
    assert shown.replace("\u200b", "") == "a" * 100 and "\u200b" in shown
    huge = bubble_text("word " * 20_000, en)
    assert huge.endswith(f"[{100_000 - MAX_SHOWN_CHARS} more characters not shown]")


def test_bubble_text_is_linear_on_adversarial_input() -> None:
    start = time.perf_counter()
    bubble_text("é" * 50_000 + " " + "<" * 50_000, en)
    assert time.perf_counter() - start < 0.5


def test_clock_text_today_and_older() -> None:
    now = time.time()
    assert len(clock_text(now, now)) == 5  # HH:MM
    assert "/" in clock_text(now - 10 * 86400, now)
