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
        ("valarm-negative-duration.ics", "left out a VALARM"),
        ("unused-broken-vtimezone.ics", "left out a VTIMEZONE"),
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
