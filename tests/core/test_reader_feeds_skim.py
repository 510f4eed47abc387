"""A calendar of many events is read without the details of the events that are not the
meeting, and says exactly what reading every event in full says: the same invite (the meeting,
its count of events, its warnings) or the same refusal, also when a later event is broken."""

from __future__ import annotations

import pytest

from addon.errors import InviteError
from addon.invite import ical
from addon.invite.model import Invite
from addon.invite.reader import parse_calendar

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Made up//Feed//EN\r\nMETHOD:PUBLISH\r\n"
ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
    "DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
    "DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def event(n: int, *, extra: str = "", start: str = "DTSTART:20270310T090000Z") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:event-{n}@feed.example\r\nDTSTAMP:20270101T000000Z\r\n{start}\r\n"
        f"DTEND:20270310T100000Z\r\nSUMMARY:Meeting {n}\r\nDESCRIPTION:Agenda\\, notes\\nand "
        f"more for {n}\r\nORGANIZER;CN=Eva Lind:mailto:eva@nordvik.example\r\n"
        'ATTENDEE;CN="Jonas, Berg";PARTSTAT=NEEDS-ACTION:mailto:jonas@client.example\r\n'
        f"X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nSEQUENCE:{n}\r\n{extra}END:VEVENT\r\n"
    )


def feed(*events: str, zone: str = "") -> str:
    return HEAD + zone + "".join(events) + "END:VCALENDAR\r\n"


PLAIN = [event(n) for n in range(5)]
CASES = {
    "a plain feed": feed(*PLAIN),
    "events in the invite's own zone": feed(
        *(event(n, start="DTSTART;TZID=Customized Time Zone:20270310T090000") for n in range(4)),
        zone=ZONE,
    ),
    # icalendar opens the zone file "Europe", a directory: the whole parse fails.
    "a later event names a directory as its zone": feed(
        *PLAIN[:3], event(3, start="DTSTART;TZID=Europe:20270310T090000"), PLAIN[4]
    ),
    "a later event has an alarm that cannot be read": feed(
        *PLAIN[:3], event(3, extra="BEGIN:VALARM\r\nTRIGGER:BROKEN\r\nEND:VALARM\r\n"), PLAIN[4]
    ),
    "a later event has values that cannot be read": feed(
        *PLAIN[:3],
        event(3, extra='SEQUENCE:many\r\nDTSTAMP:2027-13-45\r\nURL;X="a":x\r\nSUMMARY;;X=1:y\r\n'),
        PLAIN[4],
    ),
    "a series whose master comes after a changed instance": feed(
        event(0, extra="RECURRENCE-ID:20270317T090000Z\r\n").replace("event-0", "series"),
        event(1, extra="RRULE:FREQ=WEEKLY;COUNT=5\r\n").replace("event-1", "series"),
        *PLAIN[2:],
    ),
    "every event is a changed instance": feed(
        *(event(n, extra=f"RECURRENCE-ID:2027031{n}T090000Z\r\n") for n in range(4))
    ),
    "an instance whose RECURRENCE-ID icalendar drops": feed(
        event(0, extra="RECURRENCE-ID;;X=1:20270317T090000Z\r\n"),
        event(1, extra="RECURRENCE-ID:20270317T090000Z\r\n"),
        *PLAIN[2:],
    ),
    "a cancelled feed": feed(*PLAIN).replace("METHOD:PUBLISH", "METHOD:CANCEL"),
    "a feed cut off after its events": feed(*PLAIN).removesuffix("END:VCALENDAR\r\n"),
    "a later event with no UID": feed(
        *PLAIN[:3], event(3).replace("UID:event-3@feed.example\r\n", "")
    ),
}


def outcome(text: str, *, skim: bool) -> Invite | str:
    try:
        return parse_calendar(text, skim=skim)
    except InviteError as error:
        return f"refused: {error}"


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_a_skimmed_feed_reads_as_the_full_parse_does(text: str) -> None:
    assert outcome(text, skim=True) == outcome(text, skim=False)


def test_a_plain_feed_is_skimmed_and_still_counts_every_event() -> None:
    _, _, skimmed, _ = ical.parse_skimmed(CASES["a plain feed"])
    assert skimmed is not None and skimmed.events == 5
    assert "DESCRIPTION:Agenda" not in skimmed.text.split("UID:event-1@feed.example")[1]
    invite = parse_calendar(CASES["a plain feed"])
    assert (invite.events, invite.uid, invite.summary) == (5, "event-0@feed.example", "Meeting 0")


def test_a_broken_later_event_refuses_the_feed_as_the_full_parse_does() -> None:
    refused = outcome(CASES["a later event names a directory as its zone"], skim=True)
    assert isinstance(refused, str) and refused.startswith("refused: unreadable iCalendar data")


def test_the_series_master_is_read_whole_wherever_it_comes() -> None:
    invite = parse_calendar(CASES["a series whose master comes after a changed instance"])
    assert (invite.rrule, invite.recurrence_id, invite.events) == ("FREQ=WEEKLY;COUNT=5", None, 4)
