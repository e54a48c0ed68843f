"""Secrets of no known format: a long, random-looking string right after a cue word.

"Here is the key: 9f8Kq…", "te paso el token 7eff7e…", "client_secret=…", "API_KEY: …". The
value must be long (>= 20 characters), random (Shannon entropy and a mix of character classes)
and not a placeholder, a URL, an e-mail or a plain word. Cue words are found by the detector's
CueLexicon (category ``tok:cue``); ``SOMETHING_KEY=`` style assignments by a regex here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.placeholders import is_placeholder, shannon_bits
from deskreply.checks.sensitive.token_formats import PUBLIC_PREFIXES

CUE_CATEGORY = "tok:cue"
_MIN_LEN = 20
_MAX_LEN = 400
_REACH = 60  # characters between the end of the cue and the value
_MAX_GAP_TOKENS = 14
# What may stand between a cue and its value: punctuation (no sentence end) and plain words
# ("la clave de la API de producción es …", "the signing secret we use is …"). A word is
# letters only, so the gap never swallows the start of a value; a value must still look random.
_GAP_TOKEN = re.compile(r"[\s:=\"'`«“(\-–—>→,]+|[^\W\d_]{1,14}(?!\w)")
_VALUE = re.compile(r"[A-Za-z0-9_\-+/=.~]{20,400}")
# ENV-style assignments: MY_API_KEY=…, client_secret: …, "access_token": "…"
_ASSIGN = re.compile(
    r"(?<![A-Za-z0-9_])[A-Za-z0-9_\-]{0,40}(?:key|token|secret|password|passwd|pwd|KEY|TOKEN|"
    r"SECRET|PASSWORD|Key|Token|Secret)[A-Za-z0-9_\-]{0,20}[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?"
)


def looks_random(value: str) -> bool:
    """Long enough, enough entropy, more than one character class, not a word or a number."""
    if not _MIN_LEN <= len(value) <= _MAX_LEN:
        return False
    classes = sum(
        (
            any(ch.islower() for ch in value),
            any(ch.isupper() for ch in value),
            any(ch.isdigit() for ch in value),
        )
    )
    if classes < 2 or not any(ch.isdigit() for ch in value):
        return False
    if value.isdigit() or is_placeholder(value) or value.startswith(PUBLIC_PREFIXES):
        return False
    if _segmented_code(value):
        return False
    # Random characters switch between letters, digits and cases all along the string; a word
    # with a year ("contrasena2024") switches once.
    if _class_changes(value) < max(3, len(value) // 8):
        return False
    # Random base62 has ~5.9 bits/char, hex ~4; words and dates stay well under 3.5.
    return shannon_bits(value) >= 3.5


_SEGMENTS = re.compile(r"[-_./]")


def _segmented_code(value: str) -> bool:
    """ "SKU-ABC-12345-XL-2024": parts that are each a plain word or number are a code."""
    parts = [p for p in _SEGMENTS.split(value) if p]
    return len(parts) >= 3 and all(p.isdigit() or p.isalpha() for p in parts)


def _char_class(ch: str) -> int:
    return 0 if ch.isdigit() else 1 if ch.islower() else 2 if ch.isupper() else 3


def _class_changes(value: str) -> int:
    return sum(_char_class(a) != _char_class(b) for a, b in itertools.pairwise(value))


def _value_at(text: str, pos: int) -> tuple[int, int] | None:
    m = _VALUE.match(text, pos)
    if m is None:
        return None
    start, end = m.span()
    while end > start and text[end - 1] in ".-~":
        end -= 1
    if end < len(text) and (text[end].isalnum() or text[end] in "@:"):
        return None  # glued to more text: an e-mail, a URL, a sentence
    value = text[start:end]
    if "://" in text[max(0, start - 8) : start] or value.lower().startswith("www."):
        return None
    return (start, end) if looks_random(value) else None


def find_unknown_tokens(
    text: str,
    folded: str,
    cues: list[tuple[int, int]],
    blockers: Sequence[tuple[int, int]] = (),
) -> Iterator[Candidate]:
    """High-entropy values after one of ``cues`` (spans in ``folded``) or an assignment.

    ``blockers``: cue spans of references ("pedido", "order", "tracking"): a value after one
    of them in the gap belongs to that reference, not to the secret cue.
    """
    starts: list[int] = [end for _start, end in cues]
    if "=" in text or ":" in text:
        starts.extend(m.end() for m in _ASSIGN.finditer(text))
    blocked = {start for start, _end in blockers}
    taken = -1
    for cue_end in sorted(set(starts)):
        if cue_end < taken:
            continue
        found = _value_after(text, folded, cue_end, blocked)
        if found is not None:
            taken = found[1]
            yield Candidate(found[0], found[1], "secret_token", "high_entropy")


def _value_after(text: str, folded: str, cue_end: int, blocked: set[int]) -> tuple[int, int] | None:
    """The first random-looking value at a token start within reach of the cue."""
    limit = min(len(text), cue_end + _REACH)
    pos = cue_end
    for _ in range(_MAX_GAP_TOKENS):
        if pos >= limit or pos in blocked:
            return None
        if not text[pos].isspace() and (pos == 0 or not text[pos - 1].isalnum()):
            found = _value_at(text, pos)
            if found is not None:
                return found
        gap = _GAP_TOKEN.match(folded, pos, limit)
        if gap is None:
            return None
        pos = gap.end()
    return None
