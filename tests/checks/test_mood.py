"""The customer's mood, read from the incoming message, and the checks that use it."""

from __future__ import annotations

import pytest
import srsly

from deskreply.checks.mood import MoodReader
from deskreply.checks.request import CheckContext
from deskreply.paths import PROJECT_ROOT
from tests.checks.conftest import CheckerFactory

READER = MoodReader(dict(srsly.read_json(PROJECT_ROOT / "resources/lexicons/tone/mood.json")))


@pytest.mark.parametrize(("incoming", "labels"), [
    ("My parcel arrived broken and nobody answers", {"complaint"}),
    ("Mi abuela falleció ayer, no puedo ir a buscar el pedido", {"misfortune"}),
    ("Estoy harta, es el colmo", {"anger"}),
    ("I NEED THIS FIXED TODAY, THIS IS UNACCEPTABLE", {"anger", "urgency"}),
    ("Thank you so much, the flowers were perfect!!!", {"thanks"}),
    ("¿Hacen envíos a Canarias?", {"question"}),
    ("Do you have it in blue", {"question"}),
])
def test_labels(incoming: str, labels: set[str]) -> None:
    assert labels <= READER.read(incoming).labels


def test_thanks_and_questions_are_friendly_and_bad_news_is_distressing() -> None:
    assert READER.read("Thanks, great service!!!").only_friendly
    assert READER.read("What time do you open?").only_friendly
    assert not READER.read("").labels
    assert READER.read("They stole my bike with the order in it, I'm devastated").distressed
    assert not READER.read("My parcel is broken, thanks").only_friendly


def test_no_empathy_is_not_asked_of_a_reply_to_thanks(checker_factory: CheckerFactory) -> None:
    context = CheckContext(incoming="Thank you so much!!! Amazing service!!!")
    report = checker_factory().check("Ticket closed.", lang="en", context=context)
    assert [f.kind for f in report.findings] == []


def test_a_bare_ok_to_a_furious_spanish_customer_is_curt_in_either_pipeline(
        checker_factory: CheckerFactory) -> None:
    context = CheckContext(incoming="Estoy furiosa, es el colmo, nadie me contesta")
    for lang in ("en", "es"):
        kinds = [f.kind for f in checker_factory().check("ok", lang=lang, context=context).findings]
        assert "no_empathy" in kinds, lang


def test_laughing_at_a_misfortune_without_complaint_words_is_mocking(
        checker_factory: CheckerFactory) -> None:
    sad = CheckContext(incoming="My grandmother passed away last night so I can't collect it")
    joke = CheckContext(incoming="My dog ate the box lol, can I still return it?")
    risky = [f for f in checker_factory().check("No problem 😂", lang="en", context=sad).findings
             if f.check == "emoji"]
    assert [(f.kind, f.reason) for f in risky] == [("risky_emoji", "mocking")]
    fine = [f for f in checker_factory().check("Sure 😂 send it back", lang="en",
                                               context=joke).findings if f.check == "emoji"]
    assert fine == []


def _upset(incoming: str | None) -> bool:
    return READER.read(incoming).upset


# Moved from the emoji check's tests when the emoji check started reading the mood.
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
        "Se me resbaló el celular nuevo y la pantalla quedó rajada",  # a mishap, no complaint word
        "My dog chewed one of the new runners overnight",
        "El técnico quedó en venir ayer y no apareció",
        "No one turned up for the 8-12 slot today",
        "Sigo sin señal",
        "??",  # an impatient ping
        "y el pedido??",
        # sarcasm: praise up front, a problem or an ironic tail after it
        "Genial, el pedido llegó roto otra vez",
        "Great, two hours on hold and nobody picked up",
        "Fantástico, me cobraron el envío en vez de la promo",
        # the customer's own emoji says it
        "Perfecto 🙃 sigo esperando",
        "Muy bien el servicio 😒",
        "Me contestaron a la semana 😞",
    ],
)
def test_complaints(incoming: str) -> None:
    assert _upset(incoming)


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
def test_not_complaints(incoming: str | None) -> None:
    assert not _upset(incoming)


def test_laughing_does_not_hide_a_serious_complaint() -> None:
    assert _upset("jaja genial, otra vez me llegó roto, son lo peor")


@pytest.mark.parametrize(
    "incoming",
    [
        "¿Qué pasa si el envío llega dañado?",
        "What if the parcel arrives broken?",
        "Llegó con un día de retraso pero está perfecto, gracias",
        "Gracias, ya me llegó el reembolso",
        "If the product gets damaged during transit, who pays for it?",
        "Buenas, si el técnico viene y no estoy, ¿me cobran la visita?",
        "What's your cancellation policy if I get sick the day before?",
        "¿Cuánto demora un envío a Pasto?",
        "Do you ship to Canarias??",
        "Refund came through this morning, thanks for sorting it",
        # praise with a length of time or money, or a thank-you after a solved problem
        "Wow, llegó en dos días, gracias!",
        "Great, it arrived in 2 days. Thanks!",
        "Nice, 20 euros off!",
        "Perfect, it was broken but you replaced it fast, thanks",
        "Genial, ya llegó el repuesto de la pieza rota, gracias!",
        "Ya me funciona, era el router desenchufado 🤦 perdón y gracias",
    ],
)
def test_hypothetical_or_happy_messages_are_not_complaints(incoming: str) -> None:
    assert not _upset(incoming)


def test_a_yes_is_not_an_if() -> None:
    assert _upset("Sí, el pedido llegó roto")
    assert _upset("si, me cobraron el envío dos veces")
    assert not _upset("Si el pedido llega roto, ¿qué hago?")


def test_a_condition_in_an_earlier_sentence_does_not_hide_the_problem() -> None:
    assert _upset("If you can, call me. The parcel arrived damaged.")
    assert _upset("The product arrived damaged. If you can, send another one")
