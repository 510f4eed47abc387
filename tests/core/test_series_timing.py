"""A series answered as a whole is ahead while it goes on, and over once its count or end date
has passed: nothing is proposed for a series whose last meeting is behind it."""

from __future__ import annotations

import datetime as dt

import pytest

from addon.invite.reader import read_invite
from addon.triage.assess import timing_of

STOCKHOLM = dt.timezone(dt.timedelta(hours=1))


def _series(rule: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Raincheck tests//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:series-timing-1@example.com\r\nDTSTAMP:20261201T090000Z\r\n"
        "DTSTART:20270105T090000Z\r\nDTEND:20270105T100000Z\r\n"
        f"RRULE:{rule}\r\nSUMMARY:Weekly sync\r\n"
        "ORGANIZER:mailto:eva.lind@nordvik.example\r\n"
        "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:anna@lumen.example\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("rule", "now", "timing", "held_on"),
    [
        ("FREQ=WEEKLY;COUNT=3", dt.datetime(2027, 1, 1, 8, tzinfo=dt.UTC), "ahead", None),
        ("FREQ=WEEKLY;COUNT=3", dt.datetime(2027, 1, 12, 12, tzinfo=dt.UTC), "ahead", None),
        ("FREQ=WEEKLY;COUNT=3", dt.datetime(2027, 3, 1, 8, tzinfo=dt.UTC), "over", "2027-01-19"),
        ("FREQ=WEEKLY;UNTIL=20270126T090000Z", dt.datetime(2027, 3, 1, tzinfo=dt.UTC), "over",
         "2027-01-26"),
        ("FREQ=WEEKLY", dt.datetime(2030, 3, 1, 8, tzinfo=dt.UTC), "ahead", None),
    ],
)  # fmt: skip
def test_a_series_is_over_only_when_its_last_meeting_is(
    rule: str, now: dt.datetime, timing: str, held_on: str | None
) -> None:
    found, day = timing_of(read_invite(_series(rule)), now, STOCKHOLM)
    assert found == timing
    assert (day.value.isoformat() if day else None) == held_on
