"""The email channel in the app's own machinery, headless: the ConnectorHost's network thread,
InboxSync into a real store file, the password in the real keyring. A customer writes, we
answer, and the password is nowhere on disk or in the logs."""

from __future__ import annotations

import email
import logging
import queue
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from deskreply.connectors.base import ConnectorEvent, DeliveryChanged, OutgoingMessage
from deskreply.connectors.runtime import ConnectorHost
from deskreply.inbox_sync import InboxSync, account_config
from deskreply.secrets import SecretStore, secret_ref
from deskreply.store import Store
from tests.servers.mail import MailServers
from tests.servers.scan import assert_secret_absent

pytestmark = pytest.mark.slow


def test_receive_answer_and_no_password_anywhere(
        mail_servers: MailServers, secret_service: None, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    secrets = SecretStore()
    ref = secret_ref("email", f"Soporte {agent.address}")
    secrets.set(ref, agent.password)
    events: queue.Queue[ConnectorEvent] = queue.Queue()
    host = ConnectorHost(events.put, secrets.get)
    data = tmp_path / "data"
    data.mkdir()
    store = Store.open(data / "deskreply.sqlite3")
    sync = InboxSync(store)

    seen: list[ConnectorEvent] = []

    def pump(until: object, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                batch = [events.get(timeout=0.05)]
            except queue.Empty:
                continue
            while not events.empty():
                batch.append(events.get_nowait())
            seen.extend(batch)
            sync.apply(batch)
            if any(until(event) for event in batch):  # type: ignore[operator]
                return
        raise AssertionError(f"timed out waiting for the connector; events: {seen[-6:]}")

    try:
        login = store.add_login("email", "Soporte", mail_servers.account_settings(
            agent, display_name="Soporte Ñandú"), secret_ref=ref)
        account = account_config(store.login(login))
        host.start()
        host.add(account)
        question = EmailMessage()
        question["From"] = f"María López <{customer.address}>"
        question["To"] = agent.address
        question["Subject"] = "¿Dónde está mi pedido? 😡"
        question["Message-ID"] = "<pregunta-1@cliente.example>"
        question.set_content("Hola, ya van 5 días.")
        mail_servers.send(customer, agent.address, question)
        pump(lambda e: getattr(e, "channel_message_id", "") == question["Message-ID"])

        (conversation,) = list(store.conversations_of_login(login))
        assert [m.text for m in store.messages(conversation)] == ["Hola, ya van 5 días."]
        held = store.hold_reply(conversation, "¡Hola María! Ya salió 🚚", "Ana", time.time(),
                                host.new_channel_message_id(account))
        message = store.release_held(held.id)
        assert message is not None
        host.send(OutgoingMessage(
            message_id=message.id, account_id=login, contact_handle=customer.address,
            contact_name="María López", text=message.text, sender_name="Ana",
            channel_message_id=held.channel_message_id or "",
            thread=store.reply_thread(conversation)))
        pump(lambda e: isinstance(e, DeliveryChanged) and e.state in ("sent", "failed"))
        assert store.message(message.id).state == "sent"

        (reply,) = [email.message_from_bytes(raw, policy=policy.default)
                    for raw in mail_servers.store.messages(customer.address)]
        assert reply["In-Reply-To"] == "<pregunta-1@cliente.example>"
        assert str(reply["Subject"]) == "Re: ¿Dónde está mi pedido? 😡"
        assert reply["Message-ID"] == held.channel_message_id
    finally:
        host.stop()
        store.close()
        secrets.delete(ref)
    assert_secret_absent(agent.password, [data, tmp_path],
                         texts=[caplog.text, *(r.getMessage() for r in caplog.records)])
