"""Take the screenshots shown in the README, in English and Spanish.

Usage: python scripts/screenshot.py [--lang en|es ...] [--out docs]

Runs under the current display (Xvfb or QT_QPA_PLATFORM=offscreen) on a temporary data folder
with the demo inbox, and writes per language:
* ``screenshot-<lang>.png``: an upset customer's chat with a good reply being drafted;
* ``composer-<lang>.png``: a risky draft with its underlines and the findings panel;
* ``review-<lang>.png``: the review dialog that Send opens for that draft;
* ``picker-<lang>.png`` and ``quick-replies-<lang>.png``: the emoji picker and the "/" popup.
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
# The same chats answered badly: a slip of tone, a laughing emoji and a card number.
RISKY_DRAFTS = {
    "es": "Hola Lucía, como ya le expliqué, no es nuestro problema 😂. Su tarjeta "
          "4111 1111 1111 1111 ya quedó registrada.",
    "en": "Hi Tom, per my last email this is not our problem 😂. Your card "
          "4111 1111 1111 1111 is on file.",
}


def settle(app: object, loop: object, rounds: int = 5) -> None:
    """Let layouts, timers and background checks finish before grabbing."""
    from PySide6.QtCore import QTimer

    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]
        QTimer.singleShot(60, loop.quit)  # type: ignore[attr-defined]
        loop.exec()  # type: ignore[attr-defined]


def save(widget: object, path: Path) -> Path:
    if not widget.grab().save(str(path)):  # type: ignore[attr-defined]
        raise SystemExit(f"could not write {path}")
    return path


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
        path = save(window, out_dir / f"screenshot-{lang}.png")
        shoot_checks(app, loop, window, lang, out_dir)
        shoot_accounts(app, loop, window, lang, out_dir)
        window.close()
        window.deleteLater()
        app.processEvents()
    return path


def shoot_checks(app: object, loop: object, window: object, lang: str, out_dir: Path) -> None:
    """The composer with findings, then the review dialog Send opens."""
    composer = window.composer  # type: ignore[attr-defined]
    composer.edit.selectAll()
    composer.edit.insertPlainText(RISKY_DRAFTS[lang])
    for _ in range(40):  # the background check is debounced; wait for its result
        settle(app, loop, 1)
        if composer.is_up_to_date() and composer.findings():
            break
    settle(app, loop)
    save(window, out_dir / f"composer-{lang}.png")
    window.request_send(composer.text())  # type: ignore[attr-defined]
    settle(app, loop)
    dialog = window.review_dialog  # type: ignore[attr-defined]
    if dialog is None:
        raise SystemExit("the review dialog did not open")
    save(dialog, out_dir / f"review-{lang}.png")
    dialog.reject()
    settle(app, loop, 2)
    composer.edit.clear()
    composer.open_emoji_picker()
    picker = composer.emoji_picker
    picker.search.setText("cara" if lang == "es" else "face")
    settle(app, loop)
    save(picker, out_dir / f"picker-{lang}.png")
    picker.close()
    settle(app, loop, 2)
    shoot_quick_replies(app, loop, window, lang, out_dir)


def shoot_quick_replies(app: object, loop: object, window: object, lang: str,
                        out_dir: Path) -> None:
    """Type "/" and a few letters: the quick-reply popup opens under the cursor."""
    from PySide6.QtCore import QEvent, QPoint, Qt
    from PySide6.QtGui import QKeyEvent, QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    edit = window.composer.edit  # type: ignore[attr-defined]
    edit.setFocus()
    for ch in ("Hola /" if lang == "es" else "Hi /") + ("env" if lang == "es" else "ord"):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                   Qt.KeyboardModifier.NoModifier, ch))
    settle(app, loop)
    popup = next((w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "quickReplyPopup" and w.isVisible()), None)
    if popup is None:
        raise SystemExit("the quick-reply popup did not open")
    # The popup is its own window: paint it onto the window's picture where it shows.
    shot = window.grab()  # type: ignore[attr-defined]
    painter = QPainter(shot)
    origin = window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0)))  # type: ignore[attr-defined]
    painter.drawPixmap(origin, QWidget.grab(popup))
    painter.end()
    if not shot.save(str(out_dir / f"quick-replies-{lang}.png")):
        raise SystemExit("could not write the quick-replies screenshot")
    popup.close()
    edit.clear()
    settle(app, loop, 2)


ACCOUNT_EXAMPLES = {
    "en": ("Support", "support@sunshop.example", "Sunshop support"),
    "es": ("Atención", "atencion@tiendasol.example", "Tienda Sol"),
}


def shoot_accounts(app: object, loop: object, window: object, lang: str,
                   out_dir: Path) -> None:
    """The Accounts dialog with the email form filled in, as a new user sees it."""
    dialog = window.open_accounts()  # type: ignore[attr-defined]
    settle(app, loop, 2)
    form = dialog.add_email()
    name, address, shown_name = ACCOUNT_EXAMPLES[lang]
    form.address.setText(address)
    form.address.editingFinished.emit()
    form.name.setText(name)
    form.display_name.setText(shown_name)
    form.password.setText("app-password")
    settle(app, loop, 3)
    save(dialog, out_dir / f"accounts-list-{lang}.png")
    save(form, out_dir / f"accounts-{lang}.png")
    form.reject()
    dialog.reject()
    settle(app, loop, 2)


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
