"""Closing cleanly, whatever closes the app: SIGTERM, SIGINT, Ctrl+Q; one instance per folder.

The signal and second-instance tests run the real app in real processes on a real data
folder, then open the database file afterwards to see what a user would find next time.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from deskreply.store import Store

DRIVER = Path(__file__).with_name("lifecycle_driver.py")
ROOT = Path(__file__).resolve().parents[2]
DRAFT = "Hola, ya revisé su pedido 😊 y sale mañana"


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **extra)
    env.pop("DESKREPLY_FORBID_HOME", None)
    return env


def _start_driver(data_dir: Path, *args: str) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), DRAFT, "--data-dir", str(data_dir), "--lang", "es",
         "--log-level", "info", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("READY"):
            return process, int(line.split()[1])
        if not line and process.poll() is not None:
            break
    process.kill()
    _out, err = process.communicate()
    pytest.fail(f"the app did not come up: {err[-2000:]}")


def _database(data_dir: Path) -> Path:
    return data_dir / "deskreply.sqlite3"


def _assert_closed_cleanly(data_dir: Path, conversation_id: int) -> None:
    database = _database(data_dir)
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "writes left behind in the WAL"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store.open(database) as store:
        assert store.draft(conversation_id) == DRAFT


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_like_the_close_button(data_dir: Path, signum: int) -> None:
    process, conversation_id = _start_driver(data_dir)
    process.send_signal(signum)
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the app did not close on the signal")
    assert process.returncode == 0, err
    _assert_closed_cleanly(data_dir, conversation_id)
    log_text = (data_dir / "logs" / "deskreply.log").read_text(encoding="utf-8")
    assert f"signal {signal.Signals(signum).name} received" in log_text
    assert DRAFT not in log_text  # the draft's words never reach the log at info level
    assert not (data_dir / "deskreply.lock").exists()


@pytest.mark.slow
def test_a_second_instance_brings_the_first_to_the_front(data_dir: Path) -> None:
    first, conversation_id = _start_driver(data_dir)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "deskreply", "--data-dir", str(data_dir), "--lang", "en"],
            capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=60)
        assert second.returncode == 0
        assert "already open" in second.stderr
        assert "brought to the front" in second.stderr
        log_file = data_dir / "logs" / "deskreply.log"
        deadline = time.monotonic() + 10
        while "asked for this window" not in log_file.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the first instance was not asked"
            time.sleep(0.1)
        assert first.poll() is None  # the first one keeps running
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    assert first.returncode == 0
    _assert_closed_cleanly(data_dir, conversation_id)


@pytest.mark.slow
def test_a_lock_left_by_a_killed_instance_does_not_block_the_next_start(data_dir: Path) -> None:
    first, _conversation_id = _start_driver(data_dir)
    first.kill()  # SIGKILL: no clean-up at all
    first.communicate(timeout=30)
    assert (data_dir / "deskreply.lock").exists()
    with sqlite3.connect(_database(data_dir)) as conn:  # killed mid-run: still sound
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    again, conversation_id = _start_driver(data_dir)
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=30)
    assert again.returncode == 0
    _assert_closed_cleanly(data_dir, conversation_id)


@pytest.mark.slow
def test_without_a_display_it_says_what_to_do_and_exits_2(data_dir: Path) -> None:
    env = _env()
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "deskreply", "--data-dir", str(data_dir), "--lang", "en"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 2  # not -6 (SIGABRT)
    assert "no display" in result.stderr
    assert "xvfb-run" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    env["LANG"] = "es_ES.UTF-8"
    spanish = subprocess.run(
        [sys.executable, "-m", "deskreply", "--data-dir", str(data_dir)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert spanish.returncode == 2
    assert "no hay pantalla" in spanish.stderr


def test_the_display_check_runs_before_qt_is_imported() -> None:
    code = ("import sys; from deskreply.cli import main; rc = main(['--lang', 'en']); "
            "print(rc, 'PySide6' in sys.modules)")
    env = _env()
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=60)
    assert result.stdout.split() == ["2", "False"]


def test_display_missing_reads_the_environment() -> None:
    from deskreply.display import display_missing

    assert display_missing({}, "linux")
    assert not display_missing({"DISPLAY": ":0"}, "linux")
    assert not display_missing({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not display_missing({}, "win32")
    assert not display_missing({}, "darwin")
    assert display_missing({"QT_QPA_PLATFORM": "xcb"}, "linux")  # X11 by name, no X display
    assert not display_missing({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"}, "linux")
    assert display_missing({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux")
    assert not display_missing({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux")


def test_ctrl_q_closes_like_the_close_button(qtbot: Any, window: Any) -> None:
    conversation_id = window.model.conversation_id(0)
    window.select_conversation(conversation_id)
    window.composer.edit.insertPlainText(DRAFT)
    assert window.composer.draft_timer.isActive()  # not saved yet: only the close saves it
    window.activateWindow()
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert window._closed
    with pytest.raises(sqlite3.ProgrammingError):  # the store's connection is closed
        window.store._conn.execute("SELECT 1")
    database = window.store.path
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with Store.open(database) as store:
        assert store.draft(conversation_id) == DRAFT


def test_the_first_instance_answers_a_start_request(qtbot: Any, data_dir: Path) -> None:
    import threading

    from deskreply.ui.single_instance import SingleInstance, ask_running_instance

    first = SingleInstance(data_dir)
    assert first.acquire()
    second = SingleInstance(data_dir)
    try:
        assert not second.acquire()  # the folder is taken
        answers: list[bool] = []
        asker = threading.Thread(target=lambda: answers.append(ask_running_instance(data_dir)))
        with qtbot.waitSignal(first.activation_requested, timeout=5_000):
            asker.start()
        asker.join(5)
        assert answers == [True]
        assert not first.request_path.exists()
    finally:
        first.release()
    assert second.acquire()  # released: the next start gets it
    second.release()


def test_an_unanswered_request_is_withdrawn(data_dir: Path) -> None:
    from deskreply.ui.single_instance import REQUEST_NAME, ask_running_instance

    assert not ask_running_instance(data_dir, timeout_s=0.3)  # nobody is listening
    assert not (data_dir / REQUEST_NAME).exists()
