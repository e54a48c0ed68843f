"""Properties of the WHOLE checker (every check, context and settings) on any input.

* it never raises (the test checker re-raises what the app would only log);
* every finding's offsets are valid Python indices whose text is the finding's text, and map
  to whole UTF-16 code units (what the Qt editor underlines), never half a surrogate pair;
* emoji findings never cut a ZWJ sequence, a skin tone or a variation selector in two;
* time grows linearly with the draft (a ratio test; absolute figures are in
  ``benchmarks/checker_linearity.py``).

Plus adversarial-input tests for the regexes outside the checks that had none: quick-reply
slots, the store's search query, bubble text breaking, language detection, log masking.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import emoji as emoji_lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskreply.checks.engine import MAX_CHECKED_CHARS, Checker
from deskreply.checks.request import CheckContext, CheckSettings

CheckerFactory = Callable[..., Checker]

# Pieces that reach every check: tone words and shouting, emoji sequences (ZWJ, skin tones,
# flags, keycaps, variation selectors), placeholders, sensitive values, names, odd Unicode.
_PIECES = st.sampled_from([
    *"aeiouñ áéíóú AEIOU.,;:!?¡¿\n\t-_/()[]{}<>@#*'\"«»",
    "hola ", "gracias ", "usted ", "tú ", "vos ", "idiota ", "mierda ", "no es nuestro problema ",
    "como ya le expliqué ", "per my last email ", "whatever ", "NOT OUR PROBLEM ", "!!!",
    "😂", "🍆", "👍🏽", "👩‍💻", "🏳️‍🌈", "🇦🇷", "1️⃣", "❤️", "🫠", "🙂", "\u200d", "\ufe0f",
    "\U0001f3fb", "{nombre}", "[NAME]", "<cliente>", "XXXX", "____", "%FIRST_NAME%", "{{x}}",
    "lorem ipsum ", "4111 1111 1111 1111", "ES91 2100 0418 4502 0005 1332", "12345678Z",
    "DNI ", "contraseña: ", "ana@example.com", "+34 612 345 678", "AKIAIOSFODNN7EXAMPLE",
    "Tom", "Lucía", "\u202e", "\u200b", "\u0301", "İ", "ß", "ﬁ", "𝒜", "\x00", "\r\n",
])
_TEXTS = st.one_of(st.lists(_PIECES, max_size=80).map("".join), st.text(max_size=400))
_CONTEXTS = st.builds(
    CheckContext,
    incoming=st.one_of(st.none(), _TEXTS),
    contact_name=st.one_of(st.none(), st.sampled_from(["Lucía Pérez", "Tom", "", "😀", "<b>"])),
    history=st.lists(st.tuples(st.sampled_from(["in", "out"]), _TEXTS), max_size=3).map(tuple),
)
_SETTINGS = st.builds(
    CheckSettings,
    sensitivity=st.sampled_from(["relaxed", "standard", "strict"]),
    emoji_limit=st.integers(0, 5),
    emoji_max_version=st.sampled_from([11.0, 14.0, 16.0]),
)
ZWJ = "\u200d"


def _cuts_a_sequence(text: str, start: int, end: int) -> bool:
    """True if text[start:end] stops inside one emoji (a ZWJ sequence, a skin tone, VS16)."""
    shown = text[start:end]
    after = text[end:end + 1]
    if after == "\ufe0f" or (after and emoji_lib.is_emoji(shown + after)):
        return True
    if after == ZWJ and emoji_lib.is_emoji(text[end + 1:end + 2]) and \
            emoji_lib.is_emoji(shown + ZWJ + text[end + 1:end + 2]):
        return True
    before = text[start - 1:start] if start else ""
    return before == ZWJ and start >= 2 and emoji_lib.is_emoji(text[start - 2] + ZWJ + shown)


@pytest.fixture(scope="module")
def checkers(checker_factory: CheckerFactory) -> dict[str, Checker]:
    return {lang: checker_factory(lang) for lang in ("es", "en")}


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_TEXTS, lang=st.sampled_from(["es", "en", None]), ui=st.sampled_from(["es", "en"]),
       context=_CONTEXTS, options=_SETTINGS)
def test_any_draft_any_context_never_raises_and_offsets_are_valid(
        checkers: dict[str, Checker], text: str, lang: str | None, ui: str,
        context: CheckContext, options: CheckSettings) -> None:
    report = checkers[ui].check(text, lang=lang, context=context, settings=options)
    assert report.lang in ("es", "en")
    encoded = text.encode("utf-16-le", "surrogatepass")
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= min(len(text), MAX_CHECKED_CHARS)
        assert text[finding.start:finding.end] == finding.text
        start16, end16 = _utf16(text, finding.start), _utf16(text, finding.end)
        assert encoded[start16 * 2:end16 * 2].decode("utf-16-le", "surrogatepass") == \
            finding.text
        assert finding.severity in ("info", "warning", "block")
        assert finding.message.strip()
        if finding.check == "emoji":
            assert not _cuts_a_sequence(text, finding.start, finding.end), finding
        for fix in finding.fixes:
            assert isinstance(fix.replacement, str) and fix.label.strip()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXTS)
def test_checking_is_deterministic(checkers: dict[str, Checker], text: str) -> None:
    first = checkers["es"].check(text, lang="es")
    second = checkers["es"].check(text, lang="es")
    assert [(f.check, f.kind, f.start, f.end) for f in first.findings] == \
        [(f.check, f.kind, f.start, f.end) for f in second.findings]


def _best(check: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        check()
        best = min(best, time.perf_counter() - start)
    return best


# Realistic drafts and worst cases for the whole pipeline, repeated to any length.
LINEARITY_INPUTS: dict[str, str] = {
    "mixed reply": ("Hola Lucía, como ya le expliqué no es nuestro problema 😂. Su tarjeta "
                    "4111 1111 1111 1111 y su DNI 12345678Z. Escríbanos a ana@example.com. "),
    "one long word": "a",
    "punctuation": "!?.,;:-_ ",
    "placeholders": "{nombre} [NAME] <x> XXXX ____ ",
    "shouting": "NO ES NUESTRO PROBLEMA!!! ",
    "digits": "12 34-56.78 9",
    "emoji wall": "👍🏽😂🍆👩‍💻🏳️‍🌈🇦🇷❤️ ",
}
# Inputs that were quadratic, with smaller sizes (an emoji wall was, until the emoji rules
# looked at a run's neighbours once per run instead of once per emoji: 20 kB took 42 s).
_KNOWN_QUADRATIC: dict[str, tuple[int, int]] = {}


def _linearity_cases() -> list[object]:
    cases: list[object] = []
    for name in LINEARITY_INPUTS:
        marks = [pytest.mark.xfail(strict=True, reason="emoji risk check is quadratic on "
                                   "long runs (issue 13 report)")] \
            if name in _KNOWN_QUADRATIC else []
        cases.append(pytest.param(name, marks=marks))
    return cases


@pytest.mark.parametrize("name", _linearity_cases())
def test_whole_checker_time_grows_linearly(checkers: dict[str, Checker], name: str) -> None:
    unit = LINEARITY_INPUTS[name]
    small_n, large_n = _KNOWN_QUADRATIC.get(name, (5_000, 20_000))
    small = (unit * (small_n // len(unit) + 1))[:small_n]
    large = (unit * (large_n // len(unit) + 1))[:large_n]
    checker = checkers["es"]
    context = CheckContext(incoming="Estoy harta, ¿dónde está mi pedido?", contact_name="Lucía")
    checker.check(small, lang="es", context=context)  # warm
    # n times the text may cost ~n times; 3n leaves room for noise on a shared machine and
    # is still far below the n² of a quadratic step. A burst of load from other jobs can
    # spoil one measurement: three attempts, and any linear one passes.
    factor = 3 * large_n / small_n
    measured = []
    for _attempt in range(1 if name in _KNOWN_QUADRATIC else 3):
        t_small = _best(lambda: checker.check(small, lang="es", context=context))
        t_large = _best(lambda: checker.check(large, lang="es", context=context), rounds=2)
        measured.append((round(t_small, 4), round(t_large, 4)))
        if t_large < factor * max(t_small, 0.003) and t_large < 3.0:
            return
    pytest.fail(f"{name}: time not linear in the draft's length: {measured}")


def test_a_draft_longer_than_the_limit_is_cut_not_refused(checkers: dict[str, Checker]) -> None:
    text = "hola " * 30_000 + "4111 1111 1111 1111"
    report = checkers["es"].check(text, lang="es")
    assert all(f.end <= MAX_CHECKED_CHARS for f in report.findings)


# -- adversarial inputs for regexes outside the checks -----------------------------------------

def _ratio_ok(function: Callable[[str], object], unit: str) -> None:
    small, large = unit * 1_000, unit * 8_000  # 8x the input
    function(small)
    measured = []
    for _attempt in range(3):  # a burst of load on a shared machine fails one attempt, not 3
        t_small = _best(lambda: function(small), rounds=5)
        t_large = _best(lambda: function(large), rounds=5)
        measured.append((t_small, t_large))
        # ~8x when linear; 30x leaves room for a loaded machine, a quadratic step gives 64x.
        if t_large < 30 * max(t_small, 0.002):
            return
    pytest.fail(f"{unit[:20]!r}: not linear: {measured}")


@pytest.mark.parametrize("unit", ["{", "{a", "{" + "a" * 39, "{a-" * 10, "}{", "{{}}"])
def test_quick_reply_slots_are_linear(unit: str) -> None:
    from deskreply.quick_replies import SLOT

    _ratio_ok(lambda text: SLOT.findall(text), unit)


@pytest.mark.parametrize("unit", ["a ", "ñ" * 50 + " ", '"*', "a" * 300, "a-b "])
def test_store_search_query_is_linear_and_bounded(unit: str) -> None:
    from deskreply.store.store import _fts_query

    _ratio_ok(_fts_query, unit)
    query = _fts_query(unit * 4_000)
    assert query is None or query.count('"') <= 2 * 16


@pytest.mark.parametrize("unit", ["a", "a ", "😀", "\u200b", "x" * 39 + " "])
def test_bubble_text_is_linear(unit: str) -> None:
    from deskreply.ui.text import bubble_text

    _ratio_ok(lambda text: bubble_text(text, str), unit)


@pytest.mark.parametrize("unit", ["a", "a1", "ñ ", "日本", "a_b "])
def test_language_detection_is_linear(unit: str) -> None:
    from deskreply.checks.language import detect_language

    _ratio_ok(lambda text: detect_language(text, fallback="es"), unit)


@pytest.mark.parametrize("unit", ["1 ", "a@", "a" * 25, "1-", "+1", "a.b@c.", "_" * 30])
def test_log_masking_is_linear(unit: str) -> None:
    from deskreply.logs import mask

    _ratio_ok(mask, unit)
