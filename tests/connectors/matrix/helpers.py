"""Helpers for the Matrix tests: event collection, a second client, a slow proxy."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from aiohttp import ClientSession, web
from nio import AsyncClient, MessageDirection, RoomCreateResponse, RoomMessagesResponse

from deskreply.connectors.base import AccountConfig, ConnectorEvent
from deskreply.connectors.matrix.connector import MatrixConnector
from tests.servers.synapse import MatrixUser, SynapseServer


class Events:
    """Collects a connector's events, with their arrival times, and waits for one."""

    def __init__(self) -> None:
        self.items: list[tuple[float, ConnectorEvent]] = []
        self._changed = asyncio.Event()

    def __call__(self, event: ConnectorEvent) -> None:
        self.items.append((time.monotonic(), event))
        self._changed.set()

    def of(self, kind: type) -> list[Any]:
        return [event for _at, event in self.items if isinstance(event, kind)]

    async def wait(self, predicate: Callable[[ConnectorEvent], bool],
                   timeout: float = 10.0) -> tuple[float, Any]:
        deadline = time.monotonic() + timeout
        checked = 0
        while True:
            for at, event in self.items[checked:]:
                if predicate(event):
                    return at, event
            checked = len(self.items)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching event in {timeout} s; got {self.items[-8:]}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)


def account(user: MatrixUser, server: SynapseServer | str, account_id: int = 1,
            **settings: Any) -> AccountConfig:
    url = server if isinstance(server, str) else server.url
    values = {"homeserver": url, "user_id": user.user_id, "device_id": user.device_id}
    values.update(settings)
    return AccountConfig(account_id, "matrix", "Matrix", values, "matrix:test")


def secret(user: MatrixUser) -> str:
    return f'{{"access_token": "{user.access_token}", "device_id": "{user.device_id}"}}'


class Running:
    """A connector running on the test's loop."""

    def __init__(self, user: MatrixUser, server: SynapseServer | str, cursor: str | None = None,
                 account_id: int = 1, token: str | None = None, **settings: Any) -> None:
        self.events = Events()
        self.connector = MatrixConnector(account(user, server, account_id, **settings),
                                         token if token is not None else secret(user),
                                         self.events, cursor)
        self.connector.reconnect_delays = (0.3, 0.5, 1.0)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Running:
        self.task = asyncio.get_running_loop().create_task(self.connector.run())
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
            await self.connector.close()

    @property
    def cursor(self) -> str | None:
        from deskreply.connectors.base import CursorMoved
        moves = self.events.of(CursorMoved)
        return moves[-1].cursor if moves else None


def client(server: SynapseServer, user: MatrixUser) -> AsyncClient:
    """A second Matrix client (the customer, a bridge, a teammate) on matrix-nio."""
    other = AsyncClient(server.url, user.user_id, device_id=user.device_id)
    other.access_token = user.access_token
    other.user_id = user.user_id
    return other


async def create_room(owner: AsyncClient, invite: list[str], **options: Any) -> str:
    answer = await owner.room_create(invite=invite, **options)
    assert isinstance(answer, RoomCreateResponse), answer
    return str(answer.room_id)


async def bodies(reader: AsyncClient, room_id: str, limit: int = 200) -> list[str]:
    """Every m.room.message body in the room, oldest first, as ``reader`` sees it."""
    answer = await reader.room_messages(room_id, start=None, direction=MessageDirection.back,
                                        limit=limit)
    assert isinstance(answer, RoomMessagesResponse), answer
    return [event.source["content"].get("body", "") for event in reversed(answer.chunk)
            if event.source.get("type") == "m.room.message"]


class HoldingProxy:
    """An HTTP proxy on 127.0.0.1 in front of Synapse that forwards every request at once
    but holds back the answer to message sends: the request has reached the homeserver,
    the sender has not heard back (a crash or lost connection in the middle of sending)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.held = asyncio.Event()
        self.release = asyncio.Event()
        self.drop_sends = 0  # message sends to answer with 502 after Synapse stored them
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self.url = ""

    async def start(self) -> None:
        self._session = ClientSession()
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("authorization", "content-type")}
        async with self._session.request(request.method, self.upstream + request.path_qs,
                                         data=body, headers=headers) as answer:
            payload = await answer.read()
            status = answer.status
        if request.method == "PUT" and "/send/" in request.path:
            if self.drop_sends > 0:  # stored upstream, but the sender hears a gateway error
                self.drop_sends -= 1
                return web.json_response({"errcode": "M_UNKNOWN", "error": "Bad Gateway"},
                                         status=502)
            self.held.set()
            await self.release.wait()
        return web.Response(body=payload, status=status, content_type="application/json")

    async def close(self) -> None:
        self.release.set()
        if self._session is not None:  # first: ends forwarded long polls at once
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
