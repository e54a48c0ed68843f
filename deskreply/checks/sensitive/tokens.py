"""API keys, access tokens and private keys pasted into a chat.

Formats are the providers' documented prefixes (the same facts gitleaks' rules describe).
Publishable keys (Stripe ``pk_live_``, a Mercado Pago public key) are public by design and
are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from deskreply.checks.sensitive.candidates import Candidate

_B = r"(?<![A-Za-z0-9_\-])"
_E = r"(?![A-Za-z0-9_\-])"

# (reason, pattern). Every repeat is a single character class with an upper bound: linear.
_TOKENS: tuple[tuple[str, str], ...] = (
    ("aws_access_key", _B + r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}" + _E),
    ("github", _B + r"gh[pousr]_[A-Za-z0-9]{36,255}" + _E),
    ("github", _B + r"github_pat_[A-Za-z0-9_]{22,255}" + _E),
    ("gitlab", _B + r"gl(?:pat|dt|ptt|rt)-[A-Za-z0-9_\-]{20,64}" + _E),
    ("slack", _B + r"xox[baprse]-[A-Za-z0-9\-]{10,250}" + _E),
    ("slack", _B + r"xapp-\d-[A-Za-z0-9\-]{10,250}" + _E),
    ("stripe", _B + r"(?:sk|rk)_live_[A-Za-z0-9]{10,247}" + _E),
    ("google_api_key", _B + r"AIza[0-9A-Za-z_\-]{35}" + _E),
    ("mercadopago", _B + r"APP_USR-\d{10,20}-\d{6}-[0-9a-f]{32}-\d{5,12}" + _E),
    ("sendgrid", _B + r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _E),
    (
        "openai",
        _B + r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,200}T3BlbkFJ"
        r"[A-Za-z0-9_\-]{20,200}" + _E,
    ),
    ("shopify", _B + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E),
    ("npm", _B + r"npm_[A-Za-z0-9]{36}" + _E),
    ("pypi", _B + r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,300}" + _E),
    # JWT: header and payload are base64url JSON objects, so both start with "eyJ".
    (
        "jwt",
        r"(?<![A-Za-z0-9_\-.])eyJ[A-Za-z0-9_\-]{5,4000}\.eyJ[A-Za-z0-9_\-]{5,8000}"
        r"\.[A-Za-z0-9_\-]{10,2000}" + r"(?![A-Za-z0-9_\-.]|\.[A-Za-z0-9])",
    ),
)
_TOKEN_RE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern)) for reason, pattern in _TOKENS
)
# Cheap pre-filter: every pattern above contains one of these.
_HINTS = (
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "A3T",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glptt-",
    "glrt-",
    "xox",
    "xapp-",
    "_live_",
    "AIza",
    "APP_USR-",
    "SG.",
    "T3BlbkFJ",
    "shpat_",
    "shpca_",
    "shppa_",
    "shpss_",
    "npm_",
    "pypi-",
    "eyJ",
)

_PEM_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]{1,20} ){0,4})PRIVATE KEY( BLOCK)?-----")
_PEM_MAX = 20_000  # longer than any real key; keeps the END search bounded


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
            if tail - m.end() >= 40:
                yield Candidate(m.start(), tail, "secret_token", "private_key")
            continue
        yield Candidate(m.start(), end + len(end_marker), "secret_token", "private_key")


def find_tokens(text: str) -> Iterator[Candidate]:
    """Every secret token and private key block in ``text``."""
    if "PRIVATE KEY" in text:
        yield from _pem_blocks(text)
    if not any(hint in text for hint in _HINTS):
        return
    for reason, regex in _TOKEN_RE:
        for m in regex.finditer(text):
            yield Candidate(m.start(), m.end(), "secret_token", reason)
