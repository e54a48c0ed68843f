"""Runs the real app (``deskreply.cli.main``) and answers one customer, for kill -9 tests.

``python send_driver.py HANDLE REPLY [--kill-when-sent] ARGS...``: once the conversation with
``HANDLE`` is in the list, it opens it, types ``REPLY`` and presses Send, then prints
``SENDING <conversation id>``. With ``--kill-when-sent`` the process kills itself (SIGKILL)
the moment the channel reports the reply sent, before the app can write that down: the
worst moment for a crash, which the outbox must survive without sending twice.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    handle, reply, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    kill_when_sent = "--kill-when-sent" in argv
    argv = [arg for arg in argv if arg != "--kill-when-sent"]
    app = QApplication(["deskreply"])  # run() uses this one

    def arm_kill(window: Any) -> None:
        from deskreply.connectors.base import DeliveryChanged

        apply = window.bridge.sync.apply

        def apply_or_die(events: Any) -> Any:
            events = list(events)
            if any(isinstance(e, DeliveryChanged) and e.state == "sent" for e in events):
                print("KILLED", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            return apply(events)

        window.bridge.sync.apply = apply_or_die

    def answer() -> None:
        from deskreply.ui.main_window import MainWindow

        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        window = windows[0] if windows and windows[0].isVisible() else None
        target = None
        if window is not None:
            for conversation_id in window.store.conversation_ids("waiting"):
                if window.model.row_of(conversation_id) is not None \
                        and _handle_of(window, conversation_id) == handle:
                    target = conversation_id
        if window is None or target is None or window.checks_state != "ready":
            QTimer.singleShot(50, answer)
            return
        if kill_when_sent:
            arm_kill(window)
        window.select_conversation(target)
        window.composer.edit.setPlainText(reply)
        window.request_send(window.composer.text())
        print(f"SENDING {target}", flush=True)

    QTimer.singleShot(0, answer)
    from deskreply.cli import main as cli_main

    return cli_main(argv)


def _handle_of(window: Any, conversation_id: int) -> str:
    row = window.store._conn.execute(
        "SELECT p.handle FROM conversations AS c JOIN contacts AS p ON p.id = c.contact_id "
        "WHERE c.id = ?", (conversation_id,)).fetchone()
    return "" if row is None else str(row[0])


if __name__ == "__main__":
    sys.exit(main())
