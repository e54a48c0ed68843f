"""Dashboard figures on a store with known timestamps (UTC, business hours 9-18 Mon-Fri)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from deskreply.metrics import BusinessHours, compute, to_csv
from deskreply.store import Store

UTC = dt.UTC
MON = dt.datetime(2026, 3, 2, tzinfo=UTC).timestamp()  # Monday 2 March 2026, 00:00 UTC
H = 3600.0


def test_figures_per_day_and_week_with_business_hours(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "m.sqlite3")
    ana = store.find_or_create_conversation("whatsapp", "Ana", "ana")
    tom = store.find_or_create_conversation("email", "Tom", "tom")
    eva = store.find_or_create_conversation("email", "Eva", "eva")
    # Ana: asks Monday 10:00, answered 10:06 (6 min); asks again 17:50, answered Tuesday
    # 09:10 -> 20 min of business hours (17:50-18:00 + 09:00-09:10).
    store.add_message(ana, "in", "Ana", "hola", MON + 10 * H, "received")
    store.add_message(ana, "out", "Me", "hola", MON + 10 * H + 360, "read")
    store.add_message(ana, "in", "Ana", "otra", MON + 17 * H + 50 * 60, "received")
    store.add_message(ana, "out", "Me", "sí", MON + 33 * H + 600, "read")
    # Tom: asks Monday 11:00, answered 11:30.
    store.add_message(tom, "in", "Tom", "refund", MON + 11 * H, "received")
    store.add_message(tom, "out", "Me", "ok", MON + 11 * H + 1800, "read")
    # Eva: waiting since Tuesday 12:00 (now = Tuesday 13:00).
    store.add_message(eva, "in", "Eva", "help", MON + 36 * H, "received")
    for action, kind, reason in [("shown", "card_number", ""), ("shown", "card_number", ""),
                                 ("fixed", "card_number", ""),
                                 ("overridden", "card_number", "customer asked for it"),
                                 ("reported", "curt", "")]:
        store.record_check_event(ana, "sensitive" if kind != "curt" else "tone", kind,
                                 "block", action, excerpt="x", reason=reason)
    store._conn.execute("UPDATE check_events SET created_at = ?", (MON + 12 * H,))
    board = compute(store, MON, MON + 7 * 24 * H, hours=BusinessHours(), tz=UTC,
                    now=MON + 37 * H)
    monday, tuesday = board.days
    assert (monday.key, tuesday.key) == ("2026-03-02", "2026-03-03")
    assert len(monday.answered) == 2 and sorted(monday.responses) == [360, 1800]
    assert monday.median_first_response_s == (360 + 1800) / 2
    assert tuesday.responses == [1200] and tuesday.first_responses == []
    week = board.weeks[0]
    assert week.key == "2026-W10" and len(week.answered) == 2
    assert week.median_response_s == 1200 and len(week.responses) == 3
    assert board.unanswered_now == 1 and board.longest_wait_s == H
    assert board.warnings[("sensitive", "card_number")] == 2 and board.fixes == 1
    assert board.overrides == [("sensitive", "card_number", "customer asked for it")]
    assert board.reports == [("tone", "curt", "x")]
    rows = list(csv.reader(io.StringIO(to_csv(board))))
    assert rows[0][:4] == ["period", "key", "conversations_answered", "responses"]
    assert rows[1] == ["day", "2026-03-02", "2", "2", "18.0", "18.0", "2", "1", "1", "1"]
    assert rows[3][:6] == ["week", "2026-W10", "2", "3", "18.0", "20.0"]
    assert ["1", "60.0"] in rows and ["sensitive", "card_number", "customer asked for it"] in rows
    # Without business hours the night counts: 15 h 20 min.
    plain = compute(store, MON, MON + 7 * 24 * H, tz=UTC, now=MON + 37 * H)
    assert plain.days[1].responses == [15 * H + 20 * 60]
    store.close()
