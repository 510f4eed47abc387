"""Google Calendar's events (``events.list`` with ``singleEvents=true``) as ``CalendarEvent``:
only when they start, whether they are all day, cancelled or declined by the user, and who is
in them. Nothing else of an event is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from addon.calendar.history import CalendarEvent
from addon.errors import UpstreamError

# What events.list is asked for (its ``fields`` parameter): Google sends nothing else.
EVENT_FIELDS = (
    "nextPageToken,items(status,start,organizer(email),attendees(email,self,responseStatus))"
)


def calendar_events(items: Iterable[Mapping[str, Any]]) -> list[CalendarEvent]:
    found = []
    for item in items:
        start = item.get("start") or {}
        moment = _moment(start)
        if moment is None:
            continue  # an event without a start is no meeting to count
        attendees = [a for a in item.get("attendees") or [] if isinstance(a, Mapping)]
        mine = next((a for a in attendees if a.get("self")), None)
        people = [str(a.get("email", "")).lower() for a in attendees]
        organizer = (item.get("organizer") or {}).get("email")
        if organizer:
            people.append(str(organizer).lower())
        found.append(
            CalendarEvent(
                start=moment,
                all_day="dateTime" not in start,
                cancelled=item.get("status") == "cancelled",
                declined=bool(mine and mine.get("responseStatus") == "declined"),
                people=tuple(p for p in people if "@" in p),
            )
        )
    return found


def _moment(start: Mapping[str, Any]) -> dt.datetime | None:
    try:
        if "dateTime" in start:
            # RFC 3339 with an offset, as Google always writes it (Z included).
            moment = dt.datetime.fromisoformat(str(start["dateTime"]).replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        if "date" in start:
            return dt.datetime.combine(dt.date.fromisoformat(str(start["date"])), dt.time(),
                                       dt.UTC)  # fmt: skip
    except ValueError:
        return None
    return None


def busy_periods(
    answer: Mapping[str, Any], calendar_id: str = "primary"
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The busy intervals ``freeBusy.query`` found for one calendar. Google answers 200 even
    when it could not work a calendar out, with ``errors`` in that calendar's entry (reference:
    FreeBusyCalendar.errors, "if computation for the calendar failed"): such an answer says
    nothing about when the user is free, so it is refused rather than read as "all free"."""
    calendars = answer.get("calendars")
    entry = calendars.get(calendar_id) if isinstance(calendars, Mapping) else None
    if not isinstance(entry, Mapping):
        raise UpstreamError("Google did not say when you are busy", retryable=True)
    errors = entry.get("errors")
    if isinstance(errors, list) and errors:
        reasons = sorted({str(e.get("reason", "")) for e in errors if isinstance(e, Mapping)})
        raise UpstreamError(
            f"Google could not say when you are busy ({', '.join(reasons) or 'no reason'})",
            retryable="backendError" in reasons,
        )
    periods = []
    for item in entry.get("busy") or []:
        if not isinstance(item, Mapping):
            continue
        start, end = _instant(item.get("start")), _instant(item.get("end"))
        if start is None or end is None or end <= start:
            raise UpstreamError("Google sent a busy time that makes no sense", retryable=False)
        periods.append((start, end))
    return periods


def _instant(value: object) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None
