"""Compile every ``resources/locale/*/LC_MESSAGES/*.po`` into the ``.mo`` file gettext reads.

Usage: python scripts/build_translations.py [--check]

``--check`` exits 1 when a compiled catalogue is missing or differs from its source (used by
the test suite so a forgotten rebuild fails CI instead of shipping English to Spanish users).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"


def compiled(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    stale: list[Path] = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = compiled(po_path)
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        if check_only:
            stale.append(mo_path)
        else:
            mo_path.write_bytes(data)
            print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent.parent)}")
    for path in stale:
        print(f"out of date: {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
