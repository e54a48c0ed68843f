"""Outside text (names, subjects, room names, messages) made safe to show inside our own rows.

Plain text is not the whole story: a name holding U+202E (RIGHT-TO-LEFT OVERRIDE) reverses
whatever is drawn after it in the same run of text ("Ana\u202e gnp.exe" …), and zero-width
characters make two different names look the same. Everything from outside goes through
:func:`isolate` before it shares a line with other text:

* explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are removed:
  a customer's own right-to-left letters still read right to left (the bidi algorithm does
  that by itself), but nothing can force a direction on anything else;
* the result is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so even ordinary
  Arabic or Hebrew in a name cannot reorder the waiting time or the channel drawn beside it;
* invisible spaces (U+200B, U+2060, U+FEFF) are removed from one-line labels. ZWJ/ZWNJ stay:
  emoji sequences and Persian/Indic spelling need them.
"""

from __future__ import annotations

import html

# Explicit directional formatting characters (Unicode bidi algorithm, X1–X8 and isolates).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE_SPACES = frozenset("\u200b\u2060\ufeff")
FSI = "\u2068"
PDI = "\u2069"
_STRIP_BIDI = {ord(ch): None for ch in BIDI_CONTROLS}
_STRIP_LINE = {ord(ch): None for ch in BIDI_CONTROLS | INVISIBLE_SPACES}


def neutral(text: str) -> str:
    """``text`` without explicit bidi controls (for multi-line text such as a message)."""
    return text.translate(_STRIP_BIDI)


def one_line(text: str) -> str:
    """One line of outside text: controls and invisible spaces removed, whitespace collapsed."""
    return " ".join(text.translate(_STRIP_LINE).split())


def isolate(text: str) -> str:
    """Outside text ready to share a line with ours (see the module docstring)."""
    cleaned = one_line(text)
    return f"{FSI}{cleaned}{PDI}" if cleaned else ""


def tooltip_html(text: str) -> str:
    """Tooltips guess at rich text (``Qt.mightBeRichText``): escape and keep line breaks."""
    return f"<p style='white-space:pre-wrap'>{html.escape(neutral(text))}</p>"
