"""Sending through the real SMTP server: threaded, filed in Sent once, never twice."""

from __future__ import annotations

import asyncio
import email
from email import policy
from email.message import EmailMessage

import pytest

from deskreply.connectors.base import SendError
from deskreply.connectors.email.connector import EmailConnector
from tests.connectors.harness import REPLY_TEXT as TEXT
from tests.connectors.harness import Recorder, account, outgoing
from tests.servers.mail import MailServers
from tests.servers.mailstore import MailUser

pytestmark = pytest.mark.slow

def connector(servers: MailServers, agent: MailUser, **settings: object) -> EmailConnector:
    config = account(servers.account_settings(agent, display_name="Soporte Tienda Ñandú",
                                              **settings))
    return EmailConnector(config, agent.password, Recorder(), None)


def received(servers: MailServers, user: MailUser, folder: str = "") -> list[EmailMessage]:
    messages = []
    for raw in servers.store.messages(user.address, folder):
        message = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        messages.append(message)
    return messages


def test_reply_arrives_once_threaded_and_is_in_sent_once(mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    conn = connector(mail_servers, agent)
    reply = outgoing(conn, customer.address)
    assert reply.channel_message_id.endswith(f"@{agent.address.split('@')[1]}>")
    assert asyncio.run(conn.send(reply)) == reply.channel_message_id

    inbox = received(mail_servers, customer)
    assert len(inbox) == 1
    mail = inbox[0]
    assert mail["Message-ID"] == reply.channel_message_id
    assert str(mail["Subject"]) == "Re: ¿Dónde está mi pedido? 😡"
    assert mail["In-Reply-To"] == "<q1@cliente.example>"
    assert mail["References"] == "<q0@cliente.example> <q1@cliente.example>"
    assert mail["From"].addresses[0].display_name == "Soporte Tienda Ñandú"
    assert mail["From"].addresses[0].addr_spec == agent.address
    assert mail["To"].addresses[0].display_name == "María López Ibáñez"
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content().strip() == TEXT

    sent = mail_servers.folder_messages(agent, "Sent")
    assert len(sent) == 1
    assert reply.channel_message_id.encode() in sent[0][b"BODY[]"]


def test_a_retry_after_a_send_that_reached_the_server_does_not_send_again(
        mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    conn = connector(mail_servers, agent)
    reply = outgoing(conn, customer.address)
    asyncio.run(conn.send(reply))
    # The app crashed before it wrote "sent": after restart it retries with maybe_sent.
    again = outgoing(conn, customer.address, maybe_sent=True,
                     channel_message_id=reply.channel_message_id)
    assert asyncio.run(connector(mail_servers, agent).send(again)) == reply.channel_message_id
    assert len(received(mail_servers, customer)) == 1
    assert len(mail_servers.folder_messages(agent, "Sent")) == 1


def test_smtp_server_down_then_back_sends_exactly_once(mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    conn = connector(mail_servers, agent, timeout_seconds=3)
    reply = outgoing(conn, customer.address)
    mail_servers.smtp.stop()
    with pytest.raises(SendError) as raised:
        asyncio.run(conn.send(reply))
    assert raised.value.retry is True
    assert "refused the connection" in raised.value.reason
    assert len(received(mail_servers, customer)) == 0

    mail_servers.smtp.start()
    retry = outgoing(conn, customer.address, maybe_sent=True,
                     channel_message_id=reply.channel_message_id)
    asyncio.run(conn.send(retry))
    asyncio.run(conn.send(retry))  # and a second, late retry changes nothing
    assert len(received(mail_servers, customer)) == 1
    assert len(mail_servers.folder_messages(agent, "Sent")) == 1


def test_smtp_server_dying_in_the_middle_of_data_then_retry_sends_once(
        mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    conn = connector(mail_servers, agent, timeout_seconds=3)
    reply = outgoing(conn, customer.address)
    mail_servers.smtp.drop_next_data = True
    with pytest.raises(SendError) as raised:
        asyncio.run(conn.send(reply))
    assert raised.value.retry is True
    assert len(received(mail_servers, customer)) == 0
    assert len(mail_servers.folder_messages(agent, "Sent")) == 0

    retry = outgoing(conn, customer.address, maybe_sent=True,
                     channel_message_id=reply.channel_message_id)
    asyncio.run(conn.send(retry))
    assert len(received(mail_servers, customer)) == 1
    assert len(mail_servers.folder_messages(agent, "Sent")) == 1


def test_an_unknown_recipient_is_not_retried(mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    conn = connector(mail_servers, agent)
    ghost = MailUser("nadie@example.test", "")
    with pytest.raises(SendError) as raised:
        asyncio.run(conn.send(outgoing(conn, ghost.address)))
    assert raised.value.retry is False
    assert "nadie@example.test" in raised.value.reason
    assert len(mail_servers.folder_messages(agent, "Sent")) == 0


def test_wrong_password_on_send_is_not_retried(mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    config = account(mail_servers.account_settings(agent))
    conn = EmailConnector(config, "not-the-password", Recorder(), None)
    with pytest.raises(SendError) as raised:
        asyncio.run(conn.send(outgoing(conn, customer.address)))
    assert raised.value.retry is False
    assert "password" in raised.value.reason
    assert "not-the-password" not in raised.value.reason
    assert len(received(mail_servers, customer)) == 0


def test_starttls_on_both_servers_works(mail_servers: MailServers) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    conn = connector(mail_servers, agent, imap_tls="starttls", smtp_tls="starttls")
    result = asyncio.run(conn.test())
    assert result.ok, result
    asyncio.run(conn.send(outgoing(conn, customer.address)))
    assert len(received(mail_servers, customer)) == 1
    assert len(mail_servers.folder_messages(agent, "Sent")) == 1
