"""The Qt-free catalogue the emoji picker uses."""

from __future__ import annotations

import pytest

from deskreply.checks.emoji.catalog import EmojiCatalog


@pytest.fixture(scope="module")
def catalog() -> EmojiCatalog:
    return EmojiCatalog()


def test_categories_have_labels_in_both_languages(catalog: EmojiCatalog) -> None:
    en = dict(catalog.categories("en"))
    es = dict(catalog.categories("es"))
    assert list(en) == list(es)
    assert en["smileys"] == "Smileys & emotion"
    assert es["flags"] == "Banderas"


@pytest.mark.parametrize(
    ("emoji", "category"),
    [
        ("😀", "smileys"),
        ("🙄", "smileys"),
        ("❤️", "smileys"),
        ("👍", "people"),
        ("🤷", "people"),
        ("👩‍💻", "people"),
        ("🐶", "animals"),
        ("🌻", "animals"),
        ("🍕", "food"),
        ("🍆", "food"),
        ("✈️", "travel"),
        ("🚚", "travel"),
        ("🎉", "activities"),
        ("⚽", "activities"),
        ("📦", "objects"),
        ("💳", "objects"),
        ("✅", "symbols"),
        ("1️⃣", "symbols"),
        ("🇦🇷", "flags"),
        ("🏳️‍🌈", "flags"),
    ],
)
def test_emojis_are_filed_under_their_category(
    catalog: EmojiCatalog, emoji: str, category: str
) -> None:
    assert emoji in {info.emoji for info in catalog.emojis(category)}


def test_every_base_emoji_is_listed_once_without_skin_tones(catalog: EmojiCatalog) -> None:
    listed = [info.emoji for cat, _ in catalog.categories() for info in catalog.emojis(cat)]
    assert len(listed) == len(set(listed)) > 1500
    assert "👍🏽" not in listed


def test_names_in_english_and_spanish(catalog: EmojiCatalog) -> None:
    food_es = {info.emoji: info.name for info in catalog.emojis("food", lang="es")}
    assert food_es["🍆"] == "berenjena"
    assert catalog.name("🍆", "en") == "eggplant"


def test_too_new_emojis_are_hidden_unless_asked(catalog: EmojiCatalog) -> None:
    assert "🩷" not in {i.emoji for i in catalog.emojis("smileys")}
    assert "🩷" in {i.emoji for i in catalog.emojis("smileys", include_too_new=True)}
    newer = EmojiCatalog(max_version=15.0)
    assert "🩷" in {i.emoji for i in newer.emojis("smileys")}


def test_search_by_spanish_and_english_names(catalog: EmojiCatalog) -> None:
    assert catalog.search("berenjena", lang="es")[0].emoji == "🍆"
    assert catalog.search("eggplant")[0].emoji == "🍆"
    shrugs = {i.emoji for i in catalog.search("encogida hombros", lang="es")}
    assert "🤷" in shrugs and "🤷‍♀️" in shrugs
    assert {i.emoji for i in catalog.search("pulgar arriba", lang="es")} >= {"👍"}
    assert catalog.search("CAMIÓN", lang="es")  # case and accents do not matter
    assert catalog.search("") == []
    assert catalog.search("zzqqxx") == []


def test_search_results_carry_the_risk_flag(catalog: EmojiCatalog) -> None:
    [eye_roll] = [i for i in catalog.search("rolling eyes") if i.emoji == "🙄"]
    assert eye_roll.risky
    assert not catalog.search("package")[0].risky


def test_risk_info_in_the_ui_language(catalog: EmojiCatalog) -> None:
    info = catalog.risk_info("🙄", ui_lang="es")
    assert info.risky and info.reason == "mocking" and not info.context_dependent
    assert "ojos en blanco" in info.explanation
    assert info.when == "Arriesgado en cualquier contexto."
    smile = catalog.risk_info("🙂", ui_lang="en")
    assert smile.context_dependent and "complaint" in smile.when
    shrug = catalog.risk_info("🤷🏾‍♂️")
    assert shrug.reason == "mocking"
    flag = catalog.risk_info("🇵🇸")
    assert flag.reason == "political_religious" and flag.context_dependent
    assert not catalog.risk_info("📦").risky


def test_risk_info_says_when_an_emoji_may_not_render(catalog: EmojiCatalog) -> None:
    info = catalog.risk_info("🩷", ui_lang="es")
    assert info.may_not_render and info.older_alternative == "💗"
    assert "Emoji 14" in info.render_note
    assert not catalog.risk_info("🙂").may_not_render


def test_skin_tone_variants(catalog: EmojiCatalog) -> None:
    assert catalog.skin_tone_variants("👍") == ["👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿"]
    assert len(catalog.skin_tone_variants("🤷‍♀️")) == 5
    assert catalog.skin_tone_variants("📦") == []
