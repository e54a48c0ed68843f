"""Matrix in the running app: how soon a customer's message shows, how soon 1,000 rooms do.

Starts a real Synapse (``tests/servers/synapse.py``; SQLite, 127.0.0.1) on the data folder of
one agent in 1,000 customer DMs that ``benchmarks/matrix_sync.py`` prepares (once, a few
minutes; cached in ``.synapse-cache/``), signs the agent in with its password as the Accounts
dialog does (the token kept in memory instead of the keyring), opens the real main window
(offscreen) on a fresh data folder and times, in the window itself:

- ``first_rooms_s``: from the account being started to the first 20 rooms of this account in
  the chat list as it opens (the Unanswered view): what fills the visible part of the list;
- ``receive_to_display_ms``: median over ``--messages`` messages, from a customer's client
  (matrix-nio, on a thread of its own) starting to send until the open conversation shows
  the bubble and the room's row in the list shows the text;
- ``all_rooms_s`` (for information): until every room is in the store;
- ``longest_stall_ms``: the longest the GUI thread went without handling events until then
  (``stall_after_sync_ms``: the same while the messages come, for comparison).

Targets: receive_to_display_ms <= 300, first_rooms_s <= 2.
Usage: python benchmarks/matrix.py [--rooms 1000] [--messages 20]. Last line: JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# benchmarks/email.py would shadow the standard library's email package (aiohttp imports it).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.matrix_sync import FIRST_ROOMS, cached_synapse, nio_client  # noqa: E402
from benchmarks.qt_wait import GAPS, longest_stall_ms, wait  # noqa: E402
from deskreply.connectors.matrix.login import matrix_login  # noqa: E402
from deskreply.inbox_sync import account_config  # noqa: E402
from deskreply.secrets import SecretStore, secret_ref  # noqa: E402
from deskreply.settings import Settings, save_settings  # noqa: E402
from deskreply.ui.app import create_main_window  # noqa: E402
from deskreply.ui.chat_list_model import Roles  # noqa: E402
from tests.servers.synapse import MatrixUser  # noqa: E402

LIST_ROWS = 100  # rows of the list looked at for "shown" (more than a screenful)


class Customer:
    """The customer's Matrix client on its own thread and loop: the app's GUI thread (where
    the benchmark waits) is never held by the sender's requests."""

    def __init__(self, url: str, user: MatrixUser) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = nio_client(url, user)

    def send(self, room_id: str, text: str) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(self.client.room_send(
            room_id, "m.room.message", {"msgtype": "m.text", "body": text}), self.loop)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.client.close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def rooms_in_list(window: Any, login_id: int) -> int:
    """Conversations of this account among the first rows of the chat list."""
    model = window.model
    ids = {model.conversation_id(row) for row in range(min(model.rowCount(), LIST_ROWS))}
    ours = window.store._conn.execute(
        "SELECT c.id FROM conversations AS c JOIN accounts AS a ON a.id = c.account_id "
        "WHERE a.login_id = ?", (login_id,)).fetchall()
    return len(ids & {row[0] for row in ours})


def rooms_stored(window: Any, login_id: int) -> int:
    row = window.store._conn.execute(
        "SELECT count(*) FROM conversations AS c JOIN accounts AS a ON a.id = c.account_id "
        "WHERE a.login_id = ?", (login_id,)).fetchone()
    return int(row[0])


def displayed(window: Any, conversation_id: int, text: str) -> bool:
    """The open conversation has the bubble, and the list row shows the text."""
    if not any(b.message.text == text for b in window.conversation.bubbles()):
        return False
    row = window.model.row_of(conversation_id)
    if row is None:
        return False
    shown = window.model.data(window.model.index(row), Roles.ROW)
    return shown is not None and text in shown.last_text


def pause(app: QApplication, seconds: float) -> None:
    """Let the window run (not sleep) for a while."""
    until = time.monotonic() + seconds
    wait(app, lambda: time.monotonic() >= until)


def measure(app: QApplication, url: str, data: dict[str, Any], rooms: int,
            messages: int) -> dict[str, float]:
    agent = MatrixUser(**data["agent"])
    signed_in = asyncio.run(matrix_login(url, agent.user_id, agent.password, "DeskReply"))
    secrets = SecretStore()
    secrets.keep_in_memory()
    ref = secret_ref("matrix", "Soporte", "token")
    secrets.set(ref, signed_in.secret())
    folder = Path(tempfile.mkdtemp(prefix="deskreply-matrix-bench-"))
    save_settings(folder / "config" / "settings.json", Settings(undo_send_seconds=0))
    window = create_main_window(folder, "en", notify=lambda *_a: None, start_checks=False,
                                feed_interval_ms=3_600_000, secrets=secrets)
    window.show()
    pause(app, 0.5)  # the window is up and idle
    settings = {"homeserver": url, "user_id": signed_in.user_id,
                "device_id": signed_in.device_id, "include_groups": False, "lang": "en"}
    login_id = window.store.add_login("matrix", "Soporte", settings, ref)
    config = account_config(window.store.login(login_id))
    GAPS.clear()
    begun = time.monotonic()
    window.channel_status.add_account(config)
    window.bridge.host.add(config, None)
    target = min(FIRST_ROOMS, rooms)
    first = wait(app, lambda: rooms_in_list(window, login_id) >= target, 120) - begun
    print(f"first {target} rooms in the list after {first:.3f} s", flush=True)
    every = wait(app, lambda: rooms_stored(window, login_id) >= rooms, 300) - begun
    print(f"all {rooms} rooms stored after {every:.2f} s; the window's longest stall "
          f"meanwhile {longest_stall_ms():.0f} ms", flush=True)
    stall = longest_stall_ms()

    room_id = data["room"]
    conversation_id = window.store.conversation_of_handle(login_id, room_id)
    if conversation_id is None or not window.select_conversation(conversation_id):
        raise SystemExit(f"the newest room {room_id} is not in the list")
    customer = Customer(url, MatrixUser(**data["customer"]))
    latencies: list[float] = []
    try:
        pause(app, 1.0)  # the connector is in its long poll
        GAPS.clear()  # from here: the window's stalls with the sync done (for comparison)
        for number in range(messages):
            text = f"¿Llegó mi pedido {number}? {time.time():.0f}"
            sent = time.monotonic()
            sending = customer.send(room_id, text)
            shown = wait(app, lambda text=text: displayed(window, conversation_id, text), 30)
            latencies.append((shown - sent) * 1000)
            if not getattr(sending.result(10), "event_id", None):
                raise SystemExit(f"the customer's send failed: {sending.result()}")
            print(f"message {number}: shown after {latencies[-1]:.0f} ms", flush=True)
            pause(app, 0.3)
    finally:
        customer.close()
        window.close()
    quiet = longest_stall_ms()
    print(f"receive → display: median {statistics.median(latencies):.0f} ms, "
          f"max {max(latencies):.0f} ms over {messages}; longest stall meanwhile "
          f"{quiet:.0f} ms")
    return {"receive_to_display_ms": round(statistics.median(latencies), 1),
            "first_rooms_s": round(first, 3), "all_rooms_s": round(every, 2),
            "longest_stall_ms": round(stall, 1), "stall_after_sync_ms": round(quiet, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(["deskreply-bench"])
    with cached_synapse(args.rooms) as (server, data):
        figures = measure(app, server.url, data, args.rooms, args.messages)
    print(json.dumps({"receive_to_display_ms": figures.pop("receive_to_display_ms"),
                      "first_rooms_s": figures.pop("first_rooms_s"), **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
