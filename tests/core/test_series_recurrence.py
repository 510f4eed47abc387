"""A series' next and last meetings, found without walking its history, are exactly the ones
plain dateutil finds by walking it: for every kind of rule, start and moment."""

from __future__ import annotations

import datetime as dt
import random
import warnings
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from addon.invite import recurrence

HORIZON = 2500
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC

RULES = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=DAILY;BYDAY=MO,WE,FR",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=DAILY;BYHOUR=9,15;BYMINUTE=0,30",
    "FREQ=DAILY;COUNT=40",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=1",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=-1",
    "FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA;BYSETPOS=2",
    "FREQ=WEEKLY;BYMONTH=3,10;BYDAY=SU",
    "FREQ=WEEKLY;UNTIL=20250630T000000Z",
    "FREQ=WEEKLY;COUNT=300;BYDAY=MO,TH",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=5",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=MONTHLY;INTERVAL=2;BYMONTH=1,2,3,4;BYDAY=1MO,3MO",
    "FREQ=MONTHLY;BYYEARDAY=100,200,-1",
    "FREQ=MONTHLY;COUNT=24;BYMONTHDAY=15",
    "FREQ=YEARLY",
    "FREQ=YEARLY;INTERVAL=4",
    "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO",
    "FREQ=YEARLY;BYYEARDAY=1,-1",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=YEARLY;BYEASTER=0",
    "FREQ=YEARLY;BYMONTH=11;BYDAY=TH;BYSETPOS=4",
    "FREQ=HOURLY;INTERVAL=5",
    "FREQ=HOURLY;INTERVAL=5;BYHOUR=2,7,9,12,22",
    "FREQ=HOURLY;BYDAY=SA;BYMINUTE=15",
    "FREQ=MINUTELY;INTERVAL=97",
    "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10;BYDAY=MO",
    "FREQ=SECONDLY;INTERVAL=86399",
    "FREQ=SECONDLY;INTERVAL=900;BYMINUTE=0,30;BYHOUR=12",
]

# Starts: a floating time, UTC, and zones either side of a change of summer time; a day
# (an all-day series is read from midnight); a 29 February and a 31st.
ANCHORS = [
    dt.datetime(2011, 3, 27, 2, 30),
    dt.datetime(2016, 2, 29, 9, 0, tzinfo=UTC),
    dt.datetime(2013, 10, 27, 2, 30, tzinfo=BERLIN),
    dt.datetime(2019, 1, 31, 23, 45, tzinfo=NEW_YORK),
    dt.datetime(2024, 3, 10, 2, 15, tzinfo=NEW_YORK),
    dt.datetime(2009, 12, 31),
]

MOMENTS = [
    dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # Berlin's clocks go forward
    dt.datetime(2026, 11, 1, 6, 0, tzinfo=UTC),  # New York's go back
    dt.datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
    dt.datetime(2013, 10, 28, 0, 0, tzinfo=UTC),  # just after some starts
]


def plain(rule: str, anchor: dt.datetime, moment: dt.datetime) -> tuple[object, object]:
    try:
        series = rrulestr(rule, dtstart=anchor)
        return series.after(moment, inc=False), series.before(moment, inc=True)
    except (ValueError, TypeError) as error:  # a floating UNTIL beside a zoned start...
        return type(error), type(error)


def ours(rule: str, anchor: dt.datetime, moment: dt.datetime) -> tuple[object, object]:
    try:
        return (
            recurrence.after(rule, anchor, moment, horizon=HORIZON),
            recurrence.before(rule, anchor, moment, horizon=HORIZON),
        )
    except (ValueError, TypeError) as error:
        return type(error), type(error)


def local(moment: dt.datetime, anchor: dt.datetime) -> dt.datetime:
    # The model compares a floating series with the moment as a wall time.
    return moment if anchor.tzinfo else moment.replace(tzinfo=None)


def same(found: object, expected: object) -> bool:
    """Equal instants in the same zone with the same wall time: what the letter writes."""
    if not isinstance(found, dt.datetime) or not isinstance(expected, dt.datetime):
        return found is expected
    return found == expected and found.replace(tzinfo=None) == expected.replace(tzinfo=None)


@pytest.mark.parametrize("rule", RULES)
def test_the_next_and_last_meetings_are_the_ones_dateutil_finds(rule: str) -> None:
    for anchor in ANCHORS:
        if rule.startswith(("FREQ=MINUTELY", "FREQ=SECONDLY")):
            # dateutil walks every step since the start: keep its side of the test short.
            anchor = anchor.replace(year=anchor.year + 12)
        for moment in (local(m, anchor) for m in MOMENTS):
            expected = plain(rule, anchor, moment)
            found = ours(rule, anchor, moment)
            assert same(found[0], expected[0]), (rule, anchor, moment, found, expected)
            assert same(found[1], expected[1]), (rule, anchor, moment, found, expected)


