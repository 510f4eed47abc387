"""What the card keeps of a calendar between requests: busy times only for the window they were
read for, so a slot on a day that was never read is never offered as free."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from addon.calendar import deadline
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


@dataclass
class Hanging(Calendar):
    """A calendar that answers only after the user has given up."""

    seconds: float = 3.0

    def busy(self, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        time.sleep(self.seconds)
        return super().busy(start, end)


@pytest.mark.parametrize("earlier", [0.0, 0.3])
def test_a_card_waits_for_its_calendar_one_budget_from_its_request(earlier: float) -> None:
    """The budget counts from the request's start (deadline.card), whatever came before the
    calendar read: the card is answered in it, and the read is left to finish on its own."""
    calendars = Calendars(budget=0.6)
    friday = dt.datetime(2026, 11, 27, 10, tzinfo=STOCKHOLM)
    started = time.monotonic()
    with deadline.card(calendars.budget):
        time.sleep(earlier)  # reading the invite, matching the client
        found = free(calendars, Hanging(), friday)
    took = time.monotonic() - started
    assert found.state == "unread"
    assert took < 0.6 + 0.4  # one budget; reading before it does not add to it
    if earlier:
        assert took < 0.6 + earlier  # counted from the request, not from the read
