"""Runs the real app (``deskreply.cli.main``) and, once its window is up, types a draft.

Used by tests/ui/test_lifecycle.py in a subprocess: ``python lifecycle_driver.py DRAFT ARGS...``.
The draft is typed but its debounced save is left pending, so only a clean close can save it.
Prints ``READY <conversation id>`` when the draft is in the composer.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    draft, argv = sys.argv[1], sys.argv[2:]
    app = QApplication(["deskreply"])  # run() uses this one

    def type_draft() -> None:
        from deskreply.ui.main_window import MainWindow

        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or not windows[0].isVisible():
            QTimer.singleShot(50, type_draft)
            return
        window = windows[0]
        conversation_id = window.model.conversation_id(0)
        window.select_conversation(conversation_id)
        window.composer.edit.insertPlainText(draft)
        print(f"READY {conversation_id}", flush=True)

    QTimer.singleShot(0, type_draft)
    from deskreply.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
