"""The real app in a process of its own (tests/ui/send_driver.py), for kill -9 tests."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from deskreply.paths import app_paths

DRIVER = Path(__file__).with_name("send_driver.py")


def start_app(data_dir: Path, handle: str, reply: str, *extra: str) -> subprocess.Popen[str]:
    """DeskReply on ``data_dir``, answering ``reply`` to the chat with ``handle`` once it
    shows (see send_driver.py for ``--kill-when-sent``)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path.cwd())}
    return subprocess.Popen(
        [sys.executable, str(DRIVER), handle, reply, *extra, "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def outbox_phase(data_dir: Path) -> str | None:
    """The phase of the one outbox row (read-only, while the app may be running)."""
    conn = sqlite3.connect(f"file:{app_paths(data_dir).database}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT phase FROM outbox").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def killed_when_sent(data_dir: Path, handle: str, reply: str, timeout: float = 120) -> None:
    """Run the app until the channel says the reply went out, and kill -9 it right then:
    the outbox still says "sending", the app never learnt it was sent."""
    app = start_app(data_dir, handle, reply, "--kill-when-sent")
    try:
        out, err = app.communicate(timeout=timeout)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == -signal.SIGKILL, err[-2000:]
    assert "KILLED" in out
    assert outbox_phase(data_dir) == "sending"
