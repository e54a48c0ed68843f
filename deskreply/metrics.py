"""Coaching figures computed from the store's messages and check events (Qt-free).

A *response* is one wait of the customer: from the first incoming message that is not yet
answered to the next reply. Its length counts business hours only, when they are set (a
message at 17:55 answered at 09:05 the next morning waited 10 minutes, not 15 hours). The
*first response* of a conversation is the response to its very first customer message.
Responses belong to the day (and ISO week) of the reply, in the given time zone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deskreply.store import Store

DAY = 86_400.0
LOOKBACK_S = 14 * DAY  # waits that started this long before the period still count


@dataclass(frozen=True)
class BusinessHours:
    """Hours that count as working time, local to ``tz``; ``None`` days = every hour counts."""

    start_minute: int = 9 * 60
    end_minute: int = 18 * 60
    weekdays: frozenset[int] | None = frozenset(range(5))  # Monday = 0

    @classmethod
    def always(cls) -> BusinessHours:
        return cls(0, 24 * 60, None)

    def seconds_between(self, start: float, end: float, tz: dt.tzinfo) -> float:
        """Business seconds between two unix times."""
        if end <= start:
            return 0.0
        if self.weekdays is None and self.start_minute == 0 and self.end_minute >= 24 * 60:
            return end - start
        total = 0.0
        day = dt.datetime.fromtimestamp(start, tz).date()
        last = dt.datetime.fromtimestamp(end, tz).date()
        while day <= last:
            if self.weekdays is None or day.weekday() in self.weekdays:
                midnight = dt.datetime.combine(day, dt.time(), tz)
                open_at = (midnight + dt.timedelta(minutes=self.start_minute)).timestamp()
                close_at = (midnight + dt.timedelta(minutes=self.end_minute)).timestamp()
                total += max(0.0, min(end, close_at) - max(start, open_at))
            day += dt.timedelta(days=1)
        return total


@dataclass
class Bucket:
    """Figures of one day or one week."""

    key: str  # 2026-03-02 or 2026-W10
    answered: set[int] = field(default_factory=set)
    responses: list[float] = field(default_factory=list)
    first_responses: list[float] = field(default_factory=list)
    warnings: Counter[tuple[str, str]] = field(default_factory=Counter)
    fixes: int = 0
    overrides: int = 0
    reports: int = 0

    @property
    def median_response_s(self) -> float | None:
        return statistics.median(self.responses) if self.responses else None

    @property
    def median_first_response_s(self) -> float | None:
        return statistics.median(self.first_responses) if self.first_responses else None


@dataclass
class Dashboard:
    days: list[Bucket]
    weeks: list[Bucket]
    unanswered_now: int
    longest_wait_s: float | None
    warnings: Counter[tuple[str, str]]  # (check, kind) -> times shown
    fixes: int
    overrides: list[tuple[str, str, str]]  # (check, kind, reason)
    reports: list[tuple[str, str, str]]  # "this warning is wrong": (check, kind, excerpt)


def _day_key(moment: float, tz: dt.tzinfo) -> str:
    return dt.datetime.fromtimestamp(moment, tz).date().isoformat()


def _week_key(moment: float, tz: dt.tzinfo) -> str:
    year, week, _ = dt.datetime.fromtimestamp(moment, tz).date().isocalendar()
    return f"{year}-W{week:02d}"


def compute(store: Store, start: float, end: float, *, hours: BusinessHours | None = None,
            tz: dt.tzinfo | None = None, now: float | None = None) -> Dashboard:
    """Every dashboard figure for replies and check events in ``[start, end)``."""
    zone = tz or dt.datetime.now().astimezone().tzinfo or dt.UTC
    rules = hours or BusinessHours.always()
    moment = time.time() if now is None else now
    conn = store._conn  # read-only queries on the owner thread, by index on sent_at
    days: dict[str, Bucket] = {}
    weeks: dict[str, Bucket] = {}

    def buckets(at: float) -> tuple[Bucket, Bucket]:
        d, w = _day_key(at, zone), _week_key(at, zone)
        return days.setdefault(d, Bucket(d)), weeks.setdefault(w, Bucket(w))

    rows = conn.execute(
        "SELECT conversation_id, direction, sent_at FROM messages "
        "WHERE sent_at >= ? AND sent_at < ? ORDER BY conversation_id, sent_at, id",
        (start - LOOKBACK_S, end)).fetchall()
    by_conversation: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for cid, direction, sent_at in rows:
        by_conversation[cid].append((direction, sent_at))
    firsts = _first_incoming(conn, list(by_conversation))
    for cid, messages in by_conversation.items():
        waiting: float | None = None
        for direction, sent_at in messages:
            if direction == "in":
                if waiting is None:
                    waiting = sent_at
                continue
            if sent_at < start:
                waiting = None
                continue
            day, week = buckets(sent_at)
            day.answered.add(cid)
            week.answered.add(cid)
            if waiting is None:
                continue  # a follow-up without a new customer message
            waited = rules.seconds_between(waiting, sent_at, zone)
            for bucket in (day, week):
                bucket.responses.append(waited)
                if firsts.get(cid) == waiting:
                    bucket.first_responses.append(waited)
            waiting = None

    warnings: Counter[tuple[str, str]] = Counter()
    overrides: list[tuple[str, str, str]] = []
    reports: list[tuple[str, str, str]] = []
    fixes = 0
    for check, kind, action, excerpt, reason, created_at in conn.execute(
            'SELECT "check", kind, action, excerpt, reason, created_at FROM check_events '
            "WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id", (start, end)):
        day, week = buckets(created_at)
        if action == "shown":
            warnings[(check, kind)] += 1
            day.warnings[(check, kind)] += 1
            week.warnings[(check, kind)] += 1
        elif action == "fixed":
            fixes += 1
            day.fixes += 1
            week.fixes += 1
        elif action == "overridden":
            overrides.append((check, kind, reason))
            day.overrides += 1
            week.overrides += 1
        elif action == "reported":
            reports.append((check, kind, excerpt))
            day.reports += 1
            week.reports += 1
    unanswered = store.unanswered_count()
    oldest = conn.execute(
        "SELECT min(waiting_since) FROM conversations INDEXED BY conversations_unanswered "
        "WHERE done = 0 AND snoozed_until IS NULL AND waiting_since IS NOT NULL").fetchone()[0]
    return Dashboard(
        days=[days[k] for k in sorted(days)], weeks=[weeks[k] for k in sorted(weeks)],
        unanswered_now=unanswered,
        longest_wait_s=None if oldest is None else max(0.0, moment - oldest),
        warnings=warnings, fixes=fixes, overrides=overrides, reports=reports)


def _first_incoming(conn: Any, ids: list[int]) -> dict[int, float]:
    """Each conversation's first customer message ever (messages_direction index)."""
    result: dict[int, float] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for cid, first in conn.execute(
                f"SELECT conversation_id, min(sent_at) FROM messages WHERE direction = 'in' "
                f"AND conversation_id IN ({marks}) GROUP BY conversation_id", chunk):
            result[cid] = first
    return result


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


