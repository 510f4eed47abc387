"""Google Calendar's ``events.list`` as the reference describes it, for the stand-in: events
that end after ``timeMin`` and start before ``timeMax``; with ``singleEvents=true`` a recurring
event becomes its instances (RRULE and EXDATE; ids ``<id>_<UTC start>``, with
``recurringEventId``), without it the recurring event itself; cancelled events only with
``showDeleted=true``; pages of at most ``maxResults`` (250 by default, never over 2,500) and
``nextPageToken`` while more remain."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dateutil.rrule import rrulestr
from flask import abort

if TYPE_CHECKING:
    from addon.standins.google import GoogleStandIn


def list_events(stand_in: GoogleStandIn, calendar_id: str, args: Mapping[str, str]) -> Any:
    window = (_when(args.get("timeMin")), _when(args.get("timeMax")))
    single = args.get("singleEvents") == "true"
    deleted = args.get("showDeleted") == "true"
    found = []
    for (calendar, _), event in sorted(stand_in.events.items(), key=lambda kv: kv[0][1]):
        if calendar != calendar_id:
            continue
        for instance in _instances(event) if single else [event]:
            if instance.get("status") == "cancelled" and not deleted:
                continue
            if _overlaps(instance, window):
                found.append(instance)
    if single and args.get("orderBy") == "startTime":
        found.sort(key=lambda e: _start(e))
    try:
        size = min(int(args.get("maxResults", 250)), 2500, stand_in.events_page_cap)
        offset = (
            int(base64.urlsafe_b64decode(args["pageToken"]).decode()) if "pageToken" in args else 0
        )
    except ValueError:
        abort(400)
    page: dict[str, Any] = {"kind": "calendar#events", "items": found[offset : offset + size]}
    if offset + size < len(found):
        page["nextPageToken"] = base64.urlsafe_b64encode(str(offset + size).encode()).decode()
    return page


def _instances(event: Mapping[str, Any]) -> list[dict[str, Any]]:
    lines = [line for line in event.get("recurrence") or [] if line.startswith(("RRULE", "EXDATE"))]
    if not lines:
        return [dict(event)]
    start, length = _start(event), _start(event, "end") - _start(event)
    rules = rrulestr("\n".join(lines), dtstart=start, forceset=True)
    instances = []
    for moment in list(rules)[:1000]:
        stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        instance = {k: v for k, v in event.items() if k != "recurrence"}
        instance |= {"id": f"{event['id']}_{stamp}", "recurringEventId": event["id"],
                     "start": _as_google(moment, event["start"]),
                     "end": _as_google(moment + length, event["end"])}  # fmt: skip
        instances.append(instance)
    return instances


def _as_google(moment: dt.datetime, like: Mapping[str, Any]) -> dict[str, Any]:
    if "date" in like:
        return {"date": moment.date().isoformat()}
    return {**like, "dateTime": moment.isoformat()}


def _start(event: Mapping[str, Any], which: str = "start") -> dt.datetime:
    value = event[which]
    if "dateTime" in value:
        moment = dt.datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
        zone = value.get("timeZone")
        if zone:  # recurrences repeat at the wall time of the event's own zone, across DST
            from zoneinfo import ZoneInfo

            moment = moment.astimezone(ZoneInfo(zone))
        return moment
    return dt.datetime.combine(dt.date.fromisoformat(value["date"]), dt.time(), dt.UTC)


def _overlaps(event: Mapping[str, Any], window: tuple[dt.datetime | None, ...]) -> bool:
    low, high = window
    return (low is None or _start(event, "end") > low) and (high is None or _start(event) < high)


def _when(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        abort(400)
    if moment.tzinfo is None:
        abort(400)  # the reference asks for an RFC 3339 time with its offset
    return moment
