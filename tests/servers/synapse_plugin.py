"""pytest fixtures for the real Synapse of :mod:`tests.servers.synapse`.

One homeserver per test session, started on first use (its ~3 s start-up is paid once).
Tests that stop and restart it (reconnect tests) leave it running again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.synapse import SynapseServer


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    server = SynapseServer(tmp_path_factory.mktemp("synapse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