CSV_HEADER = ("period", "key", "conversations_answered", "responses",
              "median_first_response_min", "median_response_min", "warnings_shown",
              "fixes_applied", "overrides", "reports_wrong")


def to_csv(board: Dashboard) -> str:
    """Days, then weeks, then the overrides with their reasons, as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    rows: Iterable[tuple[str, Bucket]] = [("day", b) for b in board.days] + [
        ("week", b) for b in board.weeks]
    for period, bucket in rows:
        writer.writerow((period, bucket.key, len(bucket.answered), len(bucket.responses),
                         _minutes(bucket.median_first_response_s),
                         _minutes(bucket.median_response_s), sum(bucket.warnings.values()),
                         bucket.fixes, bucket.overrides, bucket.reports))
    writer.writerow(())
    writer.writerow(("unanswered_now", "longest_wait_min"))
    writer.writerow((board.unanswered_now, _minutes(board.longest_wait_s)))
    writer.writerow(())
    writer.writerow(("check", "kind", "warnings_shown"))
    for (check, kind), count in board.warnings.most_common():
        writer.writerow((check, kind, count))
    writer.writerow(())
    writer.writerow(("override_check", "override_kind", "reason"))
    for check, kind, reason in board.overrides:
        writer.writerow((check, kind, reason))
    return out.getvalue()
