"""A series' meetings near a moment, found without walking the series' history.

dateutil finds the first meeting after a moment by generating every meeting from the series'
first one: a daily series begun ten years ago costs thousands of steps, a minutely one millions,
and a rule that matches no day at all (``BYMONTH=2;BYMONTHDAY=30``) walks to the year 9999.
These functions answer exactly as dateutil does (``rrulestr(rule, dtstart=anchor).after(...)``
and ``.before(...)``) at a cost that does not grow with the series' age:

- dateutil evaluates a rule period by period (a year, a month, a week, a day, an hour, ...):
  which periods it visits depends only on the first one and ``INTERVAL``, and what each period
  holds only on the rule and the defaults it takes from DTSTART (the day of the month, the
  weekday, the time of day). So a rule without ``COUNT`` started at a later period of the same
  series, with those defaults written out, yields the same meetings from there on. A week is
  started on its first day (``WKST``), as dateutil cuts only the first week at DTSTART, which
  would change what ``BYSETPOS`` picks.
- A ``COUNT`` counts from the first meeting, so such a series is walked (at most its count).
- Nothing later than the end of ``horizon`` (a year) is looked for: no meeting can be read
  there. dateutil stops only at a meeting or the year 9999, so a rule that matches no day
  (``BYMONTH=2;BYMONTHDAY=30``) would walk there, for seconds: days are counted as dateutil
  checks them, and a search that checks more than ``_DAY_CHECKS`` finds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from dateutil.rrule import (
    DAILY,
    HOURLY,
    MINUTELY,
    MONTHLY,
    SECONDLY,
    WEEKLY,
    YEARLY,
    rrule,
    rrulestr,
)

# A later period's start keeps this much (wall time) before the moment asked about, so that a
# change of UTC offset between the two never puts it after the moment.
_MARGIN = dt.timedelta(days=2)
# About 500 years of days checked one by one: beyond any gap between two meetings of a real
# series (29 February on a Monday comes back within 40 years), and well under a second.
_DAY_CHECKS = 200_000
_UNITS = {
    DAILY: dt.timedelta(days=1),
    HOURLY: dt.timedelta(hours=1),
    MINUTELY: dt.timedelta(minutes=1),
    SECONDLY: dt.timedelta(seconds=1),
}


def after(
    rule: str,
    anchor: dt.datetime,
    moment: dt.datetime,
    *,
    horizon: int,
    excluded: Collection[dt.datetime] = (),
) -> Any:
    """The first meeting after ``moment`` (not at it) of ``rule`` begun at ``anchor`` and not
    ``excluded`` (EXDATE); None when there is none up to the end of the year ``horizon``.
    Raises what dateutil raises for a rule it cannot read or moments it cannot compare."""
    parsed = rrulestr(rule, dtstart=anchor)
    if not isinstance(parsed, rrule):
        return parsed.after(moment, inc=False)
    found: Any = moment
    while found is not None and (found is moment or found in excluded):
        until = parsed._until
        if until is not None and until <= found:
            return None  # every meeting is at or before UNTIL
        near = _counted(_near(_bounded(parsed, horizon), found, back=0))
        try:
            found = near.after(found, inc=False)
        except _OutOfReach:
            return None
    return found


def before(rule: str, anchor: dt.datetime, moment: dt.datetime, *, horizon: int) -> Any:
    """The last meeting at or before ``moment`` of ``rule`` begun at ``anchor``, or None."""
    parsed = rrulestr(rule, dtstart=anchor)
    if not isinstance(parsed, rrule):
        return parsed.before(moment, inc=True)
    bounded = _bounded(parsed, horizon)
    until = parsed._until
    last = moment if until is None or moment <= until else until
    back = 0
    while True:
        # From a later period first: the last meeting is most often near the end. Each step
        # back doubles the stretch searched, so a sparse series costs about twice one walk.
        near = _near(bounded, last, back=back)
        try:
            found = _counted(near).before(moment, inc=True)
        except _OutOfReach:
            return None
        if found is not None or near is bounded:
            return found
        back = back * 2 + 1


def _bounded(parsed: rrule, horizon: int) -> rrule:
    """``parsed`` searched no later than the end of the year ``horizon``."""
    aware = parsed._dtstart.tzinfo is not None
    end = dt.datetime(horizon, 12, 31, 23, 59, 59, tzinfo=dt.UTC if aware else None)
    until = parsed._until
    if until is not None and until <= end:
        return parsed
    if parsed._count is None:
        return parsed.replace(until=end)
    # dateutil warns when it is given a COUNT and an UNTIL (RFC 5545 allows one), but stops
    # at whichever comes first: a copy is given the bound after it is made.
    copy = shallow(parsed)
    copy._until = end
    return copy


def _near(parsed: rrule, moment: dt.datetime, *, back: int) -> rrule:
    """``parsed`` begun at the latest period of its series that starts ``back`` periods or more
    before ``moment`` (and after its own start); ``parsed`` itself when there is none or its
    COUNT forbids."""
    if parsed._count is not None:
        return parsed
    start: dt.datetime = parsed._dtstart
    if moment.tzinfo is not None and start.tzinfo is not None:
        moment = moment.astimezone(start.tzinfo)
    target = moment.replace(tzinfo=start.tzinfo) - _MARGIN
    interval, freq = parsed._interval, parsed._freq
    fixed: dict[str, Any] = {}
    if freq == YEARLY:
        steps = (target.year - start.year - 1) // interval - back
        if steps <= 0:
            return parsed
        moved = start.replace(year=start.year + steps * interval, month=1, day=1)
        fixed = _defaults(parsed, start)
    elif freq == MONTHLY:
        months = (target.year - start.year) * 12 + target.month - start.month
        steps = (months - 1) // interval - back
        if steps <= 0:
            return parsed
        index = start.year * 12 + start.month - 1 + steps * interval
        moved = start.replace(year=index // 12, month=index % 12 + 1, day=1)
        fixed = _defaults(parsed, start)
    elif freq == WEEKLY:
        steps = ((target.date() - start.date()).days - 1) // (7 * interval) - back
        if steps <= 0:
            return parsed
        moved = start + dt.timedelta(days=7 * interval * steps)
        moved -= dt.timedelta(days=(moved.weekday() - parsed._wkst) % 7)
        fixed = _defaults(parsed, start)
    else:
        unit = _UNITS[freq] * interval
        steps = (target.replace(tzinfo=None) - start.replace(tzinfo=None)) // unit - back
        if steps <= 0:
            return parsed
        moved = start + unit * steps
    try:
        return parsed.replace(dtstart=moved, **fixed)
    except (ValueError, TypeError, OverflowError):
        return parsed


class _OutOfReach(Exception):
    """A search checked more days than ``_DAY_CHECKS`` without finding a meeting."""


class _Checks(tuple[Any, ...]):
    """A rule's list of months, weekdays, days (what dateutil asks each day whether it is in)
    that counts the questions in a budget shared by the rule's lists."""

    budget: list[int]

    def __contains__(self, item: object) -> bool:
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise _OutOfReach
        return tuple.__contains__(self, item)


def shallow(parsed: rrule) -> rrule:
    """A copy of ``parsed`` made without running its checks again (copy.copy would, and
    dateutil warns when a COUNT meets the UNTIL set by _bounded)."""
    copy: rrule = object.__new__(rrule)
    copy.__dict__.update(parsed.__dict__)
    return copy


def _counted(parsed: rrule) -> rrule:
    """A copy of ``parsed`` whose search stops after ``_DAY_CHECKS`` days checked."""
    copy = shallow(parsed)
    budget = [_DAY_CHECKS]
    for name in ("_bymonth", "_byweekday", "_bymonthday", "_bynmonthday", "_byyearday"):
        values = getattr(copy, name)
        if values:
            checks = _Checks(values)
            checks.budget = budget
            setattr(copy, name, checks)
    return copy


def _defaults(parsed: rrule, start: dt.datetime) -> dict[str, Any]:
    """What dateutil took from DTSTART because the rule did not say (it marks those None):
    the month and day of a yearly rule, the day of a monthly one, the weekday of a weekly one."""
    original = parsed._original_rule
    taken = {"bymonth": start.month, "bymonthday": start.day, "byweekday": start.weekday()}
    return {
        name: value for name, value in taken.items() if name in original and original[name] is None
    }
