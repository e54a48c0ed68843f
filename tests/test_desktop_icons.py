"""The shipped PNG/ICO/ICNS icons are renderings of resources/desktop/deskreply.svg."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtGui import QImage

from deskreply.paths import PROJECT_ROOT

DESKTOP = PROJECT_ROOT / "resources" / "desktop"


def render_icons() -> ModuleType:
    path = PROJECT_ROOT / "scripts" / "render_icons.py"
    spec = importlib.util.spec_from_file_location("render_icons", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("render_icons", module)
    spec.loader.exec_module(module)
    return module


def largest_difference(left: QImage, right: QImage) -> int:
    assert left.size() == right.size()
    worst = 0
    for y in range(left.height()):
        for x in range(left.width()):
            a, b = left.pixelColor(x, y), right.pixelColor(x, y)
            worst = max(worst, abs(a.red() - b.red()), abs(a.green() - b.green()),
                        abs(a.blue() - b.blue()), abs(a.alpha() - b.alpha()))
    return worst


@pytest.mark.parametrize("size", [16, 48, 128])
def test_committed_png_matches_the_svg(qapp: Any, size: int) -> None:
    module = render_icons()
    committed = QImage(str(module.png_path(size)))
    assert not committed.isNull()
    fresh = module.render(size).convertToFormat(committed.format())
    # Antialiasing may differ by a shade between Qt versions; a changed drawing differs more.
    assert largest_difference(committed, fresh) <= 8, "run python scripts/render_icons.py"


def test_every_size_and_the_platform_icons_exist(qapp: Any) -> None:
    module = render_icons()
    for size in module.SIZES:
        image = QImage(str(module.png_path(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    assert {16, 32, 48, 256, 512} <= set(module.SIZES)
    assert not QImage(str(DESKTOP / "deskreply.ico")).isNull()
    assert (DESKTOP / "deskreply.icns").read_bytes()[:4] == b"icns"


def test_a_changed_drawing_is_caught(qapp: Any, tmp_path: Path) -> None:
    module = render_icons()
    changed = tmp_path / "changed.svg"
    changed.write_text((DESKTOP / "deskreply.svg").read_text("utf-8").replace(
        "#16a34a", "#dc2626"), "utf-8")
    committed = QImage(str(module.png_path(48)))
    fresh = module.render(48, changed).convertToFormat(committed.format())
    assert largest_difference(committed, fresh) > 8
