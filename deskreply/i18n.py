"""Translations for every user-facing string, UI and checks alike (GNU gettext).

English is the source language. Each layer has its own gettext domain (``ui``, ``sensitive``,
``tone``, ``emoji``, ``engine``) so that its catalogue can be edited on its own. Catalogues live
in ``resources/locale/<lang>/LC_MESSAGES/<domain>.po`` and are compiled to ``.mo`` by
``scripts/build_translations.py``.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from functools import cache

from deskreply.paths import PROJECT_ROOT, RESOURCES_DIR_ENV

SUPPORTED_LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

Translate = Callable[[str], str]


class UnknownLanguageError(ValueError):
    """A language code DeskReply has no translation for."""

    def __init__(self, code: str) -> None:
        choices = ", ".join(SUPPORTED_LANGUAGES)
        super().__init__(f"Unknown language '{code}'. Choose one of: {choices}.")
        self.code = code


def normalise_language(code: str) -> str:
    """Map ``es_AR.UTF-8``, ``es-MX`` or ``EN`` to a supported code, or raise."""
    base = code.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    if base not in SUPPORTED_LANGUAGES:
        raise UnknownLanguageError(code)
    return base


def system_language() -> str:
    """The UI language the user's environment asks for, falling back to English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        for candidate in value.split(":"):
            if not candidate or candidate in ("C", "POSIX"):
                continue
            try:
                return normalise_language(candidate)
            except UnknownLanguageError:
                continue
    return DEFAULT_LANGUAGE


def locale_dir() -> str:
    root = os.environ.get(RESOURCES_DIR_ENV) or str(PROJECT_ROOT / "resources")
    return os.path.join(root, "locale")


@cache
def _translation(domain: str, lang: str) -> gettext.NullTranslations:
    return gettext.translation(domain, localedir=locale_dir(), languages=[lang], fallback=True)


def translator(domain: str, lang: str) -> Translate:
    """Return ``_`` for one domain and language; unknown strings come back untranslated."""
    return _translation(domain, normalise_language(lang)).gettext
