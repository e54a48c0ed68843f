"""The built app bundle works on its own: run as a user would, with nothing of ours around.

Run after ``bash scripts/build.sh`` with ``DESKREPLY_BUNDLE=dist/deskreply`` (``.ci/run`` does
this); without that variable these tests are skipped. Each program runs under a bare
environment (``env -i`` style: HOME, one XDG folder and the Qt platform, no PATH, PYTHONPATH
or venv) from an empty folder, so only what is inside the bundle can be used.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from deskreply import __version__

BUNDLE_ENV = "DESKREPLY_BUNDLE"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle() -> Path:
    value = os.environ.get(BUNDLE_ENV)
    if not value:
        pytest.skip(f"no bundle to test: run scripts/build.sh and set {BUNDLE_ENV}=dist/deskreply")
    folder = Path(value).resolve()
    assert (folder / "deskreply").is_file(), f"{BUNDLE_ENV}={value} holds no deskreply program"
    return folder


@pytest.fixture
def bare(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A clean working folder and an environment with nothing but a home and a runtime dir."""
    home, runtime, work = tmp_path / "home", tmp_path / "xdg-runtime", tmp_path / "work"
    for folder in (home, runtime, work):
        folder.mkdir()
    runtime.chmod(0o700)
    env = {"HOME": str(home), "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "offscreen"}
    return env, work


def run(program: Path, args: list[str], bare: tuple[dict[str, str], Path], stdin: str = "",
        **extra_env: str) -> subprocess.CompletedProcess[str]:
    env, work = bare
    return subprocess.run([str(program), *args], input=stdin, env={**env, **extra_env},
                          cwd=work, capture_output=True, text=True, timeout=300)


def test_self_test_passes_and_verifies_the_checks(bundle: Path, bare: Any) -> None:
    done = run(bundle / "deskreply", ["--self-test"], bare)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["verified_findings"] == 4
    assert 0 < figures["window_shown_s"] <= figures["ready_s"]


def test_check_jsonl_finds_the_card_in_both_languages(bundle: Path, bare: Any) -> None:
    lines = [{"id": "es", "text": "Hola, mi tarjeta es 4111 1111 1111 1111, eres un idiota"},
             {"id": "en", "text": "my card is 4111 1111 1111 1111"}]
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    done = run(bundle / "deskreply-cli", ["check", "--jsonl"], bare, stdin=stdin)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in results] == ["es", "en"]
    for result in results:
        cards = [f for f in result["findings"] if f["kind"] == "payment_card"]
        assert cards and cards[0]["text"] == "4111 1111 1111 1111"
        assert result["verdict"] == "block"
    assert {f["kind"] for f in results[0]["findings"]} >= {"payment_card", "insult"}


def test_self_test_fails_loudly_when_the_checks_cannot_load(
        bundle: Path, bare: Any, tmp_path: Path) -> None:
    empty = tmp_path / "no-models"
    empty.mkdir()
    # --lang en: the loader reads the UI language first, so that is the model it misses.
    done = run(bundle / "deskreply", ["--self-test", "--lang", "en"], bare,
               DESKREPLY_MODELS_DIR=str(empty))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "self-test FAILED: Checks unavailable: The checks model for 'en' is missing" \
        in done.stderr


def test_install_desktop_from_the_bundle_points_the_menu_at_it(
        bundle: Path, bare: Any, tmp_path: Path) -> None:
    data_home = tmp_path / "xdg-data"
    done = run(bundle / "deskreply", ["--install-desktop", "--lang", "en"], bare,
               XDG_DATA_HOME=str(data_home))
    assert done.returncode == 0, done.stderr
    entry = (data_home / "applications" / "deskreply.desktop").read_text("utf-8")
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    command = shlex.split(exec_line[len("Exec="):])
    assert command == [str(bundle / "deskreply")]
    assert (data_home / "icons" / "hicolor" / "256x256" / "apps" / "deskreply.png").is_file()
    version = run(Path(command[0]), ["--version"], bare)
    assert version.stdout.strip() == f"DeskReply {__version__}"


def test_bundle_is_lean_and_carries_what_the_app_loads_by_name(bundle: Path) -> None:
    inside = bundle / "_internal"
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    assert size_mb <= 300
    names = {p.name for p in files}
    assert not {n for n in names if n.startswith(("libgtk-3", "libgdk-3", "libqgtk3"))}
    translations = {p.name for p in (inside / "PySide6" / "Qt" / "translations").iterdir()}
    assert translations == {"qtbase_es.qm", "qtbase_en.qm"}
    platforms = {p.name for p in (inside / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"} <= platforms
    assert "libqeglfs.so" not in platforms and "libqvnc.so" not in platforms
    for lang in ("es", "en"):
        assert (inside / "models" / lang / "config.cfg").is_file()
        assert (inside / "resources" / "locale" / "es" / "LC_MESSAGES" / "ui.mo").is_file()
    assert (inside / "resources" / "desktop" / "deskreply.desktop").is_file()
    assert list(inside.glob("deskreply-*.dist-info"))  # the About dialog's version
