"""Email in the running app: how soon a 10,000-message mailbox shows, how fast new mail does.

Starts the real test servers (dovecot + SMTP on 127.0.0.1, ``tests/servers``), writes a mailbox
of N messages into the shop's Maildir, opens the real main window (offscreen) on a fresh data
folder with that mailbox as an account (password kept in memory: no keyring needed here), and
times, in the window itself:

- ``first_conversations_s``: from the account being started to the first email conversations
  in the chat list (the newest mail comes first; older mail keeps syncing behind it);
- ``receive_to_display_s``: median over a few mails, from the SMTP server accepting a
  customer's mail to that conversation's row in the list showing it (IDLE push).
- ``full_sync_s``: until every message of the mailbox is in the store (for information);
- ``longest_stall_ms``: the longest the GUI thread went without handling events during that
  sync (the window must never freeze while 10,000 mails come in).

Needs dovecot-imapd (``scripts/setup.sh --test``).
Usage: python benchmarks/email.py [--messages 10000] [--mails 5]. Last line: JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the
# standard library's ``email`` package: take the folder off before anything imports it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from email.message import EmailMessage  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(_HERE.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.qt_wait import GAPS, longest_stall_ms, wait  # noqa: E402
from deskreply.inbox_sync import account_config  # noqa: E402
from deskreply.secrets import SecretStore, secret_ref  # noqa: E402
from deskreply.settings import Settings, save_settings  # noqa: E402
from deskreply.ui.app import create_main_window  # noqa: E402
from tests.servers.mail import MailServers  # noqa: E402
from tests.servers.mailbox import build_mailbox  # noqa: E402


def mailbox_rows(window: object, login_id: int) -> int:
    """Conversations of this mailbox among the first rows of the chat list."""
    model = window.model  # type: ignore[attr-defined]
    store = window.store  # type: ignore[attr-defined]
    ids = [model.conversation_id(row) for row in range(min(model.rowCount(), 100))]
    return sum(1 for cid in ids if store.login_of_conversation(cid) == login_id)


def shown_in_list(window: object, handle: str, text: str) -> bool:
    """The customer's conversation is in the list and its row shows ``text``."""
    store = window.store  # type: ignore[attr-defined]
    row = store._conn.execute(
        "SELECT c.id FROM conversations AS c JOIN contacts AS p ON p.id = c.contact_id "
        "WHERE p.handle = ?", (handle,)).fetchone()
    if row is None or window.model.row_of(row[0]) is None:  # type: ignore[attr-defined]
        return False
    return text in store.conversation(row[0]).last_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--mails", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(["deskreply-bench"])
    servers = MailServers().start()
    data = Path(tempfile.mkdtemp(prefix="deskreply-email-bench-"))
    try:
        shop, customer = servers.new_user("shop"), servers.new_user("customer")
        started = time.monotonic()
        build_mailbox(servers.store, shop.address, args.messages)
        print(f"wrote {args.messages} messages in {time.monotonic() - started:.1f} s",
              flush=True)
        secrets = SecretStore()
        secrets.keep_in_memory()
        ref = secret_ref("email", "Shop")
        secrets.set(ref, shop.password)
        save_settings(data / "config" / "settings.json", Settings(undo_send_seconds=0))
        window = create_main_window(data, "en", notify=lambda *_a: None, start_checks=False,
                                    feed_interval_ms=3_600_000, secrets=secrets)
        window.show()
        login_id = window.store.add_login("email", "Shop", servers.account_settings(shop),
                                          ref)
        login = window.store.login(login_id)
        begun = time.monotonic()
        window.channel_status.add_account(account_config(login))
        window.bridge.host.add(account_config(login), None)
        first = wait(app, lambda: mailbox_rows(window, login_id) > 0) - begun
        print(f"first email conversations shown after {first:.3f} s", flush=True)
        GAPS.clear()
        full = wait(app, lambda: window.store._conn.execute(
            "SELECT count(*) FROM messages WHERE channel_message_id LIKE '<bulk-%'"
        ).fetchone()[0] >= args.messages) - begun
        print(f"whole mailbox stored after {full:.1f} s", flush=True)
        stall_ms = longest_stall_ms()

        latencies: list[float] = []
        for n in range(args.mails):
            subject = f"Pedido {n} {time.time():.0f}"
            message = EmailMessage()
            message["From"] = f"Ana Pérez <{customer.address}>"
            message["To"] = shop.address
            message["Subject"] = subject
            message.set_content(f"Hola, ¿dónde está el pedido {n}? {subject}")
            sent = time.monotonic()
            servers.send(customer, shop.address, message)
            latencies.append(wait(app, lambda text=subject: shown_in_list(
                window, customer.address, text), 30) - sent)  # type: ignore[misc]
            print(f"mail {n}: shown after {latencies[-1]:.3f} s", flush=True)
            time.sleep(0.3)
        window.close()
    finally:
        servers.stop()
    figures = {
        "receive_to_display_s": round(statistics.median(latencies), 3),
        "first_conversations_s": round(first, 3),
        "full_sync_s": round(full, 1),
        "longest_stall_ms": round(stall_ms, 1),
        "messages": args.messages,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
