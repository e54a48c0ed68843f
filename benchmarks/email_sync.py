"""How soon does the newest mail of a big mailbox show, and how fast does new mail arrive?

Starts the real test servers (dovecot + SMTP on 127.0.0.1, see ``tests/servers``), writes a
mailbox of N messages straight into its Maildir, then runs the EmailConnector on it like the
app does (one asyncio loop) and times:

- ``first_batch_s``: from ``run()`` to the newest 200 messages emitted (connect, TLS, login,
  dovecot indexing the mailbox, search, fetch, parse);
- ``full_sync_s``: until every message was emitted (the background backfill);
- ``idle_receive_s``: median, over a few mails, from the SMTP server accepting a mail to the
  connector emitting it (IDLE push).

Needs dovecot-imapd (``scripts/setup.sh --test``); run as root or as a normal user.
Usage: python benchmarks/email_sync.py [--messages 10000] [--mails 5]. Last line: JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deskreply.connectors.base import AccountConfig, ConnectorEvent, CursorMoved, IncomingMessage
from deskreply.connectors.email import connector as email_connector
from deskreply.connectors.email.connector import EmailConnector
from tests.servers.mail import MailServers
from tests.servers.mailbox import build_mailbox


async def measure(servers: MailServers, count: int, mails: int) -> dict[str, float]:
    agent, customer = servers.new_user("agent"), servers.new_user("customer")
    started = time.monotonic()
    build_mailbox(servers.store, agent.address, count)
    print(f"wrote {count} messages into the Maildir in {time.monotonic() - started:.2f} s")

    # Counted as the events come (on the loop thread): scanning a growing list while
    # waiting would slow the very loop being measured.
    stamps: dict[str, float] = {}
    received: list[float] = []

    def emit(event: ConnectorEvent) -> None:
        now = time.monotonic()
        if isinstance(event, IncomingMessage):
            received.append(now)
        elif isinstance(event, CursorMoved) and json.loads(event.cursor)["low"] == 1:
            stamps.setdefault("synced", now)

    account = AccountConfig(1, "email", "Bench", servers.account_settings(agent))
    connector = EmailConnector(account, agent.password, emit, None)

    async def until(predicate, timeout: float) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("benchmark step timed out")
            await asyncio.sleep(0.005)

    start = time.monotonic()
    task = asyncio.create_task(connector.run())
    try:
        batch = email_connector.BATCH
        await until(lambda: len(received) >= min(batch, count), 60)
        first_batch = received[min(batch, count) - 1] - start
        await until(lambda: "synced" in stamps, 600)
        full_sync = stamps["synced"] - start
        emitted = len(received)
        print(f"first {batch} (newest) emitted after {first_batch:.3f} s")
        print(f"all {emitted} emitted after {full_sync:.2f} s")
        await asyncio.sleep(0.3)
        latencies = []
        for n in range(mails):
            message = EmailMessage()
            message["From"] = f"Cliente <{customer.address}>"
            message["To"] = agent.address
            message["Subject"] = f"nuevo {n}"
            message.set_content("¿Hola? 😀")
            before = len(received)
            await asyncio.to_thread(servers.send, customer, agent.address, message)
            accepted = time.monotonic()
            await until(lambda before=before: len(received) > before, 10)
            latencies.append(received[before] - accepted)
            await asyncio.sleep(0.2)
        idle = statistics.median(latencies) if latencies else float("nan")
        print(f"new mail emitted {idle:.3f} s after SMTP accepted it (median of {mails})")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await connector.close()
    return {"messages": count, "first_batch_s": round(first_batch, 3),
            "full_sync_s": round(full_sync, 2), "idle_receive_s": round(idle, 3),
            "emitted": emitted}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--mails", type=int, default=5)
    args = parser.parse_args()
    servers = MailServers(users=4).start()
    try:
        result = asyncio.run(measure(servers, args.messages, args.mails))
    finally:
        servers.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
