"""The free-slot search's speed against a plain scan of every busy interval per candidate, on
one busy calendar of N intervals (1,000 by default), best of several runs, in one process:
``python scripts/free_slots_speed.py [--busy 1000] [--runs 7]``.

The calendar is busy most of each working day, so many candidates are checked before each
day's free slot: the case where a scan per candidate costs most.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from addon.calendar import slots
from addon.calendar.bounds import Bounds, Party
from addon.calendar.hours import WorkingHours
from addon.calendar.slots import Interval

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 27, 7, 0, tzinfo=STOCKHOLM)


class Scan:
    """What ``slots.Blocked`` replaced: every interval tested against every candidate."""

    def __init__(self, intervals: list[Interval]) -> None:
        self.intervals = sorted(intervals)

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return any(b[0] < end and start < b[1] for b in self.intervals)


def calendar(count: int) -> list[Interval]:
    """``count`` busy intervals over the next three weeks, in UTC as the APIs give them, dense
    in working hours with a free hour late in each day."""
    rng = random.Random(27)  # noqa: S311 - a made-up calendar, the same every run
    busy: list[Interval] = []
    day = NOW.date()
    per_day = max(1, count // 21)
    while len(busy) < count:
        opening = dt.datetime.combine(day, dt.time(9), tzinfo=STOCKHOLM)
        for _ in range(min(per_day, count - len(busy))):
            start = opening + dt.timedelta(minutes=rng.randrange(0, 6 * 60, 5))
            length = dt.timedelta(minutes=rng.choice([30, 45, 60, 90]))
            busy.append((start.astimezone(dt.UTC), (start + length).astimezone(dt.UTC)))
        # 09.00-16.00 busy end to end, so the slot is the hour after.
        busy.append(
            (opening.astimezone(dt.UTC), (opening + dt.timedelta(hours=7)).astimezone(dt.UTC))
        )
        day += dt.timedelta(days=1)
    return busy[:count]


def best(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    busy = calendar(args.busy)
    bounds = Bounds(NOW, Party(STOCKHOLM, WorkingHours(), frozenset({"SE"})))

    def search() -> list[slots.Slot]:
        return slots.free_slots(busy, minutes=60, bounds=bounds, around=NOW)

    found = search()  # warm: holidays and zones loaded before either is timed
    bisection = best(search, args.runs)
    original = slots.Blocked
    slots.Blocked = Scan  # type: ignore[misc,assignment]
    try:
        assert search() == found
        scan = best(search, args.runs)
    finally:
        slots.Blocked = original  # type: ignore[misc]
    print(f"{args.busy} busy intervals, {len(found)} slots, best of {args.runs}:")
    print(f"  scan per candidate  {scan * 1000:8.2f} ms")
    print(f"  bisection           {bisection * 1000:8.2f} ms")
    print(f"  ratio               {scan / bisection:8.1f}x faster")


if __name__ == "__main__":
    main()
