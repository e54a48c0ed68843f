"""Which network a Matrix room is on and who the customer is, from room state alone."""

from __future__ import annotations

from typing import Any

import pytest

from deskreply.connectors.matrix.bridges import RoomState, bridge_of, channel_of, classify
from deskreply.connectors.matrix.connector import parse_secret
from deskreply.store.rows import CHANNELS

US = {"@ana:hs", "@beto:hs"}


def room(*events: dict[str, Any]) -> RoomState:
    state = RoomState("!r:hs")
    for event in events:
        state.apply(event)
    return state


def member(user: str, name: str | None = None, membership: str = "join") -> dict[str, Any]:
    content: dict[str, Any] = {"membership": membership}
    if name is not None:
        content["displayname"] = name
    return {"type": "m.room.member", "state_key": user, "content": content}


def bridge(protocol: str, bot: str = "@bot:hs", kind: str = "m.bridge") -> dict[str, Any]:
    return {"type": kind, "state_key": f"net.maunium.{protocol}://x",
            "content": {"bridgebot": bot, "protocol": {"id": protocol}}}


@pytest.mark.parametrize(("protocol", "channel"), [
    ("whatsapp", "whatsapp"), ("instagram", "instagram"), ("facebook", "messenger"),
    ("messenger", "messenger"), ("telegram", "telegram"), ("signal", "signal"),
    ("WhatsApp", "whatsapp"), ("discord", "matrix")])
def test_protocol_ids_map_onto_channels(protocol: str, channel: str) -> None:
    assert channel_of(protocol) == channel
    assert channel in CHANNELS


def test_a_bridged_dm_names_the_ghost_and_ignores_the_bot() -> None:
    state = room(member("@ana:hs", "Ana"), member("@bot:hs", "Bridge bot"),
                 member("@whatsapp_549:hs", "María López"), bridge("whatsapp"))
    kind = classify(state, US)
    assert (kind.channel, kind.contact_name, kind.customer, kind.group, kind.bridged) == (
        "whatsapp", "María López", "@whatsapp_549:hs", False, True)


def test_the_older_half_shot_event_is_read_too() -> None:
    state = room(member("@ana:hs"), member("@ig:hs", "Lu"),
                 bridge("instagram", kind="uk.half-shot.bridge"))
    assert classify(state, US).channel == "instagram"
    assert bridge_of(room(member("@a:hs"))) is None


def test_old_bridges_without_state_are_known_by_their_ghosts() -> None:
    state = room(member("@ana:hs"), member("@telegram_12345:hs", "Iván"))
    kind = classify(state, US)
    assert (kind.channel, kind.bridged, kind.contact_name) == ("telegram", True, "Iván")


def test_plain_rooms_teammates_and_groups() -> None:
    dm = classify(room(member("@ana:hs"), member("@beto:hs"), member("@tom:hs", "Tom")), US)
    assert (dm.channel, dm.contact_name, dm.group, dm.bridged) == ("matrix", "Tom", False, False)
    invited = classify(room(member("@ana:hs"), member("@tom:hs", membership="invite")), US)
    assert invited.contact_name == "tom" and not invited.group  # no displayname: localpart
    gone = classify(room(member("@ana:hs"), member("@tom:hs", "Tom", "leave")), US)
    assert gone.group  # nobody outside the team: not a customer conversation
    group = room(member("@ana:hs"), member("@a:hs", "A"), member("@b:hs", "B"),
                 {"type": "m.room.name", "state_key": "", "content": {"name": "Vecinos"}})
    assert (classify(group, US).group, classify(group, US).contact_name) == (True, "Vecinos")


def test_encryption_is_read_from_state() -> None:
    state = room(member("@ana:hs"), {"type": "m.room.encryption", "state_key": "",
                                     "content": {"algorithm": "m.megolm.v1.aes-sha2"}})
    assert state.encrypted and not room(member("@ana:hs")).encrypted


def test_the_secret_is_a_bare_token_or_json() -> None:
    assert parse_secret("syt_abc") == ("syt_abc", "")
    assert parse_secret('{"access_token": "syt_abc", "device_id": "DEV"}') == ("syt_abc", "DEV")
    assert parse_secret(None) == ("", "")
    assert parse_secret("{broken") == ("", "")


def test_members_marked_as_deskreply_agents_are_teammates() -> None:
    from deskreply.connectors.matrix.bridges import AGENT_MARK

    marked = member("@marta:hs", "Marta")
    marked["content"][AGENT_MARK] = True
    left = member("@old:hs", "Old", membership="leave")
    left["content"][AGENT_MARK] = True
    state = room(member("@ana:hs", "Ana"), marked, member("@lu:hs", "Lucía"), left)
    assert state.agents() == {"@marta:hs"}
    kind = classify(state, {"@ana:hs"})
    assert (kind.contact_name, kind.customer, kind.group) == ("Lucía", "@lu:hs", False)
    # Unmarked, the same teammate makes it a group with two outsiders.
    plain = room(member("@ana:hs"), member("@marta:hs", "Marta"), member("@lu:hs", "Lucía"))
    assert classify(plain, {"@ana:hs"}).group
