"""Screenshots of the composer area at every text size: docs/layout-<name>.png.

Usage: python scripts/layout_screenshots.py [--out docs]

For 100 %, 140 % and 200 % text and for the high-contrast theme, opens the main window on a
temporary data folder with the demo inbox, waits for the real checks, types a draft that has
several findings and grabs the window. The same scenes are checked for overlaps and clipped
labels by tests/ui/test_layout.py; these pictures are for people to look at.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# name: (theme, font scale)
SCENES = {
    "100": ("standard", 1.0),
    "140": ("standard", 1.4),
    "200": ("standard", 2.0),
    "high-contrast": ("high_contrast", 1.0),
}
# A tone slip, a laughing emoji at a complaint, a card number, an e-mail and shouting.
DRAFT = ("Hi Tom, per my last email this is NOT OUR PROBLEM 😂. Your card "
         "4111 1111 1111 1111 is on file, write to billing.person@example.com if you care.")


def settle(app: object, rounds: int = 5) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]
        QTimer.singleShot(60, loop.quit)
        loop.exec()


def shoot(name: str, out_dir: Path) -> Path:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from deskreply.paths import app_paths
    from deskreply.settings import Settings, save_settings
    from deskreply.ui import create_main_window

    theme, scale = SCENES[name]
    app = QApplication.instance() or QApplication(["deskreply"])
    with tempfile.TemporaryDirectory(prefix="deskreply-layout-") as data:
        save_settings(app_paths(data).settings_file, Settings(theme=theme, font_scale=scale))
        window = create_main_window(data, "en", notify=lambda *args: print(*args))
        loop = QEventLoop()
        window.checks_finished.connect(lambda _ok: loop.quit())
        QTimer.singleShot(60_000, loop.quit)
        window.resize(1180, 760)
        window.show()
        loop.exec()
        window.select_conversation(window.model.conversation_id(0))
        composer = window.composer
        composer.edit.setFocus()
        composer.edit.insertPlainText(DRAFT)
        for _ in range(60):
            settle(app, 1)
            if composer.is_up_to_date() and composer.findings():
                break
        window.statusBar().showMessage(
            "Settings saved. This long message must sit beside the links, never over them.")
        settle(app)
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"layout-{name}.png"
        if not window.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        window.close()
        window.deleteLater()
        settle(app, 2)
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--scene", action="append", choices=sorted(SCENES))
    args = parser.parse_args(argv)
    for name in args.scene or list(SCENES):
        print(f"wrote {shoot(name, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
