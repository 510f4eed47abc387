"""When a meeting is: its start, end and whether it is all day, read from one VEVENT.

icalendar reads times as RFC 5545 writes them; senders bend that, and this module reads what a
careful person would:

- An all-day event is all day whatever zone it carries: ``DTSTART;TZID=Europe/Berlin;
  VALUE=DATE:20240101``, eight digits with a TZID and no VALUE, ``VALUE=DATE`` with a midnight
  written after it, and Exchange's midnight-to-midnight with ``X-MICROSOFT-CDO-ALLDAYEVENT``.
  (icalendar turns a zoned date into a midnight in that zone, so the property's text decides.)
- A start written loosely (ISO 8601's extended form, no seconds, an empty parameter that makes
  icalendar drop the line) is read, and said so; a start that cannot be read at all is refused,
  naming it.
- An end that cannot be used (not a date, before the start, a date after a timed start, a
  duration out of range) is taken from what can be trusted (DTEND, else DURATION), else from
  the default length, and said so. Weeks written as a time (``PT1W``) are read as weeks.

Whatever was mended is said in one warning. Nothing here knows about Flask or the hosts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from addon.errors import InviteError
from addon.invite.model import YEARS
from addon.invite.zones import InviteZones

Moment = dt.datetime | dt.date

# The length a meeting is read to have when its end cannot be: the length calendars give a new
# meeting (Google Calendar's default event is an hour), and for a dated event, its day.
DEFAULT_LENGTH = dt.timedelta(hours=1)
DEFAULT_DAYS = dt.timedelta(days=1)

# Properties read here, and what icalendar may drop or break in them.
TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
# Exchange marks an all-day event it writes with zoned midnights (MS-OXCICAL 2.1.3.1.1.20.9).
ALL_DAY_FLAGS = ("X-MICROSOFT-CDO-ALLDAYEVENT", "X-MICROSOFT-MSNCALENDAR-ALLDAYEVENT")

_LOOSE_MOMENT = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?\s*(Z)?$",
    re.I,
)
# RFC 5545 §3.3.6 durations, loosely: weeks or days on either side of the T, the T left out.
_LOOSE_DURATION = re.compile(
    r"^([+-])?P(?:(\d+)W)?(?:(\d+)D)?T?(?:(\d+)W)?(?:(\d+)D)?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$",
    re.I,
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BEGIN_END = re.compile(r"^\s*(BEGIN|END)\s*:\s*([A-Za-z0-9-]+)\s*$", re.I)
_FOLD = re.compile(r"(?:\r\n|\r|\n)[ \t]")
_PARAM = re.compile(r';([^;:=]*)=("[^"]*"|[^;:"]*)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOO_LONG = dt.timedelta.max  # a duration written with more than a timedelta holds


@dataclass(frozen=True)
class When:
    """A meeting's times as read, and the one warning about what had to be mended."""

    start: Moment
    end: Moment
    recurrence_id: Moment | None
    note: str | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


class RawEvent:
    """The time properties of one VEVENT as written in the text, for what icalendar drops or
    changes: a line it cannot split, a zoned date it turns into a midnight. Read only when
    needed; None for each when the text cannot be matched to the parsed events."""

    def __init__(self, text: str, events: list[Any], event: Any) -> None:
        self._text = text
        self._count = len(events)
        self._index = next((i for i, e in enumerate(events) if e is event), -1)

    def get(self, name: str) -> tuple[dict[str, str], str] | None:
        """The parameters and value of the first ``name`` line of the event, as written."""
        if self._properties is None:
            return None
        return self._properties.get(name)

    @cached_property
    def _properties(self) -> dict[str, tuple[dict[str, str], str]] | None:
        events = _raw_events(self._text)
        if len(events) != self._count or not 0 <= self._index < self._count:
            return None
        return events[self._index]


def read_when(event: Any, zones: InviteZones, raw: RawEvent) -> When | None:
    """The times of ``event``; None when it has no DTSTART at all."""
    notes: list[str] = []
    start_found = _read("DTSTART", event, zones, raw)
    if start_found is None:
        return None
    start, problem, mended = start_found
    if start is None:
        raise InviteError(f"impossible date in DTSTART: {problem or '(empty)'}", kind="bad_time")
    if not YEARS[0] <= start.year <= YEARS[1]:
        raise InviteError(
            f"the invite's dates are out of range (year {start.year})", kind="bad_time"
        )
    if mended:
        notes.append(mended)
    # A floating end or recurrence id belongs to the start's zone (Mozilla Calendar writes a
    # zoned DTSTART beside a bare DTEND).
    same_zone = start.tzinfo if isinstance(start, dt.datetime) else None
    end = _end(event, start, zones, raw, same_zone, notes)
    if _flagged_all_day(event, start, end):
        assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
        start, end = start.date(), end.date()
    recurrence_id = None
    if "RECURRENCE-ID" in event:
        recurrence_id = moment(event, "RECURRENCE-ID", zones, raw, same_zone)
        if not isinstance(start, dt.datetime) and isinstance(recurrence_id, dt.datetime):
            recurrence_id = recurrence_id.date()
    return When(start, end, recurrence_id, "; ".join(notes) or None)


