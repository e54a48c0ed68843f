"""Tone and context check: every kind in both languages, and polite look-alikes that must pass.

All sentences here were written for these tests (not taken from any evaluation set).
"""

from __future__ import annotations

import pytest

from deskreply.checks.engine import Checker
from deskreply.checks.report import Finding
from deskreply.checks.request import CheckContext, CheckSettings
from tests.checks.conftest import CheckerFactory


@pytest.fixture(scope="module")
def checker(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("en")


@pytest.fixture(scope="module")
def checker_es(checker_factory: CheckerFactory) -> Checker:
    return checker_factory("es")


def tone(
    checker: Checker,
    text: str,
    lang: str,
    incoming: str | None = None,
    name: str | None = None,
    settings: CheckSettings | None = None,
) -> list[Finding]:
    report = checker.check(
        text, lang=lang, context=CheckContext(incoming=incoming, contact_name=name),
        settings=settings,
    )
    return [f for f in report.findings if f.check == "tone"]


def counted(findings: list[Finding]) -> list[Finding]:
    """Findings that make the message a problem (info is shown but not counted)."""
    return [f for f in findings if f.severity in ("warning", "block")]


def kinds(findings: list[Finding]) -> set[str]:
    return {f.kind for f in counted(findings)}


# -- every kind, both languages ---------------------------------------------------------------
POSITIVES = [
    # (kind, lang, reply, incoming, contact name, words that must be inside a finding's span)
    ("insult", "es", "Vamos, hay que ser bastante torpe para perder el ticket dos veces.", None,
     None, "hay que ser bastante torpe"),
    ("insult", "es", "Hasta un niño lo entendería, no es tan complicado.", None, None,
     "Hasta un niño lo entendería"),
    ("insult", "en", "Honestly, even a toddler could figure this out.", None, None,
     "even a toddler could"),
    ("insult", "en", "Only a moron would pick that option.", None, None, "moron"),
    ("profanity", "es", "Perdón, se me cayó el puto sistema.", None, None, "puto"),
    ("profanity", "es", "Qué boludez, ya te lo cambio.", None, None, "boludez"),
    ("profanity", "es", "Esto es una m i e r d a, lo siento.", None, None, "m i e r d a"),
    ("profanity", "es", "Se cortó la p*ta conexión otra vez.", None, None, "p*ta"),
    ("profanity", "es", "El sistema va fatal, m13rd4.", None, None, "m13rd4"),
    ("profanity", "es", "Ya está, wey, no pasa nada, pinche app.", None, None, "pinche"),
    ("profanity", "en", "Sorry, this damn printer jammed again.", None, None, "damn"),
    ("profanity", "en", "The f***ing label printer broke.", None, None, "f***ing"),
    ("profanity", "en", "What a load of crap this update is, sorry.", None, None, "crap"),
    ("shouting", "es", "LE REPITO QUE NO HACEMOS ENVÍOS AL EXTRANJERO.", None, None, "LE REPITO"),
    ("shouting", "es", "¿¿¿Cómo que no le llegó???", None, None, "¿¿¿"),
    ("shouting", "en", "Are you serious?!?! We already shipped it.", None, None, "?!?!"),
    ("shouting", "en", "PLEASE READ THE MANUAL FIRST.", None, None, "PLEASE READ THE MANUAL"),
    ("aggressive", "es", "Baje el tono o no le atiendo más.", None, None, "Baje el tono"),
    ("aggressive", "es", "Más le vale pagar antes del lunes.", None, None, "Más le vale"),
    ("aggressive", "en", "You'd better pay by Friday, or else.", None, None, "You'd better"),
    ("aggressive", "en", "Watch your tone with me.", None, None, "Watch your tone"),
    ("passive_aggressive", "es", "Como ya le expliqué antes, el plazo es de 10 días.", None, None,
     "Como ya le expliqué"),
    ("passive_aggressive", "es", "Por enésima vez: abrimos a las 9.", None, None,
     "Por enésima vez"),
    ("passive_aggressive", "en", "As I already mentioned twice, we close at six.", None, None,
     "As I already mentioned twice"),
    ("passive_aggressive", "en", "Per my previous message, the form is attached.", None, None,
     "Per my previous message"),
    ("sarcasm", "es", "Claro, porque nosotros controlamos el tráfico de toda la ciudad.",
     None, None, "porque nosotros controlamos"),
    ("sarcasm", "es", "Vaya sorpresa, otro cliente que no lee la ficha del producto.", None,
     None, "Vaya sorpresa"),
    ("sarcasm", "en", "Oh great, another complaint about the weather.", None, None,
     "Oh great, another"),
    ("sarcasm", "en", "Thanks for nothing, I guess.", None, None, "Thanks for nothing"),
    ("blame", "es", "Si hubiera leído la ficha sabría que no incluye pilas.", None, None,
     "Si hubiera leído"),
    ("blame", "es", "Eso le pasa por no revisar la dirección antes de pagar.", None, None,
     "Eso le pasa por no"),
    ("blame", "en", "You should have checked your spam folder first.", None, None,
     "You should have checked"),
    ("blame", "en", "That's on you, the address was typed wrong.", None, None, "That's on you"),
    ("dismissive", "es", "Eso ya no es nuestro problema; el transportista responde.", None, None,
     "no es nuestro problema"),
    ("dismissive", "es", "Cálmese, no es para tanto.", None, None, "Cálmese"),
    ("dismissive", "en", "Calm down, it's not a big deal.", None, None, "Calm down"),
    ("dismissive", "en", "Not our problem, talk to the courier.", None, None,
     "Not our problem"),
    ("too_informal", "es", "jajaja sí, ya te lo mando", None, None, "jajaja"),
    ("too_informal", "es", "Listo reina, sale mañana", None, None, "reina"),
    ("too_informal", "es", "ntp, q ya te lo cambio", None, None, "ntp"),
    ("too_informal", "en", "Sure hun, I'll send it over lol", None, None, "hun"),
    ("too_informal", "en", "No worries bro, it ships tomorrow", None, None, "bro"),
    ("formality_mismatch", "es", "Claro, te envío el formulario ahora.",
     "Buenas tardes, ¿me podría enviar el formulario de reclamación?", None, "te"),
    ("formality_mismatch", "es", "Sí, podés pasar a retirarlo el lunes.",
     "Disculpe, ¿cuándo puedo retirar mi pedido?", None, "podés"),
    ("formality_mismatch", "es", "Le confirmo la cita y te mando la ubicación.",
     "¿Me confirman la cita?", None, "te"),
    ("wrong_name", "es", "Hola Marcela, su pedido ya salió.", "¿Salió mi pedido?",
     "Daniela Ortiz", "Marcela"),
    ("wrong_name", "en", "Hi Steve, your refund is on its way.", "Any news on my refund?",
     "Mark Evans", "Steve"),
    ("no_empathy", "es", "Revise el correo.",
     "Llevo dos semanas esperando el reembolso y nadie me responde, estoy harta",
     "Daniela Ortiz", "Revise el correo."),
    ("no_empathy", "en", "See our website.",
     "The gift for my dad never arrived and I'm heartbroken", "Mark Evans",
     "See our website."),
]


@pytest.mark.parametrize(("kind", "lang", "text", "incoming", "name", "words"), POSITIVES)
def test_each_kind_is_found_with_a_tight_span(
    checker: Checker, kind: str, lang: str, text: str, incoming: str | None,
    name: str | None, words: str,
) -> None:
    found = [f for f in counted(tone(checker, text, lang, incoming, name)) if f.kind == kind]
    assert found, f"no {kind} in {text!r}"
    start = text.index(words)
    span = found[0]
    assert text[span.start:span.end] == span.text
    # The span covers the words that caused it, not the whole message.
    assert any(f.start <= start < f.end or start <= f.start < start + len(words) for f in found)
    if kind != "no_empathy":
        assert all(f.end - f.start < len(text) or len(text) < 40 for f in found)


# -- polite text passes untouched ---------------------------------------------------------------
NEGATIVES = [
    ("es", "Lamentablemente ese color está agotado, pero puedo avisarle cuando vuelva.",
     "¿Tienen el bolso en rojo?", "Carmen Ruiz"),
    ("es", "Lamentamos las molestias. Ya generamos la devolución a su tarjeta.",
     "Me cobraron de más", "Pedro Gómez"),
    ("es", "Disculpe la demora, su pedido sale mañana por la mañana.", "¿Ya salió?", None),
    ("es", "No es ninguna molestia, para eso estamos.", "Perdón por molestar", "Luis Soto"),
    ("es", "¡Sin problema! Te lo cambio por la talla L.", "hola! me queda chico", "Sofía"),
    ("es", "¡Genial! Te lo envío hoy 😊", "dale, lo quiero!", "Martina López"),
    ("es", "Como le comentaba, el reembolso ya está aprobado y le llegará un comprobante.",
     "¿Y qué pasa con mi dinero?", "Rosa Vidal"),
    ("es", "Con gusto se lo explico de nuevo: el cargo corresponde a la cuota anual.",
     "¿Me lo explica otra vez?", "Daniel Prieto"),
    ("es", "¡Tranquila! Llega el viernes seguro, ya está en reparto.",
     "estoy nerviosa, es para un regalo", "Lucía"),
    ("es", "Qué macana, Flor. Te mando otro hoy mismo.", "che me llegó roto el vaso",
     "Florencia Sosa"),
    ("es", "Dale, te lo reservo hasta el lunes.", "me guardás la campera?", None),
    ("es", "Vale, te lo dejo apartado.", "¿me lo guardas?", None),
    ("es", "No, ese modelo solo viene en negro y gris.", "¿Viene en azul?", None),
    ("es", "IMPORTANTE: necesitamos el DNI, el NIE o el IBAN del titular.", None, None),
    ("es", "No podemos cambiar productos personalizados, pero sí ofrecerle un 20% de descuento.",
     "quiero devolver la taza", None),
    ("es", "Entiendo su enojo y quiero resolverlo. Le ruego un trato respetuoso, por favor.",
     "son unos inútiles", "Raúl Ortega"),
    ("es", "Buenos días, Sra. Gallardo. La factura ya está disponible.", "¿Y la factura?",
     "Teresa Gallardo"),
    ("es", "Hola Pepe, ya está listo tu pedido.", "¿está mi pedido?", "José Ramírez"),
    ("es", "Mi compañera Laura le llamará esta tarde.", "¿Me pueden llamar?", "Marta Cabello"),
    ("es", "El peso bruto del paquete es de 12 kg, un envío pesado.", "¿Cuánto pesa?", None),
    ("es", "Perdone el error; la nota de crédito ya está emitida.", "Estaba mal", None),
    ("es", "No se preocupe, no es culpa suya: el sistema falló.", "¿Hice algo mal?", None),
    ("es", "Sentimos mucho lo ocurrido. Le reembolsamos hoy el importe.",
     "La comida llegó fría, fatal", "Eva Lozano"),
    ("en", "Unfortunately that item is out of stock, but I can notify you.",
     "Is it in blue?", "Sarah Mills"),
    ("en", "No problem at all! You should have received a confirmation email.",
     "Did it go through?", "Laura Kim"),
    ("en", "Hi Bill, your invoice is attached.", "Invoice please", "William Hart"),
    ("en", "We can't refund after 30 days, but I can offer store credit instead.",
     "I want a refund", None),
    ("en", "The queen size duvet and the honey candles are back in stock.", None, None),
    ("en", "Whatever size you prefer, we can exchange it for free.", "Not sure", None),
    ("en", "If it happens again, just restart the app.", "It froze once", None),
    ("en", "I understand how frustrating this is. I've escalated it today.",
     "Third outage this week!!", "Megan Cole"),
    ("en", "Good morning Ms Smith, your appointment is confirmed.", "Monday?", "Jane Smith"),
    ("en", "Hi there! Yes, we ship to the UK and the USA via DHL.", "UK?", None),
]


@pytest.mark.parametrize(("lang", "text", "incoming", "name"), NEGATIVES)
def test_polite_look_alikes_pass(
    checker: Checker, lang: str, text: str, incoming: str | None, name: str | None
) -> None:
    assert counted(tone(checker, text, lang, incoming, name)) == []


# -- context rules ------------------------------------------------------------------------------
def test_usted_to_a_tu_customer_is_fine(checker: Checker) -> None:
    assert kinds(tone(checker, "Claro, le envío el enlace ahora.", "es",
                      "hola! me pasas el link?")) == set()


def test_tu_is_fine_when_the_customer_gives_no_address_marker(checker: Checker) -> None:
    assert kinds(tone(checker, "Te envío el enlace ahora.", "es", "Enlace del pedido")) == set()


def test_tu_alone_is_never_too_informal(checker: Checker) -> None:
    assert kinds(tone(checker, "Tú tranquila, te lo mando hoy.", "es", None)) == set()


def test_formality_fix_offers_the_usted_form(checker: Checker) -> None:
    found = [f for f in tone(checker, "Sí, tienes razón, lo revisamos.", "es",
                             "Estimados: quisiera saber por qué me cobraron dos veces.")
             if f.kind == "formality_mismatch"]
    assert found and found[0].fixes[0].replacement == "tiene"


def test_wrong_name_fix_uses_the_contact_name(checker: Checker) -> None:
    [finding] = [f for f in tone(checker, "Hola Marcela, ya está.", "es", None, "Daniela Ortiz")
                 if f.kind == "wrong_name"]
    assert finding.fixes[0].replacement == "Daniela"


@pytest.mark.parametrize(("text", "name"), [
    ("Hola Flor, ya salió.", "Florencia Sosa"),
    ("Hi Liz, it's sorted.", "Elizabeth Moore"),
    ("Hola Javi, ya salió.", "Javier Luna"),
    ("Hola Francisco Javier, ya salió.", "Francisco Javier Soto"),
    ("Gracias por escribir, soy Marta y le ayudaré.", "Pedro Gil"),
    ("Saludos,\nLaura", "Pedro Gil"),
])
def test_same_person_or_not_an_address_is_not_wrong_name(
    checker: Checker, text: str, name: str
) -> None:
    assert "wrong_name" not in kinds(tone(checker, text, "es", None, name))


def test_no_empathy_needs_a_complaint(checker: Checker) -> None:
    assert kinds(tone(checker, "Refunds take 5-7 days.", "en", "How long do refunds take?")) \
        == set()


def test_no_empathy_fix_prepends_an_apology(checker: Checker) -> None:
    [finding] = [f for f in tone(checker, "Revise el correo.", "es",
                                 "Estoy harta, llevo un mes sin internet") if
                 f.kind == "no_empathy"]
    assert finding.fixes[0].replacement.startswith("Lamento mucho las molestias. ")


def test_shouting_ignores_acronyms_and_a_single_heading(checker: Checker) -> None:
    text = "IMPORTANTE: envíe DNI y IBAN por SMS. ¡Gracias!"
    assert "shouting" not in kinds(tone(checker, text, "es"))


def test_shouting_fix_lowercases(checker: Checker) -> None:
    [finding] = [f for f in tone(checker, "NO HACEMOS ENVÍOS LOS DOMINGOS.", "es")
                 if f.kind == "shouting"]
    assert finding.fixes[0].replacement == "No hacemos envíos los domingos"


def test_slang_fix_removes_the_word(checker: Checker) -> None:
    [finding] = [f for f in tone(checker, "Listo bro, sale hoy.", "es") if f.kind == "too_informal"]
    assert finding.text == "bro" and finding.fixes[0].replacement == ""


# -- severities, settings, messages -------------------------------------------------------------
def test_insult_blocks_and_mild_swearing_warns(checker: Checker) -> None:
    assert {f.severity for f in tone(checker, "You idiot.", "en")} == {"block"}
    assert {f.severity for f in tone(checker, "Oh damn, sorry.", "en")} == {"warning"}


def test_sensitivity_moves_borderline_findings(checker: Checker) -> None:
    text = "Jolín, se me olvidó adjuntarlo."
    standard = tone(checker, text, "es")
    assert standard and all(f.severity == "info" for f in standard)
    strict = tone(checker, text, "es", settings=CheckSettings(sensitivity="strict"))
    assert {f.severity for f in strict} == {"warning"}
    assert tone(checker, text, "es", settings=CheckSettings(sensitivity="relaxed")) == []


def test_relaxed_sensitivity_does_not_count_slang(checker: Checker) -> None:
    found = tone(checker, "Listo bro, sale hoy.", "es", settings=CheckSettings(
        sensitivity="relaxed"))
    assert found and counted(found) == []


def test_extra_flagged_words_are_reported_as_profanity(checker: Checker) -> None:
    settings = CheckSettings(extra_flagged_words=frozenset({"Competencia", "otra tienda"}))
    found = tone(checker, "No compre en la COMPETENCIA ni en otra tienda.", "es",
                 settings=settings)
    assert [(f.kind, f.text) for f in found] == [
        ("profanity", "COMPETENCIA"), ("profanity", "otra tienda")]


def test_ignored_words_silence_a_finding(checker: Checker) -> None:
    settings = CheckSettings(ignored_words=frozenset({"bro"}))
    assert tone(checker, "Listo bro, sale hoy.", "es", settings=settings) == []


def test_messages_follow_the_ui_language_and_quote_the_words(
    checker: Checker, checker_es: Checker
) -> None:
    text = "Como ya le expliqué, abrimos a las 9."
    [english] = tone(checker, text, "es")
    [spanish] = tone(checker_es, text, "es")
    assert english.message == "Sounds like a reproach: «Como ya le expliqué»"
    assert spanish.message == "Suena a reproche: «Como ya le expliqué»"


def test_the_contacts_known_formality_wins_over_the_guess() -> None:
    from deskreply.checks import Checker
    from deskreply.checks.request import CheckContext

    checker = Checker()
    reply = "Hola Ana, ¿puedes enviarme tu número de pedido?"
    neutral = "Hola, mi pedido no llega"  # says nothing about tú or usted

    def kinds(formality: str | None) -> list[str]:
        context = CheckContext(incoming=neutral, formality=formality)
        return [f.kind for f in checker.check(reply, lang="es", context=context).findings]

    assert "formality_mismatch" not in kinds(None)
    assert "formality_mismatch" in kinds("usted")
    assert "formality_mismatch" not in kinds("tu") + kinds("vos")
