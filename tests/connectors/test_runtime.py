"""The network thread: connectors run on one loop, events come back, sends retry."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from deskreply.connectors import registry
from deskreply.connectors.base import (
    AccountConfig,
    ConnectorEvent,
    DeliveryChanged,
    Emit,
    IncomingMessage,
    OutgoingMessage,
    SendError,
    Status,
    StatusChanged,
    TestResult,
)
from deskreply.connectors.runtime import NOT_RUNNING, ConnectorHost
from deskreply.paths import PROJECT_ROOT

RESOURCES = PROJECT_ROOT / "resources"


class Events:
    def __init__(self) -> None:
        self.items: list[ConnectorEvent] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, event: ConnectorEvent) -> None:
        with self.lock:
            self.items.append(event)
            self.threads.add(threading.current_thread().name)

    def of(self, kind: type) -> list[Any]:
        with self.lock:
            return [e for e in self.items if isinstance(e, kind)]

    def wait(self, predicate: Any, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; events: {self.items}")
            time.sleep(0.01)


class FlakyConnector:
    """Fails its first ``failures`` sends the way a dropped connection does."""

    kind: ClassVar[str] = "flaky"
    sends: ClassVar[list[OutgoingMessage]] = []
    failures: ClassVar[int] = 0
    permanent: ClassVar[bool] = False

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        self.secret = secret

    def new_channel_message_id(self) -> str:
        return "<id@flaky>"

    async def run(self) -> None:
        import asyncio
        await asyncio.Event().wait()

    async def send(self, message: OutgoingMessage) -> str:
        type(self).sends.append(message)
        if len(type(self).sends) <= type(self).failures:
            raise SendError("The server did not answer.", retry=not type(self).permanent)
        return message.channel_message_id

    async def test(self) -> TestResult:
        return TestResult(self.secret == "right", "ok" if self.secret == "right" else "auth_failed")

    async def close(self) -> None:
        pass


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> type[FlakyConnector]:
    monkeypatch.setitem(registry.CONNECTORS, "flaky", f"{__name__}:FlakyConnector")
    FlakyConnector.sends = []
    FlakyConnector.failures = 0
    FlakyConnector.permanent = False
    return FlakyConnector


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def host(events: Events) -> Iterator[ConnectorHost]:
    running = ConnectorHost(events, secrets={"ref": "right"}.get, send_backoff=(0.01, 0.01))
    running.start()
    yield running
    running.stop()
    assert not running.running


def outgoing(account_id: int, message_id: int = 7) -> OutgoingMessage:
    return OutgoingMessage(message_id, account_id, "+34 600", "Ana", "Hola Ana 😊", "Laura",
                           "<id@flaky>")


def test_demo_connector_receives_on_the_network_thread_and_delivers(
        host: ConnectorHost, events: Events) -> None:
    account = AccountConfig(1, "demo", "demo", {"resources": str(RESOURCES), "interval_s": 0.05,
                                                 "send_delay_s": 0.01, "deliver_delay_s": 0.01})
    host.add(account)
    events.wait(lambda: len(events.of(IncomingMessage)) >= 2)
    first = events.of(IncomingMessage)[0]
    assert first.account_id == 1 and first.text and first.channel in {
        "whatsapp", "instagram", "messenger", "telegram", "email"}
    assert events.of(StatusChanged)[0].status == Status.ONLINE
    assert events.threads == {"deskreply-network"}
    channel_id = host.new_channel_message_id(account)
    host.send(OutgoingMessage(5, 1, first.contact_handle, first.contact_name, "Gracias", "Laura",
                              channel_id))
    events.wait(lambda: [e.state for e in events.of(DeliveryChanged)] == [
        "sending", "sent", "delivered"])
    assert all(e.channel_message_id == channel_id for e in events.of(DeliveryChanged))
    host.remove(1)
    events.wait(lambda: events.of(StatusChanged)[-1].status == Status.OFFLINE)


def test_a_send_that_fails_is_retried_and_later_tries_look_first(
        host: ConnectorHost, events: Events, flaky: type[FlakyConnector]) -> None:
    flaky.failures = 2
    host.add(AccountConfig(3, "flaky", "f", secret_ref="ref"))
    host.send(outgoing(3))
    events.wait(lambda: events.of(DeliveryChanged)[-1:] and
                events.of(DeliveryChanged)[-1].state == "sent")
    assert [m.maybe_sent for m in flaky.sends] == [False, True, True]
    states = [e.state for e in events.of(DeliveryChanged)]
    assert states == ["sending", "retrying", "sending", "retrying", "sending", "sent"]
    assert events.of(DeliveryChanged)[1].reason == "The server did not answer."


def test_a_send_is_given_up_after_the_last_retry_or_at_once_when_permanent(
        host: ConnectorHost, events: Events, flaky: type[FlakyConnector]) -> None:
    flaky.failures, flaky.permanent = 1, True
    host.add(AccountConfig(3, "flaky", "f", secret_ref="ref"))
    host.send(outgoing(3))
    events.wait(lambda: events.of(DeliveryChanged)[-1:] and
                events.of(DeliveryChanged)[-1].state == "failed")
    assert len(flaky.sends) == 1
    flaky.permanent, flaky.failures = False, 99
    host.send(outgoing(3, message_id=8))
    events.wait(lambda: [e.state for e in events.of(DeliveryChanged)].count("failed") == 2)
    assert len(flaky.sends) == 1 + 3  # first try + the two retries of send_backoff


def test_send_for_an_account_that_is_not_running_fails_with_a_code(
        host: ConnectorHost, events: Events) -> None:
    host.send(outgoing(42))
    events.wait(lambda: events.of(DeliveryChanged))
    (event,) = events.of(DeliveryChanged)
    assert (event.state, event.reason) == ("failed", NOT_RUNNING)


def test_connection_test_uses_the_given_secret(host: ConnectorHost,
                                               flaky: type[FlakyConnector]) -> None:
    results: list[TestResult] = []
    host.test(AccountConfig(3, "flaky", "f"), "wrong", results.append)
    host.test(AccountConfig(3, "flaky", "f"), "right", results.append)
    deadline = time.monotonic() + 5
    while len(results) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [r.code for r in results] == ["auth_failed", "ok"]


def test_unknown_kind_reports_offline_with_words(host: ConnectorHost, events: Events) -> None:
    host.add(AccountConfig(9, "fax", "old"))
    events.wait(lambda: events.of(StatusChanged))
    (status,) = events.of(StatusChanged)
    assert status.status == Status.OFFLINE and "fax" in status.detail


def test_calls_after_stop_say_so(events: Events) -> None:
    host = ConnectorHost(events)
    with pytest.raises(RuntimeError, match="not running"):
        host.send(outgoing(1))
    host.start()
    host.stop()
    host.stop()
    with pytest.raises(RuntimeError, match="not running"):
        host.add(AccountConfig(1, "demo", "demo"))


def test_demo_feed_path_is_the_shipped_one_by_default() -> None:
    from deskreply.connectors.demo import DemoConnector

    connector = DemoConnector(AccountConfig(1, "demo", "demo"), None, lambda _e: None, None)
    message = connector.next_message()
    assert message is not None and Path(RESOURCES / "demo" / "feed.json").is_file()


class TeamFlaky(FlakyConnector):
    kind: ClassVar[str] = "teamflaky"
    calls: ClassVar[list[tuple[str, bool]]] = []

    async def set_typing(self, contact_handle: str, typing: bool) -> None:
        type(self).calls.append((contact_handle, typing))


def test_team_methods_reach_channels_that_have_them(
        host: ConnectorHost, events: Events, flaky: type[FlakyConnector],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.CONNECTORS, "teamflaky", f"{__name__}:TeamFlaky")
    TeamFlaky.calls = []
    host.add(AccountConfig(5, "teamflaky", "t"))
    host.add(AccountConfig(6, "flaky", "f"))
    host.team(6, "set_typing", "!room", True)  # no such method there: nothing happens
    host.team(5, "set_typing", "!room", True)
    deadline = time.monotonic() + 5
    while not TeamFlaky.calls and time.monotonic() < deadline:
        time.sleep(0.01)
    assert TeamFlaky.calls == [("!room", True)]
    with pytest.raises(ValueError):
        host.team(5, "send", "x")
