"""Invites as real senders write them: their time zones (read with no state shared between
invites), organizers behind relays, missing UIDs, cancellations.

Each fixture reproduces the shape of real invites found in public projects' test data: Mozilla
Calendar's floating DTEND beside a zoned DTSTART, Outlook's "Customized Time Zone", Lotus Notes'
and Outlook's display names for zones, Evolution's globally unique TZIDs, alarms and unused
zone definitions that do not parse, and a bare VEVENT.
"""

from __future__ import annotations

import datetime as dt
import threading
import warnings
from zoneinfo import ZoneInfo

import pytest

from addon.errors import InviteError
from addon.invite import read_invite
from tests.support.paths import invite_bytes

UTC = dt.UTC


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("fixture", "start", "end", "zone"),
    [
        # A floating end belongs to the start's zone (30 minutes, not "ends before it starts").
        ("mozilla-floating-end.ics", "2026-12-09T10:00-05:00", "2026-12-09T10:30-05:00", None),
        ("outlook-custom-timezone.ics", "2026-12-07T15:00+05:30", "2026-12-07T16:00+05:30", None),
        ("outlook-custom-timezone-paris.ics", "2026-12-08T10:00+01:00", "2026-12-08T11:00+01:00", None),
        ("valarm-negative-duration.ics", "2026-12-10T13:00+00:00", "2026-12-10T14:00+00:00", None),
        ("unused-broken-vtimezone.ics", "2026-12-11T09:00+00:00", "2026-12-11T09:30+00:00", None),
        ("bare-vevent.ics", "2026-12-14T14:00+01:00", "2026-12-14T15:00+01:00", "Europe/Stockholm"),
        ("globally-unique-tzid.ics", "2026-12-15T09:00+01:00", "2026-12-15T10:00+01:00", "Europe/Berlin"),
        ("lotus-notes-zone-name.ics", "2026-12-16T10:00+01:00", "2026-12-16T11:00+01:00", "Europe/Berlin"),
        ("outlook-display-name-zone.ics", "2026-06-15T14:00+02:00", "2026-06-15T15:00+02:00", "Europe/Amsterdam"),
    ],
)  # fmt: skip
def test_times_are_read_as_the_sender_meant_them(
    fixture: str, start: str, end: str, zone: str | None
) -> None:
    invite = read_invite(invite_bytes(fixture))
    assert (invite.start, invite.end) == (_at(start), _at(end))
    if zone is not None:
        assert invite.start.tzinfo == ZoneInfo(zone)  # type: ignore[union-attr]


def test_a_floating_end_is_not_a_missing_zone_and_ignores_the_readers_zone() -> None:
    invite = read_invite(
        invite_bytes("mozilla-floating-end.ics"), floating_tz=ZoneInfo("Asia/Tokyo")
    )
    assert invite.duration_minutes == 30
    assert not any("no time zone" in w for w in invite.warnings)


