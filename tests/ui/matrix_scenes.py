"""Matrix rooms set up on a real Synapse the way the other side makes them, for the window
tests and ``scripts/matrix_screenshots.py``: a customer's encrypted DM, a WhatsApp portal as
mautrix-whatsapp builds it (the bridge bot creates the room with its ``m.bridge`` state, the
ghost user speaks), and a teammate's claim as another DeskReply writes it.

The other side's clients run on a loop of their own (:class:`OtherSide`), so a Qt test can
call them between GUI steps without an event loop of its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from nio import AsyncClient, RoomPutStateError, RoomSendResponse

from deskreply.connectors.matrix.connector import CLAIM_EVENT
from deskreply.secrets import secret_ref
from deskreply.store import Store
from tests.connectors.matrix.helpers import client, create_room
from tests.servers.synapse import MatrixUser, SynapseServer

MEGOLM = "m.megolm.v1.aes-sha2"


def add_matrix_login(store: Store, secrets: Any, synapse: SynapseServer, agent: MatrixUser,
                     name: str = "Equipo", **settings: Any) -> int:
    """A Matrix login for ``agent`` as the Accounts dialog leaves it: settings in the store,
    the access token in ``secrets``. Returns the login id."""
    ref = secret_ref("matrix", name, "token")
    values = {"homeserver": synapse.url, "user_id": agent.user_id,
              "device_id": agent.device_id, **settings}
    login = store.add_login("matrix", name, values, ref)
    secrets.set(ref, f'{{"access_token": "{agent.access_token}", '
                     f'"device_id": "{agent.device_id}"}}')
    return login


@dataclass
class Portal:
    room_id: str
    ghost: AsyncClient
    bot: AsyncClient


class OtherSide:
    """Customers, bridges and teammates: matrix-nio clients on their own event loop."""

    def __init__(self, synapse: SynapseServer) -> None:
        self.synapse = synapse
        self.loop = asyncio.new_event_loop()
        self._clients: list[AsyncClient] = []

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(coroutine)

    def client(self, user: MatrixUser) -> AsyncClient:
        other = client(self.synapse, user)
        self._clients.append(other)
        return other

    def close(self) -> None:
        for other in self._clients:
            self.run(other.close())
        self.loop.close()

    # -- rooms ---------------------------------------------------------------------------------
    def direct_chat(self, customer: AsyncClient, invite: list[str],
                    encrypted: bool = False) -> str:
        state = [{"type": "m.room.encryption", "state_key": "",
                  "content": {"algorithm": MEGOLM}}] if encrypted else []
        return str(self.run(create_room(customer, invite, is_direct=True,
                                        initial_state=state)))

    def whatsapp_portal(self, bot_user: MatrixUser, ghost_user: MatrixUser, phone: str,
                        name: str, invite: list[str], **options: Any) -> Portal:
        """A portal room as mautrix-whatsapp makes it; the ghost has joined."""
        bot, ghost = self.client(bot_user), self.client(ghost_user)
        content = {
            "bridgebot": bot_user.user_id, "creator": bot_user.user_id,
            "protocol": {"id": "whatsapp", "displayname": "WhatsApp",
                         "external_url": "https://www.whatsapp.com/"},
            "channel": {"id": f"{phone}@s.whatsapp.net", "displayname": name},
        }
        key = f"net.maunium.whatsapp://whatsapp/{phone}@s.whatsapp.net"
        room_id = self.run(create_room(
            bot, [ghost_user.user_id, *invite], is_direct=True,
            initial_state=[{"type": "m.bridge", "state_key": key, "content": content},
                           {"type": "uk.half-shot.bridge", "state_key": key,
                            "content": content}], **options))
        self.run(ghost.join(room_id))
        return Portal(str(room_id), ghost, bot)

    def say(self, speaker: AsyncClient, room_id: str, text: str) -> str:
        answer = self.run(speaker.room_send(room_id, "m.room.message",
                                            {"msgtype": "m.text", "body": text}))
        assert isinstance(answer, RoomSendResponse), answer
        return str(answer.event_id)

    def say_encrypted(self, speaker: AsyncClient, room_id: str, device_id: str) -> None:
        """What an end-to-end client puts in the room: ciphertext only."""
        answer = self.run(speaker.room_send(room_id, "m.room.encrypted", {
            "algorithm": MEGOLM, "sender_key": "c2VuZGVyIGtleQ",
            "ciphertext": "QW5vdGhlciBzZWNyZXQgbWVzc2FnZQ", "session_id": "c2Vzc2lvbg",
            "device_id": device_id}))
        assert isinstance(answer, RoomSendResponse), answer

    def join(self, member: AsyncClient, room_id: str) -> None:
        self.run(member.join(room_id))

    def claim(self, teammate: AsyncClient, room_id: str, name: str) -> None:
        """A teammate's DeskReply takes the chat: room state, or where the power levels do
        not let them set state, the same content as a timeline event (as the connector)."""
        content = {"claimed_by": name, "claimed_by_user": teammate.user_id, "done": False,
                   "updated_at": int(time.time() * 1000)}
        answer = self.run(teammate.room_put_state(room_id, CLAIM_EVENT, content, state_key=""))
        if isinstance(answer, RoomPutStateError):
            sent = self.run(teammate.room_send(room_id, CLAIM_EVENT, content))
            assert isinstance(sent, RoomSendResponse), sent
