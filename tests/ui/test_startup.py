"""Starting up: bad data folders, a damaged database, missing resources, loading the checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deskreply.paths import PROJECT_ROOT
from deskreply.ui import app as ui_app
from deskreply.ui.app import StartupError, create_main_window
from deskreply.ui.checks_loader import ChecksLoader


def record_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Make run()'s message boxes record instead of blocking."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(ui_app, "message_box_notify",
                        lambda parent=None: lambda *args: shown.append(args))
    return shown


def test_corrupt_database_is_moved_aside_and_a_fresh_inbox_opens(
        make_window: Any, data_dir: Path, notices: list[Any]) -> None:
    damaged = data_dir / "deskreply.sqlite3"
    damaged.write_bytes(b"this is not a database at all\x00" * 200)
    window = make_window()
    assert len(notices) == 1
    level, title, text = notices[0]
    assert level == "info" and title == "Chat database damaged"
    assert "A fresh inbox was started." in text
    moved = [p for p in data_dir.iterdir() if ".corrupt" in p.name]
    assert len(moved) == 1
    assert moved[0].read_bytes().startswith(b"this is not a database")
    assert window.model.rowCount() > 0  # the demo inbox again


def test_unwritable_data_folder_is_a_clear_error(qapp: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StartupError) as caught:
        create_main_window(blocker / "data", "en", notify=lambda *a: None)
    assert caught.value.title == "Cannot save chats"
    assert str(blocker) in str(caught.value)


def test_run_shows_a_dialog_and_returns_2_when_it_cannot_start(
        qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = record_dialogs(monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert ui_app.run(str(blocker / "data"), "es", False) == 2
    assert shown and shown[0][0] == "error"
    assert shown[0][1] == "No se pueden guardar los chats"


def test_unwritable_database_shows_a_dialog_and_exits_2(
        qapp: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = record_dialogs(monkeypatch)
    (data_dir / "deskreply.sqlite3").mkdir()  # something that can never be written as a file
    assert ui_app.run(str(data_dir), "en", False) == 2
    assert [(level, title) for level, title, _text in shown] == [("error", "Cannot save chats")]
    assert "deskreply.sqlite3" in shown[0][2]


def test_missing_resources_is_a_clear_error(
        qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = record_dialogs(monkeypatch)
    monkeypatch.setenv("DESKREPLY_RESOURCES_DIR", str(tmp_path / "nowhere"))
    assert ui_app.run(str(tmp_path / "data"), "en", False) == 2
    assert shown[0][1] == "DeskReply is incomplete"
    assert "resources folder" in shown[0][2]


def test_checks_load_in_the_background_after_the_window_shows(
        qtbot: Any, make_window: Any) -> None:
    window = make_window(show=False, start_checks=True)
    assert window.checks_state == "idle"  # nothing slow before the window is on screen
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    with qtbot.waitSignal(window.checks_finished, timeout=60_000) as finished:
        pass
    status = window.checks_status.text()
    if finished.args == [True]:
        assert status == "Checks ready" and window.checker is not None
    else:
        assert status.startswith("Checks unavailable: ")
        assert window.checks_state == "failed"


def test_missing_models_are_explained_in_the_ui_language(
        qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKREPLY_MODELS_DIR", str(tmp_path / "no-models"))
    window = make_window("es", start_checks=True)
    with qtbot.waitSignal(window.checks_finished, timeout=60_000) as finished:
        pass
    assert finished.args == [False] and window.checks_state == "failed"
    status = window.checks_status.text()
    assert status.startswith("Revisión no disponible: Falta el modelo de revisión para «es»")
    assert "is missing" not in window.checks_status.toolTip()


def test_the_ui_language_is_announced_first_and_the_others_load_after(
        qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt

    import deskreply.checks.engine as engine

    events: list[str] = []
    real_load = engine.load_pipeline

    def recording_load(lang: str, models: Path) -> Any:
        events.append(f"load {lang}")
        return real_load(lang, models)

    monkeypatch.setattr(engine, "load_pipeline", recording_load)
    loader = ChecksLoader("es")
    # Direct: runs on the loader thread at the moment of the emit, so the order is exact.
    loader.ready.connect(lambda _checker: events.append("ready"),
                         Qt.ConnectionType.DirectConnection)
    loader.failed.connect(lambda reason: events.append(f"failed {reason}"),
                          Qt.ConnectionType.DirectConnection)
    loader.start()
    assert loader.wait(120_000)
    assert events == ["load es", "ready", "load en"]


@pytest.mark.slow
def test_self_test_prints_startup_figures(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DESKREPLY_FORBID_HOME", None)
    code = "import sys; from deskreply.ui.app import run; sys.exit(run(None, 'en', True))"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) == {"window_shown_s", "ready_s", "rss_mb", "verified_findings"}
    assert figures["verified_findings"] == 4  # a card and an insult, in es and in en
    assert 0 < figures["window_shown_s"] <= figures["ready_s"]
    assert figures["rss_mb"] > 10
