"""The emoji check's cue lists (flirting, threats, literal words…), on sentences written for
these tests. Whether the customer is upset is tested in test_mood.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deskreply.checks.emoji.context import Cues, fold
from deskreply.checks.emoji.table import load_table_data
from deskreply.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def cues() -> Cues:
    return Cues.from_data(load_table_data(PROJECT_ROOT / "resources")["cues"])


def test_vocative_pet_names_but_not_adjectives(cues: Cues) -> None:
    assert cues.is_flirting(fold("Gracias, hermosa"))
    assert cues.is_flirting(fold("Thanks, gorgeous"))
    assert not cues.is_flirting(fold("La cartera es hermosa y muy práctica"))


def test_literal_window(cues: Cues) -> None:
    text = fold("Tenemos berenjenas de la huerta 🍆")
    assert cues.literal_near("eggplant", text, text.index("🍆"), text.index("🍆") + 1)
    far = fold("Berenjenas" + " bla" * 40 + " 🍆")
    assert not cues.literal_near("eggplant", far, far.index("🍆"), far.index("🍆") + 1)


def test_possessive_before(cues: Cues) -> None:
    text = fold("Marca tu 🍑")
    assert cues.possessive_before(text, text.index("🍑"))


def test_fold_keeps_length() -> None:
    text = "ÁÉÍÓÚ ñ İstanbul ß don’t"
    assert len(fold(text)) == len(text)
    assert fold("Está MOLESTA") == "esta molesta"


def test_long_incoming_is_fast(cues: Cues) -> None:
    text = "no " * 20_000 + "a" * 10_000
    started = time.perf_counter()
    cues.is_flirting(fold(text))
    cues.threat.search(fold(text))
    assert time.perf_counter() - started < 1.0


def test_resources_folder_exists() -> None:
    assert (Path(PROJECT_ROOT) / "resources" / "emoji" / "cues.json").is_file()


def test_owning_a_mistake_needs_ownership_or_an_apology(cues: Cues) -> None:
    assert cues.owns_mistake(fold("Me equivoqué de dirección"))
    assert cues.owns_mistake(fold("Ups, te mandé otra factura"))
    assert cues.owns_mistake(fold("Sorry, we sent the wrong size"))
    assert not cues.owns_mistake(fold("Le enviamos el enlace hace una hora"))


def test_skin_comments(cues: Cues) -> None:
    assert cues.comments_on_skin(fold("Hola, morena, ¿en qué le ayudo?"))
    assert cues.comments_on_skin(fold("Ideal para morenitas como usted"))
    assert not cues.comments_on_skin(fold("Tenemos bases para pieles claras y oscuras"))


def test_said_of_the_customer(cues: Cues) -> None:
    text = fold("Con ese look estás 🔥")
    assert cues.said_of_the_customer(text, text.index("🔥"))
    text = fold("La promo está 🔥")
    assert not cues.said_of_the_customer(text, text.index("🔥"))
