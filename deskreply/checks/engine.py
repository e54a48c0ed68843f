"""The checks engine: one spaCy pipeline per language, run once per draft.

Public face::

    checker = Checker(ui_lang="es")
    report = checker.check("Mi tarjeta es 4111 1111 1111 1111", context=CheckContext(...))
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from deskreply.checks.component import FINDINGS_ATTR, REQUEST_ATTR, TEXT_ATTR
from deskreply.checks.doc import make_doc
from deskreply.checks.language import detect_language
from deskreply.checks.mood_model import MOOD_MODEL_PIPE
from deskreply.checks.pipeline import LANGUAGES, load_pipeline
from deskreply.checks.report import SEVERITY_RANK, Finding, Report, Severity
from deskreply.checks.request import CheckContext, CheckRequest, CheckSettings
from deskreply.checks.tone.model import MODEL_PIPE
from deskreply.folding import fold
from deskreply.i18n import normalise_language
from deskreply.paths import models_dir

log = logging.getLogger(__name__)

# Beyond this many characters a draft is not a chat reply; the rest is still shown to the
# user but only this much is checked, so a pasted novel cannot stall the composer.
MAX_CHECKED_CHARS = 50_000


class Checker:
    """Checks drafts for sensitive data, tone and risky emojis.

    Args:
        ui_lang: language of the finding messages (``en`` or ``es``).
        settings: the user's check settings.
        models: folder holding ``<lang>/`` pipelines; defaults to the shipped ``models/``.
        raise_errors: re-raise a failing check instead of logging it (tests use this).
    """

    def __init__(
        self,
        ui_lang: str = "en",
        settings: CheckSettings | None = None,
        models: Path | None = None,
        raise_errors: bool = False,
    ) -> None:
        self.ui_lang = normalise_language(ui_lang)
        self.settings = settings or CheckSettings()
        self._models = models or models_dir()
        self._raise_errors = raise_errors
        self._pipelines: dict[str, Language] = {}
        self._lock = threading.Lock()

    # -- loading ----------------------------------------------------------------------------
    def pipeline(self, lang: str) -> Language:
        """The loaded pipeline for ``lang`` (loaded on first use; thread-safe)."""
        with self._lock:
            nlp = self._pipelines.get(lang)
            if nlp is None:
                nlp = load_pipeline(lang, self._models)
                self._pipelines[lang] = nlp
            return nlp

    def install_pipeline(self, lang: str, nlp: Language) -> None:
        """Use an already built pipeline for ``lang`` (cross-validation builds them in memory)."""
        with self._lock:
            self._pipelines[lang] = nlp

    @staticmethod
    def languages() -> tuple[str, ...]:
        """Every language the checks have a pipeline for."""
        return tuple(LANGUAGES)

    def warm_up(self, languages: Iterable[str] = LANGUAGES) -> None:
        """Load every pipeline and run it once, so the first real check is fast."""
        for lang in languages:
            self.check("Hola, gracias. Hello, thanks.", lang=lang)

    # -- checking ---------------------------------------------------------------------------
    def check(
        self,
        text: str,
        lang: str | None = None,
        context: CheckContext | None = None,
        settings: CheckSettings | None = None,
    ) -> Report:
        """Check one draft and return its report (never raises on odd input)."""
        used_settings = settings or self.settings
        if lang is None:
            lang = detect_language(text, fallback=self.ui_lang)
        lang = normalise_language(lang)
        request = CheckRequest(
            lang=lang,
            ui_lang=self.ui_lang,
            context=context or CheckContext(),
            settings=used_settings,
        )
        findings = self._run(text[:MAX_CHECKED_CHARS], request)
        return Report(lang=lang, findings=tuple(self._apply_settings(findings, used_settings)))

    def _run(self, text: str, request: CheckRequest) -> list[Finding]:
        nlp = self.pipeline(request.lang)
        doc = make_doc(nlp, text)
        doc._.set(TEXT_ATTR, text)
        doc._.set(REQUEST_ATTR, request)
        doc._.set(FINDINGS_ATTR, [])
        for name, component in nlp.pipeline:
            if name in (MODEL_PIPE, MOOD_MODEL_PIPE):
                continue  # the tone check runs its model per sentence, the mood reader its own
            try:
                doc = component(doc)
            except Exception:
                if self._raise_errors:
                    raise
                log.exception("check %s failed; its findings are skipped for this draft", name)
        findings: list[Finding] = doc._.get(FINDINGS_ATTR) or []
        return findings

    @staticmethod
    def _apply_settings(findings: list[Finding], settings: CheckSettings) -> list[Finding]:
        ignored_words = {fold(word) for word in settings.ignored_words}
        kept: list[Finding] = []
        for finding in findings:
            qualified = f"{finding.check}.{finding.kind}"
            if finding.kind in settings.ignored_kinds or qualified in settings.ignored_kinds:
                continue
            if ignored_words and fold(finding.text).strip() in ignored_words:
                continue
            override = settings.severity_overrides.get(
                qualified, settings.severity_overrides.get(finding.kind)
            )
            if override in SEVERITY_RANK and override != finding.severity:
                finding = _with_severity(finding, override)  # type: ignore[arg-type]
            kept.append(finding)
        kept.sort(key=lambda f: (f.start, -SEVERITY_RANK[f.severity], f.end))
        return kept


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(finding, severity=severity)
