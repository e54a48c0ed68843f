"""Bank accounts: IBANs (any country) and the national formats written without a country code.

* IBAN: ISO 13616 mod-97 plus the national check where one exists (Spanish CCC via
  ``stdnum``; French RIB key and Italian CIN here, ``stdnum`` has no module for them).
* Argentine CBU/CVU (22 digits, two check digits), Mexican CLABE (18 digits, weights 3-7-1),
  Spanish CCC (20 digits, two check digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban as std_iban
from stdnum.ar import cbu
from stdnum.es import ccc

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.numbers import NumberSpan

# Country code (maybe a space: "ES 91 2100 …") + check digits, then 10-30 more characters,
# optionally grouped. Each repeat
# consumes exactly one character plus an optional separator: linear.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[ \u00a0]?\d{2}(?:[ \u00a0-]?[A-Za-z0-9]){10,30}")
_SEP = " \u00a0-"


# RIB letter values: A-I -> 1-9, J-R -> 1-9, S-Z -> 2-9.
_RIB_LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789", strict=True))


def _fr_rib_ok(bban: str) -> bool:
    """French RIB key: 97 - (89*bank + 15*branch + 3*account) mod 97."""
    digits = "".join(_RIB_LETTERS.get(c, c) for c in bban)
    if len(digits) != 23 or not digits.isdigit():
        return False
    bank, branch, account, key = digits[:5], digits[5:10], digits[10:21], digits[21:]
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97 == int(key)


# Value of a character in an odd position (0-9 and A-Z share the table by index).
_CIN_ODD = tuple(
    int(v) for v in "1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23".split()
)


def _it_cin_ok(bban: str) -> bool:
    """Italian CIN: a letter computed over ABI + CAB + account with odd/even tables."""
    if len(bban) != 23 or not bban[0].isalpha():
        return False
    total = 0
    for i, ch in enumerate(bban[1:]):
        value = int(ch) if ch.isdigit() else ord(ch) - ord("A")
        if not 0 <= value < 26:
            return False
        total += _CIN_ODD[value] if i % 2 == 0 else value
    return chr(ord("A") + total % 26) == bban[0]


def _mod97_ok(compact: str) -> bool:
    """The ISO 7064 check alone: cheap, and rejects almost every non-IBAN before stdnum."""
    moved = compact[4:] + compact[:4]
    if not moved.isalnum() or not moved.isascii():
        return False
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def iban_valid(compact: str) -> bool:
    if not _mod97_ok(compact) or not std_iban.is_valid(compact):
        return False
    country = compact[:2]
    if country in ("FR", "MC"):
        return _fr_rib_ok(compact[4:])
    if country in ("IT", "SM"):
        return _it_cin_ok(compact[4:])
    return True


def find_ibans(text: str, start: int = 0, end: int | None = None) -> Iterator[Candidate]:
    """Every valid IBAN, grouped or not; the span stops at the last character of the IBAN."""
    for m in _IBAN.finditer(text, start, len(text) if end is None else end):
        raw = m.group()
        # Possible ends: before each separator, and the match end if no word goes on there.
        ends = [i for i in range(1, len(raw)) if raw[i] in _SEP and raw[i - 1] not in _SEP]
        after = m.end()
        if after >= len(text) or not text[after].isalnum():
            ends.append(len(raw))
        for end in sorted(ends, reverse=True):
            compact = "".join(ch for ch in raw[:end] if ch not in _SEP).upper()
            if len(compact) >= 15 and iban_valid(compact):
                yield Candidate(m.start(), m.start() + end, "iban", "iban")
                break


def clabe_valid(digits: str) -> bool:
    """Mexican CLABE: 18 digits, the last one = weighted (3,7,1) sum check."""
    if len(digits) != 18 or not digits.isdigit():
        return False
    weights = (3, 7, 1)
    total = sum(int(d) * weights[i % 3] % 10 for i, d in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == int(digits[17])


def bank_account_reason(span: NumberSpan) -> str | None:
    """``cbu`` / ``clabe`` / ``ccc`` when ``span`` is a valid national account number."""
    digits = span.digits
    if span.plus or span.single_sep() not in ("", " ", "-", "."):
        return None
    if len(digits) == 22 and cbu.is_valid(digits):
        return "cbu"
    if len(digits) == 18 and clabe_valid(digits):
        return "clabe"
    if len(digits) == 20 and ccc.is_valid(digits):
        return "ccc"
    return None
