"""The log file: where it is, that it rotates, and that private data never reaches it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskreply import logs
from deskreply.paths import app_paths

CARD = "4111 1111 1111 1111"
EMAIL = "ana.lopez@example.com"
DNI = "12345678Z"
TOKEN = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"


@pytest.fixture
def log_dir(data_dir: Path) -> Iterator[Path]:
    folder = app_paths(data_dir).logs  # paths.py decides where logs go
    yield folder
    logs.shutdown()


def _read(folder: Path) -> str:
    return (folder / logs.LOG_FILE).read_text(encoding="utf-8")


def test_the_log_goes_to_the_logs_folder_at_the_chosen_level(log_dir: Path) -> None:
    path = logs.configure(log_dir, "info")
    assert path == log_dir / "deskreply.log"
    logging.getLogger("deskreply.test").debug("not at info")
    logging.getLogger("deskreply.test").info("store opened")
    text = _read(log_dir)
    assert "store opened" in text and "not at info" not in text
    logs.configure(log_dir, "error")
    logging.getLogger("deskreply.test").warning("a warning")
    assert "a warning" not in _read(log_dir)


def test_unknown_levels_fall_back_to_warning() -> None:
    assert logs.level_number("loud") == logging.WARNING
    assert logs.level_number(None) == logging.WARNING
    assert logs.level_number("DEBUG") == logging.DEBUG


def test_sensitive_values_are_masked_at_every_level(log_dir: Path) -> None:
    logs.configure(log_dir, "debug", log_bodies=True)
    log = logging.getLogger("deskreply.test")
    log.warning("customer wrote card %s, mail %s, dni %s, key %s", CARD, EMAIL, DNI, TOKEN)
    try:
        raise ValueError(f"bad value {CARD}")
    except ValueError:
        log.exception("failed")
    text = _read(log_dir)
    for secret in (CARD, EMAIL, DNI, TOKEN, "4111"):
        assert secret not in text
    assert "customer wrote card •••" in text
    assert "Traceback" in text and "ValueError" in text


def test_bodies_are_left_out_unless_debug_was_asked_for(log_dir: Path) -> None:
    message = f"Hola, mi tarjeta es {CARD} y estoy harta"
    log = logging.getLogger("deskreply.test")
    logs.configure(log_dir, "debug")  # debug level, bodies not switched on
    log.debug("incoming %s", logs.body(message))
    assert f"<{len(message)} characters>" in _read(log_dir)
    assert "harta" not in _read(log_dir)
    logs.configure(log_dir, "info", log_bodies=True)  # bodies need debug level too
    log.info("incoming %s", logs.body(message))
    assert "harta" not in _read(log_dir)
    logs.configure(log_dir, "debug", log_bodies=True)
    log.debug("incoming %s", logs.body(message))
    text = _read(log_dir)
    assert "estoy harta" in text and CARD not in text


def test_the_file_rotates_and_stays_capped(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    logs.configure(log_dir, "info")
    log = logging.getLogger("deskreply.test")
    for number in range(400):
        log.info("line %d %s", number, "x" * 40)
    files = sorted(log_dir.glob("deskreply.log*"))
    assert len(files) == logs.BACKUPS + 1
    assert all(f.stat().st_size <= 2_200 for f in files)
    assert "line 399" in _read(log_dir)


def test_masking_keeps_ordinary_numbers_readable() -> None:
    assert logs.mask("DeskReply 0.1.0 on Python 3.11.4, 12 chats") == \
        "DeskReply 0.1.0 on Python 3.11.4, 12 chats"
    assert logs.mask(f"call +34 612 345 678 or {EMAIL}") == "call ••• or •••"


def test_the_app_takes_the_level_from_settings_unless_the_command_line_says(
        data_dir: Path) -> None:
    from deskreply.settings import Settings, save_settings
    from deskreply.ui.app import _start_logging

    save_settings(app_paths(data_dir).settings_file, Settings(log_level="info"))
    try:
        path = _start_logging(str(data_dir), None)
        assert path == app_paths(data_dir).logs / "deskreply.log"
        assert logging.getLogger("deskreply").level == logging.INFO
        assert not logs.bodies_logged()
        _start_logging(str(data_dir), "debug")  # --log-level debug: bodies, masked
        assert logging.getLogger("deskreply").level == logging.DEBUG
        assert logs.bodies_logged()
        assert "DeskReply starting (log level debug)" in path.read_text(encoding="utf-8")
    finally:
        logs.shutdown()


def test_a_huge_log_message_is_cut_before_masking(log_dir: Path) -> None:
    logs.configure(log_dir, "info")
    logging.getLogger("deskreply.test").warning("body: %s", "4111 1111 1111 1111 " * 50_000)
    text = _read(log_dir)
    assert "more characters]" in text and "4111" not in text
    assert len(text) < 30_000


def test_the_log_masker_uses_the_sensitive_checks_own_detector() -> None:
    # Not only the pattern safety net: a lexicon the check gains must reach the log too.
    assert logs._detector() is not None
    assert logs.mask("tu contraseña es PerroAzul!") == "tu contraseña es •••"  # no digits
