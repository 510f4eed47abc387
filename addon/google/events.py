"""A Google Calendar API event as an ``Invite``, so Calendar opens the same card as Gmail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from addon.errors import InviteError
from addon.invite.model import Attendee, Invite, Person
from addon.invite.topics import serious_terms, topic_text
from addon.invite.venue import find_online_url, in_person

_PARTSTAT = {
    "needsAction": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "tentative": "TENTATIVE",
}


def invite_from_event(event: Mapping[str, Any]) -> Invite:
    uid = str(event.get("iCalUID") or event.get("id") or "")
    if not uid:
        raise InviteError("the calendar event has no id")
    start, all_day = _moment(event.get("start"), "start")
    end, _ = _moment(event.get("end"), "end")
    if end < start:
        raise InviteError("the event ends before it starts", kind="bad_time")
    summary = str(event.get("summary") or "")
    description = str(event.get("description") or "")
    rooms = [a for a in event.get("attendees") or [] if a.get("resource")]
    location = str(event.get("location") or "") or ", ".join(
        str(r.get("displayName") or r.get("email")) for r in rooms
    )
    links = [str(event.get("hangoutLink") or "")] + [
        str(point.get("uri") or "")
        for point in (event.get("conferenceData") or {}).get("entryPoints") or []
        if point.get("entryPointType") in ("video", "phone")
    ]
    terms = serious_terms(topic_text(summary, description))
    organizer = event.get("organizer") or {}
    online_url = find_online_url([link for link in links if link], location, description)
    return Invite(
        uid=uid,
        sequence=int(event.get("sequence") or 0),
        method=None,
        summary=summary,
        description=description,
        organizer=Person(str(organizer["email"]).lower(), organizer.get("displayName"))
        if organizer.get("email")
        else None,
        attendees=tuple(
            Attendee(
                email=str(a["email"]).lower(),
                name=a.get("displayName"),
                role="OPT-PARTICIPANT" if a.get("optional") else "REQ-PARTICIPANT",
                partstat=_PARTSTAT.get(str(a.get("responseStatus")), "NEEDS-ACTION"),
            )
            for a in event.get("attendees") or []
            if a.get("email") and not a.get("resource")
        ),
        start=start,
        end=end,
        all_day=all_day,
        location=location or None,
        online_url=online_url,
        in_person=in_person(location, online=online_url is not None),
        recurring=bool(event.get("recurrence") or event.get("recurringEventId")),
        recurrence_id=_original_start(event),
        rrule=_rule(event),
        cancelled=event.get("status") == "cancelled",  # the organizer called it off
        serious=bool(terms),
        serious_terms=terms,
    )


def _moment(value: Any, name: str) -> tuple[dt.datetime | dt.date, bool]:
    if not isinstance(value, Mapping):
        raise InviteError(f"the calendar event has no {name} time", kind="no_time")
    try:
        if value.get("dateTime"):
            moment = dt.datetime.fromisoformat(str(value["dateTime"]))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            if value.get("timeZone"):
                moment = moment.astimezone(ZoneInfo(str(value["timeZone"])))
            return moment, False
        if value.get("date"):
            return dt.date.fromisoformat(str(value["date"])), True
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise InviteError(f"impossible {name} time in the calendar event", kind="bad_time") from exc
    raise InviteError(f"the calendar event has no {name} time", kind="no_time")


def _original_start(event: Mapping[str, Any]) -> dt.datetime | dt.date | None:
    if not event.get("recurringEventId") or not event.get("originalStartTime"):
        return None
    return _moment(event["originalStartTime"], "original start")[0]


def _rule(event: Mapping[str, Any]) -> str | None:
    """A whole series' rule as Calendar keeps it (``recurrence``: RFC 5545 lines, "RRULE:..."),
    so that it is answered as a series, as the same invite is from Gmail; one meeting of a
    series (``recurringEventId``) carries none."""
    if event.get("recurringEventId"):
        return None
    for line in event.get("recurrence") or []:
        if isinstance(line, str) and line.upper().startswith("RRULE:"):
            return line[len("RRULE:") :]
    return None
