"""Connector events applied to a real store file (headless)."""

from __future__ import annotations

from pathlib import Path

from deskreply.connectors.base import (
    Attachment,
    CursorMoved,
    DeliveryChanged,
    IncomingMessage,
    Status,
    StatusChanged,
)
from deskreply.inbox_sync import InboxSync, account_config
from deskreply.store import Store


def mail(login: int, n: int, **extra: object) -> IncomingMessage:
    return IncomingMessage(login, "email", "ana@cliente.test", "Ana Pérez", f"Mensaje {n} ñ",
                           f"<m{n}@cliente.test>", 1_700_000_000 + n,
                           thread={"subject": f"Pedido {n}", "message_id": f"<m{n}@c>"},
                           **extra)  # type: ignore[arg-type]


def test_messages_become_one_conversation_per_address_and_repeats_are_ignored(
        tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite3") as store:
        login = store.add_login("email", "Support", {"address": "help@shop.test"})
        sync = InboxSync(store)
        result = sync.apply([mail(login, 1), mail(login, 2, attachments=(
            Attachment("factura.pdf", 2048, "application/pdf"),)), CursorMoved(login, "9:2")])
        (cid,) = result.changed_conversations
        assert [m.text for m in result.new_messages] == ["Mensaje 1 ñ", "Mensaje 2 ñ"]
        again = sync.apply([mail(login, 2), CursorMoved(login, "9:2")])
        assert again.new_messages == [] and again.changed_conversations == set()
        assert store.login(login).cursor == "9:2"
        assert [m.text for m in store.messages(cid)] == ["Mensaje 1 ñ", "Mensaje 2 ñ"]
        assert store.reply_thread(cid) == {"subject": "Pedido 2", "message_id": "<m2@c>"}
        second = store.messages(cid)[-1]
        assert store.message_meta(second.id)["attachments"] == [
            {"name": "factura.pdf", "size": 2048, "type": "application/pdf"}]
        assert store.conversation(cid).waiting_since == 1_700_000_001
        assert account_config(store.login(login)).settings == {"address": "help@shop.test"}


def test_a_teammates_reply_seen_on_the_channel_answers_the_customer(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite3") as store:
        login = store.add_login("email", "Support")
        sync = InboxSync(store)
        sync.apply([mail(login, 1)])
        reply = IncomingMessage(login, "email", "ana@cliente.test", "Ana Pérez", "Ya está",
                                "<r1@shop>", 1_700_000_100, from_us=True, sender_name="Marta")
        result = sync.apply([reply, reply])
        (message,) = result.new_messages
        assert (message.direction, message.sender, message.state) == ("out", "Marta", "sent")
        assert store.conversation(message.conversation_id).waiting_since is None


def test_deliveries_statuses_and_events_of_a_removed_login(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite3") as store:
        login = store.add_login("email", "Support")
        cid = store.find_or_create_conversation("email", "Ana", "ana@c", account="Support",
                                                login_id=login)
        reply = store.add_outgoing(cid, "Hola", channel_message_id="<o@shop>")
        sync = InboxSync(store)
        result = sync.apply([
            StatusChanged(login, Status.ONLINE),
            DeliveryChanged(login, reply.id, "sending", "<o@shop>"),
            DeliveryChanged(login, reply.id, "sent", "<o@shop>")])
        assert [s.status for s in result.statuses] == [Status.ONLINE]
        assert [d[1] for d in result.deliveries] == ["sending", "sent"]
        assert store.message(reply.id).state == "sent" and store.outbox_entries() == []
        store.remove_login(login)
        sync.forget_login(login)
        late = sync.apply([mail(login, 5), DeliveryChanged(login, reply.id, "read")])
        assert late.new_messages == [] and late.deliveries == []


def test_rooms_show_before_their_messages_typing_and_late_receipts(tmp_path: Path) -> None:
    from deskreply.connectors.base import ConversationInfo, TypingChanged

    with Store.open(tmp_path / "db.sqlite3") as store:
        login = store.add_login("matrix", "Team")
        sync = InboxSync(store)
        result = sync.apply([
            ConversationInfo(login, "whatsapp", "!room:hs", "Ana (WhatsApp)"),
            ConversationInfo(login, "matrix", "!secret:hs", "Bo", encrypted=True)])
        assert len(result.changed_conversations) == 2
        room = store.conversation_of_handle(login, "!room:hs")
        secret = store.conversation_of_handle(login, "!secret:hs")
        assert room is not None and store.conversation(room).channel == "whatsapp"
        assert result.encrypted == {secret}
        # Kept in the store, so the chat still says so after a restart.
        assert store.conversation(secret).encrypted and not store.conversation(room).encrypted
        again = sync.apply([ConversationInfo(login, "matrix", "!secret:hs", "Bo")])
        assert again.encrypted == set() and store.conversation(secret).encrypted
        typing = sync.apply([TypingChanged(login, "!room:hs", ("Marta",)),
                             TypingChanged(login, "!unknown:hs", ("X",))])
        assert typing.typing == {room: ("Marta",)}
        # A reply sent before this start: its receipt carries only the channel's id.
        reply = store.add_outgoing(room, "Hola", channel_message_id="$event1")
        store.mark_sent(reply.id, "$event1")
        late = sync.apply([DeliveryChanged(login, 0, "read", "$event1"),
                           DeliveryChanged(login, 0, "read", "$nobody")])
        assert [d[:2] for d in late.deliveries] == [(reply.id, "read")]
        assert store.message(reply.id).state == "read"
