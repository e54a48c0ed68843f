"""The emoji check through the real engine: reasons, context rules, fixes, settings.

Every text here is written for these tests (not taken from the evaluation sets).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deskreply.checks.engine import Checker
from deskreply.checks.report import Finding
from deskreply.checks.request import CheckContext, CheckSettings

Check = Callable[..., list[Finding]]


@pytest.fixture(scope="module")
def check(checker_factory: Callable[..., Checker]) -> Check:
    checker = checker_factory("en")

    def run(
        text: str,
        incoming: str | None = None,
        lang: str = "es",
        settings: CheckSettings | None = None,
    ) -> list[Finding]:
        report = checker.check(
            text, lang=lang, context=CheckContext(incoming=incoming), settings=settings
        )
        return [f for f in report.findings if f.check == "emoji"]

    return run


def risky(findings: list[Finding]) -> dict[str, str | None]:
    """{emoji text: reason} of the risky_emoji findings."""
    return {f.text: f.reason for f in findings if f.kind == "risky_emoji"}


COMPLAINT_ES = "Hace diez días que pagué y el paquete sigue sin aparecer, estoy harta"
COMPLAINT_EN = "The blender arrived with a cracked jug and nobody answers my emails"
NEUTRAL_ES = "¿Abren el feriado del lunes?"
JOKE_ES = "jajaja mi gato se metió en la caja antes que el producto"


# -- reasons that hold in any context -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "emoji", "reason"),
    [
        ("Te queda divina 😏", "😏", "innuendo"),
        ("Gracias por elegirnos 💋", "💋", "innuendo"),
        ("Uff, ese look 🥵", "🥵", "innuendo"),
        ("Listo, chau 🖕", "🖕", "offensive_gesture"),
        ("Pruebe a reclamar 🔫", "🔫", "violence"),
        ("El depósito nos tiene 🤬", "🤬", "violence"),
        ("Sí, ya se lo dijimos 🙄", "🙄", "mocking"),
        ("Perfecto, como siempre 🙃", "🙃", "mocking"),
        ("Ok 😒", "😒", "mocking"),
        ("Ehm, a ver 😬", "😬", "mocking"),
        ("Feliz Pascua ✝️", "✝️", "political_religious"),
        ("Que tengas un buen Eid ☪️", "☪️", "political_religious"),
        ("Shabat shalom ✡️", "✡️", "political_religious"),
        ("Felices fiestas 🕎", "🕎", "political_religious"),
        ("Namasté 🕉️", "🕉️", "political_religious"),
        ("Ese proveedor es un 💩", "💩", "offensive_comparison"),
        ("El transportista otra vez 🤡", "🤡", "offensive_comparison"),
        ("Mmm 😈 ya veremos", "😈", "ambiguous"),
        ("Eso lo decide el banco 💅", "💅", "mocking"),
    ],
)
def test_risky_in_any_context(check: Check, text: str, emoji: str, reason: str) -> None:
    found = risky(check(text, incoming=NEUTRAL_ES))
    assert found == {emoji: reason}


def test_middle_finger_blocks_and_points_at_the_emoji(check: Check) -> None:
    text = "Bueno, adiós 🖕🏽"
    [finding] = [f for f in check(text) if f.kind == "risky_emoji"]
    assert finding.severity == "block"
    assert text[finding.start : finding.end] == "🖕🏽" == finding.text


def test_ok_emojis_are_not_flagged(check: Check) -> None:
    text = "¡Listo! 😊 Su pedido 📦 sale hoy ✅ Gracias 🙏 ❤️"
    assert risky(check(text, incoming=COMPLAINT_ES)) == {}
    assert risky(check("Have a lovely weekend 🎉👍", incoming="thanks!", lang="en")) == {}


# -- 🙂 😂 🤣 😅 🤷: risky only after a complaint -------------------------------------------------
@pytest.mark.parametrize("emoji", ["🙂", "😂", "🤣", "😅", "🤷", "🤷🏽‍♀️", "🤷‍♂️", "😂🏻"[:1],
                                   "💁", "💁🏻‍♀️", "👏", "😴", "🤪", "😜", "😝"])
def test_faces_after_a_complaint_are_mocking(check: Check, emoji: str) -> None:
    text = f"Ya lo vemos {emoji} mañana le escribimos."
    assert risky(check(text, incoming=COMPLAINT_ES)) == {emoji: "mocking"}
    assert risky(check(text, incoming=NEUTRAL_ES)) == {}
    assert risky(check(text, incoming=JOKE_ES)) == {}
    assert risky(check(text, incoming=None)) == {}


def test_english_complaint_and_message(check: Check) -> None:
    findings = check("We'll look into it 🙂", incoming=COMPLAINT_EN, lang="en")
    [finding] = findings
    assert finding.reason == "mocking"
    assert "complaining" in finding.message


def test_smiling_face_is_fine_even_after_a_complaint(check: Check) -> None:
    text = "¡Perdón! Le enviamos otro hoy mismo 😊"
    assert risky(check(text, incoming=COMPLAINT_ES)) == {}


def test_joke_with_a_damage_word_is_not_a_complaint(check: Check) -> None:
    incoming = "jaja el nene rompió la caja para jugar adentro 😂"
    assert risky(check("😂 ¡Qué lindo! Mandanos una foto", incoming=incoming)) == {}


# -- 😉 🤦 --------------------------------------------------------------------------------------
def test_wink_about_a_product_is_fine_but_flirting_is_not(check: Check) -> None:
    assert risky(check("Esa chaqueta abriga muchísimo, ya verás 😉")) == {}
    assert risky(check("Lo que quieras te guardo 😉")) == {"😉": "innuendo"}
    assert risky(check("Gracias, guapa 😉")) == {"😉": "innuendo"}
    assert risky(check("Anytime, sweetie 😉", lang="en")) == {"😉": "innuendo"}


def test_wink_next_to_an_adjective_about_a_product_is_fine(check: Check) -> None:
    assert risky(check("El modelo nuevo es precioso 😉 y viene en tres colores")) == {}


def test_facepalm_depends_on_who_made_the_mistake(check: Check) -> None:
    assert risky(check("Uy, le envié el enlace equivocado 🤦‍♂️ aquí va el bueno")) == {}
    assert risky(check("Oops, my bad 🤦 here's the right link", lang="en")) == {}
    found = check("🤦‍♀️ el botón verde, abajo del todo", incoming="¿Dónde pago?")
    assert risky(found) == {"🤦‍♀️": "mocking"}
    # "We sent it" without an apology points at the customer, not at the agent.
    found = check("Se lo enviamos hace una hora 🤦", incoming="No tengo el enlace")
    assert risky(found) == {"🤦": "mocking"}


# -- literal food / water ------------------------------------------------------------------------
def test_food_and_water_named_next_to_them_are_fine(check: Check) -> None:
    assert risky(check("Hoy hay durazno 🍑 y berenjena 🍆 en oferta")) == {}
    assert risky(check("Hidrolavado del tapizado 🚗💦 en 30 minutos")) == {}
    assert risky(check("Fresh peaches 🍑 just arrived", lang="en")) == {}


def test_food_and_water_without_the_literal_thing_are_innuendo(check: Check) -> None:
    assert risky(check("Con ese pantalón 🍑 vas a triunfar")) == {"🍑": "innuendo"}
    assert risky(check("That'll make your 🍑 look great", lang="en")) == {"🍑": "innuendo"}
    assert risky(check("Te lo damos bien grande 🍆")) == {"🍆": "innuendo"}


def test_combination_changes_the_meaning(check: Check) -> None:
    assert risky(check("Tenemos talles grandes 🍆😉")) == {"🍆": "innuendo", "😉": "combination"}
    assert risky(check("Mirá esto 👉👌")) == {"👉": "combination", "👌": "combination"}
    # 💦 next to a harmless emoji, with the wash named: fine.
    assert risky(check("Lavado de motos 🏍️💦 los sábados")) == {}


def test_flirting_words_cancel_the_literal_reading(check: Check) -> None:
    assert risky(check("Para vos, linda, los duraznos más jugosos 🍑")) == {"🍑": "innuendo"}


# -- 🔪 💣 💀 🔥 💥 ----------------------------------------------------------------------------
def test_weapons_and_skulls_literal_or_cultural_are_fine(check: Check) -> None:
    assert risky(check("El cuchillo de pan 🔪 está a mitad de precio")) == {}
    assert risky(check("¡Ofertas bomba 💣 todo el fin de semana!")) == {}
    assert risky(check("Armamos altares para el Día de Muertos 💀🌼")) == {}
    assert risky(check("Nueva colección 🔥 ya en tienda")) == {}
    assert risky(check("Descuentos explosivos 💥 solo hoy")) == {}


def test_threats_block(check: Check) -> None:
    findings = check("Ojo con lo que escribe en las reseñas 💣", incoming="Los voy a denunciar")
    [finding] = [f for f in findings if f.kind == "risky_emoji"]
    assert (finding.reason, finding.severity) == ("violence", "block")
    assert "threat" in finding.message
    found = check("Be careful what you post 🔪", lang="en")
    assert [(f.reason, f.severity) for f in found] == [("violence", "block")]
    # Even the knife word does not save a threat.
    assert risky(check("Cuidado, que tenemos cuchillos 🔪")) == {"🔪": "violence"}


def test_skull_or_fire_after_a_complaint_mock_it(check: Check) -> None:
    assert risky(check("💀 bueno, lo revisamos", incoming=COMPLAINT_ES)) == {"💀": "mocking"}
    assert risky(check("🔥🔥", incoming=COMPLAINT_ES)) == {"🔥": "mocking"}
    # The same skull after a joke is the idiom "I'm dying of laughter".
    assert risky(check("💀 qué genio tu gato", incoming=JOKE_ES)) == {}


def test_fire_as_innuendo(check: Check) -> None:
    assert risky(check("Con ese vestido te ves 🔥")) == {"🔥": "innuendo"}
    assert risky(check("Estás 🔥 con esa campera")) == {"🔥": "innuendo"}
    assert risky(check("La promo de hoy está 🔥")) == {}


def test_knife_with_no_context_is_risky(check: Check) -> None:
    assert risky(check("Mañana hablamos 🔪")) == {"🔪": "violence"}


# -- flags, fists, religion, animals, skin tones ---------------------------------------------
def test_flags_for_places_and_sports_are_fine(check: Check) -> None:
    assert risky(check("Enviamos a 🇪🇸 🇲🇽 🇨🇴 y 🇵🇪 en una semana")) == {}
    assert risky(check("¡Hoy juega la selección 🇦🇷⚽! 2x1 en empanadas")) == {}


def test_flags_next_to_political_words_take_a_side(check: Check) -> None:
    found = risky(check("Apoyamos al pueblo ucraniano 🇺🇦 contra la invasión"))
    assert found == {"🇺🇦": "political_religious"}
    found = risky(check("Whatever the government says, we stand with 🇮🇱", lang="en"))
    assert found == {"🇮🇱": "political_religious"}
    assert risky(check("Siempre 🇵🇸✊")) == {
        "🇵🇸": "political_religious",
        "✊": "political_religious",
    }


def test_raised_fist_alone_for_encouragement_is_fine(check: Check) -> None:
    assert risky(check("¡Mucho ánimo con el examen ✊!")) == {}


def test_secular_holiday_symbols_are_fine(check: Check) -> None:
    assert risky(check("Cerramos el 25 🎄🎅 y volvemos el 26 🎆")) == {}


def test_animals_aimed_at_a_person(check: Check) -> None:
    assert risky(check("Tranquilo 🐒 se lo explico despacio")) == {"🐒": "offensive_comparison"}
    assert risky(check("Otra porción más 🐷 jaja")) == {"🐷": "offensive_comparison"}
    assert risky(check("Llegaron los peluches de mono 🐒 y de cerdito 🐷")) == {}
    assert risky(check("Jamón ibérico 🐷 cortado a mano")) == {}


def test_skin_tone_on_an_ordinary_gesture_is_fine(check: Check) -> None:
    assert risky(check("¡Gracias! 👋🏾 Buen día 👍🏻 🙏🏽")) == {}


def test_skin_tone_in_a_racial_form_of_address(check: Check) -> None:
    assert risky(check("Hola, morena 👋🏾 ¿qué buscabas?")) == {"👋🏾": "skin_tone_comment"}


def test_skin_tone_used_to_comment_on_the_customer(check: Check) -> None:
    [finding] = [
        f for f in check("Para morenitas como vos 👌🏿 el tono 12") if f.kind == "risky_emoji"
    ]
    assert (finding.reason, finding.severity) == ("skin_tone_comment", "block")
    assert finding.fixes[0].replacement == "👌"


# -- sequences -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sequence",
    ["👍🏽", "👩‍💻", "🏳️‍🌈", "🇦🇷", "1️⃣", "#️⃣", "❤️", "❤", "👨‍👩‍👧‍👦", "🧑🏾‍🍳", "🏴󠁧󠁢󠁷󠁬󠁳󠁿"],
)
def test_sequences_are_never_split(check: Check, sequence: str) -> None:
    text = f"a {sequence} b"
    settings = CheckSettings(emoji_limit=0, emoji_max_version=0.5)
    findings = check(text, settings=settings)
    assert findings, sequence
    for finding in findings:
        assert finding.text == text[finding.start : finding.end]
        assert finding.start == 2 and finding.end == 2 + len(sequence)


def test_text_style_and_emoji_style_use_the_same_row(check: Check) -> None:
    assert risky(check("Amén ✝")) == {"✝": "political_religious"}
    assert risky(check("Amén ✝️")) == {"✝️": "political_religious"}
    # The emoji package leaves a text-style selector (U+FE0E) outside its match; the finding
    # takes it in, so Remove leaves no orphan selector behind.
    assert risky(check("Amén ✝︎")) == {"✝︎": "political_religious"}


# -- fixes ---------------------------------------------------------------------------------------
def test_fixes_offer_alternatives_then_removal(check: Check) -> None:
    text = "Sí, ya se lo dijimos 🙄 ayer"
    [finding] = check(text)
    assert [fix.replacement for fix in finding.fixes] == ["🙏", ""]
    assert finding.fixes[0].label == "Replace with 🙏"
    assert finding.fixes[-1].label == "Remove the emoji"
    repaired = text[: finding.start] + finding.fixes[0].replacement + text[finding.end :]
    assert repaired == "Sí, ya se lo dijimos 🙏 ayer"


def test_spanish_ui_messages(checker_factory: Callable[..., Checker]) -> None:
    checker = checker_factory("es")
    report = checker.check("Ya se lo dije 🙄", lang="es")
    [finding] = [f for f in report.findings if f.check == "emoji"]
    assert "ojos en blanco" in finding.message
    assert finding.fixes[-1].label == "Quitar el emoji"
    report = checker.check("Claro 🙂", lang="es", context=CheckContext(incoming=COMPLAINT_ES))
    [finding] = [f for f in report.findings if f.check == "emoji"]
    assert "quejando" in finding.message


# -- settings: version and limit ------------------------------------------------------------------
def test_newer_emoji_may_not_render(check: Check) -> None:
    text = "Gracias 🩷"  # pink heart, Emoji 15.0
    [finding] = check(text)
    assert finding.kind == "emoji_may_not_render"
    assert finding.severity == "warning"
    assert finding.fixes[0].replacement == "💗"
    assert "15.0" in finding.message
    assert check(text, settings=CheckSettings(emoji_max_version=15.0)) == []
    relaxed = check(text, settings=CheckSettings(sensitivity="relaxed"))
    assert relaxed[0].severity == "info"


def test_newer_skin_toned_or_zwj_emoji_falls_back_to_an_older_form(check: Check) -> None:
    [finding] = check("Vamos 🚶‍➡️", settings=CheckSettings())
    assert finding.kind == "emoji_may_not_render"
    assert finding.fixes[0].replacement == "🚶"


def test_too_many_emojis(check: Check) -> None:
    text = "Hola 👋 ya salió 📦 llega mañana 🚚 gracias 🙏 saludos 😊"
    findings = check(text)
    [finding] = [f for f in findings if f.kind == "too_many_emoji"]
    assert text[finding.start : finding.end] == "🙏 saludos 😊"
    assert finding.fixes[0].replacement == "saludos"
    assert "5 emojis" in finding.message
    assert not [f for f in check(text, settings=CheckSettings(emoji_limit=5))]
    assert not [f for f in check(text, settings=CheckSettings(sensitivity="relaxed"))]


def test_keycaps_do_not_count_towards_the_limit(check: Check) -> None:
    text = "Pasos: 1️⃣ entrar 2️⃣ elegir 3️⃣ pagar 4️⃣ listo ✅"
    assert check(text) == []


def test_ignored_kind_and_word_from_settings(check: Check) -> None:
    text = "Ok 🙄"
    assert check(text, settings=CheckSettings(ignored_kinds=frozenset({"emoji.risky_emoji"}))) == []
    assert check(text, settings=CheckSettings(ignored_words=frozenset({"🙄"}))) == []


def test_no_emoji_no_findings(check: Check) -> None:
    assert check("Gracias por escribir, mañana le llega el pedido.") == []
    assert check("") == []


def test_a_stray_variation_selector_stays_with_its_emoji() -> None:
    # Found by the whole-checker property test: "😂" + VS16 with a limit of 0 emojis.
    from deskreply.checks import Checker
    from deskreply.checks.request import CheckSettings

    text = "😂\ufe0f"
    findings = Checker(settings=CheckSettings(emoji_limit=0)).check(text, lang="es").findings
    assert findings and all((f.start, f.end) == (0, 2) for f in findings)
