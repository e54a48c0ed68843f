"""Microsoft Presidio's analyzer as a baseline for the sensitive-data check.

Blank spaCy pipelines (no NER model is installable here, and ours uses none either), Presidio's
predefined pattern recognizers for English and Spanish, offline (no public-suffix download).
Both languages' recognizers run on every message and their spans are merged, which gives
Presidio its best chance on mixed Spanish/English chats.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

# Presidio entity type -> our kind. Types with no counterpart (dates, URLs, IPs…) are dropped.
ENTITY_TO_KIND = {
    "CREDIT_CARD": "payment_card",
    "IBAN_CODE": "iban",
    "US_BANK_NUMBER": "bank_account",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "US_SSN": "national_id",
    "US_ITIN": "national_id",
    "US_PASSPORT": "national_id",
    "US_DRIVER_LICENSE": "national_id",
    "ES_NIF": "national_id",
    "ES_NIE": "national_id",
    "UK_NHS": "national_id",
    "UK_NINO": "national_id",
}
SCORE_THRESHOLD = 0.4
LANGUAGES = ("en", "es")


class PresidioBaseline:
    def __init__(self) -> None:
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        self._tmp = tempfile.TemporaryDirectory()
        models = []
        for lang in LANGUAGES:
            folder = Path(self._tmp.name) / lang
            spacy.blank(lang).to_disk(folder)
            models.append({"lang_code": lang, "model_name": str(folder)})
        engine = SpacyNlpEngine(models=models)
        engine.load()
        registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
        registry.load_predefined_recognizers(languages=list(LANGUAGES), nlp_engine=engine)
        self.analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=engine, supported_languages=list(LANGUAGES)
        )

    def spans(self, text: str, lang: str) -> list[tuple[int, int, str]]:
        found: set[tuple[int, int, str]] = set()
        for language in LANGUAGES:
            for result in self.analyzer.analyze(text=text, language=language,
                                                score_threshold=SCORE_THRESHOLD):
                kind = ENTITY_TO_KIND.get(result.entity_type)
                if kind:
                    found.add((result.start, result.end, kind))
        return sorted(found)
