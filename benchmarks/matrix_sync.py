"""How fast does a Matrix account with 1,000 rooms show, and how fast does a message arrive?

Starts a real Synapse (``tests.servers.synapse``; SQLite, 127.0.0.1) on a data folder with
one agent in 1,000 customer DMs. The folder is prepared once (a few minutes: every room is
created through the client API) and cached under ``.synapse-cache/<version>/``; later runs
copy it and start in seconds.

Figures (Qt-free: from connector start to the events the app would store and show):
- ``first_rooms_s``: a fresh sign-in (no cursor) until the connector has emitted
  ConversationInfo for the first (most recent) rooms;
- ``all_rooms_s``: until all 1,000 are listed;
- ``restart_to_message_s``: a restart from the saved cursor until a message written while
  the app was closed is emitted;
- ``receive_to_emit_ms``: median time from a customer's send (a second matrix-nio client)
  returning until the connector emits the IncomingMessage, over ``--messages`` messages.

Usage: python benchmarks/matrix_sync.py [--rooms N] [--messages M]
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# benchmarks/email.py would shadow the standard library's email package (aiohttp imports it).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from nio import AsyncClient, RoomCreateResponse  # noqa: E402

from deskreply.connectors.base import (  # noqa: E402
    AccountConfig,
    ConnectorEvent,
    ConversationInfo,
    CursorMoved,
    IncomingMessage,
)
from deskreply.connectors.matrix.connector import MatrixConnector  # noqa: E402
from tests.servers.synapse import ROOT, MatrixUser, SynapseServer, synapse_python  # noqa: E402

CACHE_FORMAT = "rooms-v2"
FIRST_ROOMS = 20  # "the first rooms": what fills the visible part of the chat list
CREATE_CONCURRENCY = 6


def nio_client(url: str, user: MatrixUser) -> AsyncClient:
    client = AsyncClient(url, user.user_id, device_id=user.device_id)
    client.access_token = user.access_token
    client.user_id = user.user_id
    return client


async def _create_rooms(url: str, agent: MatrixUser, customers: list[MatrixUser],
                        rooms: int) -> list[str]:
    """The agent's DMs, oldest first: the agent opens each one with a customer invited (one
    request per room, so 1,000 rooms take minutes, not a quarter of an hour); in the newest
    ``FIRST_ROOMS`` the customer has joined and written, as in a live inbox."""
    created: dict[int, str] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(rooms):
        queue.put_nowait(number)
    agent_client = nio_client(url, agent)
    clients = [nio_client(url, customer) for customer in customers]

    async def worker() -> None:
        while not queue.empty():
            number = queue.get_nowait()
            customer = customers[number % len(customers)]
            answer = await agent_client.room_create(invite=[customer.user_id], is_direct=True)
            if not isinstance(answer, RoomCreateResponse):
                raise RuntimeError(f"createRoom failed: {answer}")
            created[number] = answer.room_id
            if len(created) % 100 == 0:
                print(f"  {len(created)} rooms", file=sys.stderr)

    await asyncio.gather(*(worker() for _ in range(CREATE_CONCURRENCY)))
    ordered = [created[number] for number in range(rooms)]
    for number in range(max(0, rooms - FIRST_ROOMS), rooms):
        owner = clients[number % len(clients)]
        await owner.join(ordered[number])
        await owner.room_send(ordered[number], "m.room.message",
                              {"msgtype": "m.text", "body": f"Hola, soy cliente {number}"})
    for client in (agent_client, *clients):
        await client.close()
    return ordered


def prepare(cache: Path, rooms: int, python: str) -> dict[str, Any]:
    """Build the cached data folder once; return the users and rooms in it."""
    manifest = cache / "manifest.json"
    if manifest.exists():
        data: dict[str, Any] = json.loads(manifest.read_text())
        return data
    building = cache.with_name(cache.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    server = SynapseServer(building / "data", python=python)
    print(f"preparing {rooms} rooms (once; cached in {cache})", file=sys.stderr)
    server.start()
    try:
        agent = server.register("agent", displayname="Ana")
        # One customer per 50 rooms keeps the setup quick; each room is still its own DM.
        customers = [server.register(f"customer{i}", displayname=f"Cliente {i}")
                     for i in range(max(1, rooms // 50))]
        room_ids = asyncio.run(_create_rooms(server.url, agent, customers, rooms))
    finally:
        server.stop()
    newest = len(room_ids) - 1
    data = {"agent": agent.__dict__, "customer": customers[newest % len(customers)].__dict__,
            "room": room_ids[newest], "rooms": room_ids}
    (building / "manifest.json").write_text(json.dumps(data))
    shutil.rmtree(cache, ignore_errors=True)
    building.rename(cache)
    return data


async def measure(url: str, agent: MatrixUser, customer: MatrixUser, room_id: str,
                  rooms: int, messages: int) -> dict[str, float]:
    arrivals: list[tuple[float, ConnectorEvent]] = []
    changed = asyncio.Event()

    def emit(event: ConnectorEvent) -> None:
        arrivals.append((time.perf_counter(), event))
        changed.set()

    async def until(predicate: Any, timeout: float = 120.0) -> float:
        deadline = time.monotonic() + timeout
        while True:
            for at, event in arrivals:
                if predicate(event):
                    return at
            changed.clear()
            if time.monotonic() > deadline:
                raise TimeoutError("the event did not come")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), 1.0)

    settings = {"homeserver": url, "user_id": agent.user_id, "device_id": agent.device_id}
    secret = json.dumps({"access_token": agent.access_token, "device_id": agent.device_id})
    connector = MatrixConnector(AccountConfig(1, "matrix", "bench", settings, "bench"),
                                secret, emit, None)
    started = time.perf_counter()
    task = asyncio.get_running_loop().create_task(connector.run())
    async def nth_room(n: int) -> float:
        """When the n-th ConversationInfo was emitted."""
        await until(lambda _e: sum(isinstance(e, ConversationInfo) for _t, e in arrivals) >= n)
        return [t for t, e in arrivals if isinstance(e, ConversationInfo)][n - 1]

    first = await nth_room(min(FIRST_ROOMS, rooms)) - started
    every = await nth_room(rooms) - started
    listed = [e for _t, e in arrivals if isinstance(e, ConversationInfo)]
    newest_first = all(a.last_activity >= b.last_activity for a, b in itertools.pairwise(listed))

    other = nio_client(url, customer)
    await asyncio.sleep(1.0)  # the connector is in its long poll
    latencies: list[float] = []
    for number in range(messages):
        text = f"benchmark message {number} ¿llegó?"
        sent = time.perf_counter()
        answer = await other.room_send(room_id, "m.room.message",
                                       {"msgtype": "m.text", "body": text})
        if not getattr(answer, "event_id", None):
            raise RuntimeError(f"send failed: {answer}")
        arrived = await until(lambda e, text=text: isinstance(e, IncomingMessage)
                              and e.text == text, 30)
        latencies.append((arrived - sent) * 1000)
        await asyncio.sleep(0.2)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await connector.close()

    # A restart: the app is closed, a customer writes, the app starts from its cursor.
    cursor = [e for _t, e in arrivals if isinstance(e, CursorMoved)][-1].cursor
    await other.room_send(room_id, "m.room.message",
                          {"msgtype": "m.text", "body": "written while you were away"})
    await other.close()
    arrivals.clear()
    connector = MatrixConnector(AccountConfig(1, "matrix", "bench", settings, "bench"),
                                secret, emit, cursor)
    started = time.perf_counter()
    task = asyncio.get_running_loop().create_task(connector.run())
    restart = await until(lambda e: isinstance(e, IncomingMessage)
                          and e.text == "written while you were away") - started
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await connector.close()
    print(f"rooms listed: {len(listed)}, newest first: {newest_first}")
    print(f"first {FIRST_ROOMS} rooms after {first:.2f} s, all {rooms} after {every:.2f} s")
    print(f"receive → emit: median {statistics.median(latencies):.1f} ms, "
          f"max {max(latencies):.1f} ms over {messages}")
    print(f"restart from the cursor: the message written meanwhile after {restart:.2f} s")
    return {"first_rooms_s": round(first, 3), "all_rooms_s": round(every, 3),
            "restart_to_message_s": round(restart, 3),
            "receive_to_emit_ms": round(statistics.median(latencies), 1)}


@contextlib.contextmanager
def cached_synapse(rooms: int) -> Iterator[tuple[SynapseServer, dict[str, Any]]]:
    """A real Synapse running on a copy of the prepared data folder of ``rooms`` rooms
    (built on first use), with the manifest: agent, customer, newest room, every room."""
    python = synapse_python()
    version = (Path(python).parent.parent / ".deskreply-synapse-installed").read_text().split()[0]
    cache = ROOT / ".synapse-cache" / f"{CACHE_FORMAT}-{rooms}-synapse{version}"
    data = prepare(cache, rooms, python)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "data"
        shutil.copytree(cache / "data", work)
        server = SynapseServer(work, python=python)
        begun = time.perf_counter()
        server.start()
        print(f"Synapse {version} up in {time.perf_counter() - begun:.1f} s")
        try:
            yield server, data
        finally:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()
    with cached_synapse(args.rooms) as (server, data):
        agent = MatrixUser(**data["agent"])
        customer = MatrixUser(**data["customer"])
        figures = asyncio.run(measure(server.url, agent, customer, data["room"],
                                      args.rooms, args.messages))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
