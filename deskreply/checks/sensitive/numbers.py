"""Find runs of digit groups ("4111 1111 1111 1111", "+54 9 11 5555-1234") and their sub-spans.

Cards, bank accounts, numeric ids and phones are all digit groups joined by a space, dash, dot
or slash. One linear scan finds the runs; each detector then tests sub-spans that start and end
on whole groups, so "4111 1111 1111 1111 12/26" still yields the card and never a 19-digit
slice of it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A group: optional "+" or "(" then digits then optional ")". Between groups: one space, or a
# dash/dot/slash with at most one space each side, or nothing right after a ")" ("(415)555").
# Each repetition must start with a separator (or follow a ")") and the digits cannot be one,
# so the pattern never backtracks more than a few characters.
_RUN = re.compile(
    r"(?:\+|\(\+?)?\d+\)?"
    r"(?:(?:[ \u00a0]?[-./\u2010-\u2013][ \u00a0]?|[ \u00a0]|(?<=\)))\(?\d+\)?)*"
)
_DIGITS = re.compile(r"\d+")

# The most digits any detector wants (a CBU has 22).
MAX_DIGITS = 22
# How many groups one value may span ("+54 9 11 5555 1234" is 5; "1 2 3 …" is not a value).
MAX_GROUPS = 8

_CURRENCY_BEFORE = ("$", "€", "£", "¥", "us$", "u$s", "s/", "s/.", "r$", "eur", "usd", "mxn")


@dataclass(frozen=True)
class NumberSpan:
    """Whole groups ``first..last`` of a run: ``text[start:end]`` and its digits."""

    start: int
    end: int
    digits: str
    groups: tuple[int, ...]  # length of each digit group
    seps: tuple[str, ...]  # what stands between consecutive groups
    plus: bool  # starts with "+" (an international phone number)
    digits_start: int  # first digit (without a "+" or "(")
    digits_end: int  # one past the last digit (without a ")")

    @property
    def sep_chars(self) -> frozenset[str]:
        return frozenset(s.strip() or " " for s in self.seps)

    def grouped_as(self, *shapes: tuple[int, ...]) -> bool:
        return self.groups in shapes

    def single_sep(self) -> str | None:
        """The one separator used throughout ("" when compact), or None when mixed."""
        chars = self.sep_chars
        if not chars:
            return ""
        if len(chars) == 1 and all(len(s) == 1 for s in self.seps):
            return next(iter(chars))
        return None

    def looks_like_date(self) -> bool:
        g = self.groups
        if len(g) != 3 or self.single_sep() not in ("-", ".", "/"):
            return False
        parts = [int(x) for x in _DIGITS.findall(self._digit_text())]
        if g[0] == 4 and g[1] <= 2 and g[2] <= 2:  # 2024-05-12
            return 1 <= parts[1] <= 12 and 1 <= parts[2] <= 31
        if g[0] <= 2 and g[1] <= 2 and g[2] in (2, 4):  # 12/05/2024, 12.05.24
            return (1 <= parts[0] <= 31 and 1 <= parts[1] <= 12) or (
                1 <= parts[0] <= 12 and 1 <= parts[1] <= 31
            )
        return False

    def _digit_text(self) -> str:
        out: list[str] = []
        pos = 0
        for length in self.groups:
            out.append(self.digits[pos : pos + length])
            pos += length
        return " ".join(out)


@dataclass
class _Group:
    start: int  # including a leading "+" / "("
    digits_start: int
    digits_end: int
    end: int  # including a trailing ")"


def _glued_before(text: str, pos: int) -> bool:
    """The run continues a word or code ("F-2024", "x100", "#12345", "$1.299")."""
    if pos == 0:
        return False
    prev = text[pos - 1]
    if prev.isalnum() or prev in "_#@&%":
        return True
    if prev in "-/" and pos >= 2 and (text[pos - 2].isalnum() or text[pos - 2] == "_"):
        return True
    before = text[max(0, pos - 4) : pos].lower().rstrip()
    return before.endswith(_CURRENCY_BEFORE)


def _glued_after(text: str, pos: int) -> bool:
    """The run goes on as a word, a decimal, a percentage or a price ("12345678Z", "1,5")."""
    if pos >= len(text):
        return False
    nxt = text[pos]
    if nxt.isalnum() or nxt in "_%€$£@":
        return True
    if nxt in "-/,*" and pos + 1 < len(text) and text[pos + 1].isalnum():
        return True
    after = text[pos : pos + 5].lower().lstrip()
    return after.startswith(("€", "eur ", "eur.", "usd", "mxn", "euros", "pesos", "dolares"))


def _groups(text: str, start: int, end: int) -> list[_Group]:
    out: list[_Group] = []
    for m in _DIGITS.finditer(text, start, end):
        g_start, g_end = m.start(), m.end()
        if g_start > start and text[g_start - 1] == "+":
            g_start -= 1
        if g_start > start and text[g_start - 1] == "(":  # "(11)" and "(+34)"
            g_start -= 1
        if g_end < end and text[g_end] == ")":
            g_end += 1
        out.append(_Group(g_start, m.start(), m.end(), g_end))
    return out


def _span(text: str, groups: list[_Group]) -> NumberSpan:
    first, last = groups[0], groups[-1]
    start = first.start
    end = last.digits_end
    # Parentheses belong to the span only when both are inside it.
    opened = text.count("(", start, end) - text.count(")", start, end)
    if opened > 0 and last.end > last.digits_end:
        end = last.end
    elif opened > 0 and text[start] == "(":
        start += 1
    digits = "".join(text[g.digits_start : g.digits_end] for g in groups)
    seps = tuple(text[a.end : b.start] for a, b in itertools.pairwise(groups))
    return NumberSpan(
        start=start,
        end=end,
        digits=digits,
        groups=tuple(g.digits_end - g.digits_start for g in groups),
        seps=seps,
        plus=text[start] == "+" or text[start : start + 2] == "(+",
        digits_start=first.digits_start,
        digits_end=last.digits_end,
    )


class Run:
    """One maximal run of digit groups and the sub-spans a detector may look at."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.groups = _groups(text, start, end)
        self._digit_starts = [group.digits_start for group in self.groups]
        # "cédula #402-…": a number sign before the value, not a code ("A#12"). Such a
        # value may still be an id or a card, never a phone ("#612345678" is a ticket).
        self.after_number_sign = (
            start > 0 and text[start - 1] == "#" and (start < 2 or not text[start - 2].isalnum())
        )
        self.glued_before = not self.after_number_sign and _glued_before(text, start)
        self.glued_after = _glued_after(text, end)

    @property
    def dotted_code(self) -> bool:
        """Four or more groups joined only by dots: an IP address or a version string."""
        if len(self.groups) < 4:
            return False
        return all(self.text[a.end : b.start] == "." for a, b in itertools.pairwise(self.groups))

    def check_digit_follows(self, span: NumberSpan) -> bool:
        """A dash and a lone check digit come right after ``span`` ("402-1234567-9"), or the
        two check digits that end the number ("123.456.789-09", a CPF)."""
        following = bisect.bisect_left(self._digit_starts, span.digits_end)
        if following >= len(self.groups):
            return False
        group = self.groups[following]
        if self.text[span.end : group.start] != "-":
            return False
        width = group.digits_end - group.digits_start
        return width == 1 or (width == 2 and following == len(self.groups) - 1)

    def may_start(self, first: int, after_value: bool) -> bool:
        """A value may start at group ``first``.

        Not inside a code ("F-2024-…", "ES31 1465 …" with a bad IBAN check) and not in the
        middle of one long number ("9400 1118 9922 …" is a tracking number, not a phone
        after its first group), unless the groups before were a value of their own.
        """
        if first == 0:
            return not self.glued_before
        if after_value:
            return True
        sep = self.text[self.groups[first - 1].end : self.groups[first].start]
        return len(sep) > 1 and sep.strip() in ("-", "/", "–")

    def ends_cleanly(self, span: NumberSpan) -> bool:
        """``span`` reaches the end of the run, or what follows it is clearly apart."""
        if span.digits_end >= self.groups[-1].digits_end:
            return True
        # Only the next few groups matter; looking at all of them made long runs quadratic.
        following = bisect.bisect_left(self._digit_starts, span.digits_end)
        rest_digits = 0
        for group in self.groups[following:]:
            rest_digits += group.digits_end - group.digits_start
            if rest_digits > 2:
                break
        if rest_digits <= 2:
            return True  # "900 123 456 24 horas"
        sep = self.text[span.end : self.groups[following].start]
        return len(sep) > 1 and sep.strip() in ("-", "/", "\u2013")

    def span(self, first: int, last: int) -> NumberSpan:
        """The sub-span of groups ``first..last`` (inclusive)."""
        return _span(self.text, self.groups[first : last + 1])

    def spans(self, first: int) -> Iterator[NumberSpan]:
        """Sub-spans starting at group ``first``, longest first (at most MAX_DIGITS digits)."""
        groups = self.groups
        limit = len(groups) - 1 if self.glued_after else len(groups)
        total = 0
        stop = first
        while stop < limit and stop - first < MAX_GROUPS:
            total += groups[stop].digits_end - groups[stop].digits_start
            if total > MAX_DIGITS:
                break
            stop += 1
        for last in range(stop - 1, first - 1, -1):
            yield _span(self.text, groups[first : last + 1])


def runs(text: str, min_chars: int = 6) -> list[Run]:
    """Every run of digit groups in ``text`` at least ``min_chars`` long (with separators)."""
    return [
        Run(text, m.start(), m.end())
        for m in _RUN.finditer(text)
        if m.end() - m.start() >= min_chars
    ]


def windows(found: list[Run], text_len: int, before: int, after: int) -> list[tuple[int, int]]:
    """Merged (start, end) windows around runs: where formats with letters may sit."""
    out: list[tuple[int, int]] = []
    for run in found:
        start, end = max(0, run.start - before), min(text_len, run.end + after)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
