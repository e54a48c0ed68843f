"""Complaint / joke detection and the other cue lists, on sentences written for these tests."""

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


@pytest.mark.parametrize(
    "incoming",
    [
        "Me cobraron el envío dos veces en la tarjeta",
        "El pedido no llegó y ya pasaron diez días",
        "La licuadora vino rota, qué desastre",
        "Estoy muy molesta con el trato que recibí",
        "Esto es una estafa, quiero mi dinero",
        "Mi reserva desapareció y nadie me contesta",
        "Se cayó el sistema y no puedo pagar la factura",
        "I was charged twice for the same order",
        "Still waiting for my refund, this is ridiculous",
        "The headphones stopped working after two days",
        "My package never arrived 😡",
        "You promised it would be here on Monday",
    ],
)
def test_complaints(cues: Cues, incoming: str) -> None:
    assert cues.is_complaint(incoming)


@pytest.mark.parametrize(
    "incoming",
    [
        "¿Tienen la talla M en verde?",
        "¡Mil gracias, llegó perfecto!",
        "jajaja mi perro se comió la caja del envío 😂",
        "¿A qué hora cierran los domingos?",
        "Thanks again for the quick answer!",
        "lol my kid broke the box open before I could film the unboxing",
        "Can you recommend a gift for my dad?",
        "Disculpen la molestia, ¿hacen factura A?",
        "",
        None,
    ],
)
def test_not_complaints(cues: Cues, incoming: str | None) -> None:
    assert not cues.is_complaint(incoming)


def test_laughing_does_not_hide_a_serious_complaint(cues: Cues) -> None:
    assert cues.is_complaint("jaja genial, otra vez me llegó roto, son lo peor")


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
    cues.is_complaint(text)
    cues.is_flirting(fold(text))
    cues.threat.search(fold(text))
    assert time.perf_counter() - started < 1.0


def test_resources_folder_exists() -> None:
    assert (Path(PROJECT_ROOT) / "resources" / "emoji" / "cues.json").is_file()


@pytest.mark.parametrize(
    "incoming",
    [
        "¿Qué pasa si el envío llega dañado?",
        "What if the parcel arrives broken?",
        "Llegó con un día de retraso pero está perfecto, gracias",
        "Gracias, ya me llegó el reembolso",
    ],
)
def test_hypothetical_or_happy_messages_are_not_complaints(cues: Cues, incoming: str) -> None:
    assert not cues.is_complaint(incoming)


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
