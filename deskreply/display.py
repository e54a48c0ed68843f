"""Is there a screen to open a window on? Asked before Qt is loaded.

Without a display Qt's xcb plugin aborts the whole process (SIGABRT) with a misleading message
about ``libxcb-cursor0``. DeskReply checks first and says what is missing and what to do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from deskreply.i18n import Translate

EXIT_NO_DISPLAY = 2


def _(message: str) -> str:  # marked for the ui_safety catalogue, translated by the caller
    return message


NO_DISPLAY = _(
    "DeskReply cannot open its window: there is no display.\n"
    "Neither DISPLAY (X11) nor WAYLAND_DISPLAY (Wayland) is set, which happens over SSH or "
    "in a service without a desktop session.\n"
    "To run it anyway:\n"
    "  * on a desktop: start DeskReply from the desktop session (or 'ssh -X');\n"
    "  * without a screen, under a virtual display: xvfb-run -a deskreply\n"
    "  * without any window (scripts, tests): QT_QPA_PLATFORM=offscreen deskreply\n"
    "To check one reply from the terminal no display is needed: deskreply check \"text\""
)


def needs_display(platform: str | None = None) -> bool:
    """X11/Wayland systems need a display; Windows and macOS always have one."""
    name = sys.platform if platform is None else platform
    return not (name.startswith("win") or name == "darwin")


def display_missing(environ: Mapping[str, str] | None = None,
                    platform: str | None = None) -> bool:
    """True when Qt would find no screen (and no platform plugin was chosen explicitly)."""
    env = os.environ if environ is None else environ
    if not needs_display(platform):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip().lower()
    if chosen == "xcb":  # X11 asked for by name: it still needs an X display
        return not env.get("DISPLAY")
    if chosen.startswith("wayland"):
        return not env.get("WAYLAND_DISPLAY")
    if chosen:  # offscreen, minimal, vnc, eglfs…: no desktop session needed
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def no_display_message(translate: Translate) -> str:
    return translate(NO_DISPLAY)
