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
