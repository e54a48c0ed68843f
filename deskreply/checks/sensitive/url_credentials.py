"""Passwords inside URLs: ``https://user:pass@host``, ``postgres://app:pw@db:5432/x``.

Found from each ``://`` forwards (no regex can backtrack): the authority ends at the first
``/``, whitespace or quote; a ``user:password@`` in it is a leaked password. The password is
the credential (the rest of the URL stays readable); documentation placeholders
("user:password@", "usuario:contraseña@", "<pass>") are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from deskreply.checks.sensitive.candidates import Candidate
from deskreply.checks.sensitive.context_words import fold
from deskreply.checks.sensitive.placeholders import is_placeholder

_MAX_AUTHORITY = 256
_STOPS = frozenset(" \t\r\n/?#\"'<>()[]{}`")
# Passwords that only name themselves (folded).
_PLACEHOLDERS = frozenset(
    {
        "pass",
        "password",
        "passwd",
        "pwd",
        "secret",
        "contrasena",
        "clave",
        "pw",
        "x",
        "xxx",
        "mypassword",
        "yourpassword",
        "token",
        "senha",
        "****",
        "***",
        "changeme",
    }
)


def _is_doc_password(password: str) -> bool:
    folded = fold(password)
    return (
        folded in _PLACEHOLDERS or set(password) <= {"*", "•", "x", "X"} or is_placeholder(password)
    )


def find_url_passwords(text: str) -> Iterator[Candidate]:
    """The password of every ``scheme://user:password@host`` in ``text``."""
    pos = text.find("://")
    while pos >= 0:
        start = pos + 3
        end = start
        limit = min(len(text), start + _MAX_AUTHORITY)
        while end < limit and text[end] not in _STOPS:
            end += 1
        authority = text[start:end]
        at = authority.rfind("@")
        if at > 0:
            userinfo = authority[:at]
            colon = userinfo.find(":")
            if colon > 0 and colon < len(userinfo) - 1:
                password = userinfo[colon + 1 :]
                if not _is_doc_password(password):
                    p_start = start + colon + 1
                    yield Candidate(p_start, p_start + len(password), "credential", "url_password")
        pos = text.find("://", max(end, pos + 3))


def inside_url_userinfo(text: str, at: int) -> bool:
    """The "@" at ``at`` ends a URL's ``user:password`` part (so it is not an e-mail)."""
    floor = max(0, at - _MAX_AUTHORITY)
    scheme = text.rfind("://", floor, at)
    if scheme < 0:
        return False
    return not any(ch in _STOPS for ch in text[scheme + 3 : at])
