"""When the user could meet instead: the earliest free slots of a given length within their
working hours, from their busy times (Google's ``freeBusy.query``, Graph's ``getSchedule``).

Plain data: busy intervals in, slots out, all aware datetimes. Working hours are wall-clock
times in the user's zone, so a slot at 9.00 stays at 9.00 across a DST change. Rules:
- the next ten working days, today included, from ``LEAD`` after now (nobody can answer a
  proposal for ten minutes from now), on a half-hour grid;
- a slot is free when it overlaps no busy interval and is not the meeting being moved;
- one slot a day, the earliest: a client offered 9.00, 9.30 and 10.00 on one day has no real
  choice; three days do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from addon.errors import UsageError
from addon.i18n import Message

LEAD = dt.timedelta(hours=2)
GRID_MINUTES = 30
WORKING_DAYS = 10
SLOTS = 3
Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class WorkingHours:
    start: dt.time = dt.time(9)
    end: dt.time = dt.time(17)
    weekdays: frozenset[int] = frozenset(range(5))  # Monday is 0

    def checked(self) -> WorkingHours:
        if self.end <= self.start:
            raise UsageError("working hours must end after they start")
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise UsageError("working hours need at least one weekday")
        return self

    @classmethod
    def parse(cls, start: str, end: str) -> WorkingHours:
        """From "09:00" and "17:00"; anything else is refused with the reason."""
        try:
            return cls(dt.time.fromisoformat(start), dt.time.fromisoformat(end)).checked()
        except ValueError as exc:
            raise UsageError(f"working hours must be times like 09:00, not {start!r}") from exc


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


def search_window(now: dt.datetime, tz: ZoneInfo, hours: WorkingHours) -> Interval:
    """The span whose busy times the slots need: now to the end of the tenth working day."""
    days = list(_working_days(now.astimezone(tz).date(), hours))
    last = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return now, last.astimezone(dt.UTC)


def free_slots(
    busy: Iterable[Interval],
    *,
    minutes: int,
    tz: ZoneInfo,
    hours: WorkingHours,
    now: dt.datetime,
    avoid: Interval | None = None,
    count: int = SLOTS,
) -> list[Slot]:
    """The earliest free slot of each of the first days that have one, ``count`` at most."""
    blocked = sorted(busy)
    if avoid is not None:
        blocked.append(avoid)
    length = dt.timedelta(minutes=minutes)
    earliest = now + LEAD
    found: list[Slot] = []
    for day in _working_days(now.astimezone(tz).date(), hours):
        slot = _first_on(day, tz, hours, length, earliest, blocked)
        if slot is not None:
            found.append(slot)
            if len(found) == count:
                break
    return found


def _first_on(
    day: dt.date,
    tz: ZoneInfo,
    hours: WorkingHours,
    length: dt.timedelta,
    earliest: dt.datetime,
    blocked: list[Interval],
) -> Slot | None:
    # Wall-clock arithmetic in the zone: combine() gives the day's own offset, so a DST change
    # moves no slot off the user's hours.
    closing = dt.datetime.combine(day, hours.end, tzinfo=tz)
    start = dt.datetime.combine(day, hours.start, tzinfo=tz)
    while True:
        end = (start.astimezone(dt.UTC) + length).astimezone(tz)
        if end > closing:
            return None
        if start >= earliest and not any(b[0] < end and start < b[1] for b in blocked):
            return Slot(start, end)
        start += dt.timedelta(minutes=GRID_MINUTES)


def _working_days(first: dt.date, hours: WorkingHours) -> Iterable[dt.date]:
    found, day = 0, first
    while found < WORKING_DAYS:
        if day.weekday() in hours.weekdays:
            found += 1
            yield day
        day += dt.timedelta(days=1)
