"""pytest fixtures for the real servers; loaded by ``tests/conftest.py`` (``pytest_plugins``).

Servers start once per session and only when a test asks for them (imports are lazy too, so
a run that needs no server pays nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.servers.mail import MailServers


@pytest.fixture(scope="session")
def _mail_servers_session() -> Iterator[MailServers]:
    from tests.servers.mail import MailServers

    servers = MailServers().start()
    yield servers
    servers.stop()


@pytest.fixture
def mail_servers(_mail_servers_session: MailServers) -> Iterator[MailServers]:
    """dovecot (IDLE) + SMTP on 127.0.0.1. A test may stop the SMTP server; the next test
    gets it back."""
    servers = _mail_servers_session
    servers.smtp.start()
    servers.smtp.drop_next_data = False
    yield servers
    servers.smtp.drop_next_data = False
    servers.smtp.start()


@pytest.fixture(scope="session")
def secret_service() -> Iterator[None]:
    """A reachable, unlocked Secret Service (the one test.sh started, or a private one)."""
    from tests.servers.keyring_session import PrivateSecretService, secret_service_reachable

    if secret_service_reachable():
        yield
        return
    service = PrivateSecretService()
    service.start()
    yield
    service.stop()
