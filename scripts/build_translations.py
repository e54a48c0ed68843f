"""Compile every ``resources/locale/*/LC_MESSAGES/*.po`` into the ``.mo`` file gettext reads.

Usage: python scripts/build_translations.py [--check]

``--check`` exits 1 when a compiled catalogue is missing or differs from its source (used by
the test suite so a forgotten rebuild fails CI instead of shipping English to Spanish users).
"""

from __future__ import annotations

import datetime
import gettext
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"


# Babel stamps "now" into headers the .po leaves out; a fixed date keeps builds reproducible.
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def compiled(po_path: Path) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def messages(mo_data: bytes) -> dict[object, str]:
    """The translations in a compiled catalogue, without its header (tool versions, dates)."""
    catalog = gettext.GNUTranslations(io.BytesIO(mo_data))._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    stale: list[Path] = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = compiled(po_path)
        if check_only:
            if not mo_path.exists() or messages(mo_path.read_bytes()) != messages(data):
                stale.append(mo_path)
            continue
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        mo_path.write_bytes(data)
        print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent.parent)}")
    for path in stale:
        print(f"out of date: {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