@pytest.mark.parametrize(
    ("rule", "anchor"),
    [
        # UNTIL in UTC with a zoned start, as RFC 5545 asks; an UNTIL that is a date.
        ("FREQ=DAILY;UNTIL=20260301T225959Z", dt.datetime(2020, 1, 1, 9, tzinfo=BERLIN)),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20260302", dt.datetime(2020, 1, 6, 9)),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20300101T000000Z", dt.datetime(2016, 1, 31, tzinfo=UTC)),
        # An all-day series, read from its midnight.
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20400101", dt.datetime(2000, 2, 29)),
        ("FREQ=WEEKLY;INTERVAL=2;BYMONTH=8;BYWEEKNO=8,13;UNTIL=20221225T133000Z",
         dt.datetime(1983, 2, 13, 2, tzinfo=ZoneInfo("Europe/Paris"))),
    ],
)  # fmt: skip
def test_until_all_day_and_empty_rules_agree_with_dateutil(rule: str, anchor: dt.datetime) -> None:
    for moment in (local(m, anchor) for m in MOMENTS):
        assert ours(rule, anchor, moment) == plain(rule, anchor, moment)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=DAILY;COUNT=5;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
    ],
)
def test_a_rule_that_never_meets_has_no_next_or_last_meeting(rule: str) -> None:
    """dateutil says None too, after walking to the year 9999 (seconds for a daily rule);
    this stops at the horizon."""
    anchor = dt.datetime(1990, 1, 1, 9, tzinfo=UTC)
    assert ours(rule, anchor, MOMENTS[0]) == (None, None)


def test_with_count_and_until_both_stop_where_dateutil_does() -> None:
    rule = "FREQ=DAILY;COUNT=3000;UNTIL=20260401T000000Z"
    anchor = dt.datetime(2020, 1, 1, 9, tzinfo=UTC)
    moment = dt.datetime(2026, 3, 31, 12, tzinfo=UTC)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # dateutil's, for COUNT with UNTIL
        assert ours(rule, anchor, moment) == plain(rule, anchor, moment)


def test_an_excluded_meeting_is_skipped_as_dateutil_skips_it() -> None:
    """EXDATE: the first meeting after a moment that is not excluded."""
    rule = "FREQ=WEEKLY;BYDAY=TU"
    anchor = dt.datetime(2018, 1, 2, 10, tzinfo=BERLIN)
    moment = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    excluded = (
        dt.datetime(2026, 3, 3, 10, tzinfo=BERLIN),
        dt.datetime(2026, 3, 10, 10, tzinfo=BERLIN),
    )
    series = rrulestr(f"DTSTART;TZID=Europe/Berlin:20180102T100000\nRRULE:{rule}", forceset=True)
    for day in excluded:
        series.exdate(day)
    expected = series.after(moment)
    found = recurrence.after(rule, anchor, moment, horizon=HORIZON, excluded=excluded)
    assert found == expected == dt.datetime(2026, 3, 17, 10, tzinfo=BERLIN)


FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY"]
# Parts that never leave a rule with no meeting at all: dateutil walks such a rule to the year
# 9999 before it says so (the tests above hold those).
PARTS = {
    "BYMONTH": lambda r: ",".join(str(r.randint(1, 12)) for _ in range(r.randint(1, 3))),
    "BYMONTHDAY": lambda r: ",".join(str(r.choice([1, 2, 15, 28, -1])) for _ in range(2)),
    "BYDAY": lambda r: ",".join(r.choice(["", "", "1", "-1"]) + r.choice(
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]) for _ in range(r.randint(1, 3))),
    "BYSETPOS": lambda r: str(r.choice([1, -1])),
    "BYHOUR": lambda r: ",".join(str(r.randint(0, 23)) for _ in range(r.randint(1, 2))),
    "BYMINUTE": lambda r: str(r.choice([0, 15, 30, 59])),
    "WKST": lambda r: r.choice(["MO", "SU", "WE"]),
}  # fmt: skip
INTERVALS = {"HOURLY": [1, 5, 13], "MINUTELY": [97, 241, 600]}


def random_rule(r: random.Random) -> str:
    freq = r.choice(FREQS)
    parts = [f"FREQ={freq}", f"INTERVAL={r.choice(INTERVALS.get(freq, [1, 2, 3, 5]))}"]
    for name in r.sample(sorted(PARTS), r.randint(0, 3)):
        value = PARTS[name](r)
        if name == "BYDAY" and freq not in ("YEARLY", "MONTHLY"):
            value = ",".join(d.lstrip("-0123456789") for d in value.split(","))
        if name == "BYSETPOS" and not any(p.startswith(("BYDAY", "BYMONTHDAY")) for p in parts):
            continue
        if name == "BYHOUR" and freq == "HOURLY":
            continue  # dateutil refuses hours an interval never reaches
        parts.append(f"{name}={value}")
    return ";".join(parts)


def test_random_rules_agree_with_dateutil() -> None:
    r = random.Random(27)
    checked = 0
    while checked < 80:
        rule = random_rule(r)
        # Sub-daily series begin recently: dateutil walks every hour or minute since.
        year = 2026 if rule.startswith(("FREQ=HOURLY", "FREQ=MINUTELY")) else r.choice([2009, 2021])
        anchor = r.choice(ANCHORS).replace(year=year, month=1, day=r.randint(1, 28))
        moment = local(r.choice(MOMENTS[:3]), anchor)
        expected = plain(rule, anchor, moment)
        if any(isinstance(e, dt.datetime) and e.year > 2100 for e in expected):
            continue
        found = ours(rule, anchor, moment)
        assert same(found[0], expected[0]) and same(found[1], expected[1]), (rule, anchor, moment)
        checked += 1