def moment(
    event: Any, name: str, zones: InviteZones, raw: RawEvent, floating: dt.tzinfo | None = None
) -> Moment | None:
    """The time in ``name``, refused when it cannot be read at all."""
    found = _read(name, event, zones, raw, floating)
    if found is None:
        return None
    value, problem, _ = found
    if value is None:
        raise InviteError(f"impossible date in {name}: {problem or '(empty)'}", kind="bad_time")
    return value


def _read(
    name: str, event: Any, zones: InviteZones, raw: RawEvent, floating: dt.tzinfo | None = None
) -> tuple[Moment | None, str, str] | None:
    """``name`` read as (time, the value as written, what was mended), the time None when
    it cannot be read; None when the event has no ``name``.

    With a TZID, a time is the wall time as written in the zone the invite means (never the
    zone icalendar attached); in UTC as written; else floating, in ``floating`` when given,
    else in the reader's zone."""
    prop = _first(event.get(name))
    if prop is None:
        written = raw.get(name)
        if written is None:
            return None
        params, text = written
        value = _loose(text, params, zones, floating)
        return value, _short(text), _mended(name, text, value)
    value = getattr(prop, "dt", None) if _readable(prop) else None
    if not isinstance(value, dt.date):
        text = _ical(prop)
        loose = _loose(text, _params(prop), zones, floating)
        return loose, _short(text), _mended(name, text, loose)
    params = _params(prop)
    if isinstance(value, dt.datetime):
        if _written_as_date(name, value, params, raw):
            return value.date(), _ical(prop), ""
        return _zoned(value, params.get("TZID"), zones, floating), _ical(prop), ""
    return value, _ical(prop), ""


def _end(
    event: Any,
    start: Moment,
    zones: InviteZones,
    raw: RawEvent,
    floating: dt.tzinfo | None,
    notes: list[str],
) -> Moment:
    timed = isinstance(start, dt.datetime)
    problems: list[str] = []
    found = _read("DTEND", event, zones, raw, floating)
    if found is not None:
        end, written, mended = found
        problem = _end_problem(start, end)
        if problem is None and end is not None:
            notes += [mended] if mended else []
            return end.date() if not timed and isinstance(end, dt.datetime) else end
        problems.append(f"DTEND {written!r} {problem or 'is not a date'}")
    length = _duration(event, raw)
    if length is not None:
        delta, written, mended = length
        end, problem = _after(start, delta)
        if end is not None:
            said = [*problems, mended] if mended else problems
            if problems:
                said[0] += ": the end taken from DURATION"
            notes += said
            return end
        problems.append(f"DURATION {written!r} {problem}")
    if not problems:
        # RFC 5545 §3.6.1: without DTEND or DURATION a dated event takes one day, a timed one none.
        return start if timed else start + DEFAULT_DAYS
    told = "the meeting is read as 1 hour long" if timed else "read as one day"
    notes.append(f"{'; '.join(problems)}: {told}")
    return start + (DEFAULT_LENGTH if timed else DEFAULT_DAYS)


def _end_problem(start: Moment, end: Moment | None) -> str | None:
    if end is None:
        return "is not a date"
    if isinstance(start, dt.datetime) and not isinstance(end, dt.datetime):
        return "has no time of day"
    if not isinstance(start, dt.datetime):
        day = end.date() if isinstance(end, dt.datetime) else end
        if day < start:
            return "is before the start"
        # DTEND is not part of the event (RFC 5545 §3.6.1): on the start's day it names none.
        return "is the start's own day (an all-day end is the next day)" if day == start else None
    assert isinstance(end, dt.datetime)
    if end < start:
        return "is before the start"
    return None if YEARS[0] <= end.year <= YEARS[1] else "is out of range"


def _duration(event: Any, raw: RawEvent) -> tuple[dt.timedelta | None, str, str] | None:
    """DURATION as (length, as written, what was mended), the length None when unreadable."""
    prop = _first(event.get("DURATION"))
    if prop is None:
        written = raw.get("DURATION")
        if written is None:
            return None
        text = written[1]
    else:
        value = getattr(prop, "dt", None) if _readable(prop) else None
        if isinstance(value, dt.timedelta):
            return value, _ical(prop), ""
        text = _ical(prop)
    loose = _loose_duration(text)
    mended = ""
    if loose is not None and loose != _TOO_LONG:
        mended = f"DURATION {_short(text)!r} read as {_length(loose)}"
    return loose, _short(text), mended


def _after(start: Moment, length: dt.timedelta | None) -> tuple[Moment | None, str]:
    if length is None:
        return None, "is not a duration"
    if length == _TOO_LONG:
        return None, "is out of range"
    if length < dt.timedelta(0):
        return None, "is negative"
    try:
        end = start + length
    except OverflowError:
        return None, "is out of range"
    if not YEARS[0] <= end.year <= YEARS[1]:
        return None, "is out of range"
    if not isinstance(start, dt.datetime) and end == start:
        return None, "is under a day for an all-day event"
    return end, ""


