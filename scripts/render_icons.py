"""Render resources/desktop/deskreply.svg into the PNG, ICO and ICNS icons that ship.

Usage: python scripts/render_icons.py

Writes resources/desktop/icons/hicolor/<N>x<N>/apps/deskreply.png for the usual sizes (16 to
512; the freedesktop icon theme layout, copied as is by ``deskreply --install-desktop``),
deskreply.ico (Windows) and deskreply.icns (macOS) for build.spec. Uses Qt's SVG renderer, so
it needs no tool beyond the app's own dependencies.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

DESKTOP = Path(__file__).resolve().parent.parent / "resources" / "desktop"
SVG = DESKTOP / "deskreply.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, svg: Path = SVG) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_path(size: int) -> Path:
    return DESKTOP / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "deskreply.png"


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            raise SystemExit(f"cannot write {target}")
    for name, fmt, size in (("deskreply.ico", "ICO", 256), ("deskreply.icns", "ICNS", 512)):
        if not render(size).save(str(DESKTOP / name), fmt):
            raise SystemExit(f"cannot write {DESKTOP / name} (Qt image plugin for {fmt})")
    print(f"wrote {len(SIZES)} PNG sizes, deskreply.ico and deskreply.icns in {DESKTOP}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
