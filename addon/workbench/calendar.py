"""A calendar for the workbench's user, the same in Google's and Microsoft's stand-ins, so that
"Read my calendar" shows real counts and free times: five meetings with Nordvik in the last 90
days and two booked ahead (the spec's example), a weekly status call with Cobalt & Pine that
has become repetitive, and a busy week ahead. Times are relative to when the workbench starts,
at wall times in Stockholm."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from addon.workbench.standins.google import GoogleStandIn
from addon.workbench.standins.microsoft import MicrosoftStandIn

ZONE = ZoneInfo("Europe/Stockholm")
# (id, client's address, days from today, hour, minutes)
MEETINGS = (
    ("nordvik-1", "eva.lind@nordvik.example", -80, 10, 60),
    ("nordvik-2", "eva.lind@nordvik.example", -61, 14, 90),
    ("nordvik-3", "eva.lind@nordvik.example", -40, 10, 60),
    ("nordvik-4", "eva.lind@nordvik.example", -22, 13, 60),
    ("nordvik-5", "eva.lind@nordvik.example", -9, 15, 45),
    ("nordvik-6", "eva.lind@nordvik.example", 12, 10, 60),
    ("nordvik-7", "eva.lind@nordvik.example", 26, 14, 60),
    ("bluefjord-1", "mira@bluefjord.example", -30, 11, 60),
    ("bluefjord-2", "mira@bluefjord.example", -3, 11, 60),
)
# (the nth working day after today, hour, minutes): a full first morning and afternoon, then
# mornings taken, so the first free times fall where a user can see why.
BUSY = ((1, 9, 180), (1, 13, 240), (2, 9, 120), (3, 9, 90), (4, 9, 480))
WEEKLY = ("cobalt-status", "jonas@cobaltpine.example", -84, 9, 30, 16)  # ..., weeks


def seed(google: GoogleStandIn, microsoft: MicrosoftStandIn, *, now: dt.datetime) -> None:
    today = now.astimezone(ZONE).date()

    def at(days: int, hour: int) -> dt.datetime:
        return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), ZONE)

    for event_id, client, days, hour, minutes in MEETINGS:
        _both(google, microsoft, event_id, at(days, hour), minutes, [client])
    working = [d for d in range(1, 10) if (today + dt.timedelta(days=d)).weekday() < 5]
    for n, (nth, hour, minutes) in enumerate(BUSY):
        _both(google, microsoft, f"busy-{n}", at(working[nth - 1], hour), minutes, [])
    event_id, client, days, hour, minutes, weeks = WEEKLY
    start = at(days, hour)
    google.add_event("primary", event_id, _google(start, minutes, [client]) | {
        "recurrence": [f"RRULE:FREQ=WEEKLY;COUNT={weeks}"]})  # fmt: skip
    microsoft.events[event_id] = _graph(event_id, start, minutes, [client]) | {
        "type": "seriesMaster",
        "recurrence": {
            "pattern": {"type": "weekly", "interval": 1,
                        "daysOfWeek": [start.strftime("%A").lower()]},
            "range": {"type": "numbered", "numberOfOccurrences": weeks},
        },
    }  # fmt: skip


def _both(
    google: GoogleStandIn,
    microsoft: MicrosoftStandIn,
    event_id: str,
    start: dt.datetime,
    minutes: int,
    people: list[str],
) -> None:
    google.add_event("primary", event_id, _google(start, minutes, people))
    microsoft.events[event_id] = _graph(event_id, start, minutes, people)


def _google(start: dt.datetime, minutes: int, people: list[str]) -> dict[str, Any]:
    end = start + dt.timedelta(minutes=minutes)
    return {
        "status": "confirmed",
        "start": {"dateTime": start.isoformat(), "timeZone": str(ZONE)},
        "end": {"dateTime": end.isoformat(), "timeZone": str(ZONE)},
        "organizer": {"email": people[0] if people else "me@workbench.invalid"},
        "attendees": [{"email": p, "responseStatus": "accepted"} for p in people],
    }


def _graph(event_id: str, start: dt.datetime, minutes: int, people: list[str]) -> dict[str, Any]:
    end = start + dt.timedelta(minutes=minutes)
    return {
        "id": event_id,
        "type": "singleInstance",
        "isAllDay": False,
        "isCancelled": False,
        "start": {"dateTime": start.replace(tzinfo=None).isoformat(), "timeZone": str(ZONE)},
        "end": {"dateTime": end.replace(tzinfo=None).isoformat(), "timeZone": str(ZONE)},
        "responseStatus": {"response": "accepted"},
        "organizer": {"emailAddress": {"address": people[0] if people else ""}},
        "attendees": [{"emailAddress": {"address": p}} for p in people],
    }
