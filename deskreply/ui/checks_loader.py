"""Loads the checks engine on a worker thread, after the window is on screen.

``import spacy`` alone costs about a second; doing it on the GUI thread would freeze the window.

Signals:
    ready(object): the warmed-up Checker.
    failed(str): a readable reason the checks could not be loaded.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QThread, Signal

from deskreply.i18n import translator
from deskreply.settings import Settings

log = logging.getLogger(__name__)


class ChecksLoader(QThread):
    """Builds a Checker off the GUI thread: the UI language is warmed and announced first, the
    other languages load right after (a draft in one of them waits on the worker, not here)."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, ui_lang: str, settings: Settings | None = None) -> None:
        super().__init__()
        self._ui_lang = ui_lang
        self._settings = settings
        self.setObjectName("ChecksLoader")

    def run(self) -> None:
        try:
            # Imported here, on the worker: this is the slow part (spaCy).
            from deskreply.checks import Checker

            settings = (self._settings or Settings()).check_settings()
            checker = Checker(ui_lang=self._ui_lang, settings=settings)
            checker.warm_up([checker.ui_lang])
        except Exception as error:  # any failure means "no checks", never a crash
            log.warning("checks could not be loaded: %s", error)
            self.failed.emit(self._readable(error))
            return
        self.ready.emit(checker)
        for lang in checker.languages():
            try:
                checker.pipeline(lang)  # loading is the slow part; Checker.pipeline is locked
            except Exception as error:  # that language's drafts will say why when checked
                log.warning("checks for %s could not be loaded: %s", lang, error)

    def _readable(self, error: Exception) -> str:
        """The reason in the UI language where the engine wrote it for people, else as is."""
        from deskreply.checks.pipeline import ModelsMissingError  # spaCy is loaded by now

        if isinstance(error, ModelsMissingError):
            return error.translated(translator("engine", self._ui_lang))
        return str(error) or type(error).__name__
