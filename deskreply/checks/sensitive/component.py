"""The ``deskreply_sensitive`` spaCy component: sensitive data in a draft, one finding each."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from deskreply.checks.component import CheckComponent, text_of
from deskreply.checks.report import Finding
from deskreply.checks.request import CheckRequest
from deskreply.checks.sensitive.detector import SensitiveDetector
from deskreply.checks.sensitive.lexicons import load_lexicons
from deskreply.checks.sensitive.messages import describe, severity_for
from deskreply.i18n import Translate


class SensitiveCheck(CheckComponent):
    """Cards, IBANs and bank accounts, national ids, credentials, secret tokens, e-mails, phones.

    Cue words are bilingual in both pipelines: Spanish replies often quote English UI terms
    ("password", "PIN") and English ones Spanish ids ("DNI").
    """

    check_name = "sensitive"

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.detector: SensitiveDetector | None = None

    def load_resources(self, resources: Path, lang: str) -> dict[str, Any]:
        return load_lexicons(resources)

    def prepare(self) -> None:
        self.detector = SensitiveDetector(self.data, self.lang) if self.data else None

    def find(self, doc: Doc, request: CheckRequest, _: Translate) -> Iterable[Finding]:
        if self.detector is None:
            return []
        text = text_of(doc)
        findings: list[Finding] = []
        for cand in self.detector.find(text):
            severity = severity_for(cand.kind, request.settings.sensitivity)
            if severity is None:
                continue
            value = text[cand.start : cand.end]
            message, fixes = describe(cand.kind, value, _)
            findings.append(
                Finding(
                    check="sensitive",
                    kind=cand.kind,
                    start=cand.start,
                    end=cand.end,
                    text=value,
                    severity=severity,
                    message=message,
                    fixes=fixes,
                    reason=cand.reason,
                )
            )
        return findings


@Language.factory("deskreply_sensitive")
def make_sensitive_check(nlp: Language, name: str) -> SensitiveCheck:
    return SensitiveCheck(nlp, name)
