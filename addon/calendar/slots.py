"""When the user could meet instead: the earliest free slots of a given length, from their busy
times (Google's ``freeBusy.query``, Graph's ``getSchedule``), that fit both people
(``addon.calendar.bounds``: not past, no weekend or holiday of either, within both people's
hours).

Plain data: busy intervals in, slots out, all aware datetimes. Working hours are wall-clock
times in the user's zone, so a slot at 9.00 stays at 9.00 across a DST change. Rules:
- ten working days of both people from the meeting's own day (today when that has passed),
  on a half-hour grid;
- a slot is free when it overlaps no busy interval and is not the meeting being moved
  (found by bisection over the busy intervals sorted by start: a calendar of thousands of
  events costs a few comparisons per candidate, not one per event);
- one slot a day, the earliest: a client offered 9.00, 9.30 and 10.00 on one day has no real
  choice; three days do.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from addon.calendar.bounds import HORIZON_DAYS, Bounds, Party
from addon.calendar.daysoff import is_holiday
from addon.calendar.hours import WorkingHours
from addon.i18n import Message

GRID_MINUTES = 30
WORKING_DAYS = 10
SLOTS = 3
Interval = tuple[dt.datetime, dt.datetime]


class Busy(list[Interval]):
    """When the user is busy; ``hours``, in ``zone``, are their working hours when their
    calendar keeps them (Outlook's mailbox settings, through Graph's getSchedule)."""

    hours: WorkingHours | None = None
    zone: ZoneInfo | None = None

    @classmethod
    def of(
        cls,
        intervals: Iterable[Interval],
        hours: WorkingHours | None = None,
        zone: ZoneInfo | None = None,
    ) -> Busy:
        found = cls(intervals)
        found.hours, found.zone = hours, zone
        return found


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime

    @property
    def key(self) -> str:
        """How a card names this slot in a form value: its start in UTC."""
        return self.start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class FreeTimes:
    """What the calendar said: slots ``found``, ``none`` free, or ``unread`` and why not."""

    state: Literal["found", "none", "unread"]
    slots: tuple[Slot, ...] = ()
    why: Message | None = None

    def chosen(self, key: str) -> Slot | None:
        """The slot the user picked, else the first."""
        return next((s for s in self.slots if s.key == key), self.slots[0] if self.slots else None)


def first_day(bounds: Bounds, around: dt.datetime | dt.date) -> dt.date:
    """Where the search starts: the meeting's own day, or today when that has passed."""
    zone = bounds.user.zone
    day = around.astimezone(zone).date() if isinstance(around, dt.datetime) else around
    return max(day, bounds.now.astimezone(zone).date())


def search_window(bounds: Bounds, around: dt.datetime | dt.date) -> Interval:
    """The span whose busy times the slots need: from the first day searched (or now) to the
    end of the tenth working day (the first day alone when no day is a working day of both)."""
    zone = bounds.user.zone
    first = first_day(bounds, around)
    days = list(_working_days(first, bounds)) or [first]
    start = dt.datetime.combine(days[0], dt.time(), tzinfo=zone).astimezone(dt.UTC)
    last = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return max(start, bounds.now), last.astimezone(dt.UTC)


def free_slots(
    busy: Iterable[Interval],
    *,
    minutes: int,
    bounds: Bounds,
    around: dt.datetime | dt.date,
    avoid: Interval | None = None,
    count: int = SLOTS,
) -> list[Slot]:
    """The earliest free slot of each of the first days that have one, ``count`` at most,
    from the meeting's day on: times that fit both people (``addon.calendar.bounds``)."""
    blocked = Blocked([*busy, *([avoid] if avoid is not None else [])])
    length = dt.timedelta(minutes=minutes)
    found: list[Slot] = []
    for day in _working_days(first_day(bounds, around), bounds):
        slot = _first_on(day, bounds, length, blocked)
        if slot is not None:
            found.append(slot)
            if len(found) == count:
                break
    return found


def _first_on(day: dt.date, bounds: Bounds, length: dt.timedelta, blocked: Blocked) -> Slot | None:
    # Wall-clock arithmetic in the user's zone: combine() gives the day's own offset, so a
    # DST change moves no slot off their hours.
    zone, hours = bounds.user.zone, bounds.user.hours or WorkingHours()
    closing = dt.datetime.combine(day, hours.end, tzinfo=zone)
    start = dt.datetime.combine(day, hours.start, tzinfo=zone)
    while True:
        end = (start.astimezone(dt.UTC) + length).astimezone(zone)
        if end > closing:
            return None
        if not blocked.overlaps(start, end) and bounds.fits(start, end):
            return Slot(start, end)
        start += dt.timedelta(minutes=GRID_MINUTES)


class Blocked:
    """Busy intervals, asked whether a time overlaps any of them in O(log n).

    Sorted by start, with the latest end among each prefix: the intervals that start before a
    slot ends are a prefix (found by bisection), and one of them overlaps the slot exactly when
    the latest end among them is after the slot starts. That is the plain test (some interval
    starts before the slot ends and ends after it starts) for any intervals, overlapping,
    touching, empty or reversed ones included, so no merging can change an answer.
    """

    def __init__(self, intervals: Sequence[Interval]) -> None:
        # Compared in UTC: one tzinfo makes each comparison plain field order, and instants
        # (not wall times) are what overlap, whatever zone each calendar gave.
        utc = sorted((_utc(a), _utc(b)) for a, b in intervals)
        self._starts = [a for a, _ in utc]
        self._latest_end: list[dt.datetime] = []
        for _, end in utc:
            latest = self._latest_end[-1] if self._latest_end else end
            self._latest_end.append(max(latest, end))

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        before_end = bisect_left(self._starts, _utc(end))  # these start before the slot ends
        return before_end > 0 and self._latest_end[before_end - 1] > _utc(start)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _working_days(first: dt.date, bounds: Bounds) -> Iterable[dt.date]:
    """Days that are working days for both people (neither's weekend nor holiday), within
    ``HORIZON_DAYS``: two people's working weeks may share no day (a mailbox that works at
    weekends, an organizer who does not), and then none is found, not searched for forever."""
    found, day = 0, first
    while found < WORKING_DAYS and day < first + dt.timedelta(days=HORIZON_DAYS):
        if all(_works(day, party) for _, party in bounds.parties()):
            found += 1
            yield day
        day += dt.timedelta(days=1)


def _works(day: dt.date, party: Party) -> bool:
    weekdays = (party.hours or WorkingHours()).weekdays
    return day.weekday() in weekdays and not any(
        is_holiday(country, day) for country in party.countries
    )
