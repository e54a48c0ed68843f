"""Faults a user meets: wrong password, untrusted or changed certificate, server unreachable."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import time
from collections.abc import Iterator

import pytest

from deskreply.connectors.base import Status, StatusChanged
from deskreply.connectors.email.connector import EmailConnector
from deskreply.connectors.email.tls import fingerprint_of
from tests.connectors.harness import Recorder, account, outgoing, running
from tests.servers.certs import make_certificate
from tests.servers.dovecot import free_port
from tests.servers.mail import MailServers
from tests.servers.scan import assert_secret_absent

pytestmark = pytest.mark.slow


def check(settings: dict[str, object], password: str):  # type: ignore[no-untyped-def]
    return asyncio.run(EmailConnector(account(settings), password, Recorder(), None).test())


def test_connection_test_ok(mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    result = check(mail_servers.account_settings(agent), agent.password)
    assert result.ok and result.code == "ok"


def test_wrong_password(mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    settings = mail_servers.account_settings(agent)
    result = check(settings, "wrong-password")
    assert (result.ok, result.code) == (False, "auth_failed")
    assert "app password" in result.detail and "wrong-password" not in result.detail

    async def scenario() -> list[StatusChanged]:
        async with running(settings, "wrong-password") as (_conn, rec):
            await rec.wait(lambda: Status.AUTH_FAILED in rec.statuses())
            await asyncio.sleep(0.3)  # it must not keep trying a refused password
            return rec.of(StatusChanged)

    statuses = asyncio.run(scenario())
    assert [s.status for s in statuses] == [Status.CONNECTING, Status.AUTH_FAILED]


def test_self_signed_certificate_is_untrusted_until_its_fingerprint_is_trusted(
        mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    untrusted = mail_servers.account_settings(agent, trusted=False)
    result = check(untrusted, agent.password)
    assert (result.ok, result.code) == (False, "tls_untrusted")
    assert result.fingerprint == mail_servers.cert.fingerprint
    assert result.fingerprint in result.detail

    async def scenario() -> list[StatusChanged]:
        async with running(untrusted, agent.password) as (_conn, rec):
            await rec.wait(lambda: Status.TLS_UNTRUSTED in rec.statuses())
            return rec.of(StatusChanged)

    status = asyncio.run(scenario())[-1]
    assert status.fingerprint == mail_servers.cert.fingerprint
    # The user trusts exactly that certificate (pasted in any case, with or without colons).
    trusted = dict(untrusted, trusted_fingerprint=result.fingerprint.replace(":", "").lower())
    assert check(trusted, agent.password).ok


def test_smtp_certificate_is_checked_too(mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    settings = mail_servers.account_settings(agent, smtp_tls="starttls")
    other = make_certificate(mail_servers.root / "other", "other")
    settings["trusted_fingerprint"] = other.fingerprint
    result = check(settings, agent.password)
    assert result.code == "tls_untrusted"
    assert result.fingerprint == mail_servers.cert.fingerprint


@pytest.fixture
def own_servers() -> Iterator[MailServers]:
    servers = MailServers(users=2).start()
    yield servers
    servers.stop()


def served_fingerprint(port: int) -> str:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, \
            context.wrap_socket(raw) as tls:
        return fingerprint_of(tls.getpeercert(binary_form=True) or b"")


def test_a_changed_certificate_is_refused_again(own_servers: MailServers) -> None:
    agent = own_servers.new_user("agent")
    settings = own_servers.account_settings(agent)
    assert check(settings, agent.password).ok
    old = own_servers.cert.fingerprint
    new = make_certificate(own_servers.cert.cert_path.parent, "server").fingerprint
    own_servers.dovecot.reload()
    deadline = time.monotonic() + 10
    while served_fingerprint(own_servers.dovecot.imaps_port) != new:
        assert time.monotonic() < deadline, "dovecot did not load the new certificate"
        time.sleep(0.05)

    result = check(settings, agent.password)
    assert (result.code, result.fingerprint) == ("tls_untrusted", new)
    assert "changed" in result.detail and new != old

    async def scenario() -> StatusChanged:
        async with running(settings, agent.password) as (_conn, rec):
            await rec.wait(lambda: Status.TLS_UNTRUSTED in rec.statuses())
            return rec.of(StatusChanged)[-1]

    assert asyncio.run(scenario()).fingerprint == new


def test_unreachable_servers_are_told_apart_quickly(mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    base = mail_servers.account_settings(agent, timeout_seconds=1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts TCP, never says a word: a hung server
    try:
        cases = {
            "refused": dict(base, imap_port=free_port()),
            "host_not_found": dict(base, imap_host="imap.nonexistent.invalid"),
            "timeout": dict(base, imap_port=silent.getsockname()[1]),
        }
        for code, settings in cases.items():
            started = time.monotonic()
            result = check(settings, agent.password)
            assert (result.ok, result.code) == (False, code), result
            assert time.monotonic() - started < 3
            assert result.detail
        smtp_down = check(dict(base, smtp_port=free_port()), agent.password)
        assert smtp_down.code == "refused"
        assert f"127.0.0.1:{base['smtp_port']}" not in smtp_down.detail
    finally:
        silent.close()


def test_an_unreachable_server_is_retried_with_backoff(mail_servers: MailServers) -> None:
    agent = mail_servers.new_user("agent")
    settings = mail_servers.account_settings(agent, imap_port=free_port(), timeout_seconds=1)

    async def scenario() -> list[StatusChanged]:
        async with running(settings, agent.password) as (_conn, rec):
            await rec.wait(lambda: rec.statuses().count(Status.RECONNECTING) >= 2, timeout=8)
            return [s for s in rec.of(StatusChanged) if s.status is Status.RECONNECTING]

    started = time.time()
    first, second = asyncio.run(scenario())[:2]
    assert first.retry_at is not None and second.retry_at is not None
    assert first.retry_at - started == pytest.approx(1, abs=0.5)
    assert second.retry_at - first.retry_at >= 1.5  # 1 s, then 2 s: doubling
    assert "refused" in first.detail


def test_the_password_never_reaches_the_logs(mail_servers: MailServers,
                                             caplog: pytest.LogCaptureFixture) -> None:
    agent, customer = mail_servers.new_user("agent"), mail_servers.new_user("customer")
    caplog.set_level(logging.DEBUG)  # imapclient and smtplib log whole commands at DEBUG
    settings = mail_servers.account_settings(agent)
    assert check(settings, agent.password).ok
    assert check(settings, agent.password + "x").code == "auth_failed"

    async def scenario() -> None:
        async with running(settings, agent.password) as (conn, rec):
            await rec.wait(lambda: rec.last_cursor() is not None)
            await conn.send(outgoing(conn, customer.address))

    asyncio.run(scenario())
    assert mail_servers.store.count(customer.address) == 1
    assert "LOGIN" in caplog.text or "login" in caplog.text  # the logs were really captured
    # Not in the logs, nor in any mail (the customer's inbox, our Sent), nor the server's log.
    assert_secret_absent(agent.password, [mail_servers.store.root],
                         texts=[caplog.text, mail_servers.dovecot.log.read_text()])
