"""The user's Outlook calendar through Microsoft Graph, as plain data: ``calendarView`` items as
``CalendarEvent`` (for counting meetings with a client) and ``getSchedule`` items as busy
intervals (for free slots), or ``calendarView`` items as busy intervals where getSchedule does
not exist (personal Microsoft accounts). Only times, whether all day or cancelled, how the
time shows, the user's answer and the people's addresses are read; titles and bodies are
never asked for.

Graph writes times as a wall time plus a zone name; Raincheck asks for UTC (the Prefer header
``outlook.timezone="UTC"``), and a zone it names is honoured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from addon.calendar.history import CalendarEvent
from addon.calendar.hours import WorkingHours
from addon.errors import UpstreamError, UsageError
from addon.outlook.request import zone

VIEW_SELECT = "start,end,isAllDay,isCancelled,responseStatus,organizer,attendees"
# What busy times need from calendarView: an event's showAs is the same freeBusyStatus
# getSchedule reports for it.
BUSY_SELECT = "start,end,isAllDay,isCancelled,showAs,responseStatus"
# getSchedule's statuses (freeBusyStatus): "free" and "workingElsewhere" leave room for a
# meeting; tentative, busy and oof do not; "unknown" is taken as busy, to propose no time
# that may not be free.
FREE = frozenset({"free", "workingElsewhere"})


def view_events(items: Iterable[Mapping[str, Any]]) -> list[CalendarEvent]:
    found = []
    for item in items:
        start = _time(item.get("start"))
        if start is None:
            continue
        people = [_address(a.get("emailAddress")) for a in item.get("attendees") or []
                  if isinstance(a, Mapping)]  # fmt: skip
        organizer = item.get("organizer")
        if isinstance(organizer, Mapping):
            people.append(_address(organizer.get("emailAddress")))
        answer = item.get("responseStatus")
        response = answer.get("response") if isinstance(answer, Mapping) else None
        found.append(
            CalendarEvent(
                start=start,
                all_day=bool(item.get("isAllDay")),
                cancelled=bool(item.get("isCancelled")),
                declined=response == "declined",
                people=tuple(p for p in people if "@" in p),
            )
        )
    return found


DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def schedule_hours(answer: Mapping[str, Any]) -> tuple[WorkingHours, ZoneInfo | None] | None:
    """The user's working hours from their mailbox settings, as getSchedule gives them beside
    the schedule (one start and end for the week, in their own zone); None when it gives none
    or ones that make no sense."""
    values = answer.get("value")
    schedule = values[0] if isinstance(values, list) and values else None
    hours = schedule.get("workingHours") if isinstance(schedule, Mapping) else None
    if not isinstance(hours, Mapping):
        return None
    days = frozenset(
        DAYS.index(str(d).lower()) for d in hours.get("daysOfWeek") or [] if str(d).lower() in DAYS
    )
    try:
        start = dt.time.fromisoformat(str(hours.get("startTime") or "")[:8])
        end = dt.time.fromisoformat(str(hours.get("endTime") or "")[:8])
        found = WorkingHours(start, end, days).checked()
    except (ValueError, UsageError):
        return None
    named = hours.get("timeZone")
    name = str(named.get("name") or "") if isinstance(named, Mapping) else ""
    return found, zone(name)


def schedule_busy(answer: Mapping[str, Any]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The busy intervals of the one schedule asked for. A schedule Graph could not work out
    carries an ``error`` (freeBusyError: message, responseCode) instead of items: that says
    nothing about free time, so it is refused rather than read as "all free"."""
    values = answer.get("value")
    schedule = values[0] if isinstance(values, list) and values else None
    if not isinstance(schedule, Mapping):
        raise UpstreamError("Microsoft Graph did not say when you are busy", retryable=True)
    error = schedule.get("error")
    if isinstance(error, Mapping):
        code = str(error.get("responseCode") or "no reason given")
        raise UpstreamError(f"Microsoft Graph could not say when you are busy ({code})",
                            retryable=False)  # fmt: skip
    return [
        _interval(item)
        for item in schedule.get("scheduleItems") or []
        if isinstance(item, Mapping) and item.get("status") not in FREE
    ]


def view_busy(items: Iterable[Mapping[str, Any]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Busy intervals from calendarView items, read as getSchedule reads the same calendar:
    an event's ``showAs`` (Graph's default busy) is its status; a cancelled or declined
    meeting holds no time."""
    periods = []
    for item in items:
        answer = item.get("responseStatus")
        declined = isinstance(answer, Mapping) and answer.get("response") == "declined"
        if not (item.get("isCancelled") or declined or item.get("showAs", "busy") in FREE):
            periods.append(_interval(item))
    return periods


def _interval(item: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """A busy item's start and end; one that ends before it starts says nothing true."""
    start, end = _time(item.get("start")), _time(item.get("end"))
    if start is None or end is None or end <= start:
        raise UpstreamError("Microsoft Graph sent a busy time that makes no sense",
                            retryable=False)  # fmt: skip
    return start, end


def _time(value: object) -> dt.datetime | None:
    """``{"dateTime": "2026-11-30T08:00:00.0000000", "timeZone": "UTC"}`` as an aware time."""
    if not isinstance(value, Mapping):
        return None
    text = str(value.get("dateTime") or "")
    try:
        moment = dt.datetime.fromisoformat(text[:26] if "." in text else text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(str(value.get("timeZone") or "UTC")) or ZoneInfo("UTC"))
    return moment


def _address(value: object) -> str:
    address = value.get("address") if isinstance(value, Mapping) else None
    return str(address or "").strip().lower()
