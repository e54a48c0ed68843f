"""The demo inbox (loaded once) and the demo feed (customer messages that keep coming)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from deskreply.connectors.demo import DemoFeed, DemoFeedError
from deskreply.paths import PROJECT_ROOT
from deskreply.store import Store
from deskreply.store.demo import LOADED_FLAG, DemoDataError, load_demo_inbox, read_inbox
from deskreply.store.rows import CHANNELS

RESOURCES = PROJECT_ROOT / "resources"


def test_demo_inbox_loads_once(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert load_demo_inbox(store, RESOURCES) is True
        count = store.conversation_count()
        messages = sum(len(store.messages(cid)) for cid in store.conversation_ids())
        assert 15 <= count <= 25
        assert load_demo_inbox(store, RESOURCES) is False
    with Store.open(db_path) as store:  # not on the next start either
        assert load_demo_inbox(store, RESOURCES) is False
        assert store.conversation_count() == count
        assert sum(len(store.messages(cid)) for cid in store.conversation_ids()) == messages
        assert store.get_meta(LOADED_FLAG) is not None


def test_demo_inbox_looks_fresh_and_varied(store: Store) -> None:
    now = time.time()
    load_demo_inbox(store, RESOURCES, now=now)
    rows = store.conversation_rows(store.conversation_ids())
    assert {row.channel for row in rows.values()} >= {"whatsapp", "instagram", "messenger",
                                                      "telegram", "email"}
    assert {row.lang for row in rows.values()} == {"es", "en"}
    waits = [now - row.waiting_since for row in rows.values() if row.waiting_since is not None]
    assert len(waits) >= 8 and max(waits) <= 601 * 60 and max(waits) >= 300 * 60
    answered = [row for row in rows.values() if row.waiting_since is None]
    assert len(answered) >= 3
    assert any(row.unread > 1 for row in rows.values())
    assert any(row.done for row in rows.values())
    assert all(row.last_at <= now + 1 for row in rows.values())
    # The list starts with whoever has waited longest.
    first = rows[store.conversation_ids()[0]]
    assert first.waiting_since == min(r.waiting_since for r in rows.values()
                                      if r.waiting_since is not None and not r.done)
    states = {m.state for cid in rows for m in store.messages(cid) if m.direction == "out"}
    assert states <= {"sent", "delivered", "read"} and {"delivered", "read"} <= states


def test_html_looking_customer_text_is_stored_literally(store: Store) -> None:
    load_demo_inbox(store, RESOURCES)
    found = store.search("script alert")
    assert len(found) == 1
    assert "<b>urgente</b> <script>alert(1)</script>" in found[0].text


def test_every_demo_file_entry_is_valid() -> None:
    conversations = read_inbox(RESOURCES / "demo" / "inbox.json")
    handles = [(c.channel, c.handle) for c in conversations]
    assert len(handles) == len(set(handles))  # one conversation per customer
    for conversation in conversations:
        assert conversation.channel in CHANNELS
        assert conversation.messages


def test_a_broken_demo_file_says_where(tmp_path: Path, store: Store) -> None:
    (tmp_path / "demo").mkdir()
    bad = {"format": 1, "conversations": [{"channel": "whatsapp", "contact": "A",
                                           "handle": "1", "messages": [
                                               {"from": "customer", "minutes_ago": -5,
                                                "text": "hola"}]}]}
    (tmp_path / "demo" / "inbox.json").write_text(json.dumps(bad))
    with pytest.raises(DemoDataError, match="conversation 1, message 1: 'minutes_ago'"):
        load_demo_inbox(store, tmp_path)
    assert store.get_meta(LOADED_FLAG) is None
    assert store.conversation_count() == 0


def test_a_failed_load_leaves_nothing_behind(tmp_path: Path, store: Store,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = Store.set_done

    def crash(self: Store, conversation_id: int, done: bool) -> None:
        calls["n"] += 1
        raise OSError("disk pulled out")

    monkeypatch.setattr(Store, "set_done", crash)
    with pytest.raises(OSError):
        load_demo_inbox(store, RESOURCES)
    monkeypatch.setattr(Store, "set_done", real)
    assert calls["n"] == 1
    assert store.conversation_count() == 0 and store.get_meta(LOADED_FLAG) is None
    assert load_demo_inbox(store, RESOURCES) is True


def test_feed_cycles_through_valid_messages() -> None:
    feed = DemoFeed(RESOURCES)
    size = len(feed)
    assert 25 <= size <= 40
    first_round = [feed.next_message() for _ in range(size)]
    second_round = [feed.next_message() for _ in range(size)]
    assert first_round == second_round  # file order, starting over
    for message in first_round:
        assert message is not None
        channel, name, handle, text = message
        assert channel in CHANNELS
        assert all(isinstance(v, str) and v.strip() for v in (name, handle, text))


def test_seeded_feed_shuffles_reproducibly_and_still_covers_everything() -> None:
    a, b = DemoFeed(RESOURCES, seed=4), DemoFeed(RESOURCES, seed=4)
    size = len(a)
    run_a = [a.next_message() for _ in range(size * 2)]
    run_b = [b.next_message() for _ in range(size * 2)]
    assert run_a == run_b
    plain = DemoFeed(RESOURCES)
    assert run_a[:size] != [plain.next_message() for _ in range(size)]  # really shuffled
    assert sorted(map(str, run_a[:size])) == sorted(map(str, run_a[size:]))
    assert all(run_a[i] != run_a[i + 1] for i in range(len(run_a) - 1))


def test_feed_continues_known_chats_and_starts_new_ones(store: Store) -> None:
    load_demo_inbox(store, RESOURCES)
    before = store.conversation_count()
    feed = DemoFeed(RESOURCES)
    known = 0
    for _ in range(len(feed)):
        message = feed.next_message()
        assert message is not None
        channel, name, handle, text = message
        existing = store.conversation_count()
        cid = store.find_or_create_conversation(channel, name, handle)
        known += store.conversation_count() == existing
        stored = store.add_incoming(cid, text)
        assert store.conversation(cid).last_text == stored.text
        assert store.conversation(cid).waiting_since is not None
    assert known >= 8  # existing customers write again
    assert store.conversation_count() - before >= 12  # and new ones arrive


def test_empty_and_malformed_feeds(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    feed_file = tmp_path / "demo" / "feed.json"
    feed_file.write_text(json.dumps({"format": 1, "messages": []}))
    assert DemoFeed(tmp_path).next_message() is None
    feed_file.write_text(json.dumps({"format": 1, "messages": [
        {"channel": "pigeon", "contact": "A", "handle": "a", "text": "hi"}]}))
    with pytest.raises(DemoFeedError, match="message 1: 'channel'"):
        DemoFeed(tmp_path)
    feed_file.write_text("{not json")
    with pytest.raises(DemoFeedError, match="cannot read"):
        DemoFeed(tmp_path)
