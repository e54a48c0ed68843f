"""The email channel: IMAP (IDLE, else polling) to receive, SMTP to send, Sent to remember.

Settings: see :mod:`deskreply.connectors.email.settings` (``address``, ``display_name``,
``username``, ``imap_host``/``imap_port``/``imap_tls``, ``smtp_host``/``smtp_port``/``smtp_tls``,
``sent_folder``, ``trusted_fingerprint``, ``poll_seconds``, ``timeout_seconds``, ``lang``).
The secret is the account's password (an app password for Gmail, Outlook, Yahoo, iCloud).

Receiving: UID-based. The cursor (``{"v": 1, "uidvalidity": V, "high": H, "low": L}``) says
that every message with a UID in [L, H] of INBOX under UIDVALIDITY V has been emitted. New mail
is what lies above H; a first sync goes from the newest message down in batches of
:data:`BATCH` (the newest conversations show at once, SyncProgress reports the rest), and
a restart continues the backfill below L. A changed UIDVALIDITY starts over (the store ignores
repeated Message-IDs). Nothing is fetched twice within one cursor and nothing is skipped.
Replies in the Sent folder (a teammate's, from another mail program) are emitted with
``from_us=True``, to the address they were sent to: the newest :data:`BATCH` at first, then
each new one (Sent is looked at whenever INBOX changes and at each IDLE renewal, 1 min).

Sending: the Message-ID is made before the first attempt (:meth:`new_channel_message_id`) and
stored with the reply. With ``maybe_sent`` the Sent folder is searched for it first; found
means sent. After SMTP accepts the reply it is appended to Sent unless the server already put
it there. The one case this cannot cover: the server accepted the mail but the connection died
before its "250" reached us, on a server that does not file sent mail itself.

``run()`` returns (after its StatusChanged) on AUTH_FAILED, TLS_UNTRUSTED or bad settings: only
the user can fix those, and retrying a wrong password can lock the account. Everything else
(network down, server restarting) is retried with backoff (1 s doubling to 5 min), reporting
RECONNECTING with ``retry_at``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import make_msgid
from typing import ClassVar, TypeVar

from deskreply.connectors.base import (
    AccountConfig,
    CursorMoved,
    Emit,
    IncomingMessage,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    SyncProgress,
    TestResult,
)
from deskreply.connectors.email import smtp
from deskreply.connectors.email.compose import compose_reply
from deskreply.connectors.email.imap import FetchedMail, ImapSession
from deskreply.connectors.email.parse import parse_message
from deskreply.connectors.email.problems import Problem, describe, texts
from deskreply.connectors.email.settings import EmailSettings, SettingsError

log = logging.getLogger(__name__)

BATCH = 200
# A mail that lands between our last SEARCH and the server starting IDLE is not reported
# during that IDLE (dovecot reports it only when the IDLE ends). So after each wake IDLE
# first for SETTLE_SECONDS and look again, and renew IDLE every IDLE_RENEW_SECONDS: such a
# mail shows a second late, or at worst a minute late, never not at all.
SETTLE_SECONDS = 1.0
IDLE_RENEW_SECONDS = 60.0
MAX_BACKOFF = 300.0
CLOSE_TIMEOUT = 3.0
TEST_CODES = ("ok", "auth_failed", "host_not_found", "tls_untrusted", "tls_error", "timeout",
              "refused", "error")

T = TypeVar("T")


@dataclass
class Cursor:
    uidvalidity: int = 0
    high: int = 0  # newest UID emitted (0: nothing yet)
    low: int = 0  # oldest UID of the emitted range; 1 means the backfill is complete
    sent_uidvalidity: int = 0  # the Sent folder: newest UID emitted as from_us
    sent_high: int = 0

    @classmethod
    def load(cls, text: str | None) -> Cursor:
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(int(data["uidvalidity"]), int(data["high"]), int(data["low"]),
                       int(data.get("sent_uidvalidity", 0)), int(data.get("sent_high", 0)))
        except (ValueError, KeyError, TypeError, AttributeError):
            log.warning("ignoring an unreadable email cursor; syncing from the start")
            return cls()

    def dump(self) -> str:
        return json.dumps({"v": 1, "uidvalidity": self.uidvalidity, "high": self.high,
                           "low": self.low, "sent_uidvalidity": self.sent_uidvalidity,
                           "sent_high": self.sent_high}, sort_keys=True)

    def inbox(self, uidvalidity: int, high: int, low: int) -> Cursor:
        return dataclasses.replace(self, uidvalidity=uidvalidity, high=high, low=low)


class _At(Exception):
    """An error and the server it came from (for the words)."""

    def __init__(self, server: str, error: BaseException) -> None:
        super().__init__(server)
        self.server = server
        self.error = error


def _at(server: str, call: Callable[[], T]) -> T:
    try:
        return call()
    except Exception as error:
        raise _At(server, error) from error


class EmailConnector:
    kind: ClassVar[str] = "email"

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        self.account = account
        self._password = secret or ""
        self._emit = emit
        self.cursor = Cursor.load(cursor)
        self._settings_error = ""
        try:
            self.settings: EmailSettings | None = EmailSettings.from_mapping(
                account.settings, account.name)
        except SettingsError as error:
            self.settings, self._settings_error = None, str(error)
        lang = str(account.settings.get("lang") or "")
        self._ = texts(lang)
        self._lang = lang
        # One thread for the receiving connection: IMAPClient must stay on one thread.
        self._receiver_thread = ThreadPoolExecutor(
            1, thread_name_prefix=f"email-{account.id}-imap")
        self._stop = threading.Event()
        self._session: ImapSession | None = None
        self._older: list[int] | None = None  # UIDs below cursor.low still to backfill
        self._sync_total = 0

    # -- helpers -------------------------------------------------------------------------
    def _status(self, status: Status, detail: str = "", retry_at: float | None = None,
                fingerprint: str = "") -> None:
        self._emit(StatusChanged(self.account.id, status, detail, retry_at,
                                 fingerprint=fingerprint))

    async def _on_receiver(self, call: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._receiver_thread, call)

    def _problem(self, error: BaseException) -> Problem:
        if isinstance(error, _At):
            return describe(error.error, error.server, self._lang)
        return describe(error, self.account.name, self._lang)

    def new_channel_message_id(self) -> str:
        domain = self.settings.domain if self.settings else "localhost"
        return make_msgid(domain=domain)

    # -- receiving -----------------------------------------------------------------------
    async def run(self) -> None:
        settings = self.settings
        if settings is None:
            self._status(Status.OFFLINE, self._settings_error)
            return
        backoff = 1.0
        try:
            while not self._stop.is_set():
                self._status(Status.CONNECTING)
                try:
                    self._session = await self._on_receiver(
                        lambda: _at(settings.imap_server, lambda: self._open(settings)))
                    self._status(Status.ONLINE)
                    backoff = 1.0
                    await self._receive(self._session, settings)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    problem = self._problem(error)
                    await self._drop_session()
                    if problem.code == "auth_failed":
                        self._status(Status.AUTH_FAILED, problem.detail)
                        return
                    if problem.code == "tls_untrusted":
                        self._status(Status.TLS_UNTRUSTED, problem.detail,
                                     fingerprint=problem.fingerprint)
                        return
                    if not problem.retry:
                        self._status(Status.OFFLINE, problem.detail)
                        return
                    retry_at = time.time() + backoff
                    self._status(Status.RECONNECTING, problem.detail, retry_at)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF)
        finally:
            self._stop.set()

    def _open(self, settings: EmailSettings) -> ImapSession:
        session = ImapSession(settings, self._password)
        if self._stop.is_set():  # closed while we were connecting: nobody will use it
            session.logout()
            raise ConnectionAbortedError("closed")
        return session

    async def _drop_session(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.abort()

    async def _receive(self, session: ImapSession, settings: EmailSettings) -> None:
        server = settings.imap_server
        state = await self._on_receiver(lambda: _at(server, lambda: session.select("INBOX")))
        if state.uidvalidity != self.cursor.uidvalidity:
            self.cursor = self.cursor.inbox(state.uidvalidity, 0, 0)
        self._older = None  # searched again on this connection
        idle = await self._on_receiver(session.has_idle)
        sent_folder = await self._on_receiver(lambda: _at(server, session.find_sent_folder))
        settle = True
        while not self._stop.is_set():
            await self._fetch_new(session, server)
            if self.cursor.low != 1:
                await self._backfill(session, server)
                continue  # look for mail that came meanwhile before waiting
            if sent_folder:
                await self._fetch_sent(session, server, sent_folder)
                # Re-selecting INBOX counts mail that came meanwhile without announcing it,
                # so IDLE would not report it: look once more before waiting.
                await self._fetch_new(session, server)
            if idle:
                wait = functools.partial(session.wait_for_change, self._stop,
                                         SETTLE_SECONDS if settle else IDLE_RENEW_SECONDS)
                settle = await self._on_receiver(functools.partial(_at, server, wait))
            else:
                await asyncio.sleep(settings.poll_seconds)
                await self._on_receiver(lambda: _at(server, session.noop))

    def _read(self, session: ImapSession, uids: list[int], in_sent: bool = False
              ) -> list[IncomingMessage]:
        """Fetch and parse on the receiver thread (parsing is CPU work: not on the loop)."""
        return [self._incoming(mail, in_sent) for mail in session.fetch(uids)]

    def _incoming(self, mail: FetchedMail, in_sent: bool = False) -> IncomingMessage:
        try:
            return self._parsed(mail, in_sent)
        except Exception:  # never lose a mail to a parser bug: show that it came
            log.exception("could not read mail UID %s", mail.uid)
            return IncomingMessage(
                account_id=self.account.id, channel="email", contact_handle="",
                contact_name="", text=self._("(This mail could not be read.)"),
                channel_message_id=f"<uid-{in_sent:d}-{self.cursor.uidvalidity}-{mail.uid}"
                                   "@deskreply.invalid>",
                from_us=in_sent,
                sent_at=mail.internal_date or time.time())

    async def _fetch_new(self, session: ImapSession, server: str) -> None:
        cursor = self.cursor
        if cursor.high == 0:  # first sync: start with the newest, see _backfill
            uids = await self._on_receiver(lambda: _at(server, lambda: session.uids_between(1)))
            if not uids:
                self.cursor = cursor.inbox(cursor.uidvalidity, 0, 1)
                self._emit(CursorMoved(self.account.id, self.cursor.dump()))
                return
            newest = uids[-BATCH:]
            await self._emit_batch(session, server, newest)
            self.cursor = cursor.inbox(cursor.uidvalidity, newest[-1], newest[0])
            self._emit(CursorMoved(self.account.id, self.cursor.dump()))
            if len(uids) > len(newest):
                self._emit(SyncProgress(self.account.id, len(newest), len(uids)))
            return
        uids = await self._on_receiver(
            lambda: _at(server, lambda: session.uids_between(cursor.high + 1)))
        for start in range(0, len(uids), BATCH):
            batch = uids[start:start + BATCH]
            await self._emit_batch(session, server, batch)
            self.cursor = self.cursor.inbox(self.cursor.uidvalidity, batch[-1],
                                            self.cursor.low or batch[0])
            self._emit(CursorMoved(self.account.id, self.cursor.dump()))

    async def _fetch_sent(self, session: ImapSession, server: str, folder: str) -> None:
        """Our own replies filed in Sent (by a teammate's mail program, or by us) become
        from_us messages. The first time only the newest BATCH: older history of Sent is
        not backfilled. Sent is looked at whenever INBOX wakes us, and at each IDLE renewal."""
        cursor = self.cursor

        def look() -> tuple[int, int, list[IncomingMessage]]:
            state = session.select(folder)
            try:
                same = state.uidvalidity == cursor.sent_uidvalidity
                start = cursor.sent_high + 1 if same else max(1, state.uidnext - BATCH)
                uids = session.uids_between(start)[-BATCH:]
                messages = self._read(session, sorted(uids, reverse=True), in_sent=True)
                return state.uidvalidity, max(uids, default=start - 1), messages
            finally:
                session.select("INBOX")

        validity, high, messages = await self._on_receiver(lambda: _at(server, look))
        for message in messages:
            self._emit(message)
        if (validity, high) != (cursor.sent_uidvalidity, cursor.sent_high):
            self.cursor = dataclasses.replace(self.cursor, sent_uidvalidity=validity,
                                              sent_high=high)
            self._emit(CursorMoved(self.account.id, self.cursor.dump()))

    async def _backfill(self, session: ImapSession, server: str) -> None:
        """One batch of older mail, newest of it first.

        The UIDs still to fetch are searched once per connection and then consumed batch by
        batch (a search per batch would cost as much as the fetch on a big mailbox)."""
        low, high = self.cursor.low, self.cursor.high
        if self._older is None:
            self._older = await self._on_receiver(
                lambda: _at(server, lambda: session.uids_between(1, low - 1)))
            done = await self._on_receiver(
                lambda: _at(server, lambda: len(session.uids_between(low, high))))
            self._sync_total = len(self._older) + done
        older = self._older
        if older:
            batch = older[-BATCH:]
            del older[-len(batch):]
            await self._emit_batch(session, server, batch)
            self.cursor = self.cursor.inbox(self.cursor.uidvalidity, self.cursor.high,
                                            batch[0] if older else 1)
            total = max(self._sync_total, 1)
            self._emit(SyncProgress(self.account.id, total - len(older), total))
        else:
            self.cursor = self.cursor.inbox(self.cursor.uidvalidity, self.cursor.high, 1)
        if self.cursor.low == 1:
            self._older = None
        self._emit(CursorMoved(self.account.id, self.cursor.dump()))

    async def _emit_batch(self, session: ImapSession, server: str, uids: list[int]) -> None:
        messages = await self._on_receiver(lambda: _at(server, lambda: self._read(
            session, sorted(uids, reverse=True))))
        for message in messages:
            self._emit(message)

    def _parsed(self, mail: FetchedMail, in_sent: bool) -> IncomingMessage:
        parsed = parse_message(mail.raw)
        own = self.settings.address.lower() if self.settings else ""
        from_us = in_sent or (bool(own) and parsed.sender_address == own)
        if from_us and parsed.to_addresses:
            handle, name = parsed.to_addresses[0], parsed.to_names[0]
        else:
            handle, name = parsed.sender_address, parsed.sender_name
        return IncomingMessage(
            account_id=self.account.id,
            channel="email",
            contact_handle=handle,
            contact_name=name,
            text=parsed.text,
            channel_message_id=parsed.message_id,
            sent_at=_sent_at(parsed.sent_at, mail.internal_date),
            thread={"subject": parsed.subject, "message_id": parsed.message_id,
                    "references": parsed.references},
            attachments=parsed.attachments if mail.attachments is None else mail.attachments,
            from_us=from_us,
            sender_name=parsed.sender_name if from_us else "",
        )

    # -- sending -------------------------------------------------------------------------
    async def send(self, message: OutgoingMessage) -> str:
        settings = self.settings
        if settings is None:
            raise SendError(self._settings_error, retry=False)
        try:
            await asyncio.to_thread(self._send_blocking, settings, message)
        except SendError:
            raise
        except Exception as error:
            problem = self._problem(error)
            raise SendError(problem.detail, retry=problem.retry) from None
        return message.channel_message_id

    def _send_blocking(self, settings: EmailSettings, message: OutgoingMessage) -> None:
        mid = message.channel_message_id
        imap = settings.imap_server
        if message.maybe_sent:
            # Without this answer we cannot know; sending blind could double the reply.
            try:
                if self._in_sent(settings, mid):
                    log.info("reply %s was already in Sent; not sending again", message.message_id)
                    return
            except Exception as error:
                problem = describe(_unwrap(error), imap, self._lang)
                raise SendError(self._("Could not check whether the reply was already sent: "
                                       "{reason}").format(reason=problem.detail),
                                retry=problem.retry) from None
        reply = compose_reply(
            from_address=settings.address,
            from_name=settings.display_name or message.sender_name,
            to_address=message.contact_handle, to_name=message.contact_name,
            text=message.text, message_id=mid, thread=message.thread)
        _at(settings.smtp_server,
            lambda: smtp.send(settings, self._password, reply, [message.contact_handle]))
        try:
            self._file_in_sent(settings, mid, reply.as_bytes())
        except Exception as error:  # sent all the same; only the copy in Sent is missing
            log.warning("reply %s sent, but not saved to Sent: %s", message.message_id,
                        describe(_unwrap(error), imap, self._lang).code)

    def _in_sent(self, settings: EmailSettings, message_id: str) -> bool:
        session = _at(settings.imap_server, lambda: ImapSession(settings, self._password))
        try:
            return _at(settings.imap_server,
                       lambda: session.has_message_id(session.sent_folder(), message_id))
        finally:
            session.logout()

    def _file_in_sent(self, settings: EmailSettings, message_id: str, raw: bytes) -> None:
        session = ImapSession(settings, self._password)
        try:
            folder = session.sent_folder()
            if not session.has_message_id(folder, message_id):  # the server may file it itself
                session.append(folder, raw)
        finally:
            session.logout()

    # -- test and close ------------------------------------------------------------------
    async def test(self) -> TestResult:
        settings = self.settings
        if settings is None:
            return TestResult(False, "error", self._settings_error)

        def sign_in() -> None:
            session = _at(settings.imap_server, lambda: ImapSession(settings, self._password))
            session.logout()
            _at(settings.smtp_server, lambda: smtp.check_login(settings, self._password))

        try:
            await asyncio.to_thread(sign_in)
        except Exception as error:
            problem = self._problem(error)
            code = problem.code if problem.code in TEST_CODES else "error"
            return TestResult(False, code, problem.detail, problem.fingerprint)
        return TestResult(True, "ok", self._("Signed in to {imap} and {smtp}.").format(
            imap=settings.imap_server, smtp=settings.smtp_server))

    async def close(self) -> None:
        """Log out and end the receiver thread (IDLE sees the stop within a second); a
        connection still stuck after CLOSE_TIMEOUT is cut."""
        self._stop.set()
        session, self._session = self._session, None
        if session is not None:
            with contextlib.suppress(RuntimeError):  # already shut down
                self._receiver_thread.submit(session.logout)
        finished = asyncio.to_thread(self._receiver_thread.shutdown, wait=True)
        try:
            await asyncio.wait_for(asyncio.shield(finished), CLOSE_TIMEOUT)
        except TimeoutError:
            if session is not None:
                session.abort()  # a read blocked on the network returns at once
            log.warning("email receiver of account %s did not stop in time", self.account.id)


def _sent_at(date_header: float | None, arrived: float | None) -> float:
    """The Date header, unless it claims a time after the mail reached the server (a wrong
    clock or a sender jumping the queue): then the arrival time."""
    if date_header is None:
        return arrived or time.time()
    if arrived is not None and date_header > arrived + 3600:
        return arrived
    return date_header


def _unwrap(error: BaseException) -> BaseException:
    return error.error if isinstance(error, _At) else error

