"""The free-slot search by bisection gives exactly what a plain scan of every busy interval per
candidate gives: over random busy calendars (a fixed seed), working hours, weekdays, holidays,
zones (DST changes included), an organizer's side or none, and the meeting being moved."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import pytest

from addon.calendar.bounds import Bounds, Party
from addon.calendar.daysoff import is_holiday
from addon.calendar.hours import WorkingHours
from addon.calendar.slots import Blocked, Interval, Slot, first_day, free_slots

ZONES = [ZoneInfo(key) for key in (
    "Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Australia/Sydney",
    "America/Santiago", "Pacific/Auckland", "UTC", "Asia/Tokyo", "Europe/London",
)]  # fmt: skip
COUNTRIES = ("SE", "US", "IN", "AU", "GB", "JP", "DE", "NZ")
CASES = 200


def reference(
    busy: Iterable[Interval], *, minutes: int, bounds: Bounds, around: dt.datetime,
    avoid: Interval | None,
) -> list[Slot]:  # fmt: skip
    """The search as it was: every busy interval checked against every candidate."""
    blocked = list(busy) + ([avoid] if avoid else [])
    length = dt.timedelta(minutes=minutes)
    found: list[Slot] = []
    day, days = first_day(bounds, around), 0
    while days < 10 and len(found) < 3:
        if all(
            day.weekday() in (p.hours or WorkingHours()).weekdays
            and not any(is_holiday(c, day) for c in p.countries)
            for _, p in bounds.parties()
        ):
            days += 1
            zone, hours = bounds.user.zone, bounds.user.hours or WorkingHours()
            closing = dt.datetime.combine(day, hours.end, tzinfo=zone)
            start = dt.datetime.combine(day, hours.start, tzinfo=zone)
            while True:
                end = (start.astimezone(dt.UTC) + length).astimezone(zone)
                if end > closing:
                    break
                free = not any(b[0] < end and start < b[1] for b in blocked)
                if free and bounds.fits(start, end):
                    found.append(Slot(start, end))
                    break
                start += dt.timedelta(minutes=30)
        day += dt.timedelta(days=1)
    return found


def random_party(rng: random.Random, weekdays: frozenset[int] | None = None) -> Party:
    opening = rng.choice([0, 6, 7, 8, 8.5, 9, 10, 12])
    closing = min(23.5, opening + rng.choice([1, 4, 8, 9, 12, 23]))
    hours = WorkingHours(
        dt.time(int(opening), int(opening % 1 * 60)),
        dt.time(int(closing), int(closing % 1 * 60)),
        weekdays or frozenset(rng.sample(range(7), rng.randint(1, 7))),
    )
    countries = frozenset(rng.sample(COUNTRIES, rng.randint(0, 2)))
    return Party(rng.choice(ZONES), hours if rng.random() > 0.1 else None, countries)


def random_busy(rng: random.Random, now: dt.datetime, count: int) -> list[Interval]:
    """Busy times over the next weeks, in UTC or another zone: many overlapping, some
    touching, some empty and a few reversed (a calendar's data is what it is)."""
    busy: list[Interval] = []
    for _ in range(count):
        zone = rng.choice([dt.UTC, ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Dubai")])
        start = now + dt.timedelta(minutes=rng.randrange(-24 * 60, 30 * 24 * 60, 5))
        length = dt.timedelta(minutes=rng.choice([0, 15, 30, 45, 60, 90, 240, 600, -30]))
        busy.append((start.astimezone(zone), (start + length).astimezone(zone)))
    return busy


@pytest.mark.parametrize("seed", range(CASES))
def test_bisection_finds_the_same_slots_as_a_scan_of_every_busy_interval(seed):
    rng = random.Random(seed)
    user = random_party(rng)
    # The organizer's weekdays take in the user's: with none in common no day is a working
    # day for both, and the reference's search would never end (the search gives up after
    # HORIZON_DAYS: tests/core/test_free_slots.py).
    weekdays = (user.hours or WorkingHours()).weekdays | {0, 1, 2, 3, 4}
    organizer = random_party(rng, frozenset(weekdays)) if rng.random() < 0.6 else None
    # Any time of day over two years, so DST changes and holidays come up.
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
        minutes=rng.randrange(0, 2 * 365 * 24 * 60, 10)
    )
    bounds = Bounds(now, user, organizer)
    around = now + dt.timedelta(days=rng.choice([0, 0, 3, 20, -5]))
    busy = random_busy(rng, now, rng.choice([0, 1, 5, 40, 200, 1000]))
    avoid = busy[0] if busy and rng.random() < 0.3 else None
    minutes = rng.choice([15, 30, 45, 60, 90, 120])

    expected = reference(busy, minutes=minutes, bounds=bounds, around=around, avoid=avoid)
    found = free_slots(busy, minutes=minutes, bounds=bounds, around=around, avoid=avoid)
    assert found == expected


@pytest.mark.parametrize(
    ("busy", "start", "end", "overlaps"),
    [
        ([], 9, 10, False),
        ([(9, 10)], 9, 10, True),
        ([(8, 9)], 9, 10, False),  # touching before
        ([(10, 11)], 9, 10, False),  # touching after
        ([(8, 9), (10, 11)], 9, 10, False),  # the gap between two
        ([(7, 12), (8, 9)], 9, 10, True),  # a long one hidden behind a later short one
        ([(9.5, 9.5)], 9, 10, True),  # empty, inside: the scan's test blocks it too
        ([(9, 9)], 9, 10, False),  # empty, at the start
        ([(9.75, 9.25)], 9, 10, True),  # reversed, inside
        ([(11, 8)], 9, 10, False),  # reversed, around: it starts after the slot ends
    ],
)
def test_an_interval_blocks_a_slot_exactly_when_the_plain_overlap_test_says_so(
    busy, start, end, overlaps
):
    day = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)

    def at(hour: float) -> dt.datetime:
        return day + dt.timedelta(hours=hour)

    intervals = [(at(a), at(b)) for a, b in busy]
    plain = any(a < at(end) and at(start) < b for a, b in intervals)
    assert plain == overlaps
    assert Blocked(intervals).overlaps(at(start), at(end)) == overlaps
