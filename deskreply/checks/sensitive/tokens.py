"""API keys, access tokens and private keys pasted into a chat, by provider format.

The formats live in :mod:`.token_formats`; this module runs them (each only when its literal
hint is in the draft), drops documentation placeholders (:mod:`.placeholders`) and finds PEM
private key blocks that actually hold a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.placeholders import is_placeholder
from deskreply.checks.sensitive.token_formats import FORMATS, TokenFormat

_COMPILED: tuple[tuple[TokenFormat, re.Pattern[str]], ...] = tuple(
    (fmt, fmt.compiled()) for fmt in FORMATS
)

# Every hint once: one substring test each per draft, then only the formats whose hint is in.
_HINTS: frozenset[str] = frozenset(hint for fmt in FORMATS for hint in fmt.hints)

_PEM_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]{1,20} ){0,4})PRIVATE KEY( BLOCK)?-----")
_PEM_MAX = 20_000  # longer than any real key; keeps the END search bounded
_PEM_MIN_BODY = 40  # base64 characters: less than this is a header quoted in instructions
_PEM_BODY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _pem_body_ok(body: str) -> bool:
    chars = [ch for ch in body if ch in _PEM_BODY]
    return len(chars) >= _PEM_MIN_BODY and not is_placeholder(body)


def _pem_blocks(text: str) -> Iterator[Candidate]:
    for m in _PEM_BEGIN.finditer(text):
        end_marker = f"-----END {m.group(1)}PRIVATE KEY{m.group(2) or ''}-----"
        end = text.find(end_marker, m.end(), m.end() + _PEM_MAX)
        if end < 0:  # a truncated paste still leaks the key: report up to the last key line
            tail = m.end()
            limit = min(len(text), m.end() + _PEM_MAX)
            while tail < limit and (text[tail].isalnum() or text[tail] in "+/=\r\n"):
                tail += 1
            while tail > m.end() and text[tail - 1] in "\r\n":
                tail -= 1
            if _pem_body_ok(text[m.end() : tail]):
                yield Candidate(m.start(), tail, "secret_token", "private_key")
            continue
        if _pem_body_ok(text[m.end() : end]):
            yield Candidate(m.start(), end + len(end_marker), "secret_token", "private_key")


def find_tokens(text: str) -> Iterator[Candidate]:
    """Every provider token and private key block in ``text`` that is not a placeholder."""
    if "PRIVATE KEY" in text:
        yield from _pem_blocks(text)
    present = {hint for hint in _HINTS if hint in text}
    if not present:
        return
    for fmt, regex in _COMPILED:
        if present.isdisjoint(fmt.hints):
            continue
        for m in regex.finditer(text):
            if is_placeholder(m.group()):
                continue
            start, end = m.span(fmt.group)
            yield Candidate(start, end, "secret_token", fmt.provider)
