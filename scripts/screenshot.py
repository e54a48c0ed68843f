"""Take screenshots of the main window for the docs: docs/screenshot-<lang>.png.

Usage: python scripts/screenshot.py [--lang en|es ...] [--out docs]

Runs under the current display (Xvfb or QT_QPA_PLATFORM=offscreen) on a temporary data folder
with the demo inbox: opens an upset customer's chat, types a draft reply, waits for the checks
to load and grabs the window.
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

# Upset customers in the demo inbox, per UI language, and a reply being drafted to them.
SCENES = {
    "es": ("María José Ortega",
           "Hola, María José. Perdona la espera, tienes toda la razón en estar molesta. "
           "He revisado tu pedido y "),
    "en": ("Oliver Bennett",
           "Hi Oliver, I'm really sorry you've had to write to us three times about this. "
           "I've booked an engineer to "),
}


def shoot(lang: str, out_dir: Path) -> Path:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from deskreply.ui import create_main_window

    app = QApplication.instance() or QApplication(["deskreply"])
    with tempfile.TemporaryDirectory(prefix="deskreply-shot-") as data:
        window = create_main_window(data, lang, notify=lambda *args: print(*args))
        loop = QEventLoop()
        window.checks_finished.connect(lambda _ok: loop.quit())
        QTimer.singleShot(60_000, loop.quit)
        window.resize(1180, 760)
        window.show()
        loop.exec()
        name, draft = SCENES[lang]
        model = window.model
        target = next((model.conversation_id(r) for r in range(model.rowCount())
                       if model.index(r).data() == name), model.conversation_id(0))
        window.select_conversation(target)
        window.composer.edit.setFocus()
        window.composer.edit.insertPlainText(draft)
        for _ in range(5):  # let layouts settle and scroll to the newest message
            app.processEvents()
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"screenshot-{lang}.png"
        if not window.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        window.close()
        window.deleteLater()
        app.processEvents()
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=sorted(SCENES),
                        help="UI language (repeatable; default: en and es)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    for lang in args.lang or ["en", "es"]:
        print(f"wrote {shoot(lang, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
