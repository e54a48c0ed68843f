"""Receiving from a real dovecot: IDLE push, cursor restarts, newest-first first sync."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from deskreply.connectors.base import Status, SyncProgress
from deskreply.connectors.email import connector as email_connector
from deskreply.connectors.email.imap import FetchedMail, ImapSession
from tests.connectors.harness import online, running
from tests.servers.mail import MailServers
from tests.servers.mailbox import build_mailbox
from tests.servers.mailstore import MailUser

pytestmark = pytest.mark.slow


def customer_mail(customer: MailUser, to: str, subject: str, body: str,
                  name: str = "María López") -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{name} <{customer.address}>"
    message["To"] = to
    message["Subject"] = subject
    slug = "".join(ch if ch.isalnum() else "-" for ch in subject)
    message["Message-ID"] = f"<{slug}-{time.time_ns()}@cliente.example>"
    message.set_content(body)
    return message


def synced(cursor: str | None) -> bool:
    return cursor is not None and json.loads(cursor)["low"] == 1


def test_a_new_mail_arrives_within_a_second_through_idle(mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")

    async def scenario() -> None:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            await online(rec)
            await rec.wait(lambda: synced(rec.last_cursor()))
            await asyncio.sleep(0.3)  # the connector is now waiting in IDLE
            for round_ in range(3):
                message = customer_mail(customer, agent.address, f"pedido {round_}",
                                        "¿Dónde está mi pedido? Ya van 5 días 😡")
                await asyncio.to_thread(mail_servers.send, customer, agent.address, message)
                delivered = time.monotonic()
                await rec.wait(lambda n=round_: len(rec.incoming()) == n + 1, timeout=5)
                incoming = rec.incoming()[-1]
                latency = max(0.0, min(t for t, e in rec.events if e is incoming) - delivered)
                assert latency < 1.0, f"IDLE took {latency:.2f} s"
                assert incoming.channel == "email"
                assert incoming.contact_handle == customer.address
                assert incoming.contact_name == "María López"
                assert incoming.text == "¿Dónde está mi pedido? Ya van 5 días 😡"
                assert incoming.channel_message_id == message["Message-ID"]
                assert incoming.thread["subject"] == f"pedido {round_}"
                assert incoming.thread["message_id"] == message["Message-ID"]
                assert not incoming.from_us
            assert rec.statuses()[:2] == [Status.CONNECTING, Status.ONLINE]

    asyncio.run(scenario())


def test_restart_with_the_cursor_fetches_nothing_twice_and_misses_nothing(
        mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    for n in range(3):
        mail_servers.send(customer, agent.address,
                          customer_mail(customer, agent.address, f"antes {n}", f"uno {n}"))

    async def first_run() -> str:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            await rec.wait(lambda: synced(rec.last_cursor()))
            assert sorted(m.thread["subject"] for m in rec.incoming()) == [
                "antes 0", "antes 1", "antes 2"]
            cursor = rec.last_cursor()
            assert cursor is not None
            return cursor

    cursor = asyncio.run(first_run())
    # While the app is closed, two more mails come.
    for n in range(2):
        mail_servers.send(customer, agent.address,
                          customer_mail(customer, agent.address, f"durante {n}", f"dos {n}"))

    async def second_run() -> None:
        async with running(mail_servers.account_settings(agent), agent.password,
                           cursor) as (_c, rec):
            await rec.wait(lambda: len(rec.incoming()) >= 2)
            await asyncio.sleep(0.5)  # anything fetched twice would show up now
            assert sorted(m.thread["subject"] for m in rec.incoming()) == [
                "durante 0", "durante 1"]

    asyncio.run(second_run())


def test_first_sync_of_a_big_mailbox_emits_the_newest_first_in_batches(
        mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(email_connector, "BATCH", 40)
    agent = mail_servers.new_user("agent")
    ids = build_mailbox(mail_servers.store, agent.address, 100, senders=7)

    async def scenario() -> list[str]:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            await rec.wait(lambda: synced(rec.last_cursor()))
            first_batch = [m.channel_message_id for m in rec.incoming()[:40]]
            assert set(first_batch) == set(ids[-40:])  # the 40 newest, before anything older
            assert first_batch[0] == ids[-1]
            progress = [(p.done, p.total) for p in rec.of(SyncProgress)]
            assert progress == [(40, 100), (80, 100), (100, 100)]
            return [m.channel_message_id for m in rec.incoming()]

    emitted = asyncio.run(scenario())
    assert sorted(emitted) == sorted(ids)  # every message exactly once
    assert len(emitted) == len(set(emitted))


def test_an_interrupted_first_sync_resumes_the_backfill_after_restart(
        mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(email_connector, "BATCH", 30)
    agent = mail_servers.new_user("agent")
    ids = build_mailbox(mail_servers.store, agent.address, 70, senders=5)

    async def interrupted() -> tuple[str, list[str]]:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            await rec.wait(lambda: len(rec.incoming()) >= 30)
            cursor = rec.last_cursor()
            assert cursor is not None
            seen = [m.channel_message_id for m in rec.incoming()]
        # The cursor only covers what was emitted before it; later events may exist too.
        return cursor, seen

    cursor, seen_before = asyncio.run(interrupted())
    state = json.loads(cursor)
    assert state["low"] > 1

    async def resumed() -> list[str]:
        async with running(mail_servers.account_settings(agent), agent.password,
                           cursor) as (_c, rec):
            await rec.wait(lambda: synced(rec.last_cursor()))
            return [m.channel_message_id for m in rec.incoming()]

    after = asyncio.run(resumed())
    covered = {mid for mid in seen_before
               if int(mid.split("-")[1].split("@")[0]) + 1 >= state["low"]}
    assert set(after) | covered == set(ids)  # no gap
    assert not set(after) & covered  # nothing the cursor covered is fetched again


@pytest.fixture(scope="module")
def no_idle_servers() -> Iterator[MailServers]:
    servers = MailServers(idle=False).start()
    yield servers
    servers.stop()


def test_without_idle_the_connector_polls(no_idle_servers: MailServers) -> None:
    agent, customer = no_idle_servers.new_user("agent"), no_idle_servers.new_user("customer")

    async def scenario() -> None:
        settings = no_idle_servers.account_settings(agent, poll_seconds=1)
        async with running(settings, agent.password) as (connector, rec):
            await rec.wait(lambda: synced(rec.last_cursor()))
            session = connector._session
            assert session is not None and not await asyncio.to_thread(session.has_idle)
            await asyncio.to_thread(no_idle_servers.send, customer, agent.address,
                                    customer_mail(customer, agent.address, "sondeo", "hola"))
            waited = await rec.wait(lambda: len(rec.incoming()) == 1, timeout=5)
            assert waited < 2.5
            assert rec.incoming()[0].thread["subject"] == "sondeo"

    asyncio.run(scenario())


def test_dovecot_restart_while_idling_reconnects_and_misses_nothing() -> None:
    servers = MailServers(users=2).start()
    try:
        agent, customer = servers.new_user("agent"), servers.new_user("customer")

        async def scenario() -> None:
            async with running(servers.account_settings(agent, timeout_seconds=2),
                               agent.password) as (_c, rec):
                await rec.wait(lambda: synced(rec.last_cursor()))
                await asyncio.sleep(0.3)
                await asyncio.to_thread(servers.dovecot.stop)
                await rec.wait(lambda: Status.RECONNECTING in rec.statuses(), timeout=5)
                # Mail delivered while IMAP is down is picked up after the reconnect.
                await asyncio.to_thread(servers.send, customer, agent.address, customer_mail(
                    customer, agent.address, "mientras", "¿hay alguien?"))
                await asyncio.to_thread(servers.dovecot.start)
                await rec.wait(lambda: rec.statuses().count(Status.ONLINE) == 2, timeout=10)
                await rec.wait(lambda: len(rec.incoming()) == 1, timeout=5)
                assert rec.incoming()[0].thread["subject"] == "mientras"

        asyncio.run(scenario())
    finally:
        servers.stop()


def test_replies_in_sent_become_our_own_messages_once(mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    # A teammate answered from another mail program, which filed the reply in Sent.
    teammate = customer_mail(agent, customer.address, "Re: pedido", "Ya está en camino 🚚",
                             name="Soporte")
    teammate.replace_header("To", f"María López <{customer.address}>")
    client = mail_servers.imap(agent)
    client.append("Sent", teammate.as_bytes(), flags=(b"\\Seen",))
    client.logout()

    async def run_once(cursor: str | None) -> tuple[list[object], str | None]:
        async with running(mail_servers.account_settings(agent), agent.password,
                           cursor) as (_c, rec):
            await rec.wait(lambda: synced(rec.last_cursor()))
            await asyncio.sleep(0.5)
            return list(rec.incoming()), rec.last_cursor()

    first, cursor = asyncio.run(run_once(None))
    assert len(first) == 1
    mine = first[0]
    assert mine.from_us  # type: ignore[attr-defined]
    assert mine.contact_handle == customer.address  # type: ignore[attr-defined]
    assert mine.contact_name == "María López"  # type: ignore[attr-defined]
    assert mine.channel_message_id == teammate["Message-ID"]  # type: ignore[attr-defined]
    again, _cursor = asyncio.run(run_once(cursor))
    assert again == []  # nothing from Sent twice after a restart


def test_a_big_mail_lists_its_attachments_without_downloading_them(
        mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    message = customer_mail(customer, agent.address, "fotos", "Le mando las fotos del daño 📷")
    photo = bytes(range(256)) * 12_000  # 3 MB
    message.add_attachment(photo, maintype="image", subtype="jpeg", filename="daño 1.jpg")
    message.add_attachment(b"%PDF-1.4 tiny", maintype="application", subtype="pdf",
                           filename="ticket.pdf")
    mail_servers.store.deliver(agent.address, message.as_bytes())
    downloaded: list[int] = []
    original = ImapSession.fetch

    def counting(self: ImapSession, uids: list[int]) -> list[FetchedMail]:
        mails = original(self, uids)
        downloaded.extend(len(mail.raw) for mail in mails)
        return mails

    monkeypatch.setattr(ImapSession, "fetch", counting)

    async def scenario() -> None:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            await rec.wait(lambda: len(rec.incoming()) == 1)
            incoming = rec.incoming()[0]
            assert incoming.text == "Le mando las fotos del daño 📷"
            listed = [(a.name, a.content_type) for a in incoming.attachments]
            assert listed == [("daño 1.jpg", "image/jpeg"), ("ticket.pdf", "application/pdf")]
            # From the encoded size on the server: exact up to base64 padding.
            assert abs(incoming.attachments[0].size - len(photo)) <= 2
            assert abs(incoming.attachments[1].size - len(b"%PDF-1.4 tiny")) <= 2

    asyncio.run(scenario())
    assert downloaded and max(downloaded) < 300_000  # header + start of the body only


def test_mail_arriving_while_sent_is_looked_at_is_not_missed(
        mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    original = ImapSession.select
    delivered: list[bool] = []

    def select_and_deliver(self: ImapSession, folder: str = "INBOX",
                           readonly: bool = True) -> object:
        if folder == "Sent" and not delivered:  # the customer writes just then
            delivered.append(True)
            mail_servers.store.deliver(agent.address, customer_mail(
                customer, agent.address, "justo ahora", "¿me oyen?").as_bytes())
        return original(self, folder, readonly)

    monkeypatch.setattr(ImapSession, "select", select_and_deliver)

    async def scenario() -> None:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            await rec.wait(lambda: len(rec.incoming()) == 1, timeout=3)
            assert rec.incoming()[0].thread["subject"] == "justo ahora"

    asyncio.run(scenario())


def test_mail_landing_just_before_idle_starts_is_not_missed(
        mail_servers: MailServers, monkeypatch: pytest.MonkeyPatch) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    original = ImapSession.wait_for_change
    calls: list[float] = []

    def deliver_then_idle(self: ImapSession, stop: object, max_seconds: float) -> bool:
        if not calls:  # after the last SEARCH, before IDLE: dovecot will not report it
            mail_servers.store.deliver(agent.address, customer_mail(
                customer, agent.address, "en la rendija", "hola").as_bytes())
        calls.append(max_seconds)
        return original(self, stop, max_seconds)  # type: ignore[arg-type]

    monkeypatch.setattr(ImapSession, "wait_for_change", deliver_then_idle)

    async def scenario() -> None:
        async with running(mail_servers.account_settings(agent), agent.password) as (_c, rec):
            waited = await rec.wait(lambda: len(rec.incoming()) == 1, timeout=5)
            assert rec.incoming()[0].thread["subject"] == "en la rendija"
            assert waited < 3

    asyncio.run(scenario())
