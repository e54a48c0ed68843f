"""Blocking IMAP on top of IMAPClient; the connector runs every call on a worker thread.

One :class:`ImapSession` is one logged-in connection and must stay on one thread (IMAPClient
is not thread-safe); only :meth:`ImapSession.abort` may be called from another thread, to wake
a connection that waits in IDLE.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from imapclient import IMAPClient
from imapclient.imapclient import SEEN as FLAG_SEEN
from imapclient.imapclient import SENT as SPECIAL_SENT

from deskreply.connectors.base import Attachment
from deskreply.connectors.email.parse import attachments_from_structure
from deskreply.connectors.email.settings import EmailSettings
from deskreply.connectors.email.tls import capture_context, connect_tls

FETCH_ITEMS = ["BODY.PEEK[]", "INTERNALDATE"]  # PEEK: reading here must not mark mail \Seen
# Bigger mails are read in part: the header, the start of the body and the structure (names
# and sizes of the attachments), never the attached files themselves.
LARGE_MAIL = 1_000_000
PREVIEW_BYTES = 256 * 1024
_PREVIEW_ITEMS = ["BODY.PEEK[HEADER]", f"BODY.PEEK[TEXT]<0.{PREVIEW_BYTES}>", "BODYSTRUCTURE",
                  "INTERNALDATE"]
_SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent",
               "INBOX/Sent", "Enviados", "Elementos enviados", "Enviado")


@dataclass(frozen=True)
class FetchedMail:
    uid: int
    raw: bytes  # the whole message, or for a large one its header + start of the body
    internal_date: float | None
    attachments: tuple[Attachment, ...] | None = None  # large mail: from BODYSTRUCTURE


@dataclass(frozen=True)
class MailboxState:
    uidvalidity: int
    uidnext: int
    exists: int


def _open(settings: EmailSettings, context: Any) -> IMAPClient:
    client = IMAPClient(settings.imap_host, settings.imap_port,
                        ssl=settings.imap_tls == "ssl", ssl_context=context,
                        timeout=settings.timeout_seconds)
    if settings.imap_tls == "starttls":
        try:
            client.starttls(context)
        except Exception:
            with contextlib.suppress(Exception):
                client.shutdown()
            raise
    return client


def imap_fingerprint(settings: EmailSettings) -> str:
    """Read the server's certificate over a connection that sends nothing secret."""
    context = capture_context()
    client = _open(settings, context)
    with contextlib.suppress(Exception):
        client.logout()
    return context.seen


