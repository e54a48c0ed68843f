"""Replies on their way out: held (undo window), queued, sending, sent or failed."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from deskreply.store import Store
from deskreply.store.schema import MIGRATIONS, migrate


def _email_conversation(store: Store) -> tuple[int, int]:
    login = store.add_login("email", "Support", {"address": "help@shop.test"}, "ref-1")
    cid = store.find_or_create_conversation("email", "Ana Pérez", "ana@cliente.test",
                                            account="Support", login_id=login)
    return login, cid


def test_held_reply_survives_reopening_and_release_makes_one_queued_message(
        db_path: Path) -> None:
    with Store.open(db_path) as store:
        login, cid = _email_conversation(store)
        store.add_incoming(cid, "¿Dónde está mi pedido?", channel_message_id="<in-1@c>",
                           meta={"thread": {"subject": "Pedido", "message_id": "<in-1@c>"}})
        held = store.hold_reply(cid, "Ya sale 🙂", "Laura", time.time() + 5, "<out-1@shop>",
                                [("all", "clean", "info", "sent_clean", "", "")])
    # As after a crash during the undo window: the reply is still there.
    with Store.open(db_path) as store:
        (again,) = store.held_replies()
        assert again == held
        message = store.release_held(held.id)
        assert message is not None and message.state == "queued"
        assert message.channel_message_id == "<out-1@shop>"
        assert store.release_held(held.id) is None  # never twice
        assert store.held_replies() == []
        (entry,) = store.outbox_entries()
        assert entry.message.id == message.id and entry.phase == "queued"
        assert entry.login_id == login and entry.contact_handle == "ana@cliente.test"
        assert entry.thread == {"subject": "Pedido", "message_id": "<in-1@c>"}
        assert [e["action"] for e in store.check_events(cid)] == ["sent_clean"]
        assert store.conversation(cid).waiting_since is None  # answered


def test_undo_drops_the_held_reply_and_leaves_the_wait_as_it_was(store: Store) -> None:
    _login, cid = _email_conversation(store)
    store.add_incoming(cid, "Hola")
    waiting = store.conversation(cid).waiting_since
    held = store.hold_reply(cid, "Hola Ana", "Laura", time.time() + 5)
    assert store.drop_held(held.id) == held
    assert store.drop_held(held.id) is None
    assert store.release_held(held.id) is None
    assert store.conversation(cid).waiting_since == waiting
    assert store.messages(cid)[-1].direction == "in"


def test_sending_sent_failed_and_retry(store: Store) -> None:
    _login, cid = _email_conversation(store)
    message = store.add_outgoing(cid, "Gracias", channel_message_id="<x@shop>")
    store.set_sending(message.id)
    (entry,) = store.outbox_entries()
    assert (entry.phase, entry.attempts) == ("sending", 1)
    store.mark_failed(message.id, "The mail server did not answer.")
    (entry,) = store.outbox_entries()
    assert entry.message.state == "failed" and entry.last_error.startswith("The mail")
    store.requeue(message.id)
    assert store.message(message.id).state == "queued"
    store.set_sending(message.id)
    assert store.outbox_entries()[0].attempts == 2
    store.mark_sent(message.id, "<x@shop>")
    assert store.outbox_entries() == []
    assert store.message(message.id).state == "sent"
    store.mark_sent(message.id, state="delivered")
    store.mark_sent(message.id)  # a late "sent" never turns delivered back
    assert store.message(message.id).state == "delivered"


def test_logins_settings_cursor_and_removal(store: Store) -> None:
    login, cid = _email_conversation(store)
    assert store.login_of_conversation(cid) == login
    row = store.update_login(login, settings={"address": "b@shop.test"}, enabled=False)
    assert row.settings == {"address": "b@shop.test"} and not row.enabled
    assert row.secret_ref == "ref-1"
    store.save_cursor(login, "7:1234")
    assert store.login(login).cursor == "7:1234"
    assert list(store.conversations_of_login(login)) == [cid]
    store.remove_login(login)
    assert store.conversation_count() == 0


def test_demo_conversations_belong_to_the_demo_login(store: Store) -> None:
    cid = store.find_or_create_conversation("whatsapp", "Ana", "+34 600")
    demo = store.demo_login_id()
    assert store.login_of_conversation(cid) == demo
    assert store.login(demo).kind == "demo"


def test_a_version_1_inbox_migrates_with_its_demo_login(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    now = time.time()
    conn.execute("INSERT INTO accounts(channel, name, created_at) VALUES ('telegram', 'demo', ?)",
                 (now,))
    conn.execute("INSERT INTO contacts(account_id, handle, name) VALUES (1, '@bo', 'Bo')")
    conn.execute("INSERT INTO conversations(account_id, contact_id, channel, created_at, last_at)"
                 " VALUES (1, 1, 'telegram', ?, ?)", (now, now))
    conn.close()
    with Store.open(db_path) as store:
        (login,) = store.logins()
        assert (login.kind, login.name) == ("demo", "demo")
        assert store.login_of_conversation(1) == login.id
