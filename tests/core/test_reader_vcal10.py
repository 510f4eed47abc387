"""vCalendar 1.0 (VERSION:1.0, .vcs: Nokia, Palm, Lotus Notes): its recurrence rules become
RFC 5545 RRULEs, its organizer is the attendee with ROLE=OWNER (or ORGANIZER), its STATUS
words and quoted-printable text are read, its alarms left out. A rule that cannot be said in
RFC 5545 keeps the meeting but is never answered as a series of one.

The fixtures are made up for these tests (vcal10-*.vcs).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from addon.invite import read_invite
from addon.invite.vcal10 import translate_rule
from tests.conftest import Result
from tests.support.paths import INVITES, invite_bytes

Cli = Callable[..., Result]


@pytest.mark.parametrize(
    ("rule", "start", "rrule"),
    [
        ("D1 #5", "20270301T080000Z", "FREQ=DAILY;COUNT=5"),
        ("D2 #0", "20270301T080000Z", "FREQ=DAILY;INTERVAL=2"),
        ("D1 0800 #3", "20270301T080000Z", "FREQ=DAILY;COUNT=3"),
        ("W1 TU TH #10", "20270406T090000", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"),
        ("W2 MO WE FR 20270630T000000Z", "20270405T090000Z",
         "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;UNTIL=20270630T000000Z"),
        ("W1 #0", "20270405T090000", "FREQ=WEEKLY"),
        ("MP1 1+ MO #6", "20270405T090000", "FREQ=MONTHLY;BYDAY=1MO;COUNT=6"),
        ("MP1 1- FR #0", "20270430T130000Z", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("MP2 1+ 2- TU #4", "20270406T090000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU,-2TU;COUNT=4"),
        ("MP1 #12", "20270415T090000", "FREQ=MONTHLY;BYDAY=3TH;COUNT=12"),
        ("MD1 1 15 #6", "20270401T090000", "FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=6"),
        ("MD1 1- #0", "20270430T090000", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("MD1 LD #3", "20270430T090000", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3"),
        ("YM1 6 12 #4", "20270610T090000", "FREQ=YEARLY;BYMONTH=6,12;COUNT=4"),
        ("YD1 1 100 #5", "20270101T090000", "FREQ=YEARLY;BYYEARDAY=1,100;COUNT=5"),
        # An all-day series ends on a date; a date end of a timed series takes its whole day.
        ("D1 20270310", "20270301", "FREQ=DAILY;UNTIL=20270310"),
        ("D1 20270310", "20270301T080000", "FREQ=DAILY;UNTIL=20270310T235959"),
        ("w1 tu #2", "20270406T090000", "FREQ=WEEKLY;BYDAY=TU;COUNT=2"),
    ],
)  # fmt: skip
def test_vcalendar_rules_become_rfc5545_rules(rule: str, start: str, rrule: str) -> None:
    assert translate_rule(rule, start) == (rrule, "")


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("W1 TU", "neither a count"),  # the spec and its readers disagree on what this means
        ("D1 0800 1700 #4", "several times of day"),
        ("YM1 6 MP1 1+ SU #0", "nests a second rule"),
        ("W1 TU #3 20270630T000000Z", "both a count and an end"),
        ("W0 TU #3", "interval is 0"),
        ("W1 XX #3", "not weekdays"),
        ("MD1 40 #3", "not days of the month"),
        ("FREQ=WEEKLY", "not a vCalendar 1.0 rule"),
    ],
)
def test_rules_that_cannot_be_said_in_rfc5545_are_not_guessed(rule: str, why: str) -> None:
    translated, problem = translate_rule(rule, "20270406T090000")
    assert translated is None
    assert why in problem


@pytest.mark.parametrize(
    ("fixture", "start", "minutes", "organizer", "rrule"),
    [
        # Local times in the calendar's TZ, during its DAYLIGHT period (+02:00).
        ("vcal10-weekly-owner.vcs", "2027-04-06T07:00:00+00:00", 60,
         ("karin.lund@depot.example", "Karin Lund"), "FREQ=WEEKLY;COUNT=10;BYDAY=TU,TH"),
        ("vcal10-daily-until.vcs", "2027-03-01T08:00:00+00:00", 15,
         ("tom.reed@harbour.example", "Tom Reed"), "FREQ=DAILY;UNTIL=20270312T080000Z"),
        ("vcal10-monthly-last-friday.vcs", "2027-04-30T13:00:00+00:00", 60,
         ("lena.holm@ledger.example", "Lena Holm"), "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)  # fmt: skip
def test_a_vcalendar_series_is_read_with_its_rule_and_organizer(
    fixture: str, start: str, minutes: int, organizer: tuple[str, str], rrule: str
) -> None:
    invite = read_invite(invite_bytes(fixture))
    assert (invite.start, invite.duration_minutes) == (dt.datetime.fromisoformat(start), minutes)
    assert invite.organizer is not None
    assert (invite.organizer.email, invite.organizer.name) == organizer
    assert (invite.rrule, invite.series, invite.recurring) == (rrule, True, True)
    assert [a.email for a in invite.attendees] == ["anna@lumen.example"]
    assert not any("VALARM" in w or "ALARM" in w for w in invite.warnings)


def test_quoted_printable_text_is_decoded_in_its_charset_with_soft_line_breaks() -> None:
    invite = read_invite(invite_bytes("vcal10-weekly-owner.vcs"))
    assert invite.summary == "Styrgrupp för lagerflytten"
    assert invite.description == "Agenda:\n1. Läget; tidplan, budget\n2. Nästa steg"
    assert invite.location == "Rum 4, Norra kontoret"
    assert invite.attendees[0].partstat == "NEEDS-ACTION"


def test_folded_lines_keep_their_space_and_bare_encoding_parameters_are_read() -> None:
    invite = read_invite(invite_bytes("vcal10-daily-until.vcs"))
    assert invite.summary == "Morning stand-up for the migration team"
    assert invite.description == "Ten minutes, cameras optional."


def test_a_rule_that_cannot_be_translated_keeps_the_meeting_as_the_first_of_its_series() -> None:
    invite = read_invite(invite_bytes("vcal10-open-rule.vcs"))
    assert (invite.start, invite.duration_minutes) == (
        dt.datetime(2027, 5, 5, 14, 0, tzinfo=dt.UTC),
        60,
    )
    assert invite.organizer is not None and invite.organizer.email == "omar@supply.example"
    # Not a series the reply could carry, and not a single meeting either: its first one.
    assert (invite.recurring, invite.series, invite.rrule) == (True, False, None)
    assert invite.recurrence_id == invite.start
    assert any(
        "'W2 WE' cannot be read" in w and "only its first meeting" in w for w in invite.warnings
    ), invite.warnings


def test_the_whole_series_of_an_untranslated_rule_is_refused_and_its_first_meeting_answered(
    cli: Cli,
) -> None:
    """Never a series answered as one meeting silently: asked for the series, Raincheck says
    why it cannot; asked for the meeting, the COUNTER names it (RECURRENCE-ID)."""
    args = ["triage", str(INVITES / "vcal10-open-rule.vcs"), "--me", "anna@lumen.example",
            "--strategy", "shorter"]  # fmt: skip
    refused = cli(*args, "--scope", "series")
    assert refused.code == 2
    assert "cannot be read" in refused.err and "--scope occurrence" in refused.err
    answered = cli(*args, "--json")
    assert answered.code == 0, answered.err
    ics = json.loads(answered.out)["reply"]["ics"].replace("\r\n ", "")
    assert "RECURRENCE-ID:20270505T140000Z" in ics and "RRULE" not in ics


@pytest.mark.parametrize(
    ("fixture", "carries", "lacks"),
    [("vcal10-weekly-owner.vcs", "RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=TU,TH", "RECURRENCE-ID")],
)
def test_the_counter_for_a_vcalendar_series_carries_its_rule(
    cli: Cli, fixture: str, carries: str, lacks: str
) -> None:
    result = cli(
        "triage", str(INVITES / fixture), "--me", "anna@lumen.example", "--strategy",
        "shorter", "--scope", "series", "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    ics = json.loads(result.out)["reply"]["ics"].replace("\r\n ", "")
    assert "METHOD:COUNTER" in ics
    assert carries in ics
    assert lacks not in ics
