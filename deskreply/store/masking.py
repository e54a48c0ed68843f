"""Last line of defence before text is written to drafts or check-event excerpts.

The composer masks what the sensitive check found (the check knows more: context words,
national IDs...). This module needs no checker and catches the three things that must never
sit in the database in clear even when the check has not run yet: a card number (Luhn), an
IBAN (ISO 13616 mod 97) and a password or code written after its label.
"""

from __future__ import annotations

import re

MASK_CHAR = "•"
_CARD = re.compile(r"(?<![\w])(?:\d[ -]?){12,18}\d(?![\w])")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![\w])", re.IGNORECASE)
_SECRET = re.compile(
    r"(?P<label>\b(?:password|passcode|passwd|pwd|pin|contrase(?:ñ|n)a|clave)\b"
    r"\s*(?:\bis\b|\bes\b|:|=)\s*)(?P<secret>[^\s,;]{4,})",
    re.IGNORECASE)


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _iban_valid(raw: str) -> bool:
    code = raw.replace(" ", "").upper()
    rearranged = code[4:] + code[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return len(code) >= 15 and int(number) % 97 == 1


def _keep_last(text: str, keep: int, lead: int = 0) -> str:
    """Mask every letter/digit except the first ``lead`` and the last ``keep``."""
    positions = [i for i, char in enumerate(text) if char.isalnum()]
    hidden = set(positions[lead:len(positions) - keep])
    return "".join(MASK_CHAR if i in hidden else char for i, char in enumerate(text))


def mask_sensitive(text: str) -> str:
    """``text`` with full card numbers, IBANs and labelled passwords masked."""

    def card(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        return _keep_last(match.group(), 4) if _luhn(digits) else match.group()

    def iban(match: re.Match[str]) -> str:
        return _keep_last(match.group(), 4, lead=2) if _iban_valid(match.group()) \
            else match.group()

    def secret(match: re.Match[str]) -> str:
        return match.group("label") + MASK_CHAR * 6

    text = _CARD.sub(card, text)
    text = _IBAN.sub(iban, text)
    return _SECRET.sub(secret, text)


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Mask the given (start, end) spans — what the sensitive check found — keeping the
    last four characters of long spans so the agent still recognises them."""
    chars = list(text)
    for start, end in spans:
        start, end = max(0, start), min(len(chars), end)
        piece = "".join(chars[start:end])
        keep = 4 if len(piece) >= 12 else 0
        chars[start:end] = list(_keep_last(piece, keep))
    return "".join(chars)
