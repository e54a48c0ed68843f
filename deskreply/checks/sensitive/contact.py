"""E-mail addresses (phones are in :mod:`.phones`).

E-mails are found from each "@" outwards (no regex can backtrack); an Instagram handle
("@moda.nube") has nothing before its "@", a URL path ("/@user") has a slash and a URL's
``user:password@host`` has its "://" before, so none of them counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.url_credentials import inside_url_userinfo

_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'")
_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_MAX_LOCAL = 64
_MAX_DOMAIN = 253


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
        found = (
            start < pos
            and _domain_ok(text[pos + 1 : end])
            and _free_before(text, start)
            and not inside_url_userinfo(text, pos)
        )
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
