"""Every invite the workbench opens becomes the event Google Calendar's events.get would give for
it, and Raincheck reads that event back as the same meeting as the invite itself."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from addon.demo import samples
from addon.google.events import invite_from_event
from addon.invite.model import Invite
from addon.invite.reader import read_invite
from addon.workbench.standins.calendar_events import event_id, event_resource
from tests.support.paths import SAMPLES, invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# (invite, as opened by): every sample, and uploads of the shapes a user may bring.
CASES = [(SAMPLES / s.file, s.me) for s in samples()] + [
    (name, "anna@lumen.example")
    for name in (
        "exchange-allday.ics",
        "floating.ics",
        "tuesday-series.ics",
        "google-recurring.ics",
        "new-york-kickoff.ics",
        "outlook-windows-zone.ics",
        "outlook-custom-timezone.ics",
        "teams-renewal.eml",
        "icloud-fika.eml",
    )
]


def _data(source: Any) -> bytes:
    return source.read_bytes() if not isinstance(source, str) else invite_bytes(source)


def _meeting(invite: Invite) -> tuple[Any, ...]:
    """What must survive the trip through Calendar: the UID, the times, who organises, who is
    asked (optional or not, and how each has answered: Google has no chair), and whether it
    repeats."""
    organizer = invite.organizer and (invite.organizer.email, invite.organizer.name)
    people = [(a.email, a.name, a.role == "OPT-PARTICIPANT", a.partstat) for a in invite.attendees]
    # A whole series keeps its rule (answered as a series), one meeting of it its own start.
    series = (invite.series, invite.rrule, invite.recurrence_id)
    return invite.uid, invite.start, invite.end, invite.all_day, organizer, people, series


@pytest.mark.parametrize(("source", "me"), CASES, ids=[str(c[0]).split("/")[-1] for c in CASES])
def test_the_event_reads_back_as_the_same_meeting_as_the_invite(source: Any, me: str) -> None:
    data = _data(source)
    event = event_resource(data, me=me, floating_tz=STOCKHOLM)
    assert re.fullmatch(r"[a-v0-9]{5,1024}(_\d{8}(T\d{6}Z)?)?", event["id"])
    assert event["kind"] == "calendar#event" and event["status"] == "confirmed"
    direct = read_invite(data, floating_tz=STOCKHOLM)
    assert _meeting(invite_from_event(event)) == _meeting(direct)
    assert invite_from_event(event).online_url == direct.online_url


@pytest.mark.parametrize(
    ("source", "me", "expected"),
    [
        # A timed meeting: the instant with its offset, and the zone it was planned in (Exchange's
        # "W. Europe Standard Time", by its IANA name).
        (
            SAMPLES / "quarterly-review.eml",
            "anna@lumen.example",
            {"start": {"dateTime": "2026-12-03T14:00:00+01:00", "timeZone": "Europe/Berlin"},
             "summary": "Quarterly account review", "sequence": 2},
        ),
        # All day: dates only, the end the day after the last, as Google and iCalendar count it.
        (
            "exchange-allday.ics",
            "anna@lumen.example",
            {"start": {"date": "2026-12-16"}, "end": {"date": "2026-12-18"}},
        ),
        # A series: its rule, and a Meet link as Calendar keeps one.
        (
            "tuesday-series.ics",
            "anna@lumen.example",
            {"recurrence": ["RRULE:FREQ=WEEKLY;BYDAY=TU"],
             "hangoutLink": "https://meet.google.com/kxd-pqrs-tuv"},
        ),
    ],
)  # fmt: skip
def test_the_event_has_google_calendars_shape(
    source: Any, me: str, expected: dict[str, Any]
) -> None:
    event = event_resource(_data(source), me=me, floating_tz=STOCKHOLM)
    assert {k: event.get(k) for k in expected} == expected


def test_the_user_is_the_attendee_marked_self_and_the_organizer_is_marked_too() -> None:
    event = event_resource((SAMPLES / "pitch.eml").read_bytes(), me="David@Lumen.example")
    mine = [a for a in event["attendees"] if a.get("self")]
    assert [a["email"] for a in mine] == ["david@lumen.example"]
    assert mine[0]["responseStatus"] == "needsAction"
    assert event["organizer"]["email"] == "anna@lumen.example"
    anna = event_resource((SAMPLES / "pitch.eml").read_bytes(), me="anna@lumen.example")
    assert anna["organizer"].get("self") is True


MOVED = b"""BEGIN:VCALENDAR
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20261217T090000
DTEND;TZID=Europe/Stockholm:20261217T093000
RECURRENCE-ID;TZID=Europe/Stockholm:20261217T083000
UID:weekly-sync-4f2a@google.com
ORGANIZER;CN=Jonas Holm:mailto:jonas@bluefjord.example
ATTENDEE;CN=Anna Berg;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:anna@lumen.example
SEQUENCE:1
SUMMARY:Weekly sync (moved)
END:VEVENT
END:VCALENDAR
"""


def test_one_meeting_of_a_series_is_an_instance_of_its_series() -> None:
    event = event_resource(MOVED, me="anna@lumen.example")
    series = event_id("weekly-sync-4f2a@google.com")
    assert event["recurringEventId"] == series
    assert event["id"] == f"{series}_20261217T073000Z"
    assert "recurrence" not in event
    original = invite_from_event(event).recurrence_id
    assert original == dt.datetime(2026, 12, 17, 8, 30, tzinfo=STOCKHOLM)


def test_a_cancellation_is_the_event_cancelled() -> None:
    event = event_resource(invite_bytes("cancel.ics"), me="anna@lumen.example")
    assert event["status"] == "cancelled"


def test_the_same_uid_is_the_same_event_and_another_is_another() -> None:
    assert event_id("a@x") == event_id("a@x") != event_id("b@x")
