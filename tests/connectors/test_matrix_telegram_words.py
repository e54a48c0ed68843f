"""Every word the Matrix and Telegram connectors show has its Spanish translation."""

from __future__ import annotations

from types import ModuleType

import pytest

from deskreply.connectors.matrix import words as matrix_words
from deskreply.connectors.telegram import words as telegram_words


def texts(module: ModuleType) -> list[str]:
    return [value for name, value in vars(module).items()
            if name.isupper() and isinstance(value, str) and name != "DOMAIN"]


@pytest.mark.parametrize("module", [matrix_words, telegram_words])
def test_every_text_is_translated(module: ModuleType) -> None:
    spanish = module.words("es")
    english = module.words("en")
    found = texts(module)
    assert len(found) >= 7
    for text in found:
        assert english(text) == text
        assert spanish(text) != text, f"no Spanish for {text!r}"
        assert spanish(text).count("{") == text.count("{")


def test_an_unknown_language_falls_back_to_english() -> None:
    assert matrix_words.words("fr")(matrix_words.NO_CONNECTION) == matrix_words.NO_CONNECTION
