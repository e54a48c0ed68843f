"""A big mailbox in seconds: Maildir files written directly (no SMTP), for the 10,000-message
benchmarks and the newest-first tests.

Messages are numbered 0..count-1, oldest first; file names sort in that order, so dovecot
gives them ascending UIDs and ``Date`` headers one minute apart. ``senders`` customers take
turns, so the mailbox has that many conversations.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from tests.servers.mailstore import MailStore

_SUBJECTS = ("Pedido {n} sin llegar", "Refund for order {n}", "¿Factura {n}?",
             "Cambio de dirección {n}", "Password reset {n}")


def mail_bytes(n: int, sender: str, to: str, when: float) -> bytes:
    subject = _SUBJECTS[n % len(_SUBJECTS)].format(n=n)
    date = format_datetime(datetime.fromtimestamp(when, UTC))
    body = (f"Hola, soy el cliente {sender.split('@')[0]}. Mensaje número {n}.\n"
            "¿Me pueden ayudar con esto? Gracias.\n")
    # Plain ASCII headers keep the builder fast; the body is UTF-8 like real mail.
    head = (f"From: Customer {n % 1000} <{sender}>\r\nTo: <{to}>\r\n"
            f"Subject: {subject.encode('ascii', 'replace').decode()}\r\nDate: {date}\r\n"
            f"Message-ID: <bulk-{n}@customers.example.test>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    return head.encode() + body.replace("\n", "\r\n").encode("utf-8")


def build_mailbox(store: MailStore, address: str, count: int, *, senders: int = 2000,
                  newest: float | None = None) -> list[str]:
    """Write ``count`` messages into ``address``'s INBOX (already seen, in ``cur/``).

    Returns the Message-IDs, oldest first. The newest message is dated ``newest``
    (default: now)."""
    maildir: Path = store.maildir(address)
    newest = time.time() if newest is None else newest
    ids: list[str] = []
    chown = os.getuid() == 0
    cur = maildir / "cur"
    for n in range(count):
        when = newest - (count - 1 - n) * 60
        sender = f"customer{n % senders}@customers.example.test"
        name = f"{int(when)}.M{n:07d}P1.bulk:2,S"
        # os.open/os.write: a third of the time of Path.write_bytes on these disks.
        fd = os.open(cur / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, mail_bytes(n, sender, address, when))
            if chown:
                os.fchown(fd, store.uid, store.gid)
        finally:
            os.close(fd)
        ids.append(f"<bulk-{n}@customers.example.test>")
    return ids
