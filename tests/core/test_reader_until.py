"""A series' end written as ISO 8601's extended form, or in the wrong value type, is read as the
day or moment it names and rewritten as RFC 5545 wants it (3.3.10: UNTIL has DTSTART's type, and
is UTC beside a zoned start), so the series is neither misread as over nor refused."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.invite import read_invite
from addon.invite.until import normalized_until
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from tests.support.clock import NOW
from tests.support.paths import invite_bytes

BERLIN = ZoneInfo("Europe/Berlin")
TIMED = dt.datetime(2026, 1, 5, 10, 0, tzinfo=BERLIN)
FLOATING = dt.datetime(2026, 1, 5, 10, 0)
ALL_DAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        # Extended forms, read as the moment they name.
        ("FREQ=WEEKLY;UNTIL=2027-06-29T21:59:59Z", TIMED, "FREQ=WEEKLY;UNTIL=20270629T215959Z"),
        (
            "FREQ=WEEKLY;UNTIL=2027-06-29T23:59Z;BYDAY=MO",
            TIMED,
            "FREQ=WEEKLY;UNTIL=20270629T235900Z;BYDAY=MO",
        ),
        # A day beside a zoned start: through that day, in the start's clock, as UTC.
        ("FREQ=WEEKLY;UNTIL=2027-06-29", TIMED, "FREQ=WEEKLY;UNTIL=20270629T215959Z"),
        ("FREQ=WEEKLY;UNTIL=20270629", TIMED, "FREQ=WEEKLY;UNTIL=20270629T215959Z"),
        # A local time beside a zoned start: in the start's zone (winter: UTC+1).
        ("FREQ=DAILY;UNTIL=20270105T100000", TIMED, "FREQ=DAILY;UNTIL=20270105T090000Z"),
        # A floating series ends at a floating time; an all-day one on a day.
        ("FREQ=WEEKLY;UNTIL=2027-06-29", FLOATING, "FREQ=WEEKLY;UNTIL=20270629T235959"),
        ("FREQ=WEEKLY;UNTIL=2027-06-29", ALL_DAY, "FREQ=WEEKLY;UNTIL=20270629"),
        ("FREQ=WEEKLY;until=2027-06-29", ALL_DAY, "FREQ=WEEKLY;until=20270629"),
        # Beside a day, a time keeps its meaning (which zone an all-day series' UTC end was
        # meant in cannot be known): only its form changes.
        ("FREQ=WEEKLY;UNTIL=2021-07-01T22:00:00Z", ALL_DAY, "FREQ=WEEKLY;UNTIL=20210701T220000Z"),
    ],
)
def test_an_until_in_another_form_is_rewritten_as_rfc_5545_wants(
    rule: str, start: dt.datetime | dt.date, expected: str
) -> None:
    rewritten, note = normalized_until(rule, start)
    assert rewritten == expected
    assert note is not None and "UNTIL=" in note


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=WEEKLY;UNTIL=20270629T215959Z", TIMED),  # already right
        ("FREQ=WEEKLY;UNTIL=20270629", ALL_DAY),
        ("FREQ=WEEKLY;COUNT=5", TIMED),  # no end to rewrite
        ("FREQ=WEEKLY;UNTIL=29/06/2027", TIMED),  # day and month cannot be told apart
        ("FREQ=WEEKLY;UNTIL=2027-02-30", TIMED),  # no such day
        # Exchange's all-day series end at the last day's local midnight, in UTC: kept.
        ("FREQ=WEEKLY;UNTIL=20210701T220000Z;BYDAY=WE,FR", ALL_DAY),
    ],
)
def test_an_until_that_is_right_or_unreadable_is_left_as_written(
    rule: str, start: dt.datetime | dt.date
) -> None:
    assert normalized_until(rule, start) == (rule, None)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # A local start (no zone in the file, read in the user's): its series ends locally.
        ("FREQ=WEEKLY;UNTIL=20070619T225959", "FREQ=WEEKLY;UNTIL=20070619T225959"),
        ("FREQ=WEEKLY;UNTIL=2007-06-19", "FREQ=WEEKLY;UNTIL=20070619T235959"),
        ("FREQ=WEEKLY;UNTIL=20070619T225959Z", "FREQ=WEEKLY;UNTIL=20070619T225959Z"),
    ],
)
def test_a_local_series_ends_at_a_local_time(rule: str, expected: str) -> None:
    assert normalized_until(rule, TIMED, floating=True)[0] == expected


def test_a_series_with_an_extended_until_goes_on_and_is_answered_as_a_series(
    directory: Directory,
) -> None:
    invite = read_invite(invite_bytes("kinds-extended-until.ics"))
    assert invite.rule_problem is None
    assert invite.rrule == "FREQ=WEEKLY;UNTIL=20270629T215959Z;BYDAY=MO"
    assert any("UNTIL=2027-06-29T21:59:59Z" in w for w in invite.warnings)
    outcome = triage(
        directory,
        invite,
        ReplyRequest(strategy="phone", scope="series"),
        me="anna@lumen.example",
        now=NOW,
    )
    # Not "took place": the series goes on past now, and the answer carries the RFC 5545 rule.
    assert outcome.assessment.situation.timing == "ahead"
    assert outcome.reply is not None and outcome.reply.calendar_part is not None
    assert "UNTIL=20270629T215959Z" in outcome.reply.calendar_part.text
