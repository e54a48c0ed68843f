"""Phone numbers: digit runs that libphonenumber validates for a served market, or any
country when written with "+" (E.164).

Markets: every Spanish-speaking country, Brazil, the US and the UK. Trying 24 regions with
``phonenumbers.parse`` for every digit run would cost milliseconds, so a cheap test on each
region's metadata (possible lengths and national number pattern, after the national prefix)
picks the few regions worth a real parse. Never a phone: an IP address, a version number, a
date, a thousands-grouped amount.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneMetadata

from deskreply.checks.sensitive.numbers import NumberSpan

_LATAM = (
    "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI",
    "CR", "PA", "UY", "PR", "GQ", "BR",
)  # fmt: skip
# Regions tried for a number written without "+", in order, per draft language.
REGIONS: dict[str, tuple[str, ...]] = {
    "es": ("ES", *_LATAM, "US", "GB"),
    "en": ("US", "GB", "ES", *_LATAM),
}
# Where a plain block of digits ("612345678") is read as a phone without a phone word before
# it. Elsewhere national numbers are so short (7-8 digits: Central America, Bolivia) or so
# like the national ids (10-11 digits: Brazil's CPF, Ecuador's cédula, Cuba's carné) that a
# bare block is more often an id or an order, so the number must be written the way phones
# are, in groups ("7012-3456", "(11) 91234-5678"), with "+", or after "tel", "WhatsApp"...
_PLAIN_OK = frozenset({"ES", "MX", "AR", "CO", "CL", "PE", "US", "GB"})


class _RegionFilter:
    """Could ``digits`` (as written nationally) be a number of this region at all?"""

    def __init__(self, region: str) -> None:
        meta = PhoneMetadata.metadata_for_region(region)
        assert meta is not None and meta.general_desc is not None
        self.lengths = frozenset(meta.general_desc.possible_length or ())
        self.pattern = re.compile(meta.general_desc.national_number_pattern or r"\d+")
        self.prefix = meta.national_prefix or ""
        parsing = meta.national_prefix_for_parsing
        # Regions whose prefix rules rewrite the number (Argentina's "15", Brazil's carrier
        # codes) get only a length test; the real parse decides.
        self.simple = parsing is None or parsing == self.prefix
        self.max_len = max(self.lengths, default=15) + 5

    def may_match(self, digits: str) -> bool:
        if not self.simple:
            return len(digits) <= self.max_len
        variants = [digits]
        if self.prefix and digits.startswith(self.prefix):
            variants.append(digits[len(self.prefix) :])
        return any(len(v) in self.lengths and self.pattern.fullmatch(v) for v in variants)


@lru_cache(maxsize=64)
def _filter(region: str) -> _RegionFilter:
    return _RegionFilter(region)


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


def _dotted_code(span: NumberSpan) -> bool:
    """192.168.1.20, 4.12.300.1: IP addresses and version strings are dotted short groups."""
    if span.single_sep() != "." or len(span.groups) < 3:
        return False
    return len(span.groups) >= 4 or min(span.groups) == 1


def _spaced_date(span: NumberSpan) -> bool:
    """ "12 05 2024": day, month and a year of this era."""
    g = span.groups
    if g not in ((2, 2, 4), (1, 2, 4)) or span.single_sep() != " ":
        return False
    d = span.digits
    first, second, year = int(d[: g[0]]), int(d[g[0] : g[0] + 2]), int(d[-4:])
    return 1 <= first <= 31 and 1 <= second <= 12 and 1900 <= year <= 2099


def _starts_with_date(span: NumberSpan) -> bool:
    """ "05-12-2024 14": a date and then the hour."""
    g, d = span.groups, span.digits
    if len(g) < 4 or g[:3] not in ((2, 2, 4), (4, 2, 2), (1, 2, 4), (2, 1, 4)):
        return False
    if len({s.strip() for s in span.seps[:2]}) != 1 or span.seps[0].strip() not in "-./":
        return False
    a, b = int(d[: g[0]]), int(d[g[0] : g[0] + g[1]])
    c = int(d[g[0] + g[1] : g[0] + g[1] + g[2]])
    if g[0] == 4:
        return 1 <= b <= 12 and 1 <= c <= 31
    return 1 <= a <= 31 and 1 <= b <= 31 and 1900 <= c <= 2099


def _check_digit_tail(span: NumberSpan) -> bool:
    """ "9876543-0", "123.456.789-09": check digits after a dash, the way ids are written.

    Phones end on a group of 2+ digits, but never on two after a dash that follows
    thousands dots (a Brazilian CPF's shape).
    """
    if len(span.groups) < 2:
        return False
    if span.groups[-1] == 1:
        return True
    seps = [s.strip() for s in span.seps]
    return span.groups[-1] == 2 and seps[-1] == "-" and "." in seps[:-1]


def is_phone(span: NumberSpan, raw: str, regions: tuple[str, ...], cued: bool = False) -> bool:
    """``raw`` (the span's text) is a complete phone number of a served market.

    ``cued``: a phone word ("tel.", "celular", "WhatsApp", "call") stands right before it.
    """
    digits = span.digits
    if not 7 <= len(digits) <= 15:
        return False
    if "/" in span.sep_chars or span.looks_like_date() or _thousands(span):
        return False
    if _dotted_code(span) or _spaced_date(span) or _starts_with_date(span):
        return False
    if _check_digit_tail(span):
        return False
    if span.plus:
        return _valid_in(raw, None)
    if digits.startswith("00") and len(digits) > 9:  # international prefix instead of "+"
        return _valid_in("+" + digits[2:], None)
    grouped = len(span.groups) > 1
    # Outside the main markets a number ends on a group of 3+ digits ("7012-3456"): a short
    # tail is more often the next words' figure ("900 123 456 24 horas").
    tail_ok = span.groups[-1] >= 3
    return any(
        ((cued and not grouped) or (grouped and tail_ok) or r in _PLAIN_OK)
        and _filter(r).may_match(digits)
        and _valid_in(raw, r)
        and (cued or grouped or _written_as_nationals_do(digits, r))
        for r in regions
    )


# Where people write a plain national number without its trunk prefix too ("1123456789" for
# Buenos Aires' "011 2345-6789").
_PREFIX_OPTIONAL = frozenset({"AR"})


@lru_cache(maxsize=4096)
def _written_as_nationals_do(digits: str, region: str) -> bool:
    """A bare block of digits has exactly the digits of the region's national format.

    A bare block is the weakest sign of a phone, and many ids and codes parse as some
    region's number only by reading a leading digit as its trunk prefix ("0912345676", an
    Ecuadorian cédula, as a Peruvian mobile, which Peruvians write without the 0) or by
    leaving the prefix out where nobody does ("1309876547" as a British number).
    """
    number = phonenumbers.parse(digits, region)
    national = "".join(ch for ch in phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL) if ch.isdigit())
    if digits == national:
        return True
    prefix = _filter(region).prefix
    return region in _PREFIX_OPTIONAL and bool(prefix) and prefix + digits == national
