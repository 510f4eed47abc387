"""Google Calendar's ``events.list`` as the reference describes it, for the stand-in: events
that end after ``timeMin`` and start before ``timeMax``; with ``singleEvents=true`` a recurring
event becomes its instances (RRULE and EXDATE; ids ``<id>_<UTC start>``, with
``recurringEventId``), without it the recurring event itself; cancelled events only with
``showDeleted=true``; pages of at most ``maxResults`` (250 by default, never over 2,500) and
``nextPageToken`` while more remain.

Answered at once unless the stand-in has a ``calendar_latency`` (seconds, 0 by default): then
each request (each page of events.list, each freeBusy.query) waits that long first, as the real
API does across the internet. Google documents no latency for the Calendar API; a few hundred
milliseconds a page is what a calendar with attendees takes, and a test times the add-on against
it (the first card must not wait for every page)."""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dateutil.rrule import rrulestr
from flask import abort

if TYPE_CHECKING:
    from addon.workbench.standins.google import GoogleStandIn


def answer_late(stand_in: object) -> None:
    """Wait as long as the real service would take to answer one request."""
    time.sleep(float(getattr(stand_in, "calendar_latency", 0.0)))


def list_events(stand_in: GoogleStandIn, calendar_id: str, args: Mapping[str, str]) -> Any:
    answer_late(stand_in)
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


# The scopes each method accepts, from the Calendar API's discovery document.
_AUTH = "https://www.googleapis.com/auth/"
EVENTS_SCOPES = frozenset(_AUTH + s for s in (
    "calendar", "calendar.readonly", "calendar.events", "calendar.events.readonly"))  # fmt: skip
FREE_BUSY_SCOPES = frozenset(_AUTH + s for s in (
    "calendar", "calendar.readonly", "calendar.freebusy", "calendar.events.freebusy"))  # fmt: skip


def free_busy(stand_in: GoogleStandIn, body: Any) -> Any:
    """``freeBusy.query``: for each calendar asked for, the merged busy intervals inside the
    window, in ``timeZone`` (UTC by default). An event makes its time busy unless it is
    cancelled, transparent ("free") or declined by the calendar's owner. A calendar Google
    cannot work out gets ``errors`` in its entry, with the answer still a 200."""
    answer_late(stand_in)
    if not isinstance(body, Mapping):
        abort(400)
    low, high = _when(body.get("timeMin")), _when(body.get("timeMax"))
    if low is None or high is None:
        abort(400)
    if high <= low:
        return None  # the caller answers Google's timeRangeEmpty
    zone = _zone(body.get("timeZone") or "UTC")
    calendars: dict[str, Any] = {}
    for item in body.get("items") or []:
        calendar_id = str(item.get("id", "")) if isinstance(item, Mapping) else ""
        if calendar_id in stand_in.free_busy_errors:
            reason = stand_in.free_busy_errors[calendar_id]
            calendars[calendar_id] = {
                "errors": [{"domain": "global", "reason": reason}],
                "busy": [],
            }
            continue
        periods = []
        for (calendar, _), event in stand_in.events.items():
            if calendar != calendar_id:
                continue
            for instance in _instances(event):
                if not _blocks(instance) or not _overlaps(instance, (low, high)):
                    continue
                periods.append((max(_start(instance), low), min(_start(instance, "end"), high)))
        calendars[calendar_id] = {"busy": [
            {"start": s.astimezone(zone).isoformat().replace("+00:00", "Z"),
             "end": e.astimezone(zone).isoformat().replace("+00:00", "Z")}
            for s, e in _merged(periods)
        ]}  # fmt: skip
    return {"kind": "calendar#freeBusy", "timeMin": body["timeMin"], "timeMax": body["timeMax"],
            "calendars": calendars}  # fmt: skip


def _blocks(event: Mapping[str, Any]) -> bool:
    if event.get("status") == "cancelled" or event.get("transparency") == "transparent":
        return False
    mine = next((a for a in event.get("attendees") or [] if a.get("self")), None)
    return not (mine and mine.get("responseStatus") == "declined")


def _merged(periods: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, ...]]:
    merged: list[list[dt.datetime]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(m) for m in merged]


def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        abort(400)


def partial(answer: Any, fields: str | None) -> Any:
    """Google's partial response (the ``fields`` parameter, "Performance tips: partial
    response"): only the fields asked for, ``a,b(c,d)`` selecting ``c`` and ``d`` inside ``b``
    (inside each item of a list). Without ``fields``, the whole answer."""
    if not fields:
        return answer
    tree, rest = _fields(fields)
    if rest:
        abort(400)  # an unbalanced selector: Google answers 400 "Invalid field selection"
    return _select(answer, tree)


FieldTree = dict[str, "FieldTree | None"]


def _fields(text: str) -> tuple[FieldTree, str]:
    tree: FieldTree = {}
    name = ""
    while text:
        char, text = text[0], text[1:]
        if char == "(":
            tree[name.strip()], text = _fields(text)
            if not text.startswith(")"):
                abort(400)
            text, name = text[1:], ""
        elif char == ")":  # the end of a group: the caller checks it and goes on after it
            if name.strip():
                tree[name.strip()] = None
            return tree, ")" + text
        elif char == ",":
            if name.strip():
                tree[name.strip()] = None
            name = ""
        else:
            name += char
    if name.strip():
        tree[name.strip()] = None
    return tree, ""


def _select(value: Any, tree: FieldTree | None) -> Any:
    if tree is None:
        return value
    if isinstance(value, list):
        return [_select(item, tree) for item in value]
    if isinstance(value, Mapping):
        return {k: _select(value[k], sub) for k, sub in tree.items() if k in value}
    return value
