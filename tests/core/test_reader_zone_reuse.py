"""A zone definition is read only when a time needs it, worked out once, and never lent to an
invite that defines it otherwise.

icalendar builds a zone from each VTIMEZONE it parses (Exchange's from rules that begin in
1601): a quarter of the parse of a typical Outlook invite, and a tenth of a second the first
time in a process (dateutil walks the rules from 1601). The reader resolves zones itself, so the
definitions are set aside before icalendar parses (``addon.invite.ical``) and one is read only
when its TZID names no known zone; the zone built from it is kept by the definition's text
(``addon.invite.zones``): the same text is not worked out again, and a definition that differs,
even under the same TZID, is built for itself.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections import OrderedDict

import pytest
from icalendar.cal.timezone import Timezone
from icalendar.timezone import tzp

from addon.invite import ical, read_invite, zones
from addon.invite.model import Invite
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
    """The VTIMEZONEs a zone was built from, in order, with nothing built before: an empty
    store of built zones, and an empty icalendar cache (any earlier parse in the process that
    did not go through the reader, a test's or a stand-in's, leaves its zones there)."""
    calls = calls_of(monkeypatch, Timezone, "to_tz")
    monkeypatch.setattr(zones, "_DEFINED", OrderedDict())
    monkeypatch.setattr(tzp, "_TZP__tz_cache", {})
    return calls


def _read(text: bytes) -> Invite:
    """Parsed each time (read_invite keeps what it parsed of the same text)."""
    return parse_calendar(text.decode())


CUSTOM = WINDOWS_ZONE.replace("W. Europe Standard Time", "Customized Time Zone")


@pytest.mark.parametrize(
    "tzid", ["W. Europe Standard Time", "Europe/Berlin", "/freeassociation.sourceforge.net/Europe/Berlin"]
)  # fmt: skip
def test_a_zone_known_by_its_name_builds_nothing_from_the_definition(
    built: list[Timezone], tzid: str
) -> None:
    zone = WINDOWS_ZONE.replace("W. Europe Standard Time", tzid)
    invite = _read(_invite(zone, tzid, "named"))
    assert invite.start.isoformat() == "2026-12-10T14:00:00+01:00"
    assert built == []


def test_the_same_definition_is_worked_out_once_for_many_invites(built: list[Timezone]) -> None:
    starts = {
        _read(_invite(CUSTOM, "Customized Time Zone", "same")).start.isoformat() for _ in range(5)
    }
    assert starts == {"2026-12-10T14:00:00+01:00"}
    assert [str(zone["TZID"]) for zone in built] == ["Customized Time Zone"]


def test_a_definition_that_differs_by_one_character_is_built_for_itself(
    built: list[Timezone],
) -> None:
    other = CUSTOM.replace("BYMONTH=10", "BYMONTH=11")
    starts = [
        _read(_invite(zone, "Customized Time Zone", "differs", day="20261105")).start
        for zone in (CUSTOM, other, CUSTOM, other)
    ]
    # 5 November: after the last Sunday of October, before the last Sunday of November.
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=h) for h in (1, 2, 1, 2)]  # type: ignore[union-attr]
    assert [str(zone["TZID"]) for zone in built] == ["Customized Time Zone"] * 2


def test_a_broken_alarm_or_a_broken_definition_no_time_uses_costs_the_invite_nothing() -> None:
    for fixture in ("valarm-negative-duration.ics", "unused-broken-vtimezone.ics"):
        invite = read_invite(invite_bytes(fixture))
        assert invite.warnings == (), fixture


def test_a_broken_definition_a_time_uses_is_said_and_the_zone_read_by_its_name(
    built: list[Timezone],
) -> None:
    name = "(UTC+01:00) Amsterdam, Berlin, Bern"
    broken = CUSTOM.replace("Customized Time Zone", name.replace(",", "\\,"))
    broken = broken.replace("TZOFFSETTO:+0100", "TZOFFSETTO:one hour")
    invite = _read(_invite(broken, f'"{name}"', "broken"))
    assert invite.start.isoformat() == "2026-12-10T14:00:00+01:00"
    assert any("could not be read" in w for w in invite.warnings), invite.warnings
    assert any("guessed Europe/Amsterdam" in w for w in invite.warnings), invite.warnings


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


def test_the_store_of_built_zones_is_bounded(
    built: list[Timezone], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zones, "_DEFINED_SIZE", 3)
    for offset in range(6):
        zone = CUSTOM.replace("TZOFFSETTO:+0100", f"TZOFFSETTO:+010{offset}")
        _read(_invite(zone, "Customized Time Zone", "bounded"))
    assert len(zones._DEFINED) == 3
    # The oldest went first: the first definition is built again, the newest is not.
    _read(_invite(CUSTOM, "Customized Time Zone", "bounded"))
    newest = CUSTOM.replace("TZOFFSETTO:+0100", "TZOFFSETTO:+0105")
    _read(_invite(newest, "Customized Time Zone", "bounded"))
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
        return _read(invite_bytes(fixture)).start  # type: ignore[return-value]

    for _ in range(3):
        start("outlook-custom-timezone.ics")
        start("outlook-custom-timezone-paris.ics")
    # Once for each of the two definitions: icalendar builds none.
    assert len(built) == 2
    india = start("outlook-custom-timezone.ics").tzinfo
    assert india is not start("outlook-custom-timezone-paris.ics").tzinfo
    assert india is start("outlook-custom-timezone.ics").tzinfo


# Outlook's own zone for a place without daylight saving: a STANDARD and a DAYLIGHT part with
# the same offset and no RRULE, each a rule of one occurrence.
NO_DST = (
    "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16010101T{minute}\r\nTZOFFSETFROM:+0530\r\n"
    "TZOFFSETTO:+0530\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0530\r\n"
    "TZOFFSETTO:+0530\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def test_threads_using_a_new_definitions_zone_at_once_all_finish(built: list[Timezone]) -> None:
    """dateutil keeps the lock of a rule it walked to its end: a zone shared before its first
    use left a second thread walking it at the same time waiting for ever (issue 27's review).
    Each round, a new definition's zone is handed to 8 threads that first use it at once."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as they can
    try:
        for round_ in range(40):
            text = _invite(NO_DST.format(minute=f"00{round_:02d}00"), "X", "india").decode()
            _, _, definitions = ical.parse(text)
            definition = definitions["Customized Time Zone"]
            ready = threading.Barrier(8)
            offsets: list[object] = []

            def use(definition: str = definition, ready: threading.Barrier = ready,
                    offsets: list[object] = offsets) -> None:  # fmt: skip
                zone = zones.defined_zone(definition)
                ready.wait(timeout=20)
                offsets.append(zone.utcoffset(dt.datetime(2026, 12, 7, 15)))

            threads = [threading.Thread(target=use, daemon=True) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=20)
            assert not any(t.is_alive() for t in threads), f"stuck in round {round_}"
            assert offsets == [dt.timedelta(hours=5, minutes=30)] * 8
    finally:
        sys.setswitchinterval(interval)


def test_a_zone_icalendar_guessed_never_stands_for_a_definition(built: list[Timezone]) -> None:
    """icalendar guesses a zone for a TZID it does not know (the zone of "Custom" for
    "/vendor/Custom") and caches the guess; an invite that defines /vendor/Custom is read
    with its own definition, whatever was read before."""

    def zone(tzid: str, offset: str) -> str:
        return (
            f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
            f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        )

    vendor = zone("/vendor/Custom", "-0800")
    first = _invite(zone("Custom", "+0500"), "/vendor/Custom", "guess").decode()
    first = first.replace("END:VEVENT\r\n", "END:VEVENT\r\n" + vendor)
    offsets = [
        _read(text.encode()).start.utcoffset()  # type: ignore[union-attr]
        for text in (first, _invite(vendor, "/vendor/Custom", "own").decode())
    ]
    assert offsets == [dt.timedelta(hours=-8)] * 2


def test_only_the_definitions_of_the_calendar_that_holds_the_meeting_count() -> None:
    """A file of two calendars: the reader reads the first, with its own definition of
    "Customized Time Zone"; the second's definition of the same name is not the meeting's."""
    first = _invite(NO_DST.format(minute="000000"), "Customized Time Zone", "first").decode()
    second = _invite(CUSTOM, "Customized Time Zone", "second").decode()
    start = _read((first + second).encode()).start
    assert start.utcoffset() == dt.timedelta(hours=5, minutes=30)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "tzid",
    ["W. Europe Standard Time", "Customized Time Zone", "Europe/Berlin",
     "/freeassociation.sourceforge.net/Europe/Berlin", "Greenwich Standard Time"],
)  # fmt: skip
def test_icalendar_looks_a_tzid_up_once_and_every_parse_reads_the_same(
    tzid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # icalendar's own look-up of a Windows name asks zoneinfo for a file first; the reader
    # keeps its answer (or that there is none) instead of asking at every parse.
    monkeypatch.setattr(ical, "_ZONES", {})
    monkeypatch.setattr(tzp, "_TZP__tz_cache", {})
    # zoneinfo (icalendar's provider), asked when icalendar's cache has no answer.
    asked = calls_of(monkeypatch, tzp._TZP__provider, "timezone")  # type: ignore[attr-defined]
    first = _read(_invite("", tzid, "looked-up"))
    asked_first = len(asked)
    again = [_read(_invite("", tzid, "looked-up")) for _ in range(3)]
    assert all(invite == first for invite in again)
    assert asked_first >= 1 and len(asked) == asked_first
    assert tzp._TZP__tz_cache == {}  # type: ignore[attr-defined]


def test_what_is_kept_of_tzids_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ical, "_ZONES", {})
    monkeypatch.setattr(ical, "_ZONES_KEPT", 5)
    for n in range(12):
        _read(_invite("", f"Made-up Zone {n}", "bounded"))
        assert len(ical._ZONES) <= 5
