"""The inbox at a busy team's size: 100,000 conversations and 1,000,000 messages.

Builds the store once through the real schema (its triggers and search index included; bulk
inserts in one transaction) and caches it under the temp folder, keyed by schema version.
Then, in a fresh process with offscreen Qt, it measures the running app:

  window_shown_s       process start to the main window's first paint
  open_ms              opening the conversation with 2,000 messages (median of 5), until
                       the event loop has painted it (open_with_full_repaint_ms: the same
                       plus one more repaint of the whole window, the way it was timed before)
  scroll_max_frame_ms  longest frame scrolling the chat list (All, 100k rows) end to end
  search_ms            median of searching a common word in the search dialog
  done_ms              marking the open conversation done (list and counts updated)
  filter_ms            slowest filter switch (each the median of 3) of Unanswered/All/Done/
                       WhatsApp/Email
  rss_mb               peak resident memory of the app process

Channels and the checks engine are not started (they would compete for the CPU while we
measure the inbox); the startup benchmark covers them. Last line: one JSON object.

Usage: python benchmarks/inbox_scale.py [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROCESS_START = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
# benchmarks/email.py would shadow the standard library's email package (keyring imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))

from benchmarks.app_process import app_environment  # noqa: E402

CONVERSATIONS = 100_000
MESSAGES = 1_000_000
BIG_THREAD = 2_000
WORDS = ("hola pedido envío cancelación factura reembolso gracias ayuda urgente cuenta tarjeta "
         "talla devolución semana llegó roto dirección order refund delivery please thanks "
         "late broken address invoice size return").split()
COMMON_WORD = "pedido"


def cache_dir() -> Path:
    """Keyed by schema version and the migrations' text (an unreleased schema changes)."""
    import hashlib

    from deskreply.store.schema import MIGRATIONS, SCHEMA_VERSION

    digest = hashlib.sha1("".join(MIGRATIONS).encode()).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / f"deskreply-inbox-scale-v{SCHEMA_VERSION}-{digest}"


