"""What the card keeps of a calendar between requests: busy times only for the window they were
read for, so a slot on a day that was never read is never offered as free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from addon.calendar.bounds import Bounds, Party
from addon.calendar.history import CalendarEvent, Listed
from addon.calendar.slots import Interval
from addon.cardflow.calendar import Calendars

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass
class Calendar:
    """A user's calendar as a host's API gives it: what was asked is recorded."""

    key: str = "lumen.example\nanna@lumen.example"
    asked: list[Interval] = field(default_factory=list)

    def meetings(self, start: dt.datetime, end: dt.datetime) -> Listed[CalendarEvent]:
        return Listed.of([], complete=True)

    def busy(self, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        self.asked.append((start, end))
        return []


def free(calendars: Calendars, calendar: Calendar, now: dt.datetime):
    bounds = Bounds(now.astimezone(dt.UTC), Party(STOCKHOLM))
    return calendars.free_times(calendar, minutes=60, bounds=bounds, around=now, avoid=None)


def test_busy_times_are_reused_for_the_same_window():
    calendars, calendar = Calendars(), Calendar()
    friday = dt.datetime(2026, 11, 27, 10, tzinfo=STOCKHOLM)
    free(calendars, calendar, friday)
    free(calendars, calendar, friday + dt.timedelta(minutes=3))
    assert len(calendar.asked) == 1


def test_a_window_reaching_a_day_never_read_is_read_anew():
    calendars, calendar = Calendars(), Calendar()
    free(calendars, calendar, dt.datetime(2026, 11, 27, 23, 58, tzinfo=STOCKHOLM))
    # Two minutes later it is Saturday: the ten working days now end a day later.
    free(calendars, calendar, dt.datetime(2026, 11, 28, 0, 0, tzinfo=STOCKHOLM))
    assert len(calendar.asked) == 2
    assert calendar.asked[1][1] > calendar.asked[0][1]