@pytest.mark.parametrize(
    ("fixture", "says"),
    [
        ("globally-unique-tzid.ics", "read as Europe/Berlin"),
        ("lotus-notes-zone-name.ics", "guessed"),
        ("outlook-display-name-zone.ics", "guessed"),
    ],
)
def test_what_the_reader_ignored_or_guessed_is_reported(fixture: str, says: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing leaks as a Python warning
        invite = read_invite(invite_bytes(fixture))
    assert any(says in w for w in invite.warnings), invite.warnings


@pytest.mark.parametrize(
    "order",
    [
        ("outlook-custom-timezone.ics", "outlook-custom-timezone-paris.ics"),
        ("outlook-custom-timezone-paris.ics", "outlook-custom-timezone.ics"),
    ],
)
def test_each_invites_own_zone_definition_wins_whatever_was_read_before(
    order: tuple[str, str],
) -> None:
    expected = {
        "outlook-custom-timezone.ics": dt.timedelta(hours=5, minutes=30),
        "outlook-custom-timezone-paris.ics": dt.timedelta(hours=1),
    }
    for _ in range(2):
        for fixture in order:
            invite = read_invite(invite_bytes(fixture))
            assert invite.start.utcoffset() == expected[fixture]  # type: ignore[union-attr]


def test_zone_definitions_do_not_leak_between_threads() -> None:
    expected = {
        "outlook-custom-timezone.ics": dt.timedelta(hours=5, minutes=30),
        "outlook-custom-timezone-paris.ics": dt.timedelta(hours=1),
    }
    wrong: list[str] = []

    def read_many(fixture: str) -> None:
        for _ in range(40):
            offset = read_invite(invite_bytes(fixture)).start.utcoffset()  # type: ignore[union-attr]
            if offset != expected[fixture]:
                wrong.append(f"{fixture}: {offset}")

    threads = [threading.Thread(target=read_many, args=(f,)) for f in list(expected) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_icloud_organizer_is_the_email_parameter_not_the_imip_relay() -> None:
    invite = read_invite(invite_bytes("icloud-relay-organizer.ics"))
    assert invite.organizer is not None and invite.organizer.email == "olle.ostlund@gmail.com"
    assert "olle.ostlund@gmail.com" in {a.email for a in invite.attendees}
    assert not any("imip.me.com" in a.email for a in invite.attendees)


def test_a_calendar_level_uid_stands_in_for_a_missing_event_uid() -> None:
    assert read_invite(invite_bytes("meetup-calendar-uid.ics")).uid == (
        "event_qxbmvtyhcqbnb@meetup.com"
    )


def test_an_invite_without_a_uid_is_read_and_says_why_no_calendar_answer_will_go() -> None:
    invite = read_invite(invite_bytes("no-uid.ics"))
    assert invite.uid == ""
    assert any("no UID" in w for w in invite.warnings)


def test_a_cancellation_without_a_start_says_it_is_a_cancellation() -> None:
    with pytest.raises(InviteError, match="this is a cancellation"):
        read_invite(invite_bytes("cancel-no-start.ics"))


# Every fixture we read, pinned against what the file says (checked by hand): start, end, the
# zone's name, organizer, online link (without its query), in person, and series rule.
PINNED = [
    ("bare-vevent.ics", "2026-12-14T14:00:00+01:00", "2026-12-14T15:00:00+01:00", 'Europe/Stockholm', 'pat@harbor.example', None, None, None),
    ("cancel.ics", "2026-12-03T13:00:00+00:00", "2026-12-03T14:30:00+00:00", 'UTC', 'eva.lind@nordvik.example', None, None, None),
    ("exchange-allday.ics", "2026-12-16", "2026-12-18", None, 'per.nystrom@nordvik.example', None, True, None),
    ("exchange-quarterly-review.eml", "2026-12-03T14:00:00+01:00", "2026-12-03T15:30:00+01:00", 'Europe/Berlin', 'eva.lind@nordvik.example', None, True, None),
    ("floating.ics", "2026-12-11T13:00:00+00:00", "2026-12-11T14:00:00+00:00", 'UTC', 'someone@example.org', None, None, None),
    ("forwarded-review.eml", "2026-12-03T14:00:00+01:00", "2026-12-03T15:30:00+01:00", 'Europe/Berlin', 'eva.lind@nordvik.example', None, True, None),
    ("globally-unique-tzid.ics", "2026-12-15T09:00:00+01:00", "2026-12-15T10:00:00+01:00", 'Europe/Berlin', 'pat@harbor.example', None, None, None),
    ("google-pitch.eml", "2026-12-08T09:00:00+00:00", "2026-12-08T10:00:00+00:00", 'UTC', 'anna@lumen.example', 'https://meet.google.com/abc-defg-hij', True, None),
    ("google-recurring.ics", "2026-12-03T08:30:00+01:00", "2026-12-03T09:00:00+01:00", 'Europe/Stockholm', 'jonas@bluefjord.example', 'https://meet.google.com/xyz-abcd-efg', False, 'FREQ=WEEKLY;BYDAY=TH'),
    ("icloud-fika.eml", "2026-12-10T10:00:00+01:00", "2026-12-10T11:00:00+01:00", 'Europe/Stockholm', 'olle.ostlund@gmail.com', None, True, None),
    ("icloud-relay-organizer.ics", "2026-12-17T10:00:00+01:00", "2026-12-17T11:00:00+01:00", 'Europe/Stockholm', 'olle.ostlund@gmail.com', None, True, None),
    ("lotus-notes-zone-name.ics", "2026-12-16T10:00:00+01:00", "2026-12-16T11:00:00+01:00", 'Europe/Berlin', 'hans.weber@kunde.example', None, None, None),
    ("meetup-calendar-uid.ics", "2026-12-18T18:00:00+01:00", "2026-12-18T20:00:00+01:00", 'Europe/Stockholm', 'info@meetup.com', None, True, None),
    ("mozilla-floating-end.ics", "2026-12-09T10:00:00-05:00", "2026-12-09T10:30:00-05:00", 'US-Eastern', 'pat@harbor.example', None, None, None),
    ("no-uid.ics", "2026-12-18T09:00:00+00:00", "2026-12-18T10:00:00+00:00", 'UTC', 'eva.lind@nordvik.example', None, True, None),
    ("outlook-custom-timezone-paris.ics", "2026-12-08T10:00:00+01:00", "2026-12-08T11:00:00+01:00", 'Customized Time Zone', 'claire.martin@ardoise.example', None, True, None),
    ("outlook-custom-timezone.ics", "2026-12-07T15:00:00+05:30", "2026-12-07T16:00:00+05:30", 'Customized Time Zone', 'ravi.menon@granit.example', None, False, None),
    ("outlook-display-name-zone.ics", "2026-06-15T14:00:00+02:00", "2026-06-15T15:00:00+02:00", 'Europe/Amsterdam', 'pieter.jansen@kanaal.example', None, True, None),
    ("outlook-windows-zone.ics", "2026-07-02T09:30:00+02:00", "2026-07-02T11:00:00+02:00", 'Europe/Paris', 'claire.lefevre@ekholm.example', None, True, None),
    ("teams-renewal.eml", "2026-12-15T10:00:00+01:00", "2026-12-15T11:00:00+01:00", 'Europe/Berlin', 'karin.holm@solberg.example', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzE2YjQ1ZTMtYzA5Zi00@thread.v2/0', False, None),
    ("unused-broken-vtimezone.ics", "2026-12-11T09:00:00+00:00", "2026-12-11T09:30:00+00:00", 'UTC', 'pat@harbor.example', None, None, None),
    ("valarm-negative-duration.ics", "2026-12-10T13:00:00+00:00", "2026-12-10T14:00:00+00:00", 'UTC', 'pat@harbor.example', None, None, None),
    ("zoom-status.eml", "2026-12-09T13:00:00+01:00", "2026-12-09T13:45:00+01:00", 'Europe/Stockholm', 'mika.lund@cobaltpine.example', 'https://us06web.zoom.us/j/85123456789', False, None),
    ("zoom-status.ics", "2026-12-09T13:00:00+01:00", "2026-12-09T13:45:00+01:00", 'Europe/Stockholm', 'mika.lund@cobaltpine.example', 'https://us06web.zoom.us/j/85123456789', False, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "start", "end", "zone", "organizer", "online", "in_person", "rrule"),
    PINNED,
    ids=[row[0] for row in PINNED],
)
def test_each_fixture_reads_as_its_file_says(
    fixture: str,
    start: str,
    end: str,
    zone: str | None,
    organizer: str,
    online: str | None,
    in_person: bool | None,
    rrule: str | None,
) -> None:
    invite = read_invite(invite_bytes(fixture))
    assert (invite.start.isoformat(), invite.end.isoformat()) == (start, end)
    assert invite.timezone == zone
    assert invite.organizer is not None and invite.organizer.email == organizer
    assert (invite.online_url.split("?")[0] if invite.online_url else None) == online
    assert invite.in_person is in_person
    assert invite.rrule == rrule


@pytest.mark.parametrize(
    ("start", "length"),
    [
        ("99991231T230000Z", "DURATION:P2D"),
        ("00010101T000000Z", "DTEND:00010101T010000Z"),
        ("25010101T090000Z", "DTEND:25010101T100000Z"),
    ],
    ids=["past-9999", "year-1", "year-2501"],
)
def test_dates_at_the_calendars_ends_are_refused_not_crashed_on(start: str, length: str) -> None:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        f"UID:edge@example.org\r\nDTSTAMP:20261120T090000Z\r\nDTSTART:{start}\r\n{length}\r\n"
        "SUMMARY:Edge\r\nORGANIZER:mailto:eva@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(InviteError, match=r"out of range|impossible DURATION"):
        read_invite(ics.encode())
