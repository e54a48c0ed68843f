"""Payment card numbers: a real brand prefix and length, and a valid Luhn check digit.

IMEIs (15 digits, Luhn too) and EAN-13 barcodes are ruled out by brand prefixes and by the
EAN check; masked cards never reach here (too few digits).
"""

from __future__ import annotations

from stdnum import ean, luhn

from deskreply.checks.sensitive.numbers import NumberSpan

# (prefix range low, high, allowed lengths): IIN ranges of the brands in use in Spain, the
# Americas and the UK. Ranges are compared on the leading digits of the same width.
_BRANDS: tuple[tuple[int, int, frozenset[int]], ...] = (
    (4, 4, frozenset({13, 16, 19})),  # Visa
    (51, 55, frozenset({16})),  # Mastercard
    (2221, 2720, frozenset({16})),  # Mastercard 2-series
    (34, 34, frozenset({15})),  # American Express
    (37, 37, frozenset({15})),
    (6011, 6011, frozenset({16, 17, 18, 19})),  # Discover
    (644, 649, frozenset({16, 17, 18, 19})),
    (65, 65, frozenset({16, 17, 18, 19})),
    (622126, 622925, frozenset({16, 17, 18, 19})),
    (3528, 3589, frozenset({16, 17, 18, 19})),  # JCB
    (300, 305, frozenset({14, 15, 16, 17, 18, 19})),  # Diners Club
    (36, 36, frozenset({14, 15, 16, 17, 18, 19})),
    (38, 39, frozenset({16, 17, 18, 19})),
    (62, 62, frozenset({16, 17, 18, 19})),  # UnionPay
    (2200, 2204, frozenset({16, 17, 18, 19})),  # Mir
    (5018, 5018, frozenset(range(12, 20))),  # Maestro
    (5020, 5020, frozenset(range(12, 20))),
    (5038, 5038, frozenset(range(12, 20))),
    (5893, 5893, frozenset(range(12, 20))),
    (6304, 6304, frozenset(range(12, 20))),
    (6759, 6759, frozenset(range(12, 20))),
    (6761, 6763, frozenset(range(12, 20))),
    (589562, 589562, frozenset({16})),  # Tarjeta Naranja (AR)
    (6042, 6043, frozenset({16})),  # Cabal (AR)
    (6271, 6271, frozenset({16})),
    (606282, 606282, frozenset({16})),  # Hipercard (BR)
    (636368, 636368, frozenset({16})),  # Elo (BR)
    (509, 509, frozenset({16})),
    (6516, 6516, frozenset({16})),
    (6550, 6550, frozenset({16})),
)

# How card numbers are grouped when they are not written in one block.
_SHAPES: frozenset[tuple[int, ...]] = frozenset(
    {
        (4, 4, 4, 4),
        (4, 4, 4, 1),
        (4, 4, 4, 2),
        (4, 4, 4, 3),
        (4, 4, 4, 4, 1),
        (4, 4, 4, 4, 2),
        (4, 4, 4, 4, 3),
        (4, 6, 5),  # Amex
        (4, 6, 4),  # Diners 14
        (4, 4, 5),
        (4, 3, 3, 3),
    }
)


def brand_ok(digits: str) -> bool:
    """A real card brand issues numbers with this prefix and this many digits."""
    length = len(digits)
    for low, high, lengths in _BRANDS:
        if length not in lengths:
            continue
        width = len(str(low))
        if low <= int(digits[:width]) <= high:
            return True
    return False


def is_card(span: NumberSpan) -> bool:
    """``span`` is a complete, checksum-valid card number written the way cards are."""
    digits = span.digits
    if not 13 <= len(digits) <= 19 or span.plus:
        return False
    if len(span.groups) > 1 and (
        span.groups not in _SHAPES or span.single_sep() not in (" ", "-", ".")
    ):
        return False
    if not brand_ok(digits) or not luhn.is_valid(digits):
        return False
    # A 13-digit Visa is all but extinct; a 13-digit EAN barcode is everywhere.
    return not (len(digits) == 13 and ean.is_valid(digits))
