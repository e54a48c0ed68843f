"""The checks half of --self-test passes on the shipped models and fails loudly when broken."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deskreply import self_test
from deskreply.checks import pipeline
from deskreply.checks.engine import Checker
from deskreply.checks.request import CheckSettings
from deskreply.paths import MODELS_DIR_ENV, PROJECT_ROOT
from deskreply.self_test import SAMPLES, SelfTestError, run_checks_self_test, verify_checker


def test_shipped_checks_find_the_card_and_the_insult_in_both_languages() -> None:
    figures = run_checks_self_test()
    expected = sum(len(sample.expected) for sample in SAMPLES)
    assert figures["verified_findings"] == expected == 4
    assert {sample.lang for sample in SAMPLES} == {"es", "en"}
    assert figures["checks_load_s"] > 0


def test_empty_models_folder_fails_with_a_clear_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path))
    with pytest.raises(SelfTestError, match=r"could not be loaded: ModelsMissingError: .*'es'"):
        run_checks_self_test()


def test_a_check_module_that_cannot_be_imported_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # What a bundle without the lazily imported check modules looks like from the inside.
    broken = (*pipeline.COMPONENTS, ("deskreply_gone", "deskreply.checks.not_collected"))
    monkeypatch.setattr(pipeline, "COMPONENTS", broken)
    missing = re.escape("No module named 'deskreply.checks.not_collected'")
    with pytest.raises(SelfTestError, match=missing):
        run_checks_self_test()


def test_a_check_that_finds_nothing_fails_naming_what_is_missing() -> None:
    # A checker that loads but whose card check is switched off: loading is not enough.
    checker = Checker(settings=CheckSettings(ignored_kinds=frozenset({"payment_card"})))
    with pytest.raises(SelfTestError) as caught:
        verify_checker(checker)
    message = str(caught.value)
    assert "es checks did not find sensitive.payment_card «4111 1111 1111 1111»" in message
    assert "tone.insult" in message  # what it did find is listed
    assert "\n" not in message


def test_a_check_that_raises_fails_naming_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = Checker()

    def explode(*_args: object, **_kwargs: object) -> None:
        raise ValueError("pipeline on fire")

    monkeypatch.setattr(checker, "check", explode)
    with pytest.raises(SelfTestError, match="es checks failed on the sample reply: "
                                            "ValueError: pipeline on fire"):
        verify_checker(checker)


def test_main_prints_json_or_one_stderr_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert self_test.main() == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["verified_findings"] == 4
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path))
    assert self_test.main() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("self-test FAILED: the checks could not be loaded")


@pytest.mark.slow
def test_gui_self_test_exits_non_zero_when_the_models_are_missing(tmp_path: Path) -> None:
    """``deskreply --self-test`` itself (window, background loader) must not report success."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", MODELS_DIR_ENV: str(tmp_path)}
    env.pop("DESKREPLY_FORBID_HOME", None)
    # --lang en: the loader reads the UI language first, so that is the model it misses.
    done = subprocess.run([sys.executable, "-m", "deskreply", "--self-test", "--lang", "en"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "self-test FAILED: Checks unavailable: The checks model for 'en' is missing" \
        in done.stderr
