"""Which network a Matrix room is on, and who the customer in it is.

A bridge (mautrix-whatsapp, mautrix-meta, mautrix-telegram, mautrix-signal...) marks each
portal room with a state event ``m.bridge`` (MSC2346) and the older ``uk.half-shot.bridge``
with the same content::

    {"bridgebot": "@whatsappbot:example.org",
     "protocol": {"id": "whatsapp", "displayname": "WhatsApp"},
     "channel": {"id": "5491122334455@s.whatsapp.net", "displayname": "María López"}}

The customer is the bridge's ghost user in the room, and their name is the ``displayname``
of the ghost's ``m.room.member`` event. Rooms without bridge state are plain Matrix rooms
(channel ``matrix``); old bridges that set no state are recognised by their ghosts' user ids
(``@whatsapp_5491...:server``).

Pure functions over :class:`RoomState`: no network, tested without a server.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from deskreply.store.rows import CHANNELS

BRIDGE_EVENT_TYPES = ("m.bridge", "uk.half-shot.bridge")
# Set by DeskReply in its own m.room.member content: this member answers for the business
# (a teammate), so a room with a customer and three agents is still that customer's chat.
AGENT_MARK = "com.deskreply.agent"
ENCRYPTION_EVENT = "m.room.encryption"

# protocol.id as the bridges set it -> deskreply channel. mautrix-meta says "facebook" or
# "instagram"; older mautrix-facebook "facebook"; some forks "messenger".
PROTOCOLS: Mapping[str, str] = {
    "whatsapp": "whatsapp",
    "instagram": "instagram",
    "facebook": "messenger",
    "messenger": "messenger",
    "facebook-messenger": "messenger",
    "telegram": "telegram",
    "signal": "signal",
}
# Ghost user localpart prefixes of the mautrix bridges' default namespaces.
GHOST_PREFIXES: Mapping[str, str] = {
    "whatsapp_": "whatsapp",
    "instagram_": "instagram",
    "facebook_": "messenger",
    "messenger_": "messenger",
    "telegram_": "telegram",
    "signal_": "signal",
}
PLAIN_MATRIX = "matrix"


@dataclass
class RoomState:
    """The current state of one room, as far as sync has told us."""

    room_id: str
    state: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    last_activity: float = 0.0  # unix time of the newest event seen

    def apply(self, event: Mapping[str, Any]) -> None:
        """Apply one state event (a raw event dict with ``state_key``)."""
        key = event.get("state_key")
        kind = event.get("type")
        if not isinstance(key, str) or not isinstance(kind, str):
            return
        content = event.get("content")
        self.state[(kind, key)] = dict(content) if isinstance(content, dict) else {}

    def get(self, kind: str, key: str = "") -> dict[str, Any] | None:
        return self.state.get((kind, key))

    def members(self) -> list[str]:
        """Users joined or invited, in the order their member events arrived."""
        return [key for (kind, key), content in self.state.items()
                if kind == "m.room.member" and content.get("membership") in ("join", "invite")]

    def agents(self) -> set[str]:
        """Joined members whose member event carries :data:`AGENT_MARK` (DeskReply users)."""
        return {key for (kind, key), content in self.state.items()
                if kind == "m.room.member" and content.get("membership") == "join"
                and content.get(AGENT_MARK)}

    def display_name(self, user_id: str) -> str:
        content = self.get("m.room.member", user_id) or {}
        name = content.get("displayname")
        if isinstance(name, str) and name.strip():
            return name.strip()
        return user_id.split(":", 1)[0].lstrip("@")

    @property
    def encrypted(self) -> bool:
        return self.get(ENCRYPTION_EVENT) is not None

    @property
    def name(self) -> str:
        content = self.get("m.room.name") or {}
        value = content.get("name")
        return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class Bridge:
    channel: str
    bot: str = ""  # the bridge bot's user id: neither customer nor one of us


@dataclass(frozen=True)
class RoomKind:
    """What DeskReply makes of a room."""

    channel: str
    contact_name: str
    customer: str  # the customer's user id ("" in a group)
    group: bool  # more than one person outside the team, or nobody
    bridged: bool
    bot: str = ""


def channel_of(protocol_id: str) -> str:
    channel = PROTOCOLS.get(protocol_id.strip().lower(), PLAIN_MATRIX)
    return channel if channel in CHANNELS else PLAIN_MATRIX


def bridge_of(room: RoomState) -> Bridge | None:
    """The bridge that marked this room, from ``m.bridge`` / ``uk.half-shot.bridge``."""
    for (kind, _key), content in room.state.items():
        if kind not in BRIDGE_EVENT_TYPES or not content:
            continue
        protocol = content.get("protocol")
        protocol_id = protocol.get("id") if isinstance(protocol, dict) else None
        if not isinstance(protocol_id, str):
            continue
        bot = content.get("bridgebot")
        return Bridge(channel_of(protocol_id), bot if isinstance(bot, str) else "")
    return None


def ghost_channel(user_id: str) -> str | None:
    """The network of a bridge ghost recognised by its user id alone, or None."""
    localpart = user_id.split(":", 1)[0].lstrip("@").lower()
    for prefix, channel in GHOST_PREFIXES.items():
        if localpart.startswith(prefix) and channel in CHANNELS:
            return channel
    return None


def classify(room: RoomState, us: Collection[str]) -> RoomKind:
    """Channel, customer and name of a room; ``us`` are our and our teammates' user ids
    (members marked as DeskReply agents count as teammates too)."""
    us = {*us, *room.agents()}
    bridge = bridge_of(room)
    bot = bridge.bot if bridge else ""
    outsiders = [user for user in room.members() if user not in us and user != bot]
    channel = bridge.channel if bridge else PLAIN_MATRIX
    if bridge is None and len(outsiders) == 1:
        guessed = ghost_channel(outsiders[0])
        if guessed:
            channel = guessed
    bridged = bridge is not None or channel != PLAIN_MATRIX
    if len(outsiders) == 1:
        customer = outsiders[0]
        name = room.display_name(customer)
        return RoomKind(channel, name, customer, False, bridged, bot)
    name = room.name or ", ".join(room.display_name(user) for user in outsiders[:3])
    return RoomKind(channel, name or room.room_id, "", True, bridged, bot)
