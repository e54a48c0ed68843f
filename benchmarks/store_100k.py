"""How fast is the chat list with 100,000 conversations?

Fills a temporary database (the real schema, bulk inserts with executemany), then
times the calls the chat list makes. Prints one line per figure; the last line is JSON.

Usage: python benchmarks/store_100k.py [--conversations N] [--repeat R] [--messages]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deskreply.store import Store
from deskreply.store.opening import forget_health_checks

WORDS = ("hola pedido envío cancelación factura reembolso gracias ayuda urgente cuenta tarjeta "
         "order refund delivery please thanks late broken address password invoice").split()


def fill(store: Store, count: int, rng: random.Random, with_messages: bool) -> None:
    """Accounts, contacts and conversations with executemany; 30 % wait for an answer.

    Without messages the conversations get their chat-list columns directly (seconds for
    100k); with messages, two per conversation go through the real triggers and FTS index.
    """
    now = time.time()
    conn = store._conn  # bulk load: the public API would be one transaction per message
    plan = []
    for i in range(1, count + 1):
        asked = now - rng.uniform(0, 86400 * 30)
        answered = asked + rng.uniform(60, 3600) if rng.random() < 0.7 else None
        plan.append((i, asked, answered, " ".join(rng.choices(WORDS, k=12))))
    with store.transaction():
        conn.execute("INSERT INTO accounts(id, channel, name, created_at) "
                     "VALUES (1, 'whatsapp', 'bench', ?)", (now,))
        conn.executemany("INSERT INTO contacts(id, account_id, handle, name) VALUES (?, 1, ?, ?)",
                         ((i, f"+34 600 {i:06d}", f"Customer {i}") for i in range(1, count + 1)))
        if with_messages:
            conn.executemany(
                "INSERT INTO conversations(id, account_id, contact_id, channel, created_at, "
                "last_at) VALUES (?, 1, ?, 'whatsapp', ?, ?)",
                ((i, i, now - 86400 * 31, now - 86400 * 31) for i, *_ in plan))
            conn.executemany(
                "INSERT INTO messages(conversation_id, direction, sender, text, sent_at, state) "
                "VALUES (?, 'in', 'Customer', ?, ?, 'received')",
                ((i, text, asked) for i, asked, _, text in plan))
            conn.executemany(
                "INSERT INTO messages(conversation_id, direction, sender, text, sent_at, state) "
                "VALUES (?, 'out', 'Agent', 'Gracias, lo reviso ahora mismo.', ?, 'read')",
                ((i, answered) for i, _, answered, _ in plan if answered is not None))
        else:
            conn.executemany(
                "INSERT INTO conversations(id, account_id, contact_id, channel, created_at, "
                "last_text, last_at, unread, answered_at, waiting_since) "
                "VALUES (?, 1, ?, 'whatsapp', ?, ?, ?, ?, ?, ?)",
                ((i, i, asked, text, answered or asked, int(answered is None), answered,
                  None if answered else asked) for i, asked, answered, text in plan))


def median_ms(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--messages", action="store_true",
                        help="also add two messages per conversation (slower fill, real size)")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        store = Store.open(path)
        start = time.perf_counter()
        fill(store, args.conversations, rng, args.messages)
        fill_s = time.perf_counter() - start
        store.close()
        forget_health_checks()  # time the first open of a run: includes the full quick_check
        start = time.perf_counter()
        store = Store.open(path)
        open_ms = (time.perf_counter() - start) * 1000
        ids = store.conversation_ids("waiting")
        assert len(ids) == args.conversations
        rows = store.conversation_rows(ids[:3])
        assert rows[ids[0]].waiting_since is not None, "waiting conversations come first"
        sample = [ids[rng.randrange(len(ids))] for _ in range(100)]
        results = {
            "conversations": args.conversations,
            "messages": store._conn.execute("SELECT count(*) FROM messages").fetchone()[0],
            "db_mb": round(path.stat().st_size / 1e6, 1),
            "fill_s": round(fill_s, 2),
            "open_ms": round(open_ms, 1),
            "ids_waiting_ms": round(median_ms(lambda: store.conversation_ids("waiting"),
                                              args.repeat), 2),
            "ids_recent_ms": round(median_ms(lambda: store.conversation_ids("recent"),
                                             args.repeat), 2),
            "rows_100_ms": round(median_ms(lambda: store.conversation_rows(sample),
                                           args.repeat * 10), 3),
            "search_ms": round(median_ms(lambda: store.search("cancelación urgente"),
                                         args.repeat), 2),
            "count_ms": round(median_ms(store.conversation_count, args.repeat), 2),
        }
        store.close()
    for key, value in results.items():
        print(f"{key:>16}: {value}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
