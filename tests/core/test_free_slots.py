"""Free slots for a moved meeting: the earliest free one of each working day, in the user's
working hours and zone, across DST changes, around busy times, and none when there is none."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from addon.calendar.bounds import Bounds, Party
from addon.calendar.hours import WorkingHours
from addon.calendar.slots import free_slots, search_window
from addon.errors import UsageError

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
HOURS = WorkingHours()
# Friday 27 November 2026, 10.00 in Stockholm.
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=STOCKHOLM)


def at(day: int, hour: int, minute: int = 0, *, month: int = 11, tz: ZoneInfo = STOCKHOLM):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=tz)


def bounds(now: dt.datetime, tz: ZoneInfo = STOCKHOLM, organizer: Party | None = None) -> Bounds:
    """Only the user's own days and hours, unless an organizer's side is given."""
    return Bounds(now, Party(tz, HOURS, frozenset({"SE"})), organizer)


def slots_at(busy, *, minutes, now, tz=STOCKHOLM, around=None, avoid=None, organizer=None):
    return free_slots(busy, minutes=minutes, bounds=bounds(now, tz, organizer),
                      around=around or now, avoid=avoid)  # fmt: skip


def starts(slots) -> list[str]:
    return [s.start.astimezone(STOCKHOLM).strftime("%a %d %H:%M") for s in slots]


def test_an_empty_calendar_gives_the_first_hour_after_the_lead_time_then_one_a_day():
    slots = slots_at([], minutes=60, now=NOW)
    # 10.00 + two hours' lead: 12.00 today; then Monday and Tuesday at nine.
    assert starts(slots) == ["Fri 27 12:00", "Mon 30 09:00", "Tue 01 09:00"]
    assert all(s.end - s.start == dt.timedelta(hours=1) for s in slots)


def test_busy_times_push_the_slot_to_the_next_free_half_hour():
    busy = [
        (at(27, 11), at(27, 17)),  # the rest of Friday
        (at(30, 9), at(30, 10, 15)),  # Monday morning until 10.15
        (at(1, 9, month=12), at(1, 9, 30, month=12)),
    ]
    slots = slots_at(busy, minutes=30, now=NOW)
    assert starts(slots) == ["Mon 30 10:30", "Tue 01 09:30", "Wed 02 09:00"]


def test_the_meeting_being_moved_is_not_offered_as_its_own_new_time():
    meeting = (at(30, 9), at(30, 10))
    slots = slots_at([], minutes=60, now=at(27, 16), avoid=meeting)
    assert starts(slots)[0] == "Mon 30 10:00"


def test_a_slot_never_runs_past_the_end_of_working_hours():
    busy = [(at(30, 9), at(30, 16, 30))]
    slots = slots_at(busy, minutes=60, now=at(27, 18))
    assert starts(slots)[0] == "Tue 01 09:00"  # 16.30-17.30 would run past five


def test_weekends_are_skipped_and_ten_working_days_is_the_limit():
    # Busy every working hour for two weeks: nothing within ten working days.
    busy = [(at(27, 0), at(12, 0, month=12))]
    assert slots_at(busy, minutes=30, now=NOW) == []
    start, end = search_window(bounds(NOW), NOW)
    # Today and nine more working days: Friday 27 November to Thursday 10 December.
    assert end.astimezone(STOCKHOLM) == at(11, 0, month=12)
    assert start == NOW


def test_working_hours_stay_on_the_wall_clock_across_the_spring_dst_change():
    # Sunday 28 March 2027 Europe moves to summer time: Monday's nine is 07.00 UTC, Friday's
    # was 08.00 UTC.
    friday = dt.datetime(2027, 3, 26, 18, 0, tzinfo=STOCKHOLM)
    slots = slots_at([], minutes=30, now=friday)
    assert [s.start.astimezone(dt.UTC).hour for s in slots] == [7, 7, 7]
    assert [s.start.astimezone(STOCKHOLM).hour for s in slots] == [9, 9, 9]


def test_busy_times_from_another_zone_block_the_same_instant():
    # A New York busy time 03.00-05.00 is 09.00-11.00 in Stockholm on Monday 30 November.
    busy = [(at(30, 3, tz=NEW_YORK), at(30, 5, tz=NEW_YORK))]
    slots = slots_at(busy, minutes=60, now=at(27, 16))
    assert starts(slots)[0] == "Mon 30 11:00"


def test_slots_are_in_the_users_zone_not_the_servers():
    slots = slots_at([], minutes=30, now=NOW, tz=NEW_YORK)
    assert slots[0].start.tzinfo == NEW_YORK
    assert slots[0].start.astimezone(NEW_YORK).strftime("%H:%M") == "09:00"


def test_a_slot_names_itself_by_its_utc_start():
    slot = slots_at([], minutes=30, now=at(27, 16))[0]
    assert slot.key == "20261130T080000Z"


@pytest.mark.parametrize(
    ("start", "end"), [("17:00", "09:00"), ("9", "17:00"), ("09:00", "25:00"), ("", "")]
)
def test_working_hours_that_make_no_sense_are_refused(start, end):
    with pytest.raises(UsageError):
        WorkingHours.parse(start, end)


def test_working_hours_parse_wall_times():
    assert WorkingHours.parse("08:30", "16:00") == WorkingHours(dt.time(8, 30), dt.time(16))


def test_public_holidays_of_either_person_are_skipped():
    # Christmas week 2026 in Sweden: Thursday 24 (Christmas Eve) and Friday 25 are off, and the
    # New York organizer's Christmas Day too; Monday 28 is the next working day for both.
    now = at(23, 9, month=12)
    new_york = Party(NEW_YORK, WorkingHours(dt.time(8), dt.time(17)), frozenset({"US"}))
    slots = slots_at([], minutes=60, now=now, organizer=new_york)
    assert starts(slots)[:2] == ["Wed 23 14:00", "Mon 28 14:00"]


def test_a_slot_lies_within_both_peoples_hours():
    # Stockholm 09-17 and New York 08-17 overlap from 14.00 to 17.00 Stockholm time.
    new_york = Party(NEW_YORK, WorkingHours(dt.time(8), dt.time(17)), frozenset({"US"}))
    slots = slots_at([], minutes=60, now=at(27, 16), organizer=new_york)
    assert starts(slots) == ["Mon 30 14:00", "Tue 01 14:00", "Wed 02 14:00"]


def test_free_times_are_searched_from_the_meetings_own_day():
    # A meeting three weeks ahead is moved within its own week, not to tomorrow.
    slots = slots_at([], minutes=60, now=NOW, around=at(14, 10, month=12))
    assert starts(slots) == ["Mon 14 09:00", "Tue 15 09:00", "Wed 16 09:00"]


def test_no_working_day_in_common_gives_no_slots_and_the_search_ends():
    # A mailbox that works weekends only (Graph's working hours: Saturday and Sunday) and an
    # organizer who works Monday to Friday: no day is a working day for both.
    weekends = Party(STOCKHOLM, WorkingHours(weekdays=frozenset({5, 6})), frozenset({"SE"}))
    office = Party(NEW_YORK, WorkingHours(dt.time(8), dt.time(17)), frozenset({"US"}))
    both = Bounds(NOW, weekends, office)
    assert free_slots([], minutes=30, bounds=both, around=NOW) == []
    start, end = search_window(both, NOW)
    assert start <= end
