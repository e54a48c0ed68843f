"""Schema v3 in the store: filters and counts, snooze, claims, labels, contacts, privacy."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from deskreply.store import InboxFilter, NotFoundError, Store
from deskreply.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"


def chat(store: Store, name: str, channel: str = "whatsapp") -> int:
    return store.find_or_create_conversation(channel, name, f"handle-{name}")


def ids(store: Store, kind: str, value: str = "") -> list[int]:
    return store.filtered_ids(InboxFilter(kind, value))


def test_unanswered_mine_done_channel_and_counts(store: Store) -> None:
    ana, tom, eva = chat(store, "Ana"), chat(store, "Tom", "email"), chat(store, "Eva")
    store.add_incoming(ana, "hola", sent_at=100)
    store.add_incoming(tom, "refund", sent_at=50)
    store.add_incoming(eva, "gracias", sent_at=70)
    store.add_outgoing(eva, "de nada")
    assert ids(store, "unanswered") == [tom, ana]  # longest wait first, answered left out
    store.set_claim(ana, "Lucía")
    assert ids(store, "mine", "Lucía") == [ana]
    assert store.claimed_by(ana) == "Lucía"
    store.set_done(tom, True)
    assert ids(store, "done") == [tom]
    assert ids(store, "unanswered") == [ana]
    assert ids(store, "channel", "email") == [tom]
    counts = store.filter_counts(me="Lucía")
    assert counts["unanswered"] == 1 and counts["mine"] == 1 and counts["done"] == 1
    assert counts["all"] == 3 and counts["channel"] == {"whatsapp": 2, "email": 1}
    store.add_incoming(tom, "still no refund", sent_at=200)  # the customer writes again
    assert tom in ids(store, "unanswered") and ids(store, "done") == []
    with pytest.raises(NotFoundError):
        store.set_claim(999, "x")


def test_snooze_leaves_unanswered_until_it_wakes_then_comes_back_on_top(store: Store) -> None:
    old, new = chat(store, "Old"), chat(store, "New")
    store.add_incoming(old, "first", sent_at=10)
    store.add_incoming(new, "second", sent_at=20)
    store.snooze(old, until=1_000)
    assert ids(store, "unanswered") == [new]
    assert ids(store, "snoozed") == [old]
    assert store.wake_due(now=999) == []
    store.add_incoming(chat(store, "Later"), "third", sent_at=5)  # waited longer than anyone
    assert store.wake_due(now=1_000) == [old]
    assert ids(store, "unanswered")[0] == old  # woken: back at the top
    store.add_outgoing(old, "answer")
    assert old not in ids(store, "unanswered")


def test_a_customer_message_wakes_a_snoozed_conversation(store: Store) -> None:
    cid = chat(store, "Ana")
    store.add_incoming(cid, "hola", sent_at=10)
    store.snooze(cid, until=10_000_000_000)
    store.add_incoming(cid, "¿hola?", sent_at=20)
    assert store.snoozed_until(cid) is None and ids(store, "unanswered") == [cid]


def test_labels_on_conversations_and_in_rows(store: Store) -> None:
    a, b = chat(store, "A"), chat(store, "B")
    vip = store.add_label("VIP", "#aa0000")
    refund = store.add_label("Refund", "#00aa00")
    assert store.add_label("vip") == vip  # names are unique, case ignored
    store.set_labels(a, [vip, refund])
    store.set_labels(b, [refund])
    assert set(store.conversation(a).label_ids) == {vip, refund}
    assert ids(store, "label", str(refund)) == sorted([a, b], key=lambda c: ids(
        store, "all").index(c))
    assert store.filter_counts()["label"] == {vip: 1, refund: 2}
    store.update_label(vip, "Gold", "#ffcc00")
    assert [label.name for label in store.labels()] == ["Gold", "Refund"]
    store.delete_label(vip)
    assert store.conversation(a).label_ids == (refund,)
    with pytest.raises(ValueError):
        store.add_label("x", "red")


def test_draft_marker_and_masked_drafts_and_excerpts(store: Store) -> None:
    cid = chat(store, "Ana")
    assert not store.conversation(cid).has_draft
    store.save_draft(cid, "Su tarjeta 4111 1111 1111 1111 y IBAN ES91 2100 0418 4502 0005 1332, "
                          "contraseña: Hunter22!")
    draft = store.draft(cid)
    assert store.conversation(cid).has_draft
    assert "4111 1111 1111 1111" not in draft and draft.count("1111") == 1  # last four kept
    assert "2100 0418" not in draft and "Hunter22" not in draft
    store.record_check_event(cid, "sensitive", "card_number", "block", "shown",
                             excerpt="4111111111111111", reason="pin: 9876")
    event = store.check_events(cid)[0]
    assert event["excerpt"].endswith("1111") and "41111111" not in event["excerpt"]
    assert "9876" not in event["reason"]
    store.save_draft(cid, "Pedido 12345678 llega el lunes")  # not a card: kept as typed
    assert store.draft(cid) == "Pedido 12345678 llega el lunes"


def test_contact_notes_and_formality(store: Store) -> None:
    cid = chat(store, "Ana")
    contact = store.contact_of(cid)
    assert contact.name == "Ana" and contact.channel == "whatsapp" and contact.formality == ""
    store.set_contact_notes(contact.id, "Prefers mornings")
    store.set_contact_formality(contact.id, "usted", source="learned")
    store.set_contact_formality(contact.id, "vos")  # the agent's choice wins...
    store.set_contact_formality(contact.id, "tu", source="learned")  # ...over later guesses
    again = store.contact_of(cid)
    assert (again.notes, again.formality, again.formality_source) == (
        "Prefers mornings", "vos", "user")


def test_delete_contact_removes_messages_drafts_events_and_search_rows(store: Store) -> None:
    gone, kept = chat(store, "Gone"), chat(store, "Kept")
    store.add_incoming(gone, "zanahoria secreta", sent_at=10)
    message = store.add_outgoing(gone, "zanahoria recibida")
    store.add_incoming(kept, "zanahoria también", sent_at=11)
    store.save_draft(gone, "borrador")
    store.record_check_event(gone, "tone", "curt", "warning", "shown", excerpt="zanahoria",
                             message_id=message.id)
    assert len(store.search("zanahoria")) == 3
    exported = store.export_contact(store.contact_id_of(gone))
    text = json.dumps(exported, ensure_ascii=False)
    assert "zanahoria secreta" in text and "borrador" in text and '"curt"' in text
    assert store.delete_contact(store.contact_id_of(gone)) == 2
    assert [m.conversation_id for m in store.search("zanahoria")] == [kept]
    fts = store._conn.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH "
                              "'secreta'").fetchone()[0]
    assert fts == 0
    assert store.check_events() == [] and store.conversation_ids() == [kept]
    assert store._conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0


def test_retention_deletes_old_messages_and_their_previews(store: Store) -> None:
    cid = chat(store, "Ana")
    store.add_incoming(cid, "viejo", sent_at=100)
    store.add_incoming(cid, "nuevo", sent_at=10_000)
    other = chat(store, "Eva")
    store.add_incoming(other, "muy viejo", sent_at=50)
    assert store.delete_messages_before(1_000) == 2
    assert [m.text for m in store.messages(cid)] == ["nuevo"]
    assert store.conversation(other).last_text == "" and store.search("viejo") == []


@pytest.mark.parametrize("inbox_filter", [
    InboxFilter("unanswered"), InboxFilter("mine", "Ana"), InboxFilter("done"),
    InboxFilter("channel", "email"), InboxFilter("snoozed"), InboxFilter("all")])
def test_filter_queries_walk_an_index_instead_of_sorting(store: Store,
                                                         inbox_filter: InboxFilter) -> None:
    plan = store.filter_plan(inbox_filter)
    assert "USING" in plan and "INDEX" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_label_filter_starts_from_the_label_index(store: Store) -> None:
    plan = store.filter_plan(InboxFilter("label", "1"))
    assert "conversation_labels" in plan and "SCAN c" not in plan, plan


def test_dashboard_range_queries_use_their_indexes(store: Store) -> None:
    conn = store._conn
    plan = " ".join(str(r[-1]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT conversation_id, direction, sent_at FROM messages "
        "WHERE sent_at >= ? AND sent_at < ?", (0, 1)))
    assert "messages_sent" in plan, plan
    plan = " ".join(str(r[-1]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM check_events WHERE created_at >= ?", (0,)))
    assert "check_events_created" in plan, plan


def test_v2_fixture_migrates_to_v3_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    shutil.copy(FIXTURES / "v2_inbox.sqlite3", path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION >= 3
        rows = store.conversation_rows(store.conversation_ids())
        assert {r.contact_name for r in rows.values()} == {"María López", "Tom Reed"}
        maria = next(r for r in rows.values() if r.contact_name == "María López")
        assert maria.has_draft and maria.label_ids == () and maria.claimed_by == ""
        assert ids(store, "unanswered") == [maria.id]
        assert store.contact_of(maria.id).formality == ""
        assert store.search("pedido")[0].conversation_id == maria.id
        label = store.add_label("VIP")
        store.set_labels(maria.id, [label])
        assert store.check_events()[0]["kind"] == "curt"
