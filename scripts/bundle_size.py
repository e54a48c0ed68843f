"""Size of a built bundle: the folder, its .tar.gz, and its ten largest parts.

    python scripts/bundle_size.py dist/deskreply [--archive dist/x.tar.gz]
        [--max-mb 300] [--max-archive-mb 120]

A "part" is one entry of the bundle's ``_internal/`` folder (a package like ``spacy``, or one
library), except PySide6, which is split into bindings, Qt libraries, plugins and translations
so that the big Qt pieces show. The last line is one JSON object. Exits 1 over a limit.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

MB = 1_000_000


def part_of(relative: Path) -> str:
    parts = relative.parts
    if parts[0] != "_internal":
        return parts[0]  # the executables (which hold the Python archive)
    inner = parts[1:]
    if inner[0] == "PySide6" and len(inner) > 2 and inner[1] == "Qt":
        return "/".join(inner[:3])
    if inner[0] == "PySide6":
        return "PySide6 (bindings)"
    return inner[0]


def measure(bundle: Path) -> tuple[int, Counter[str]]:
    sizes: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            sizes[part_of(path.relative_to(bundle))] += path.stat().st_size
    return sum(sizes.values()), sizes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--archive", type=Path)
    parser.add_argument("--max-mb", type=float)
    parser.add_argument("--max-archive-mb", type=float)
    args = parser.parse_args(argv)
    total, sizes = measure(args.bundle)
    print(f"bundle {args.bundle}: {total / MB:.1f} MB in {len(sizes)} parts")
    largest = sizes.most_common(10)
    for name, size in largest:
        print(f"  {size / MB:8.1f} MB  {name}")
    figures: dict[str, object] = {"bundle_mb": round(total / MB, 1)}
    if args.archive is not None:
        archive = args.archive.stat().st_size
        print(f"archive {args.archive}: {archive / MB:.1f} MB")
        figures["archive_mb"] = round(archive / MB, 1)
    figures["largest"] = [[name, round(size / MB, 1)] for name, size in largest]
    failed = []
    if args.max_mb is not None and total / MB > args.max_mb:
        failed.append(f"bundle {total / MB:.1f} MB > {args.max_mb} MB")
    if args.max_archive_mb is not None and figures.get("archive_mb", 0) > args.max_archive_mb:  # type: ignore[operator]
        failed.append(f"archive {figures['archive_mb']} MB > {args.max_archive_mb} MB")
    for reason in failed:
        print(f"bundle too large: {reason}", file=sys.stderr)
    print(json.dumps(figures))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
