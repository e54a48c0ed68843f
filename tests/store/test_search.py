"""Full-text search over message text."""

from __future__ import annotations

from deskreply.store import Store


def seeded(store: Store) -> tuple[int, int]:
    a = store.find_or_create_conversation("whatsapp", "Ana", "+34 1")
    b = store.find_or_create_conversation("email", "Tom", "tom@example.com")
    store.add_incoming(a, "Quiero la cancelación del pedido, por favor", sent_at=100)
    store.add_incoming(a, "¿Dónde está mi envío?", sent_at=200)
    store.add_incoming(b, "Please cancel my order and refund me", sent_at=300)
    store.add_outgoing(b, "Your refund is on its way")
    return a, b


def texts(store: Store, query: str) -> list[str]:
    return [m.text for m in store.search(query)]


def test_accents_do_not_matter_either_way(store: Store) -> None:
    seeded(store)
    expected = ["Quiero la cancelación del pedido, por favor"]
    assert texts(store, "cancelación") == expected
    assert texts(store, "cancelacion") == expected
    assert texts(store, "CANCELACIÓN") == expected
    assert texts(store, "envio") == ["¿Dónde está mi envío?"]


def test_all_words_must_match_and_the_last_is_a_prefix(store: Store) -> None:
    seeded(store)
    assert texts(store, "refund") == ["Your refund is on its way", "Please cancel my order and "
                                      "refund me"]
    assert texts(store, "cancel refund") == ["Please cancel my order and refund me"]
    assert texts(store, "pedi") == ["Quiero la cancelación del pedido, por favor"]
    assert texts(store, "pedido envío") == []


def test_operators_and_junk_in_the_query_are_harmless(store: Store) -> None:
    seeded(store)
    assert texts(store, '"') == []
    assert texts(store, "") == []
    assert texts(store, "NOT AND OR (") == []
    assert texts(store, 'refund" OR "x') == []  # quotes are not operators: no crash, no match
    assert texts(store, "cancel*") == ["Please cancel my order and refund me",
                                       "Quiero la cancelación del pedido, por favor"]


def test_index_follows_new_updated_and_deleted_messages(store: Store) -> None:
    a, _ = seeded(store)
    assert texts(store, "devolución") == []
    message = store.add_incoming(a, "Mejor una devolución", sent_at=400)
    assert texts(store, "devolucion") == ["Mejor una devolución"]
    # Editing and deleting happen through SQL (channels can edit or unsend messages).
    store._conn.execute("UPDATE messages SET text = 'Mejor un cambio de talla' WHERE id = ?",
                        (message.id,))
    assert texts(store, "devolucion") == []
    assert texts(store, "talla") == ["Mejor un cambio de talla"]
    store._conn.execute("DELETE FROM messages WHERE id = ?", (message.id,))
    assert texts(store, "talla") == []
    integrity = store._conn.execute(
        "INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)")
    assert integrity is not None  # raises if the index disagrees with the table


def test_search_limit_and_result_rows(store: Store) -> None:
    cid = store.find_or_create_conversation("telegram", "Bo", "@bo")
    for n in range(20):
        store.add_incoming(cid, f"factura número {n}", sent_at=n)
    found = store.search("factura", limit=5)
    assert [m.text for m in found] == [f"factura número {n}" for n in (19, 18, 17, 16, 15)]
    assert all(m.conversation_id == cid and m.direction == "in" for m in found)
