"""Put DeskReply in the desktop's application menu, for this user only (no root).

``deskreply --install-desktop`` writes, following the freedesktop.org specifications:

* ``$XDG_DATA_HOME/applications/deskreply.desktop`` (default ``~/.local/share``), its ``Exec``
  line pointing at the program that ran the command (the bundle's ``deskreply``, or this
  Python with ``-m deskreply`` in a virtual environment);
* the icon as ``$XDG_DATA_HOME/icons/hicolor/<N>x<N>/apps/deskreply.png`` and
  ``.../scalable/apps/deskreply.svg``.

``deskreply --uninstall-desktop`` removes exactly those files. Qt-free, like the core.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from deskreply.paths import resources_dir

DESKTOP_ID = "deskreply"  # also QGuiApplication.setDesktopFileName() in ui/app.py
ICON_NAME = "deskreply"


@dataclass(frozen=True)
class Installed:
    """What an install wrote (or an uninstall removed)."""

    desktop_file: Path
    icons: tuple[Path, ...]
    command: tuple[str, ...]


def data_home(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` if set to an absolute path (the spec says to ignore a relative one)."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def launch_command() -> tuple[str, ...]:
    """How the menu entry starts this same DeskReply."""
    if getattr(sys, "frozen", False):  # the app bundle: its own executable
        return (str(Path(sys.executable).resolve()),)
    return (str(Path(sys.executable).absolute()), "-m", "deskreply")


def quote_exec_argument(argument: str) -> str:
    """Quote one argument for a .desktop ``Exec`` key (Desktop Entry spec, "The Exec key")."""
    if argument and not any(ch in argument for ch in ' \t\n"\'\\><~|&;$*?#()`%'):
        return argument
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return f'"{escaped.replace("%", "%%")}"'


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The shipped .desktop file with ``Exec``/``TryExec`` pointing at ``command``."""
    exec_line = " ".join(quote_exec_argument(part) for part in command)
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
        elif line.startswith("TryExec="):
            line = f"TryExec={command[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _targets(home: Path, source: Path) -> tuple[Path, list[tuple[Path, Path]]]:
    desktop_file = home / "applications" / f"{DESKTOP_ID}.desktop"
    icons = [(png, home / "icons" / png.relative_to(source / "icons"))
             for png in sorted((source / "icons").rglob(f"{ICON_NAME}.png"))]
    icons.append((source / f"{ICON_NAME}.svg",
                  home / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"))
    return desktop_file, icons


def install(home: Path | None = None, command: Sequence[str] | None = None) -> Installed:
    """Write the menu entry and icons under ``home`` (default: :func:`data_home`)."""
    home = data_home() if home is None else home
    command = tuple(command or launch_command())
    source = resources_dir() / "desktop"
    desktop_file, icons = _targets(home, source)
    for origin, target in icons:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
    desktop_file.parent.mkdir(parents=True, exist_ok=True)
    entry = desktop_entry((source / f"{DESKTOP_ID}.desktop").read_text("utf-8"), command)
    temporary = desktop_file.with_suffix(".desktop.tmp")
    temporary.write_text(entry, "utf-8")
    temporary.replace(desktop_file)  # a menu watching the folder never reads half a file
    _refresh_caches(home)
    return Installed(desktop_file, tuple(target for _, target in icons), command)


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote and return the files removed (none: not installed)."""
    home = data_home() if home is None else home
    desktop_file, icons = _targets(home, resources_dir() / "desktop")
    removed = []
    for target in (desktop_file, *(target for _, target in icons)):
        if target.is_file():
            target.unlink()
            removed.append(target)
    _refresh_caches(home)
    return removed


def _refresh_caches(home: Path) -> None:
    """Keep an existing user icon cache current (menus watch the folders themselves).

    No cache is created where there is none: a user-level ``icon-theme.cache`` that goes stale
    hides icons that other programs install later.
    """
    theme = home / "icons" / "hicolor"
    program = shutil.which("gtk-update-icon-cache")
    if program is None or not (theme / "icon-theme.cache").is_file():
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):  # a cache is optional
        subprocess.run([program, "-q", "-t", "-f", str(theme)], check=False, timeout=20,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_command(remove: bool, lang: str | None) -> int:
    """``deskreply --install-desktop`` / ``--uninstall-desktop``: do it and say what was done."""
    from deskreply.i18n import system_language, translator

    _ = translator("desktop", lang or system_language())
    if not sys.platform.startswith("linux"):
        print(_("The applications menu entry is for Linux desktops; on this system start "
                "DeskReply from its folder."), file=sys.stderr)
        return 2
    try:
        if remove:
            removed = uninstall()
        else:
            done = install()
    except OSError as error:
        print(_("Could not change the applications menu: {reason}").format(
            reason=error.strerror or error), file=sys.stderr)
        return 1
    if remove:
        print(_("DeskReply was removed from your applications menu.") if removed
              else _("DeskReply was not in your applications menu; nothing to remove."))
    else:
        print(_("DeskReply is now in your applications menu: {path}").format(
            path=done.desktop_file))
        print(_("It starts: {command}").format(command=" ".join(done.command)))
    return 0
