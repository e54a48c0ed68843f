"""What the checks engine returns: a Report with Findings, each pointing at exact characters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from deskreply.checks.registry import CheckName  # the one registry of checks and kinds

Severity = Literal["info", "warning", "block"]
Verdict = Literal["ok", "review", "block"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "block": 2}


@dataclass(frozen=True)
class Fix:
    """One way to repair a finding: replace ``text[start:end]`` with ``replacement``."""

    label: str
    replacement: str

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "replacement": self.replacement}


@dataclass(frozen=True)
class Finding:
    """A risky stretch of the draft.

    Attributes:
        check: which check found it (``sensitive`` | ``tone`` | ``emoji``).
        kind: what it is, e.g. ``payment_card`` or ``insult``.
        start: Python ``str`` offset of the first character.
        end: offset one past the last character; ``text == draft[start:end]``.
        text: the flagged characters.
        severity: ``info`` | ``warning`` | ``block``.
        message: why it is risky, in plain words in the UI language.
        fixes: replacements for the span, best first.
        reason: a finer reason inside the kind (e.g. ``innuendo`` for a risky emoji).
    """

    check: CheckName
    kind: str
    start: int
    end: int
    text: str
    severity: Severity
    message: str
    fixes: tuple[Fix, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "check": self.check,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "severity": self.severity,
            "message": self.message,
            "fixes": [fix.to_dict() for fix in self.fixes],
        }
        if self.reason is not None:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Report:
    """The result of checking one draft."""

    lang: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> Verdict:
        worst = max((SEVERITY_RANK[f.severity] for f in self.findings), default=0)
        if worst == SEVERITY_RANK["block"]:
            return "block"
        if worst == SEVERITY_RANK["warning"]:
            return "review"
        return "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "verdict": self.verdict,
            "findings": [finding.to_dict() for finding in self.findings],
        }
