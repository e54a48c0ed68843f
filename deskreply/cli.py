"""The ``deskreply`` command: the GUI by default, ``deskreply check`` for the checks engine."""

from __future__ import annotations

import argparse
import sys
import time

from deskreply import __version__

# Startup figures (--self-test) are measured from here: the earliest point we control.
PROCESS_START = time.perf_counter()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deskreply",
        description="DeskReply: answer customers from every channel, with every reply checked "
        "for tone, risky emojis and private data before it is sent.",
        epilog="Subcommand: 'deskreply check TEXT' checks a reply from the command line "
        "('deskreply check --help').",
    )
    parser.add_argument("--version", action="version", version=f"DeskReply {__version__}")
    parser.add_argument("--data-dir", help="keep all DeskReply files in this folder "
                        "(also: DESKREPLY_DATA_DIR)")
    parser.add_argument("--lang", help="user interface language: es or en (default: system)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the demo inbox in a temporary folder, print startup "
                        "figures as JSON and exit")
    menu = parser.add_mutually_exclusive_group()
    menu.add_argument("--install-desktop", action="store_true", help="add DeskReply to your "
                      "applications menu (Linux, this user only, no root) and exit")
    menu.add_argument("--uninstall-desktop", action="store_true",
                      help="remove it from the applications menu again and exit")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"),
                        help="how much goes to the log file in the logs folder (default: "
                        "the Settings value, else warning); debug also logs message texts, "
                        "masked")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check":
        return _check_command(argv[1:])
    if argv and argv[0] == "audit":  # deskreply audit --since DATE [--json]
        from deskreply.audit_cli import run_audit

        return run_audit(argv[1:])
    args = build_parser().parse_args(argv)
    from deskreply.i18n import UnknownLanguageError, normalise_language

    try:
        lang = normalise_language(args.lang) if args.lang else None
    except UnknownLanguageError as error:
        print(f"deskreply: {error}", file=sys.stderr)
        return 2
    if args.install_desktop or args.uninstall_desktop:
        from deskreply.desktop_install import run_command

        return run_command(remove=args.uninstall_desktop, lang=lang)
    from deskreply.display import EXIT_NO_DISPLAY, display_missing, no_display_message

    if display_missing():  # before Qt loads: its xcb plugin would abort the process
        from deskreply.i18n import system_language, translator

        print(no_display_message(translator("ui_safety", lang or system_language())),
              file=sys.stderr)
        return EXIT_NO_DISPLAY
    from deskreply.ui.app import run

    return run(args.data_dir, lang, args.self_test, log_level=args.log_level)


def _check_command(argv: list[str]) -> int:
    from deskreply.check_cli import run_check
    from deskreply.checks.pipeline import ModelsMissingError

    try:
        return run_check(argv)
    except ModelsMissingError as error:
        print(f"deskreply check: {error}", file=sys.stderr)
        return 2
