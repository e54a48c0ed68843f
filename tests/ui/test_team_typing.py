"""On a team channel, the window shows who else is typing and tells the others when we type."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest

from deskreply.connectors import registry
from deskreply.connectors.base import (
    AccountConfig,
    ConversationShared,
    Emit,
    OutgoingMessage,
    Status,
    StatusChanged,
    TestResult,
    TypingChanged,
)
from deskreply.paths import app_paths
from deskreply.store import Store
from deskreply.ui.untrusted import isolate
from tests.ui.helpers import click_chat, list_ids, type_text

ROOM = "!customer:team.test"


class TeamRoom:
    """A team channel: a teammate types in the customer's room; records our typing."""

    kind: ClassVar[str] = "teamroom"
    ours: ClassVar[list[tuple[str, bool]]] = []
    shared: ClassVar[list[tuple[str, str | None, bool | None]]] = []
    emit: ClassVar[Emit]

    def __init__(self, account: AccountConfig, secret: str | None, emit: Emit,
                 cursor: str | None) -> None:
        self.account = account
        type(self).emit = emit

    def new_channel_message_id(self) -> str:
        return "txn-1"

    async def run(self) -> None:
        type(self).emit(StatusChanged(self.account.id, Status.ONLINE))
        await asyncio.Event().wait()

    async def send(self, message: OutgoingMessage) -> str:
        return "$sent"

    async def set_typing(self, contact_handle: str, typing: bool) -> None:
        type(self).ours.append((contact_handle, typing))

    async def set_shared(self, contact_handle: str, *, claimed_by: str | None = None,
                         done: bool | None = None) -> None:
        type(self).shared.append((contact_handle, claimed_by, done))

    async def test(self) -> TestResult:
        return TestResult(True, "ok")

    async def close(self) -> None:
        pass


@pytest.fixture
def team_room(monkeypatch: pytest.MonkeyPatch) -> type[TeamRoom]:
    monkeypatch.setitem(registry.CONNECTORS, "teamroom", f"{__name__}:TeamRoom")
    TeamRoom.ours = []
    TeamRoom.shared = []
    return TeamRoom


def test_typing_both_ways(qtbot: Any, make_window: Any, data_dir: Any,
                          team_room: type[TeamRoom]) -> None:
    with Store.open(app_paths(data_dir).database) as store:
        login = store.add_login("teamroom", "Team")
        cid = store.find_or_create_conversation("whatsapp", "Ana", ROOM, account="Team",
                                                login_id=login)
        store.add_incoming(cid, "Hola, ¿me ayudan?")
    window = make_window()
    qtbot.waitUntil(lambda: window.channel_status.text_of(login).startswith("●"),
                    timeout=5000)
    click_chat(qtbot, window, cid)
    assert not window.typing_line.isVisible()
    team_room.emit(TypingChanged(login, ROOM, ("Marta",)))
    qtbot.waitUntil(window.typing_line.isVisible, timeout=5000)
    assert window.typing_line.text() == f"{isolate('Marta')} is typing…"
    # Another chat does not show this room's typing.
    other = next(c for c in list_ids(window) if c != cid)
    click_chat(qtbot, window, other)
    assert not window.typing_line.isVisible()
    click_chat(qtbot, window, cid)
    assert window.typing_line.isVisible()
    team_room.emit(TypingChanged(login, ROOM, ()))
    qtbot.waitUntil(lambda: not window.typing_line.isVisible(), timeout=5000)

    type_text(window.composer.edit, "Hola Ana")
    qtbot.waitUntil(lambda: team_room.ours == [(ROOM, True)], timeout=5000)
    click_chat(qtbot, window, other)  # leaving the chat: the others stop seeing us type
    qtbot.waitUntil(lambda: team_room.ours == [(ROOM, True), (ROOM, False)], timeout=5000)


def test_claims_and_done_travel_both_ways(qtbot: Any, make_window: Any, data_dir: Any,
                                          team_room: type[TeamRoom]) -> None:
    from deskreply.settings import Settings

    with Store.open(app_paths(data_dir).database) as store:
        login = store.add_login("teamroom", "Team")
        cid = store.find_or_create_conversation("whatsapp", "Ana", ROOM, account="Team",
                                                login_id=login)
        store.add_incoming(cid, "Hola, ¿me ayudan?")
    window = make_window(settings=Settings(undo_send_seconds=0, agent_name="Laura"))
    qtbot.waitUntil(lambda: window.channel_status.text_of(login).startswith("●"),
                    timeout=5000)
    # A teammate takes it on another computer: every list shows it.
    team_room.emit(ConversationShared(login, ROOM, claimed_by="Marta"))
    qtbot.waitUntil(lambda: window.store.claimed_by(cid) == "Marta", timeout=5000)
    team_room.emit(ConversationShared(login, ROOM, claimed_by=""))
    qtbot.waitUntil(lambda: window.store.claimed_by(cid) == "", timeout=5000)
    # We take it, and finish it: the team hears of both.
    click_chat(qtbot, window, cid)
    window.inbox_part.toggle_claim()
    window.inbox_part.toggle_done()
    qtbot.waitUntil(lambda: team_room.shared == [(ROOM, "Laura", None), (ROOM, None, True)],
                    timeout=5000)
