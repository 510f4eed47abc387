"""RFC 5546 checks for the calendar parts we write (COUNTER and REPLY, §3.2.3 and §3.2.7),
with RFC 6047's rule that the MIME method equals the METHOD inside."""

from __future__ import annotations

import datetime as dt

import icalendar

from addon.invite.model import Invite
from addon.writing.itip import CalendarPart
from tests.support.clock import NOW


def check_itip(
    part: CalendarPart, invite: Invite, me: str, *, now: dt.datetime | None = None
) -> icalendar.Event:
    """``now``: the moment the part was written at, when not the real one."""
    calendar = icalendar.Calendar.from_ical(part.text)
    assert str(calendar["METHOD"]) == part.method
    assert f"method={part.method}" in part.content_type
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.get("PRODID")
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert not event.errors, event.errors
    assert str(event["UID"]) == invite.uid
    assert int(event["SEQUENCE"]) == invite.sequence
    stamp = event.decoded("DTSTAMP")
    assert stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0)
    # Written now, or at the tests' frozen "now" (tests/support/clock.py) when the app's clock
    # was set to it.
    moments = [now] if now else [dt.datetime.now(dt.UTC), NOW]
    assert min(abs(moment - stamp) for moment in moments) < dt.timedelta(minutes=5)
    assert invite.organizer is not None
    assert str(event["ORGANIZER"]).lower() == f"mailto:{invite.organizer.email}"
    attendees = event.get("ATTENDEE")
    assert not isinstance(attendees, list), "exactly one ATTENDEE: the user"
    assert str(attendees).lower() == f"mailto:{me}"
    assert "SUMMARY" in event
    assert not ("DTEND" in event and "DURATION" in event)
    assert not event.walk("VALARM")
    # Every date-time in UTC, so no VTIMEZONE is needed (RFC 5546 §3.2 / RFC 5545 §3.6.5).
    assert not calendar.walk("VTIMEZONE")
    assert ";TZID=" not in part.text
    if invite.recurrence_id is not None:
        assert "RECURRENCE-ID" in event
    # About a whole series: the series itself, never one instance of it (RFC 5546 §3.2.7).
    assert ("RRULE" in event) is invite.series
    assert not ("RRULE" in event and "RECURRENCE-ID" in event)
    if part.method == "COUNTER":
        assert "DTSTART" in event
        assert attendees.params["PARTSTAT"] in {"TENTATIVE", "NEEDS-ACTION", "ACCEPTED"}
    else:
        assert part.method == "REPLY"
        assert attendees.params["PARTSTAT"] in {"DECLINED", "DELEGATED", "TENTATIVE", "ACCEPTED"}
    assert "\r\n" in part.text and all(len(line.encode()) <= 75 for line in part.text.split("\r\n"))
    return event
