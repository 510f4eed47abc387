"""A zone definition is worked out once, never lent to an invite that defines it otherwise.

icalendar builds a zone from each VTIMEZONE it parses (Exchange's from rules that begin in
1601), a quarter of the parse of a typical Outlook invite. The reader keeps what it built by the
definition's text (``addon.invite.builtzones``): the same text is not worked out again, and a
definition that differs, even under the same TZID, is built for itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

import pytest
from icalendar.cal.timezone import Timezone

from addon.invite import ical, read_invite, zones
from addon.invite.builtzones import BuiltZones
from addon.invite.reader import parse_calendar
from tests.support.paths import invite_bytes
from tests.support.spy import calls_of

WINDOWS_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def _invite(zone: str, tzid: str, uid: str, day: str = "20261210") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n"
        f"METHOD:REQUEST\r\n{zone}BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261127T083012Z\r\n"
        "SUMMARY:Quarterly review\r\nORGANIZER:mailto:eva.lind@nordvik.example\r\n"
        "ATTENDEE:mailto:anna@lumen.example\r\n"
        f"DTSTART;TZID={tzid}:{day}T140000\r\nDTEND;TZID={tzid}:{day}T153000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[Timezone]:
    """The TZIDs icalendar built a zone for, in order, with an empty store of built zones."""
    calls = calls_of(monkeypatch, Timezone, "to_tz")
    monkeypatch.setattr(ical, "_BUILT", BuiltZones())
    monkeypatch.setattr(zones, "_DEFINED", OrderedDict())
    return calls


def test_the_same_definition_is_worked_out_once_for_many_invites(built: list[Timezone]) -> None:
    starts = {
        read_invite(_invite(WINDOWS_ZONE, "W. Europe Standard Time", f"r{i}")).start.isoformat()
        for i in range(5)
    }
    assert starts == {"2026-12-10T14:00:00+01:00"}
    assert [str(zone["TZID"]) for zone in built] == ["W. Europe Standard Time"]


def test_a_definition_that_differs_by_one_character_is_built_for_itself(
    built: list[Timezone],
) -> None:
    other = WINDOWS_ZONE.replace("BYMONTH=10", "BYMONTH=11")
    for zone in (WINDOWS_ZONE, other, WINDOWS_ZONE, other):
        read_invite(_invite(zone, "W. Europe Standard Time", "differs"))
    assert [str(zone["TZID"]) for zone in built] == ["W. Europe Standard Time"] * 2


@pytest.mark.parametrize("rounds", [1, 3])
def test_two_invites_defining_one_tzid_otherwise_each_keep_their_own_times(
    built: list[Timezone], rounds: int
) -> None:
    for _ in range(rounds):
        india = read_invite(invite_bytes("outlook-custom-timezone.ics"))
        paris = read_invite(invite_bytes("outlook-custom-timezone-paris.ics"))
        assert india.start.isoformat() == "2026-12-07T15:00:00+05:30"
        assert paris.start.isoformat() == "2026-12-08T10:00:00+01:00"


def test_nothing_the_reader_keeps_is_left_in_icalendars_own_cache() -> None:
    from icalendar.timezone import tzp

    cache = tzp._TZP__tz_cache  # type: ignore[attr-defined]
    before = dict(cache)
    for _ in range(2):
        read_invite(invite_bytes("outlook-custom-timezone.ics"))
        read_invite(_invite(WINDOWS_ZONE, "W. Europe Standard Time", "left"))
    assert cache == before


def test_the_store_of_built_zones_is_bounded(built: list[Timezone]) -> None:
    small = BuiltZones(size=3)
    ical._BUILT = small
    for offset in range(6):
        zone = WINDOWS_ZONE.replace("TZOFFSETTO:+0100", f"TZOFFSETTO:+010{offset}")
        read_invite(_invite(zone, "W. Europe Standard Time", f"bounded{offset}"))
    assert len(small._kept) == 3
    # The oldest went first: the first definition is built again, the newest is not.
    read_invite(_invite(WINDOWS_ZONE, "W. Europe Standard Time", "again"))
    newest = WINDOWS_ZONE.replace("TZOFFSETTO:+0100", "TZOFFSETTO:+0105")
    read_invite(_invite(newest, "W. Europe Standard Time", "newest"))
    assert len(built) == 7


def test_invites_read_in_threads_each_get_their_own_zone(built: list[Timezone]) -> None:
    found: dict[str, set[str]] = {"india": set(), "paris": set()}
    lock = threading.Lock()

    def read(name: str, fixture: str) -> None:
        for _ in range(20):
            start = read_invite(invite_bytes(fixture)).start.isoformat()
            with lock:
                found[name].add(start)

    threads = [
        threading.Thread(target=read, args=("india", "outlook-custom-timezone.ics")),
        threading.Thread(target=read, args=("paris", "outlook-custom-timezone-paris.ics")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {
        "india": {"2026-12-07T15:00:00+05:30"},
        "paris": {"2026-12-08T10:00:00+01:00"},
    }


def test_a_zone_read_from_its_definition_is_built_once_and_kept_by_its_text(
    built: list[Timezone],
) -> None:
    """Outlook's "Customized Time Zone" is no zone name: the reader builds it from the
    definition (dateutil walks its rules from 1601 for each new zone object)."""

    def start(fixture: str) -> dt.datetime:
        # Read in full each time: read_invite keeps what it parsed of the same text.
        return parse_calendar(invite_bytes(fixture).decode()).start  # type: ignore[return-value]

    for _ in range(3):
        start("outlook-custom-timezone.ics")
        start("outlook-custom-timezone-paris.ics")
    # Once by icalendar's parse and once by the reader, for each of the two definitions.
    assert len(built) == 4
    india = start("outlook-custom-timezone.ics").tzinfo
    assert india is not start("outlook-custom-timezone-paris.ics").tzinfo
    assert india is start("outlook-custom-timezone.ics").tzinfo
