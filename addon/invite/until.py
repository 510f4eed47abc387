"""A series' UNTIL as RFC 5545 wants it, from what writers put there.

Some exporters write the end of a series in ISO 8601's extended form (``UNTIL=2027-06-29``,
``UNTIL=2024-12-31T23:59:59Z``), and many write a date, or a local time, beside a start with a
zone. A person reads either as the day or moment it names; dateutil refuses both, so the series
would be misread as over or unreadable. RFC 5545 3.3.10: UNTIL has the start's value type, and
with a zoned start it is a UTC time. This module rewrites it so; what it cannot read it leaves
alone, for the model to call the rule unreadable.

Plain data in, plain data out: no I/O, imports only the standard library.
"""

from __future__ import annotations

import datetime as dt
import re

_UNTIL = re.compile(r"(?i)(?<![A-Z])UNTIL=([^;]*)")
_FORM = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(Z)?)?$", re.IGNORECASE
)


def normalized_until(
    rule: str, start: dt.datetime | dt.date, *, floating: bool = False
) -> tuple[str, str | None]:
    """The rule with its UNTIL in the start's value type, and a note when it was rewritten.
    ``floating``: the start is a local time read in the user's zone; its series ends at a
    local time too (RFC 5545), never at a UTC one."""
    found = _UNTIL.search(rule)
    if found is None:
        return rule, None
    written = found.group(1).strip()
    until = _read(written, start, floating=floating)
    if until is None:
        return rule, None
    rewritten = _write(until)
    if rewritten == written:
        return rule, None
    rule = f"{rule[: found.start(1)]}{rewritten}{rule[found.end(1) :]}"
    return rule, f"the series' end UNTIL={written} is read as UNTIL={rewritten}"


def _read(
    written: str, start: dt.datetime | dt.date, *, floating: bool
) -> dt.datetime | dt.date | None:
    parts = _FORM.match(written)
    if parts is None:
        return None
    year, month, day, hour, minute, second, utc = parts.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
        moment = None
        if hour is not None:
            moment = dt.datetime.combine(date, dt.time(int(hour), int(minute), int(second or 0)))
    except ValueError:
        return None
    if moment is not None and (not isinstance(start, dt.datetime) or floating or utc):
        # Beside a day or a local start, a time is kept as written, only in the basic form:
        # in which zone an all-day series' UTC end was meant cannot be known (Exchange writes
        # the last day's local midnight in UTC), and a local series' UTC end is the writer's
        # to fix. Either way the day it ends on is the same.
        return moment.replace(tzinfo=dt.UTC) if utc else moment
    if not isinstance(start, dt.datetime):
        return date  # an all-day series ends on a day
    if moment is None:
        # A day beside a timed start: the series runs through that day, in the start's own
        # clock (RFC 5545 counts UNTIL as inclusive).
        moment = dt.datetime.combine(date, dt.time(23, 59, 59))
    if floating or start.tzinfo is None:
        return moment  # a local series ends at a local time
    # A local time beside a zoned start is in the start's zone.
    return moment.replace(tzinfo=start.tzinfo).astimezone(dt.UTC)


def _write(until: dt.datetime | dt.date) -> str:
    if not isinstance(until, dt.datetime):
        return until.strftime("%Y%m%d")
    if until.tzinfo is not None:
        return until.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return until.strftime("%Y%m%dT%H%M%S")
