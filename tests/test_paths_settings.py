"""Where files go, and how settings survive bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskreply.i18n import UnknownLanguageError, normalise_language, system_language, translator
from deskreply.paths import HomeDirForbiddenError, app_paths
from deskreply.settings import Settings, load_settings, save_settings


def test_tests_cannot_reach_the_real_home() -> None:
    with pytest.raises(HomeDirForbiddenError):
        app_paths()


def test_one_data_dir_holds_everything(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "mine")
    paths.ensure()
    for folder in (paths.data, paths.config, paths.cache, paths.logs):
        assert folder.is_dir()
        assert folder.is_relative_to(tmp_path / "mine")
    assert paths.database.parent == paths.data


def test_environment_variable_chooses_the_data_dir(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKREPLY_DATA_DIR", str(tmp_path))
    assert app_paths().data == tmp_path.resolve()


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(ui_lang="es", ignored_words=["vale"], emoji_limit=5,
                        severity_overrides={"email": "warning"})
    save_settings(path, settings)
    assert load_settings(path) == settings
    assert load_settings(path).check_settings().emoji_limit == 5


def test_damaged_settings_give_defaults_and_keep_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert path.read_text(encoding="utf-8") == "{not json"


def test_wrongly_typed_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"emoji_limit": "many", "agent_name": "Sol"}), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.emoji_limit == Settings().emoji_limit
    assert loaded.agent_name == "Sol"


@pytest.mark.parametrize(("code", "expected"),
                         [("es_AR.UTF-8", "es"), ("en-GB", "en"), ("ES", "es")])
def test_language_codes_are_normalised(code: str, expected: str) -> None:
    assert normalise_language(code) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(UnknownLanguageError, match="Choose one of"):
        normalise_language("de")


def test_system_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert system_language() == "es"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert system_language() == "en"


def test_engine_strings_are_translated() -> None:
    assert translator("engine", "es")("No problems found.") != "No problems found."
