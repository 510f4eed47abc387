"""Microsoft Graph's calendar reads as its reference describes them, for the stand-in:

- ``GET /me/calendarView``: needs ``startDateTime`` and ``endDateTime`` (400 without them);
  gives single events, occurrences of series (never the series master) and exceptions that
  overlap the window; 10 a page unless ``$top`` asks for more, with ``@odata.nextLink`` while
  more remain; times in the zone the Prefer header names.
- ``POST /me/calendar/getSchedule``: for each address its ``scheduleItems`` (status, start,
  end) inside the window and its ``workingHours`` from the mailbox settings (one start and end
  for the week, the earliest and latest of its days; times like ``08:00:00.0000000``; a zone by
  its Windows name); an address Graph does not know gets an ``error`` instead.
  (https://learn.microsoft.com/graph/api/calendar-getschedule, resources/workinghours)

A series master carries Graph's ``recurrence`` (pattern daily or weekly, range endDate,
numbered or noEnd) and repeats at its wall time in its own zone, across DST.

Answered at once unless the stand-in has a ``calendar_latency`` (seconds, 0 by default): then
each request (each calendarView page, each getSchedule) waits that long first, as Graph does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, WEEKLY, rrule
from flask import abort

from addon.workbench.standins.calendar import answer_late

if TYPE_CHECKING:
    from addon.workbench.standins.microsoft import MicrosoftStandIn

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def calendar_view(stand_in: MicrosoftStandIn, args: Mapping[str, str]) -> dict[str, Any]:
    answer_late(stand_in)
    low, high = _instant(args.get("startDateTime")), _instant(args.get("endDateTime"))
    if low is None or high is None:
        abort(400)  # "This request requires a time window specified by ... StartDateTime"
    found = []
    for event in stand_in.events.values():
        for one in _occurrences(event):
            start, end = _moment(one["start"]), _moment(one["end"])
            if end > low and start < high:
                found.append(one)
    found.sort(key=lambda e: _moment(e["start"]))
    size = min(int(args.get("$top", 10)), 1000, stand_in.view_page_cap)
    skip = int(args.get("$skip", 0))
    wanted = [f for f in args.get("$select", "").split(",") if f]
    page = [_select(_in_utc(e), wanted) for e in found[skip : skip + size]]
    answer: dict[str, Any] = {"value": page}
    if skip + size < len(found):
        query = {k: v for k, v in args.items() if k != "$skip"} | {"$skip": str(skip + size)}
        answer["@odata.nextLink"] = f"{stand_in.url}/v1.0/me/calendarView?" + "&".join(
            f"{k}={_quote(v)}" for k, v in query.items()
        )
    return answer


def get_schedule(stand_in: MicrosoftStandIn, body: Any) -> dict[str, Any]:
    answer_late(stand_in)
    if not isinstance(body, Mapping) or not body.get("schedules"):
        abort(400)
    low, high = _moment(body.get("startTime")), _moment(body.get("endTime"))
    values = []
    for address in body["schedules"]:
        owners = stand_in.schedule_owners
        if owners is not None and str(address).lower() not in owners:
            error = {"message": "The user was not found.",
                     "responseCode": "ErrorMailRecipientNotFound"}  # fmt: skip
            values.append({"scheduleId": address, "error": error})
            continue
        items = []
        for event in stand_in.events.values():
            for one in _occurrences(event):
                start, end = _moment(one["start"]), _moment(one["end"])
                if end > low and start < high and not one.get("isCancelled"):
                    items.append({"isPrivate": False, "status": one.get("showAs", "busy"),
                                  "start": _utc(start), "end": _utc(end)})  # fmt: skip
        values.append({"scheduleId": address, "scheduleItems": items,
                       "workingHours": stand_in.working_hours})  # fmt: skip
    return {"value": values}


def _occurrences(event: Mapping[str, Any]) -> list[dict[str, Any]]:
    if event.get("type") != "seriesMaster":
        return [dict(event)]
    pattern, span = event["recurrence"]["pattern"], event["recurrence"]["range"]
    start, end = _moment(event["start"]), _moment(event["end"])
    rule: dict[str, Any] = {"dtstart": start, "interval": pattern.get("interval", 1)}
    if span["type"] == "numbered":
        rule["count"] = span["numberOfOccurrences"]
    elif span["type"] == "endDate":
        last = dt.date.fromisoformat(span["endDate"])
        rule["until"] = dt.datetime.combine(last, dt.time(23, 59), start.tzinfo)
    else:
        rule["count"] = 500
    if pattern["type"] == "weekly":
        rule["byweekday"] = [DAYS.index(d) for d in pattern["daysOfWeek"]]
    frequency = WEEKLY if pattern["type"] == "weekly" else DAILY
    occurrences = []
    for moment in rrule(frequency, **rule):
        one = {k: v for k, v in event.items() if k != "recurrence"}
        one |= {"type": "occurrence", "seriesMasterId": event.get("id"),
                "start": _local(moment, event["start"]),
                "end": _local(moment + (end - start), event["end"])}  # fmt: skip
        occurrences.append(one)
    return occurrences


def _moment(value: Any) -> dt.datetime:
    if not isinstance(value, Mapping):
        abort(400)
    try:
        moment = dt.datetime.fromisoformat(str(value["dateTime"])[:26])
        return moment.replace(tzinfo=ZoneInfo(str(value.get("timeZone") or "UTC")))
    except (KeyError, ValueError):
        abort(400)


def _local(moment: dt.datetime, like: Mapping[str, Any]) -> dict[str, str]:
    zone = ZoneInfo(str(like.get("timeZone") or "UTC"))
    return {"dateTime": moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
            "timeZone": str(zone)}  # fmt: skip


def _utc(moment: dt.datetime) -> dict[str, str]:
    return {"dateTime": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
            "timeZone": "UTC"}  # fmt: skip


def _in_utc(event: dict[str, Any]) -> dict[str, Any]:
    if event.get("isAllDay"):
        return event  # an all-day event keeps its dates, as Outlook shows them
    return event | {"start": _utc(_moment(event["start"])), "end": _utc(_moment(event["end"]))}


def _select(event: dict[str, Any], wanted: list[str]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if not wanted or k in wanted or k == "id"}


def _instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        abort(400)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
