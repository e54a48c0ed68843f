"""Which check components make up a DeskReply pipeline, and how it is built and loaded."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from deskreply.checks.component import CheckComponent

LANGUAGES = ("es", "en")

# (spaCy factory name, module that registers it). Order is the order they run in.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("deskreply_words", "deskreply.checks.words"),
    ("deskreply_mood", "deskreply.checks.mood"),
    ("deskreply_sensitive", "deskreply.checks.sensitive.component"),
    ("deskreply_tone", "deskreply.checks.tone.component"),
    ("deskreply_emoji", "deskreply.checks.emoji.component"),
    ("deskreply_placeholders", "deskreply.checks.placeholders"),
)


def _(message: str) -> str:
    """Mark a string for the ``engine`` catalogue (read by ``ModelsMissingError.translated``)."""
    return message


class ModelsMissingError(RuntimeError):
    """``models/<lang>`` has not been built (run ``python scripts/build_models.py``).

    ``str(error)`` is English; the UI shows ``error.translated(translator("engine", lang))``.
    """

    template = _("The checks model for '{lang}' is missing at {folder}. "
                 "Rebuild it with: python scripts/build_models.py")

    def __init__(self, lang: str, folder: Path) -> None:
        self.lang = lang
        self.folder = folder
        super().__init__(self.template.format(lang=lang, folder=folder))

    def translated(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.template).format(lang=self.lang, folder=self.folder)


def register_components() -> None:
    """Import the modules whose ``@Language.factory`` decorators register the checks."""
    for _factory, module in COMPONENTS:
        importlib.import_module(module)
    importlib.import_module("deskreply.checks.tone.model")  # the model's architecture


def build_pipeline(lang: str, resources: Path, exclude_fold: int | None = None) -> Language:
    """A blank spaCy pipeline for ``lang`` with every check, its data read from ``resources``.

    ``exclude_fold`` trains the tone model without one fold of its sentences (for
    cross-validation in ``benchmarks/eval_checks.py``); shipped models use all of them.
    """
    register_components()
    nlp = spacy.blank(lang)
    for factory, _module in COMPONENTS:
        config: dict[str, object] = {}
        if factory == "deskreply_mood":
            # The mood classifier sits just before the mood reader, which runs it once per
            # incoming message; its cross-validated thresholds live in the reader's config.
            from deskreply.checks.mood_training import train_mood_model  # build time only

            config = dict(train_mood_model(nlp, resources, lang))
        elif factory == "deskreply_tone":
            # The trained model sits just before the tone rules, which drive it per sentence;
            # the thresholds it was validated with live in the tone component's config.
            from deskreply.checks.tone.training import train_with_thresholds  # build time only

            config = {"thresholds": train_with_thresholds(nlp, resources, lang, exclude_fold)}
        component = nlp.add_pipe(factory, config=config)
        if isinstance(component, CheckComponent):
            component.build(resources)
    return nlp


def load_pipeline(lang: str, models: Path) -> Language:
    """Load ``models/<lang>`` as saved by :func:`build_pipeline` + ``nlp.to_disk``."""
    register_components()
    folder = models / lang
    if not (folder / "config.cfg").is_file():
        raise ModelsMissingError(lang, folder)
    return spacy.load(folder)
