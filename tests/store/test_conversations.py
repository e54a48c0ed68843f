"""Conversations, messages, the chat-list orders, drafts, outbox, check events, meta."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deskreply.store import NotFoundError, Store

NOW = 1_750_000_000.0


def chat(store: Store, name: str, channel: str = "whatsapp") -> int:
    return store.find_or_create_conversation(channel, name, f"handle-{name}")


def test_find_or_create_returns_the_same_conversation_for_the_same_handle(store: Store) -> None:
    first = store.find_or_create_conversation("whatsapp", "Ana", "+34 600 000 001")
    again = store.find_or_create_conversation("whatsapp", "Ana López", "+34 600 000 001")
    other_channel = store.find_or_create_conversation("email", "Ana", "+34 600 000 001")
    other_account = store.find_or_create_conversation("whatsapp", "Ana", "+34 600 000 001",
                                                      account="shop-2")
    assert first == again
    assert len({first, other_channel, other_account}) == 3
    assert store.conversation(first).contact_name == "Ana López"  # name change followed
    assert store.conversation_count() == 3


def test_new_conversation_row(store: Store) -> None:
    before = time.time()
    cid = store.find_or_create_conversation("telegram", "Bo", "@bo", lang="en")
    row = store.conversation(cid)
    assert (row.contact_name, row.channel, row.lang, row.done) == ("Bo", "telegram", "en", False)
    assert (row.last_text, row.unread, row.waiting_since) == ("", 0, None)
    assert row.last_at >= before


def test_unknown_channel_and_unknown_ids_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="channel"):
        store.find_or_create_conversation("fax", "A", "1")
    with pytest.raises(NotFoundError):
        store.conversation(12345)
    with pytest.raises(NotFoundError):
        store.add_incoming(12345, "hola")
    with pytest.raises(NotFoundError):
        store.mark_read(12345)


def test_incoming_messages_update_the_list_columns(store: Store) -> None:
    cid = chat(store, "Ana")
    store.add_incoming(cid, "hola", sent_at=NOW)
    store.add_incoming(cid, "¿hay alguien?", sent_at=NOW + 60)
    row = store.conversation(cid)
    assert row.last_text == "¿hay alguien?"
    assert row.last_at == NOW + 60
    assert row.unread == 2
    assert row.waiting_since == NOW  # the oldest unanswered message
    assert [m.text for m in store.messages(cid)] == ["hola", "¿hay alguien?"]
    assert store.messages(cid)[0].sender == "Ana"
    assert store.messages(cid)[0].state == "received"


def test_an_older_message_arriving_late_does_not_replace_the_last_text(store: Store) -> None:
    cid = chat(store, "Ana")
    store.add_incoming(cid, "second", sent_at=NOW + 60)
    store.add_incoming(cid, "first", sent_at=NOW)
    row = store.conversation(cid)
    assert (row.last_text, row.last_at, row.waiting_since) == ("second", NOW + 60, NOW)
    assert [m.text for m in store.messages(cid)] == ["first", "second"]


def test_waiting_order_and_answering(store: Store) -> None:
    a, b, c, d = (chat(store, name) for name in "ABCD")
    store.add_incoming(a, "a", sent_at=NOW - 300)
    store.add_incoming(b, "b", sent_at=NOW - 600)  # waiting longest
    store.add_incoming(c, "c", sent_at=NOW - 100)
    store.add_incoming(d, "d", sent_at=NOW - 900)
    store.add_outgoing(d, "answered")  # d answered: leaves the waiting group
    assert store.conversation_ids("waiting") == [b, a, c, d]
    assert store.conversation_ids("recent") == [d, c, a, b]

    # A new message in an answered conversation puts it back, at its new waiting time.
    store.add_incoming(d, "one more thing", sent_at=time.time())
    assert store.conversation_ids("waiting") == [b, a, c, d]
    store.add_outgoing(b, "done")
    ids = store.conversation_ids("waiting")
    assert ids[:3] == [a, c, d]
    assert store.conversation(b).waiting_since is None

    # A message older than the current wait does not jump the queue.
    store.add_incoming(c, "earlier", sent_at=NOW - 1000)
    assert store.conversation_ids("waiting")[:2] == [c, a]


def test_answered_conversations_follow_by_recency_and_done_ones_come_last(store: Store) -> None:
    a, b, c = (chat(store, name) for name in "ABC")
    for cid in (a, b, c):
        store.add_incoming(cid, "hola", sent_at=NOW)
    store.add_outgoing(a, "first answer")
    store.add_outgoing(c, "second answer")
    store.set_done(c, True)
    assert store.conversation_ids("waiting") == [b, a, c]
    done = store.conversation(c)
    assert done.done and done.waiting_since is None and done.unread == 0
    store.add_incoming(c, "¡espera!")  # the customer writes again: open again, waiting
    reopened = store.conversation(c)
    assert not reopened.done and reopened.waiting_since is not None
    assert store.conversation_ids("waiting")[:2] == [b, c]


def test_answer_clears_unread_and_waiting_and_mark_read(store: Store) -> None:
    cid = chat(store, "Ana")
    store.add_incoming(cid, "uno", sent_at=NOW)
    store.add_incoming(cid, "dos", sent_at=NOW + 1)
    store.mark_read(cid)
    row = store.conversation(cid)
    assert row.unread == 0 and row.waiting_since == NOW  # read is not answered
    reply = store.add_outgoing(cid, "Hola Ana", sender="Laura")
    assert (reply.direction, reply.state, reply.sender) == ("out", "queued", "Laura")
    row = store.conversation(cid)
    assert row.waiting_since is None and row.last_text == "Hola Ana"


def test_duplicate_channel_message_id_is_ignored(store: Store) -> None:
    cid = chat(store, "Ana")
    first = store.add_incoming(cid, "hola", sent_at=NOW, channel_message_id="wamid.1")
    again = store.add_incoming(cid, "hola", sent_at=NOW, channel_message_id="wamid.1")
    other = chat(store, "Bea")
    elsewhere = store.add_incoming(other, "hola", sent_at=NOW, channel_message_id="wamid.1")
    assert again == first
    assert len(store.messages(cid)) == 1
    assert store.conversation(cid).unread == 1
    assert elsewhere.id != first.id  # ids are per conversation


def test_messages_limit_returns_the_latest_oldest_first(store: Store) -> None:
    cid = chat(store, "Ana")
    for n in range(10):
        store.add_incoming(cid, f"m{n}", sent_at=NOW + n)
    assert [m.text for m in store.messages(cid, limit=3)] == ["m7", "m8", "m9"]


def test_conversation_rows_batch(store: Store) -> None:
    ids = [chat(store, f"C{n}") for n in range(700)]  # more than one SQL chunk
    rows = store.conversation_rows([*ids, 99_999])
    assert set(rows) == set(ids)
    assert rows[ids[650]].contact_name == "C650"
    assert store.conversation_rows([]) == {}


def test_outbox_lifecycle(store: Store) -> None:
    a, b = chat(store, "A"), chat(store, "B")
    first = store.add_outgoing(a, "uno")
    second = store.add_outgoing(b, "dos")
    assert [m.id for m in store.outbox()] == [first.id, second.id]
    store.set_message_state(first.id, "failed", error="timeout")
    assert [m.id for m in store.outbox()] == [second.id]
    store.set_message_state(first.id, "queued")  # retry
    assert [m.id for m in store.outbox()] == [first.id, second.id]
    store.set_message_state(first.id, "sent")
    store.set_message_state(second.id, "delivered")
    assert store.outbox() == []
    assert store.message(first.id).state == "sent"
    store.set_message_state(first.id, "read")
    assert store.messages(a)[-1].state == "read"
    with pytest.raises(ValueError):
        store.set_message_state(first.id, "lost")
    with pytest.raises(NotFoundError):
        store.set_message_state(424242, "sent")


def test_drafts_saved_overwritten_deleted_and_persisted(db_path: Path) -> None:
    with Store.open(db_path) as store:
        a, b = chat(store, "A"), chat(store, "B")
        assert store.draft(a) == ""
        store.save_draft(a, "Hola, ")
        store.save_draft(a, "Hola, ya lo miro 👀")
        store.save_draft(b, "borrar")
        store.save_draft(b, "")
    with Store.open(db_path) as store:
        assert store.draft(a) == "Hola, ya lo miro 👀"
        assert store.draft(b) == ""
        store.add_outgoing(a, "Hola, ya lo miro 👀")  # sending clears the draft
        assert store.draft(a) == ""
        with pytest.raises(NotFoundError):
            store.save_draft(9999, "x")


def test_check_events(store: Store) -> None:
    cid = chat(store, "Ana")
    message = store.add_outgoing(cid, "Tu tarjeta ****1111")
    first = store.record_check_event(cid, "sensitive", "card_number", "block", "overridden",
                                     excerpt="****1111", reason="customer asked",
                                     message_id=message.id)
    store.record_check_event(None, "tone", "insult", "warn", "shown", excerpt="x" * 500)
    everything = store.check_events()
    assert [e["id"] for e in everything] == [first, first + 1]
    only = store.check_events(cid)
    assert len(only) == 1
    assert only[0]["check"] == "sensitive" and only[0]["action"] == "overridden"
    assert only[0]["message_id"] == message.id and only[0]["reason"] == "customer asked"
    assert len(everything[1]["excerpt"]) == 200
    with pytest.raises(ValueError):
        store.record_check_event(cid, "tone", "x", "warn", "deleted")


def test_meta_and_language(store: Store) -> None:
    assert store.get_meta("missing") is None
    store.set_meta("k", "1")
    store.set_meta("k", "2")
    assert store.get_meta("k") == "2"
    cid = chat(store, "Ana")
    store.set_conversation_lang(cid, "es")
    assert store.conversation(cid).lang == "es"


def test_failed_transaction_rolls_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.set_meta("half", "done")
        raise RuntimeError("crash in the middle")
    assert store.get_meta("half") is None


def test_an_encrypted_conversation_stays_marked_and_a_v3_file_starts_unmarked(
        store: Store, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    room = chat(store, "Bo", "matrix")
    plain = chat(store, "Ana", "matrix")
    store.set_encrypted(room)
    rows = store.conversation_rows([room, plain])
    assert rows[room].encrypted and not rows[plain].encrypted
    with pytest.raises(NotFoundError):
        store.set_encrypted(10_000)
    with pytest.raises(sqlite3.IntegrityError):
        store._conn.execute("UPDATE conversations SET encrypted = 2 WHERE id = ?", (room,))
    # Schema v4 adds the mark: what a v3 file held opens unmarked.
    old = tmp_path / "v3.sqlite3"
    shutil.copy(Path(__file__).with_name("fixtures") / "v3.sqlite3", old)
    with Store.open(old) as upgraded:
        rows = upgraded.conversation_rows(upgraded.conversation_ids("recent"))
        assert rows and not any(row.encrypted for row in rows.values())
