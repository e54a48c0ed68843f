"""One asyncio loop on one worker thread runs every connector (Electrum's pattern).

The GUI thread (or a test) talks to the host only through its thread-safe methods, which
return at once; everything that happens comes back through the ``listener`` callback, called
on the loop thread with :mod:`deskreply.connectors.base` events. Nothing here blocks the
caller on the network.

Sending: :meth:`ConnectorHost.send` tries the reply, and on a ``SendError`` worth retrying
tries again with backoff (each later try with ``maybe_sent`` so the connector looks for the
reply on the server first), reporting ``DeliveryChanged`` sending → sent | retrying | failed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from typing import Any

from deskreply.connectors.base import (
    AccountConfig,
    Connector,
    ConnectorEvent,
    DeliveryChanged,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    TestResult,
)
from deskreply.connectors.registry import create_connector

log = logging.getLogger(__name__)

# DeliveryChanged.reason when a reply's account is not running (removed or disabled); the
# UI turns these codes into words in the user's language.
NOT_RUNNING = "account_not_running"

TEAM_METHODS = frozenset({"set_typing", "set_shared", "mark_read"})

Listener = Callable[[ConnectorEvent], None]
SecretLookup = Callable[[str], "str | None"]

# Seconds between send attempts; after the last, the reply is marked failed (Retry button).
SEND_BACKOFF: tuple[float, ...] = (2.0, 5.0, 15.0, 30.0, 60.0)
STOP_TIMEOUT_S = 5.0
# A send right after start may arrive while the account is still starting (secret lookup).
START_WAIT_S = 10.0


@dataclass
class _Running:
    account: AccountConfig
    connector: Connector
    task: asyncio.Task[None]


class ConnectorHost:
    """Owns the network thread and the connectors running on it.

    Args:
        listener: receives every event, on the loop thread. Must not block.
        secrets: looks a secret up by ``AccountConfig.secret_ref`` (may block: it runs in
            the loop's executor, never on the caller's thread).
        send_backoff: seconds to wait before each retry of a failed send.
    """

    def __init__(self, listener: Listener, secrets: SecretLookup | None = None,
                 send_backoff: tuple[float, ...] = SEND_BACKOFF) -> None:
        self._listener = listener
        self._secrets = secrets
        self._backoff = send_backoff
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._running: dict[int, _Running] = {}
        self._sends: set[asyncio.Task[None]] = set()
        self._starting: set[int] = set()
        self._started = threading.Event()

    # -- lifecycle (any thread) ------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run_loop, name="deskreply-network",
                                        daemon=True)
        self._thread.start()
        self._started.wait()

    def _run_loop(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._started.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop every connector and the thread. Safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(self._stop_all(), loop)
            try:
                future.result(timeout)
            except (concurrent.futures.TimeoutError, RuntimeError) as error:
                log.warning("connectors did not stop in time: %s", error)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
        self._thread = None
        self._loop = None

    async def _stop_all(self) -> None:
        for task in list(self._sends):
            task.cancel()
        for account_id in list(self._running):
            await self._remove(account_id)

    # -- accounts (any thread) ---------------------------------------------------------------

    def add(self, account: AccountConfig, cursor: str | None = None) -> None:
        """Start receiving for ``account`` (a running one is restarted with the new config)."""
        self._submit(self._add(account, cursor))

    def remove(self, account_id: int) -> None:
        self._submit(self._remove(account_id))

    def new_channel_message_id(self, account: AccountConfig) -> str:
        """The id a new reply will carry on its channel (no I/O: safe on the GUI thread)."""
        running = self._running.get(account.id)
        connector = running.connector if running is not None else create_connector(
            account, None, lambda _event: None, None)
        return connector.new_channel_message_id()

    def send(self, message: OutgoingMessage) -> None:
        """Send a stored reply in the background; progress comes back as DeliveryChanged."""
        self._submit(self._send(message), track=True)

    def test(self, account: AccountConfig, secret: str | None,
             done: Callable[[TestResult], None]) -> None:
        """Try one sign-in with these settings; ``done`` is called on the loop thread."""
        self._submit(self._test(account, secret, done))

    def team(self, account_id: int, method: str, *args: Any, **kwargs: Any) -> None:
        """Call an optional :class:`~deskreply.connectors.base.TeamConnector` method
        (``set_typing``, ``set_shared``, ``mark_read``) if the account's channel has it."""
        if method not in TEAM_METHODS:
            raise ValueError(f"not a team method: {method}")
        self._submit(self._team(account_id, method, args, kwargs))

    async def _team(self, account_id: int, method: str, args: tuple[Any, ...],
                    kwargs: dict[str, Any]) -> None:
        running = await self._wait_running(account_id)
        call = getattr(running.connector, method, None) if running is not None else None
        if call is None:
            return
        try:
            await call(*args, **kwargs)
        except Exception:
            log.warning("%s on account %s failed", method, account_id, exc_info=True)

    def test_stored(self, account: AccountConfig, done: Callable[[TestResult], None]) -> None:
        """Like :meth:`test`, with the secret already kept for ``account.secret_ref``."""
        self._submit(self._test_stored(account, done))

    async def _test_stored(self, account: AccountConfig,
                           done: Callable[[TestResult], None]) -> None:
        try:
            secret = await self._secret(account)
        except Exception as error:
            done(TestResult(False, "error", str(error)))
            return
        await self._test(account, secret, done)

    def run_async(self, work: Callable[[], Coroutine[Any, Any, Any]],
                  done: Callable[[Any, BaseException | None], None]) -> None:
        """Run the coroutine ``work()`` makes on the network loop (e.g. a Matrix sign-in);
        ``done(result, error)`` is called on the loop thread."""
        self._submit(self._awaiting(work, done))

    async def _awaiting(self, work: Callable[[], Coroutine[Any, Any, Any]],
                        done: Callable[[Any, BaseException | None], None]) -> None:
        try:
            result = await work()
        except Exception as error:
            done(None, error)
            return
        done(result, None)

    def run_blocking(self, work: Callable[[], Any],
                     done: Callable[[Any, BaseException | None], None]) -> None:
        """Run ``work`` (e.g. a keyring call) off the caller's thread; ``done(result,
        error)`` is called on the loop thread."""
        self._submit(self._blocking(work, done))

    async def _blocking(self, work: Callable[[], Any],
                        done: Callable[[Any, BaseException | None], None]) -> None:
        try:
            result = await asyncio.get_running_loop().run_in_executor(None, work)
        except Exception as error:
            done(None, error)
            return
        done(result, None)

    # -- on the loop -------------------------------------------------------------------------

    def _submit(self, coroutine: Coroutine[Any, Any, None], track: bool = False) -> None:
        loop = self._loop
        if loop is None or not self.running:
            coroutine.close()
            raise RuntimeError("the network thread is not running")

        def schedule() -> None:
            task = loop.create_task(coroutine)
            if track:
                self._sends.add(task)
                task.add_done_callback(self._sends.discard)

        loop.call_soon_threadsafe(schedule)

    def _emit(self, event: ConnectorEvent) -> None:
        try:
            self._listener(event)
        except Exception:  # a broken listener must not kill a connector
            log.exception("connector event listener failed")

    async def _secret(self, account: AccountConfig) -> str | None:
        if not account.secret_ref or self._secrets is None:
            return None
        lookup = self._secrets
        return await asyncio.get_running_loop().run_in_executor(None, lookup, account.secret_ref)

    async def _add(self, account: AccountConfig, cursor: str | None) -> None:
        await self._remove(account.id)
        if not account.enabled:
            self._emit(StatusChanged(account.id, Status.OFFLINE))
            return
        self._starting.add(account.id)
        try:
            secret = await self._secret(account)
            connector = create_connector(account, secret, self._emit, cursor)
        except Exception as error:
            log.exception("account %s could not start", account.id)
            self._emit(StatusChanged(account.id, Status.OFFLINE, str(error)))
            return
        finally:
            self._starting.discard(account.id)
        task = asyncio.get_running_loop().create_task(self._receive(account.id, connector))
        self._running[account.id] = _Running(account, connector, task)

    async def _receive(self, account_id: int, connector: Connector) -> None:
        try:
            await connector.run()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("connector %s stopped", account_id)
            self._emit(StatusChanged(account_id, Status.OFFLINE, str(error)))

    async def _remove(self, account_id: int) -> None:
        running = self._running.pop(account_id, None)
        if running is None:
            return
        running.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await running.task
        try:
            await running.connector.close()
        except Exception:
            log.exception("connector %s did not close cleanly", account_id)
        self._emit(StatusChanged(account_id, Status.OFFLINE))

    async def _send(self, message: OutgoingMessage) -> None:
        attempt = 0
        while True:
            running = await self._wait_running(message.account_id)
            if running is None:
                self._emit(DeliveryChanged(message.account_id, message.message_id, "failed",
                                           message.channel_message_id, NOT_RUNNING))
                return
            self._emit(DeliveryChanged(message.account_id, message.message_id, "sending",
                                       message.channel_message_id))
            try:
                channel_id = await running.connector.send(message)
            except asyncio.CancelledError:
                raise
            except SendError as error:
                retry, reason = error.retry, error.reason
            except Exception as error:  # an unknown failure may be passing: try again
                log.exception("sending message %s failed", message.message_id)
                retry, reason = True, str(error) or type(error).__name__
            else:
                self._emit(DeliveryChanged(message.account_id, message.message_id, "sent",
                                           channel_id or message.channel_message_id))
                return
            if not retry or attempt >= len(self._backoff):
                self._emit(DeliveryChanged(message.account_id, message.message_id, "failed",
                                           message.channel_message_id, reason))
                return
            delay = self._backoff[attempt]
            attempt += 1
            self._emit(DeliveryChanged(message.account_id, message.message_id, "retrying",
                                       message.channel_message_id, reason,
                                       retry_at=time.time() + delay))
            await asyncio.sleep(delay)
            # The last attempt may have reached the server before the error.
            message = replace(message, maybe_sent=True)

    async def _wait_running(self, account_id: int) -> _Running | None:
        deadline = time.monotonic() + START_WAIT_S
        while (running := self._running.get(account_id)) is None:
            if account_id not in self._starting or time.monotonic() > deadline:
                return None
            await asyncio.sleep(0.05)
        return running

    async def _test(self, account: AccountConfig, secret: str | None,
                    done: Callable[[TestResult], None]) -> None:
        try:
            connector = create_connector(account, secret, lambda _event: None, None)
            try:
                result = await connector.test()
            finally:
                await connector.close()
        except Exception as error:
            log.exception("connection test failed")
            result = TestResult(False, "error", str(error))
        done(result)
