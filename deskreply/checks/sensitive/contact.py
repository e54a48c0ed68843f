"""E-mail addresses and phone numbers.

E-mails are found from each "@" outwards (no regex can backtrack); an Instagram handle
("@moda.nube") has nothing before its "@" and a URL path ("/@user") has a slash, so neither
counts. Phones are digit runs (see :mod:`.numbers`) that libphonenumber validates for one of
the markets DeskReply serves, or for any country when written with "+".
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.numbers import NumberSpan

_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'")
_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_MAX_LOCAL = 64
_MAX_DOMAIN = 253

# Regions tried for a number written without "+", in order, per draft language.
REGIONS: dict[str, tuple[str, ...]] = {
    "es": ("ES", "MX", "AR", "CO", "CL", "PE", "US", "GB"),
    "en": ("US", "GB", "ES", "MX", "AR", "CO", "CL", "PE"),
}


def find_emails(text: str) -> Iterator[Candidate]:
    """Every e-mail address; the span has no surrounding punctuation."""
    pos = text.find("@")
    last_end = 0
    while pos >= 0:
        start = pos
        floor = max(last_end, pos - _MAX_LOCAL)
        while start > floor and (text[start - 1] in _LOCAL or text[start - 1].isalnum()):
            start -= 1
        while start < pos and text[start] in ".'-":
            start += 1
        end = pos + 1
        ceiling = min(len(text), pos + 1 + _MAX_DOMAIN)
        while end < ceiling and (text[end] in _DOMAIN or text[end].isalnum()):
            end += 1
        while end > pos + 1 and text[end - 1] in ".-":
            end -= 1
        found = start < pos and _domain_ok(text[pos + 1 : end]) and _free_before(text, start)
        if found:
            yield Candidate(start, end, "email", "email")
            last_end = end
        pos = text.find("@", end if found else pos + 1)


def _domain_ok(domain: str) -> bool:
    labels = domain.split(".")
    if len(labels) < 2 or any(not label or len(label) > 63 for label in labels):
        return False
    tld = labels[-1]
    return tld.isalpha() and len(tld) >= 2


def _free_before(text: str, start: int) -> bool:
    """Not inside a URL path or a longer token ("https://x.com/a@b.co" is a URL)."""
    return start == 0 or text[start - 1] not in "/\\"


@lru_cache(maxsize=4096)
def _valid_in(raw: str, region: str | None) -> bool:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _thousands(span: NumberSpan) -> bool:
    """1.234.567 / 12.345.678: a quantity or an id, not the way phones are written."""
    return (
        span.single_sep() in (".", ",")
        and span.groups[0] <= 2
        and len(span.groups) >= 2
        and all(g == 3 for g in span.groups[1:])
    )


def is_phone(span: NumberSpan, raw: str, regions: tuple[str, ...]) -> bool:
    """``raw`` (the span's text) is a complete phone number of a served market."""
    digits = span.digits
    if not 7 <= len(digits) <= 15:
        return False
    if "/" in span.sep_chars or span.looks_like_date() or _thousands(span):
        return False
    if span.plus:
        return _valid_in(raw, None)
    if digits.startswith("00") and len(digits) > 9:  # international prefix instead of "+"
        return _valid_in("+" + digits[2:], None)
    return any(_valid_in(raw, region) for region in regions)
