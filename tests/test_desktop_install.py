"""``deskreply --install-desktop``: a menu entry and icons for this user, and back out again."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from deskreply import __version__, cli, desktop_install
from deskreply.desktop_install import data_home, desktop_entry, quote_exec_argument
from deskreply.paths import PROJECT_ROOT

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text("utf-8"))
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_install_puts_the_app_and_its_icons_in_the_menu(
        xdg_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--install-desktop", "--lang", "en"]) == 0
    desktop_file = xdg_home / "applications" / "deskreply.desktop"
    out = capsys.readouterr().out
    assert f"DeskReply is now in your applications menu: {desktop_file}" in out
    entry = read_entry(desktop_file)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "DeskReply"
    assert entry["Icon"] == "deskreply"
    assert entry["Terminal"] == "false"
    assert entry["Comment[es]"].startswith("Responde a los clientes")
    command = shlex.split(entry["Exec"])
    assert command == [str(Path(sys.executable).absolute()), "-m", "deskreply"]
    assert os.access(entry["TryExec"], os.X_OK)
    for size in SIZES:
        png = xdg_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "deskreply.png"
        assert png_size(png) == (size, size)
    svg = xdg_home / "icons" / "hicolor" / "scalable" / "apps" / "deskreply.svg"
    assert svg.read_text("utf-8").lstrip().startswith("<?xml")
    validator = shutil.which("desktop-file-validate")
    if validator is not None:  # the freedesktop tool, where installed, must agree
        done = subprocess.run([validator, str(desktop_file)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_uninstall_removes_only_what_install_wrote(
        xdg_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = xdg_home / "applications" / "someone-else.desktop"
    other_icon = xdg_home / "icons" / "hicolor" / "48x48" / "apps" / "someone-else.png"
    desktop_install.install()
    other.write_text("[Desktop Entry]\nName=Other\n")
    other_icon.write_bytes(b"png")
    assert cli.main(["--uninstall-desktop", "--lang", "es"]) == 0
    assert "DeskReply se quitó de tu menú de aplicaciones." in capsys.readouterr().out
    left = sorted(str(p.relative_to(xdg_home)) for p in xdg_home.rglob("*") if p.is_file())
    assert left == ["applications/someone-else.desktop",
                    "icons/hicolor/48x48/apps/someone-else.png"]
    assert cli.main(["--uninstall-desktop", "--lang", "en"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_install_again_replaces_the_entry(xdg_home: Path) -> None:
    desktop_install.install(command=("/old/place/deskreply",))
    desktop_install.install(command=("/new place/deskreply",))
    entry = read_entry(xdg_home / "applications" / "deskreply.desktop")
    assert entry["Exec"] == '"/new place/deskreply"'
    assert shlex.split(entry["Exec"]) == ["/new place/deskreply"]
    assert not list((xdg_home / "applications").glob("*.tmp"))


def test_data_home_follows_xdg_and_ignores_a_relative_value(tmp_path: Path) -> None:
    assert data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path
    assert data_home({"XDG_DATA_HOME": "relative/dir", "HOME": "/h"}) == Path(
        "/h/.local/share")
    assert data_home({"HOME": "/h"}) == Path("/h/.local/share")


def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says() -> None:
    assert quote_exec_argument("/usr/bin/deskreply") == "/usr/bin/deskreply"
    assert quote_exec_argument("/opt/my apps/x") == '"/opt/my apps/x"'
    assert quote_exec_argument('/a"b$c`d\\e') == '"/a\\"b\\$c\\`d\\\\e"'
    assert quote_exec_argument("/100%/x") == '"/100%%/x"'
    template = "[Desktop Entry]\nName=DeskReply\nExec=deskreply\nTryExec=deskreply\n"
    assert desktop_entry(template, ["/p q/python", "-m", "deskreply"]) == (
        '[Desktop Entry]\nName=DeskReply\nExec="/p q/python" -m deskreply\n'
        "TryExec=/p q/python\n")


def test_shipped_desktop_file_is_valid_for_menus() -> None:
    entry = read_entry(PROJECT_ROOT / "resources" / "desktop" / "deskreply.desktop")
    assert entry["Exec"] == "deskreply" and entry["Icon"] == "deskreply"
    assert "Chat" in entry["Categories"].split(";")


@pytest.mark.slow
def test_the_installed_menu_entry_starts_deskreply(xdg_home: Path) -> None:
    """Run the Exec line the menu would run (with --version, so no window opens)."""
    desktop_install.install()
    entry = read_entry(xdg_home / "applications" / "deskreply.desktop")
    command = [part.replace("%%", "%") for part in shlex.split(entry["Exec"])]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True,
                          timeout=60, cwd=xdg_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"DeskReply {__version__}"