class ImapSession:
    def __init__(self, settings: EmailSettings, password: str) -> None:
        self.settings = settings
        self.client: IMAPClient = connect_tls(settings, _open, imap_fingerprint)
        try:
            self.client.login(settings.username, password)
        except Exception:
            self.abort()
            raise
        self._idling = False
        self.selected = ""

    # -- inbox -------------------------------------------------------------------------
    def select(self, folder: str = "INBOX", readonly: bool = True) -> MailboxState:
        info = self.client.select_folder(folder, readonly=readonly)
        self.selected = folder
        return MailboxState(int(info[b"UIDVALIDITY"]), int(info.get(b"UIDNEXT", 0) or 0),
                            int(info.get(b"EXISTS", 0) or 0))

    def uids_between(self, low: int, high: int | None = None) -> list[int]:
        """UIDs in [low, high] (high None: up to the newest), ascending."""
        if high is not None and high < low:
            return []
        criteria = ["UID", f"{low}:{'*' if high is None else high}"]
        # "n:*" always matches the newest message even when its UID is below n.
        return sorted(uid for uid in self.client.search(criteria)
                      if uid >= low and (high is None or uid <= high))

    def fetch(self, uids: Iterable[int]) -> list[FetchedMail]:
        """The messages in the order asked (expunged ones are skipped)."""
        wanted = list(uids)
        if not wanted:
            return []
        sizes = self.client.fetch(wanted, ["RFC822.SIZE"])
        large = {uid for uid in wanted
                 if int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0) or 0) > LARGE_MAIL}
        small = [uid for uid in wanted if uid not in large]
        whole = self.client.fetch(small, FETCH_ITEMS) if small else {}
        partial = self.client.fetch(sorted(large), _PREVIEW_ITEMS) if large else {}
        mails: list[FetchedMail] = []
        for uid in wanted:
            data = partial.get(uid) if uid in large else whole.get(uid)
            if data is None:  # expunged meanwhile
                continue
            when = data.get(b"INTERNALDATE")
            stamp = when.timestamp() if isinstance(when, datetime) else None
            if uid in large:
                preview = next((v for k, v in data.items() if k.startswith(b"BODY[TEXT]")), b"")
                raw = bytes(data.get(b"BODY[HEADER]") or b"") + bytes(preview or b"")
                mails.append(FetchedMail(uid, raw, stamp, attachments_from_structure(
                    data.get(b"BODYSTRUCTURE"))))
            else:
                mails.append(FetchedMail(uid, bytes(data.get(b"BODY[]") or b""), stamp))
        return mails

    def has_idle(self) -> bool:
        return bool(self.client.has_capability("IDLE"))

    def wait_for_change(self, stop: threading.Event, max_seconds: float) -> bool:
        """IDLE until the mailbox changes, ``stop`` is set or ``max_seconds`` pass.

        Returns True when the server reported a change (new mail, expunge, flags)."""
        self.client.idle()
        self._idling = True
        changed = False
        quick_empty = 0
        deadline = time.monotonic() + max_seconds
        try:
            while not stop.is_set() and time.monotonic() < deadline:
                # Short waits only so that stop is seen within a second; no traffic.
                asked = time.monotonic()
                responses = self.client.idle_check(timeout=1.0)
                # IMAPClient swallows EOF: the socket is readable at once with nothing to
                # read. Twice in a row means the server is gone (a live one never does that).
                quick_empty = quick_empty + 1 if (
                    not responses and time.monotonic() - asked < 0.5) else 0
                if quick_empty >= 2:
                    raise ConnectionResetError("the server closed the connection during IDLE")
                # "* OK Still here" keep-alives are not changes; EXISTS, EXPUNGE, FETCH are.
                if any(not (isinstance(item, tuple) and item and item[0] == b"OK")
                       for item in responses):
                    changed = True
                    break
        finally:
            self._idling = False
            try:
                _text, late = self.client.idle_done()
            except Exception:  # a dead connection has nothing to end
                late = []
        # Changes the server only reports as IDLE ends (see connector.SETTLE_SECONDS).
        return changed or any(not (isinstance(item, tuple) and item and item[0] == b"OK")
                              for item in late)

    def noop(self) -> None:
        self.client.noop()

    # -- Sent ----------------------------------------------------------------------------
    def find_sent_folder(self) -> str:
        """The Sent folder: the setting, else SPECIAL-USE \\Sent, else a usual name; ""."""
        if self.settings.sent_folder:
            return self.settings.sent_folder
        found = self.client.find_special_folder(SPECIAL_SENT)
        if found:
            return str(found)
        names = {str(entry[2]) for entry in self.client.list_folders()}
        return next((name for name in _SENT_NAMES if name in names), "")

    def sent_folder(self) -> str:
        """The Sent folder, created as "Sent" when the mailbox has none (to file a reply)."""
        found = self.find_sent_folder()
        if not found:
            self.client.create_folder("Sent")
            found = "Sent"
        return found

    def has_message_id(self, folder: str, message_id: str) -> bool:
        self.client.select_folder(folder, readonly=True)
        self.selected = folder
        return bool(self.client.search(["HEADER", "Message-ID", message_id]))

    def append(self, folder: str, raw: bytes, when: datetime | None = None) -> None:
        self.client.append(folder, raw, flags=(FLAG_SEEN,), msg_time=when)

    # -- end -----------------------------------------------------------------------------
    def logout(self) -> None:
        try:
            self.client.logout()
        except Exception:
            self.abort()

    def abort(self) -> None:
        """Close the socket now (any thread): a blocked IDLE or read returns at once."""
        with contextlib.suppress(Exception):
            self.client.socket().shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(Exception):
            self.client.shutdown()