def _written_as_date(name: str, value: dt.datetime, params: dict[str, str], raw: RawEvent) -> bool:
    """A midnight icalendar made from a date: ``VALUE=DATE``, or eight digits with a TZID."""
    if value.time() != dt.time(0):
        return False
    if params.get("VALUE", "").upper() == "DATE":
        return True
    if not params.get("TZID"):
        return False
    written = raw.get(name)
    return written is not None and re.fullmatch(r"\d{8}", written[1].strip()) is not None


def _flagged_all_day(event: Any, start: Moment, end: Moment) -> bool:
    if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        return False
    if not any(str(_first(event.get(f)) or "").strip().upper() == "TRUE" for f in ALL_DAY_FLAGS):
        return False
    midnight = dt.time(0)
    return start.time() == midnight and end.time() == midnight and end.date() > start.date()


def _zoned(
    value: dt.datetime, tzid: str | None, zones: InviteZones, floating: dt.tzinfo | None
) -> dt.datetime:
    if tzid:
        return value.replace(tzinfo=zones.zone(tzid.strip('"')))
    if value.tzinfo is not None:
        return value
    return value.replace(tzinfo=floating or zones.zone(None))


def _loose(
    text: str, params: dict[str, str], zones: InviteZones, floating: dt.tzinfo | None
) -> Moment | None:
    """A date or time written loosely (``2024-01-10T10:00``, ``20240110T1000``), or None."""
    match = _LOOSE_MOMENT.match(_CONTROL.sub("", text).strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
        dated = params.get("VALUE", "").upper() == "DATE"
        if hour is None or (dated and hour + minute + (second or "") in ("0000", "000000")):
            return date
        wall = dt.datetime.combine(date, dt.time(int(hour), int(minute), int(second or 0)))
    except ValueError:
        return None
    if utc:
        return wall.replace(tzinfo=dt.UTC)
    return _zoned(wall, params.get("TZID"), zones, floating)


def _loose_duration(text: str) -> dt.timedelta | None:
    match = _LOOSE_DURATION.match(_CONTROL.sub("", text).strip())
    if match is None or not any(match.groups()[1:]):
        return None
    sign, *parts = match.groups()
    weeks, days, t_weeks, t_days, hours, minutes, seconds = (int(p or 0) for p in parts)
    try:
        length = dt.timedelta(
            weeks=weeks + t_weeks,
            days=days + t_days,
            hours=hours,
            minutes=minutes,
            seconds=seconds,
        )
    except OverflowError:
        return _TOO_LONG
    return -length if sign == "-" else length


def _mended(name: str, text: str, value: Moment | None) -> str:
    if value is None:
        return ""
    shown = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else str(value)
    return f"{name} {_short(text)!r} read as {shown}"


def _length(length: dt.timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    units = ((days, "day"), (hours, "hour"), (minutes, "minute"))
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in units if n) or "0 minutes"


def _raw_events(text: str) -> list[dict[str, tuple[dict[str, str], str]]]:
    """The time properties of each VEVENT of the first VCALENDAR in ``text``, as written."""
    events: list[dict[str, tuple[dict[str, str], str]]] = []
    current: dict[str, tuple[dict[str, str], str]] | None = None
    depth = 0  # components inside the event (an alarm's DURATION is not the meeting's)
    for line in _LINE_BREAK.split(_FOLD.sub("", text)):
        edge = _BEGIN_END.match(line)
        kind, component = (edge[1].upper(), edge[2].upper()) if edge else ("", "")
        if kind == "BEGIN" and component == "VEVENT" and current is None:
            current, depth = {}, 0
            events.append(current)
        elif kind == "END" and component == "VEVENT":
            current = None  # whatever inside it was left open
        elif kind == "END" and component == "VCALENDAR":
            break
        elif current is not None and kind:
            depth += 1 if kind == "BEGIN" else -1
        elif current is not None and depth == 0:
            name, params, value = _split(line)
            if name in TIME_PROPERTIES and name not in current:
                current[name] = (params, value)
    return events


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """A content line's name, parameters and value, tolerating empty parameters."""
    name_end = min((i for i in (line.find(";"), line.find(":")) if i >= 0), default=len(line))
    name, rest = line[:name_end].strip().upper(), line[name_end:]
    params: dict[str, str] = {}
    while rest.startswith(";"):
        found = _PARAM.match(rest)
        if found is None:
            rest = rest[1:]  # an empty parameter, as in "DTSTART;;VALUE=DATE-TIME:..."
            continue
        params.setdefault(found.group(1).strip().upper(), found.group(2).strip('"'))
        rest = rest[found.end() :]
    return name, params, rest[1:] if rest.startswith(":") else rest


def _params(prop: Any) -> dict[str, str]:
    params = getattr(prop, "params", None) or {}
    out: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, list):
            value = value[0] if value else ""
        out[str(key).upper()] = str(value).strip('"')
    return out


def _readable(prop: Any) -> bool:
    try:
        getattr(prop, "dt", None)
    except Exception:  # icalendar raises on a broken property's value
        return False
    return True


def _ical(prop: Any) -> str:
    try:
        text = prop.to_ical()
    except Exception:
        return str(prop)
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 80 else line[:77] + "..."
