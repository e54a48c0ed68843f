"""Underlines for findings in the composer, on the exact characters the check pointed at.

Findings carry Python ``str`` offsets (code points); Qt counts UTF-16 code units, so an emoji
outside the Basic Multilingual Plane (😀, 🙏) is one Python character but two Qt positions.
:func:`py_to_qt` / :func:`qt_to_py` convert between the two.

Each severity looks different without relying on colour: block = wavy underline on a tinted
background, warning = wavy underline, info = dotted underline. The findings panel adds an
icon and words as well.

Underlines are drawn as ``QTextEdit.ExtraSelection``s whose cursors Qt keeps in step with
edits, so they stay on the right words while the next check is still running.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from deskreply.ui import theme

# Severity order, worst last (the UI never imports the checks package: that pulls in spaCy).
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "block": 2}

BLOCK_COLOR = "#c01c28"
BLOCK_BACKGROUND = "#fde7e9"
WARNING_COLOR = "#c45c00"
INFO_COLOR = "#1a5fb4"

# A pasted wall of card numbers can give thousands of findings; every paint walks the list of
# extra selections, so only this many (worst first, then in reading order) are underlined.
MAX_UNDERLINES = 100

_PARAGRAPH_SEPARATOR = "\u2029"
# Stored on each selection's format so the span's finding can be found again.
_FINDING_PROPERTY = QTextFormat.Property.UserProperty + 1


def py_to_qt(text: str, offset: int) -> int:
    """The Qt (UTF-16) position of Python offset ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    head = text[:offset]
    if head.isascii():
        return offset
    return offset + sum(1 for ch in head if ord(ch) > 0xFFFF)


def qt_to_py(text: str, position: int) -> int:
    """The Python offset of Qt (UTF-16) ``position`` in ``text`` (inside a pair: its start)."""
    if text.isascii():
        return max(0, min(position, len(text)))
    units = 0
    for index, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > position:
            return index
        units += width
    return len(text)


class OffsetMap:
    """Many :func:`py_to_qt` conversions on one text, each in O(log n)."""

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Python offsets of the characters Qt counts twice.
        self._astral = [] if text.isascii() else [
            index for index, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, offset: int) -> int:
        offset = max(0, min(offset, self._length))
        return offset + bisect.bisect_left(self._astral, offset)


# On black (high contrast): bright marks, and a dark red behind blocked words so the white
# text on it stays readable (contrast > 12:1).
HIGH_CONTRAST_MARKS = {"block": "#ff6b6b", "warning": "#ffb000", "info": "#8fd0ff"}
HIGH_CONTRAST_BLOCK_BACKGROUND = "#5c0011"


def severity_colour(severity: str) -> str:
    """The colour of a severity's mark and icon in the current theme."""
    if theme.current_theme() == "high_contrast":
        return HIGH_CONTRAST_MARKS.get(severity, HIGH_CONTRAST_MARKS["info"])
    return {"block": BLOCK_COLOR, "warning": WARNING_COLOR}.get(severity, INFO_COLOR)


def severity_format(severity: str) -> QTextCharFormat:
    """The character format that marks a span of this severity (in the current theme)."""
    fmt = QTextCharFormat()
    fmt.setUnderlineColor(QColor(severity_colour(severity)))
    if severity == "block":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        high_contrast = theme.current_theme() == "high_contrast"
        fmt.setBackground(QColor(HIGH_CONTRAST_BLOCK_BACKGROUND if high_contrast
                                 else BLOCK_BACKGROUND))
    elif severity == "warning":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    else:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    return fmt


@dataclass
class MarkedFinding:
    """A finding shown in the editor, with a cursor that follows its span through edits."""

    finding: Any
    cursor: QTextCursor

    def current_text(self) -> str:
        return self.cursor.selectedText().replace(_PARAGRAPH_SEPARATOR, "\n")

    def is_intact(self) -> bool:
        """True while the span still holds exactly the flagged characters."""
        return self.cursor.hasSelection() and self.current_text() == self.finding.text


class FindingHighlighter:
    """Draws the findings of the current draft as extra selections on one editor."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        self._edit = edit
        self.marked: list[MarkedFinding] = []

    def show(self, text: str, findings: Sequence[Any]) -> None:
        """Underline ``findings`` (offsets into ``text``, the editor's current text)."""
        document = self._edit.document()
        offsets = OffsetMap(text)
        self.marked = []
        selections = []
        kept = sorted(findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.start))
        # Worst last: where spans overlap, the worst severity is drawn on top.
        for finding in reversed(kept[:MAX_UNDERLINES]):
            start = offsets.to_qt(finding.start)
            end = offsets.to_qt(finding.end)
            if end <= start:
                continue
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.marked.append(MarkedFinding(finding, cursor))
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = severity_format(finding.severity)
            fmt.setProperty(_FINDING_PROPERTY, len(self.marked) - 1)
            selection.format = fmt
            selections.append(selection)
        self._edit.setExtraSelections(selections)

    def clear(self) -> None:
        self.marked = []
        self._edit.setExtraSelections([])

    def at(self, position: int) -> MarkedFinding | None:
        """The worst finding whose span contains Qt ``position`` (or ends right at it)."""
        best: MarkedFinding | None = None
        for mark in self.marked:
            start, end = mark.cursor.selectionStart(), mark.cursor.selectionEnd()
            if start <= position <= end and start < end and (
                best is None
                or SEVERITY_RANK.get(mark.finding.severity, 0)
                > SEVERITY_RANK.get(best.finding.severity, 0)
            ):
                best = mark
        return best

    def find(self, finding: Any) -> MarkedFinding | None:
        for mark in self.marked:
            if mark.finding is finding:
                return mark
        return None
