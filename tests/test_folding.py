"""One way to compare words without case or accents (deskreply.folding), used everywhere."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from deskreply.folding import fold, fold_keep_length, fold_spaces


def test_fold_drops_case_accents_and_compatibility_forms() -> None:
    assert fold("José MARÍA Núñez") == "jose maria nunez"
    assert fold("Envío RÁPIDO") == fold("envio rapido")
    assert fold("ﬁn ①") == "fin 1"
    assert fold("Straße") == "strasse"  # case folding, not only lower()
    assert fold_spaces("  José \n MARÍA ") == "jose maria"


def test_keep_length_folds_latin_letters_one_for_one() -> None:
    text = "¿DÓNDE está mi PEDIDO? İstanbul don’t ÇA"
    folded = fold_keep_length(text)
    assert len(folded) == len(text)
    assert folded == "¿donde esta mi pedido? Istanbul don't ca"


@given(st.text())
def test_folding_is_idempotent_and_keep_length_keeps_offsets(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert len(fold_keep_length(text)) == len(text)
    assert fold_keep_length(fold_keep_length(text)) == fold_keep_length(text)
