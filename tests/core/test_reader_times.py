"""When a meeting is, as a careful person reads it from what senders really write.

Two classes of issue 26: all-day events that carry a zone (``DTSTART;TZID=...;VALUE=DATE``
and the forms around it) are all day, never "00:00-00:00"; and a malformed but readable time
(an end that is not a date, before the start, a date after a timed start, weeks written as a
time) keeps the start, takes the end from what can be trusted or the default length, and says
so in one warning. Only a start that cannot be read is refused, and the refusal names it.
The fixtures are made up for these tests.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from addon.errors import InviteError
from addon.invite import read_invite
from addon.invite.model import Invite
from tests.support.paths import invite_bytes

BERLIN = ZoneInfo("Europe/Berlin")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC


def _invite(times: str, *, extra: str = "") -> Invite:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Made up//Times//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:times@nordvik.example\r\nDTSTAMP:20270210T080000Z\r\n"
        "SUMMARY:Route planning\r\nORGANIZER:mailto:eva.lind@nordvik.example\r\n"
        f"ATTENDEE:mailto:anna@lumen.example\r\n{times}\r\n{extra}"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return read_invite(ics.replace("\r\n\r\n", "\r\n").encode())


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("times", "start", "end"),
    [
        ("DTSTART;TZID=Europe/Berlin;VALUE=DATE:20270301\r\nDTEND;TZID=Europe/Berlin;VALUE=DATE:20270303", "2027-03-01", "2027-03-03"),
        ("DTSTART;VALUE=DATE;TZID=Europe/Berlin:20270301\r\nDTEND;VALUE=DATE;TZID=Europe/Berlin:20270302", "2027-03-01", "2027-03-02"),
        # Evolution and Mozilla write globally unique zone names.
        ("DTSTART;VALUE=DATE;TZID=/mozilla.org/20070129_1/Europe/Berlin:20270301\r\nDTEND;VALUE=DATE;TZID=/mozilla.org/20070129_1/Europe/Berlin:20270302", "2027-03-01", "2027-03-02"),
        ('DTSTART;TZID="W. Europe Standard Time";VALUE=DATE:20270301\r\nDURATION:P2D', "2027-03-01", "2027-03-03"),
        ("DTSTART;TZID=Nowhere/Atlantis;VALUE=DATE:20270301\r\nDTEND;TZID=Nowhere/Atlantis;VALUE=DATE:20270302", "2027-03-01", "2027-03-02"),
        # A date with a zone but no VALUE=DATE: eight digits are a day.
        ("DTSTART;TZID=Europe/Berlin:20270301\r\nDTEND;TZID=Europe/Berlin:20270302", "2027-03-01", "2027-03-02"),
        ("DTSTART;TZID=Europe/Berlin;VALUE=DATE:20270301", "2027-03-01", "2027-03-02"),
        # VALUE=DATE with a midnight written after it, with a zone and without.
        ("DTSTART;TZID=Europe/Berlin;VALUE=DATE:20270301T000000\r\nDTEND;TZID=Europe/Berlin;VALUE=DATE:20270304T000000", "2027-03-01", "2027-03-04"),
        ("DTSTART;VALUE=DATE:20270301T000000\r\nDTEND;VALUE=DATE:20270304T000000", "2027-03-01", "2027-03-04"),
    ],
    ids=["tzid-then-value", "value-then-tzid", "globally-unique-tzid", "windows-zone-duration",
         "unknown-zone", "tzid-no-value", "tzid-no-end", "value-date-midnight-zoned",
         "value-date-midnight-floating"],
)  # fmt: skip
def test_an_all_day_event_with_a_zone_is_all_day(times: str, start: str, end: str) -> None:
    invite = _invite(times)
    assert (invite.start, invite.end, invite.all_day) == (_day(start), _day(end), True)
    assert invite.warnings == ()


def test_exchanges_all_day_flag_with_zoned_midnights_is_all_day() -> None:
    invite = _invite(
        "DTSTART;TZID=W. Europe Standard Time:20270301T000000\r\n"
        "DTEND;TZID=W. Europe Standard Time:20270302T000000",
        extra="X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n",
    )
    assert (invite.start, invite.end, invite.all_day) == (
        _day("2027-03-01"),
        _day("2027-03-02"),
        True,
    )


def test_an_all_day_override_names_its_day_as_a_date() -> None:
    invite = _invite(
        "DTSTART;TZID=Europe/Berlin;VALUE=DATE:20270308\r\n"
        "DTEND;TZID=Europe/Berlin;VALUE=DATE:20270309\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin;VALUE=DATE:20270308"
    )
    assert invite.recurrence_id == _day("2027-03-08")


@pytest.mark.parametrize(
    ("times", "extra"),
    [
        ("DTSTART;TZID=Europe/Berlin:20270301T000000\r\nDTEND;TZID=Europe/Berlin:20270301T010000", ""),
        # The flag alone does not make a timed meeting all day.
        ("DTSTART;TZID=Europe/Berlin:20270301T000000\r\nDTEND;TZID=Europe/Berlin:20270301T013000", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n"),
    ],
    ids=["midnight-meeting", "flag-on-a-timed-meeting"],
)  # fmt: skip
def test_a_meeting_at_midnight_stays_a_timed_meeting(times: str, extra: str) -> None:
    invite = _invite(times, extra=extra)
    assert invite.all_day is False
    assert invite.start == dt.datetime(2027, 3, 1, 0, 0, tzinfo=BERLIN)


def test_the_letter_for_an_all_day_event_with_a_zone_names_days_not_midnight() -> None:
    invite = read_invite(invite_bytes("times-allday-berlin-tzid.ics"))
    assert (invite.start, invite.end, invite.all_day) == (
        _day("2027-03-01"),
        _day("2027-03-03"),
        True,
    )
    assert invite.duration_minutes == 2 * 24 * 60


START = "DTSTART;TZID=Europe/Stockholm:20270315T140000"


def _at(hour: int, minute: int = 0, day: int = 15) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("times", "end", "said"),
    [
        (f"{START}\r\nDTEND:BORKED", _at(15), "'BORKED' is not a date"),
        (f"{START}\r\nDTEND;TZID=Europe/Stockholm:None", _at(15), "'None' is not a date"),
        (f"{START}\r\nDTEND:", _at(15), "is not a date"),
        (f"{START}\r\nDTEND;TZID=Europe/Stockholm:20270315T130000", _at(15), "is before the start"),
        (f"{START}\r\nDURATION:-PT1H", _at(15), "is negative"),
        (f"{START}\r\nDTEND;VALUE=DATE:20270316", _at(15), "has no time of day"),
        (f"{START}\r\nDURATION:P999999999999999999W", _at(15), "out of range"),
        (f"{START}\r\nDURATION:BORKED", _at(15), "'BORKED' is not a duration"),
        # Found by the fuzzer: the end overflows Python's dates.
        (f"{START}\r\nDURATION:PT999999991H", _at(15), "out of range"),
        # What can be trusted is used: the duration beside an unreadable end.
        (f"{START}\r\nDTEND:BORKED\r\nDURATION:PT45M", _at(14, 45), "taken from DURATION"),
        # Weeks written as a time of day.
        (f"{START}\r\nDURATION:PT1W", _at(14, day=22), "read as 7 days"),
        (f"{START}\r\nDTEND;TZID=Europe/Stockholm:20270315T1530", _at(15, 30), "read as 2027-03-15 15:30"),
        (f"{START}\r\nDTEND;TZID=Europe/Stockholm:2027-03-15T15:30:00", _at(15, 30), "read as 2027-03-15 15:30"),
    ],
    ids=["borked", "none", "empty", "end-before-start", "negative-duration", "date-end",
         "huge-duration", "borked-duration", "overflowing-duration", "duration-beside-broken-end",
         "weeks-as-time", "no-seconds", "iso-extended"],
)  # fmt: skip
def test_a_malformed_end_keeps_the_start_and_says_so_once(
    times: str, end: dt.datetime, said: str
) -> None:
    invite = _invite(times)
    assert (invite.start, invite.end, invite.all_day) == (_at(14), end, False)
    assert len(invite.warnings) == 1 and said in invite.warnings[0]


@pytest.mark.parametrize(
    ("times", "start", "end", "said"),
    [
        # ISO 8601's extended form, as a mail archiver writes it.
        ("DTSTART;TZID=Europe/Berlin:2027-03-15T09:30:00\r\nDTEND;TZID=Europe/Berlin:2027-03-15T10:15:00",
         dt.datetime(2027, 3, 15, 9, 30, tzinfo=BERLIN), dt.datetime(2027, 3, 15, 10, 15, tzinfo=BERLIN), "DTSTART"),
        ("DTSTART:2027-03-15T083000Z\r\nDURATION:PT30M",
         dt.datetime(2027, 3, 15, 8, 30, tzinfo=UTC), dt.datetime(2027, 3, 15, 9, 0, tzinfo=UTC), "DTSTART"),
        # An empty parameter: the line is still plain to read.
        ("DTSTART;;VALUE=DATE-TIME:20270315T093000Z\r\nDTEND:20270315T100000Z",
         dt.datetime(2027, 3, 15, 9, 30, tzinfo=UTC), dt.datetime(2027, 3, 15, 10, 0, tzinfo=UTC), "DTSTART"),
        # An all-day end on the start's own day is that one day.
        ("DTSTART;VALUE=DATE:20270315\r\nDTEND;VALUE=DATE:20270315", _day("2027-03-15"), _day("2027-03-16"), "one day"),
        ("DTSTART;VALUE=DATE:20270315\r\nDTEND;VALUE=DATE:20270301", _day("2027-03-15"), _day("2027-03-16"), "before the start"),
    ],
    ids=["iso-extended-start", "iso-date-basic-time", "empty-parameter", "all-day-same-day",
         "all-day-end-before"],
)  # fmt: skip
def test_a_readable_start_written_oddly_is_read_with_one_warning(
    times: str, start: dt.date, end: dt.date, said: str
) -> None:
    invite = _invite(times)
    assert (invite.start, invite.end) == (start, end)
    assert len(invite.warnings) == 1 and said in invite.warnings[0]


def test_an_unreadable_end_from_a_file_is_read_as_an_hour() -> None:
    invite = read_invite(invite_bytes("times-borked-end.ics"))
    assert (invite.start, invite.end) == (_at(14), _at(15))
    assert invite.warnings == ("DTEND 'None' is not a date: the meeting is read as 1 hour long",)


@pytest.mark.parametrize(
    ("times", "said"),
    [
        ("DTSTART:BORKED\r\nDTEND:20270315T100000Z", "impossible date in DTSTART: BORKED"),
        ("DTSTART:\r\nDTEND:20270315T100000Z", r"impossible date in DTSTART: \(empty\)"),
        ("DTSTART:20271345T100000Z\r\nDTEND:20270315T100000Z", "impossible date in DTSTART: 20271345T100000Z"),
        ("DTSTART;TZID=Europe/Berlin:2027-13-01T10:00\r\nDURATION:PT1H", "impossible date in DTSTART: 2027-13-01T10:00"),
    ],
    ids=["borked", "empty", "month-13", "iso-month-13"],
)  # fmt: skip
def test_a_start_that_cannot_be_read_is_refused_and_named(times: str, said: str) -> None:
    with pytest.raises(InviteError, match=said) as caught:
        _invite(times)
    assert caught.value.kind == "bad_time"


def test_a_line_icalendar_drops_is_read_from_its_own_event_not_an_alarm_or_override() -> None:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:series@nordvik.example\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20270322T100000\r\n"
        "DTSTART;TZID=Europe/Berlin:20270323T090000\r\nDURATION:PT30M\r\n"
        "ORGANIZER:mailto:eva.lind@nordvik.example\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:series@nordvik.example\r\n"
        "DTSTART;;TZID=Europe/Berlin:20270315T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
        "ORGANIZER:mailto:eva.lind@nordvik.example\r\n"
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDURATION:PT5M\r\nREPEAT:2\r\n"
        "END:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    invite = read_invite(ics.encode())
    start = dt.datetime(2027, 3, 15, 10, 0, tzinfo=BERLIN)
    assert (invite.start, invite.end, invite.rrule) == (start, start, "FREQ=WEEKLY;COUNT=4")
    assert len(invite.warnings) == 1 and "DTSTART" in invite.warnings[0]