def build(data_dir: Path) -> float:
    """Fill a new data folder; returns seconds taken."""
    from deskreply.paths import app_paths, resources_dir
    from deskreply.store import Store
    from deskreply.store.demo import load_demo_inbox

    paths = app_paths(data_dir)
    paths.ensure()
    rng = random.Random(14)
    start = time.perf_counter()
    store = Store.open(paths.database)
    load_demo_inbox(store, resources_dir())  # as the app would on first run
    now = time.time()
    conn = store._conn  # bulk load: the public API is one transaction per message
    conn.execute("PRAGMA cache_size = -200000")
    with store.transaction():
        conn.execute("INSERT INTO accounts(channel, name, created_at) "
                     "VALUES ('whatsapp', 'bench', ?), ('email', 'bench', ?)", (now, now))
        accounts = dict(conn.execute(
            "SELECT channel, id FROM accounts WHERE name = 'bench'").fetchall())
        base = int(conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()[0])
        first = int(conn.execute("SELECT coalesce(max(id), 0) FROM conversations")
                    .fetchone()[0]) + 1
        channel_of = ["email" if i % 4 == 0 else "whatsapp" for i in range(CONVERSATIONS)]
        conn.executemany(
            "INSERT INTO contacts(id, account_id, handle, name) VALUES (?, ?, ?, ?)",
            ((base + i + 1, accounts[channel_of[i]], f"bench-{i}", f"Cliente {i:06d}")
             for i in range(CONVERSATIONS)))
        conn.executemany(
            "INSERT INTO conversations(id, account_id, contact_id, channel, lang, created_at, "
            "last_at) VALUES (?, ?, ?, ?, 'es', ?, ?)",
            ((first + i, accounts[channel_of[i]], base + i + 1, channel_of[i], now - 86400 * 60,
              now - 86400 * 60) for i in range(CONVERSATIONS)))
        per, extra = divmod(MESSAGES - BIG_THREAD, CONVERSATIONS - 1)

        def rows() -> object:
            for i in range(CONVERSATIONS):
                count = BIG_THREAD if i == 0 else per + (i <= extra)
                waits = i % 10 < 3  # about 30 % end with the customer waiting
                t = now - rng.uniform(3600, 86400 * 45)
                for n in range(count):
                    t += rng.uniform(30, 900)
                    last = n == count - 1
                    direction = "in" if (waits if last else n % 2 == 0) else "out"
                    text = " ".join(rng.choices(WORDS, k=rng.randint(4, 14)))
                    yield (first + i, direction, "Cliente" if direction == "in" else "Agente",
                           text, min(t, now - 60), "received" if direction == "in" else "read")

        conn.executemany(
            "INSERT INTO messages(conversation_id, direction, sender, text, sent_at, state) "
            "VALUES (?, ?, ?, ?, ?, ?)", rows())  # type: ignore[arg-type]
    conn.execute("ANALYZE")
    count = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    store.set_meta("bench_big_thread", str(first))
    store.close()
    print(f"built {CONVERSATIONS} conversations, {count} messages in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return time.perf_counter() - start


def paint_counter() -> Any:
    """A QObject event filter that counts paint events (Qt is imported in the child only)."""
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return Counter()


def measure(data_dir: Path) -> dict[str, float]:
    """Runs in a fresh process: the app on the big store, offscreen."""
    import resource

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from deskreply.store import InboxFilter
    from deskreply.ui.app import create_main_window, stderr_notify

    app = QApplication.instance() or QApplication([])
    window = create_main_window(data_dir, "en", notify=stderr_notify, start_checks=False,
                                start_channels=False)
    painted: list[float] = []
    window.first_painted.connect(lambda: painted.append(time.perf_counter()))
    window.show()
    while not painted:
        app.processEvents()
    shown_s = painted[0] - PROCESS_START
    part = window.inbox_part
    big = int(window.store.get_meta("bench_big_thread") or 0)

    paints = paint_counter()
    for widget in (window.conversation.viewport(), window.chat_list.viewport()):
        widget.installEventFilter(paints)

    def timed(action: object, whole_window: bool = True) -> float:
        """One user action to its frame on screen: the action, then the event loop until it
        has run the layouts and painted what changed (checked: the chat list or the
        conversation received a paint event; if neither did, the window is repainted whole
        and that counts too). With ``whole_window=False`` ``action`` repaints by itself."""
        start = time.perf_counter()
        before = paints.count
        action()  # type: ignore[operator]
        app.processEvents()
        if whole_window and paints.count == before:
            window.repaint()
        return (time.perf_counter() - start) * 1000

    def timed_with_full_repaint(action: object) -> float:
        """The older way: the frame, then one more full-window repaint on top of it."""
        start = time.perf_counter()
        action()  # type: ignore[operator]
        app.processEvents()
        window.repaint()
        return (time.perf_counter() - start) * 1000

    part.set_filter(InboxFilter("all"))
    other = window.model.conversation_id(5)
    opens, opens_full = [], []
    for _ in range(5):
        before = paints.count
        opens.append(timed(lambda: window.select_conversation(big)))
        assert paints.count > before, "opening a chat painted nothing"
        timed(lambda: window.select_conversation(other))
    for _ in range(5):
        opens_full.append(timed_with_full_repaint(lambda: window.select_conversation(big)))
        timed(lambda: window.select_conversation(other))
    assert len(window.store.messages(big, limit=5000)) == BIG_THREAD

    view = window.chat_list
    bar = view.verticalScrollBar()
    frames = []
    steps = 400
    for step in range(steps + 1):
        value = bar.maximum() * step // steps

        def frame(v: int = value) -> None:
            bar.setValue(v)
            view.viewport().repaint()

        frames.append(timed(frame, whole_window=False))
    bar.setValue(0)

    from deskreply.ui.search_dialog import SearchDialog

    dialog = SearchDialog(window.store, "en", "Me", window)
    dialog.input.setText(COMMON_WORD)
    searches = [timed(dialog.search_now) for _ in range(7)]
    assert dialog.results.count() > 0
    dialog.close()

    window.select_conversation(big)
    done_ms = timed(part.toggle_done)
    timed(part.toggle_done)
    switches = {}
    for kind, value in (("unanswered", ""), ("all", ""), ("done", ""),
                        ("channel", "whatsapp"), ("channel", "email")):
        times = [timed(lambda k=kind, v=value: part.set_filter(InboxFilter(k, v)))
                 for _ in range(3)]
        # Switch away between runs so each run is a real switch.
        switches[f"{kind}:{value}"] = statistics.median(times)
    window.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "window_shown_s": round(shown_s, 3),
        "open_ms": round(statistics.median(opens), 1),
        "open_max_ms": round(max(opens), 1),
        "open_with_full_repaint_ms": round(statistics.median(opens_full), 1),
        "scroll_max_frame_ms": round(max(frames), 1),
        "scroll_median_frame_ms": round(statistics.median(frames), 2),
        "search_ms": round(statistics.median(searches), 1),
        "done_ms": round(done_ms, 1),
        "filter_ms": round(max(switches.values()), 1),
        "filter_each_ms": {k: round(v, 1) for k, v in switches.items()},
        "rss_mb": round(rss_mb, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return 0
    folder = cache_dir()
    marker = folder / "complete"
    if args.rebuild or not marker.exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        build(folder)
        marker.write_text("ok")
    else:
        print(f"using the cached store in {folder}", flush=True)
    env = app_environment()  # compiled bytecode, as an installed app has
    done = subprocess.run([sys.executable, __file__, "--measure", str(folder)], env=env,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return done.returncode
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    targets = {"window_shown_s": 1.0, "open_ms": 50, "scroll_max_frame_ms": 50,
               "search_ms": 100, "filter_ms": 100, "rss_mb": 400}
    for key, value in figures.items():
        target = targets.get(key)
        verdict = "" if target is None else ("  ok" if value <= target else
                                             f"  OVER target {target}")
        print(f"{key:>24}: {value}{verdict}")
    print(json.dumps({key: figures[key] for key in (*targets, "done_ms")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
