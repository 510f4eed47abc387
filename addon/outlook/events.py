"""A Microsoft Graph event as an ``Invite``: the same meeting the raw invite would describe,
with its iCalendar UID, so a reply can carry a calendar answer that matches it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from addon.errors import InviteError
from addon.invite.model import Attendee, Invite, Person
from addon.invite.topics import serious_terms, topic_text
from addon.invite.venue import find_online_url, in_person
from addon.outlook.exchange_ids import meeting_uid, sequence_of
from addon.outlook.request import zone

_PARTSTAT = {
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "tentativelyAccepted": "TENTATIVE",
    "organizer": "ACCEPTED",
}
_ROLE = {"required": "REQ-PARTICIPANT", "optional": "OPT-PARTICIPANT"}


def invite_from_graph(event: Mapping[str, Any]) -> Invite:
    uid = meeting_uid(str(event.get("iCalUId") or ""))
    if not uid:
        raise InviteError("Microsoft Graph gave the meeting without its iCalendar UID")
    all_day = bool(event.get("isAllDay"))
    start = _moment(event.get("start"), "start", all_day)
    end = _moment(event.get("end"), "end", all_day)
    if end < start:
        raise InviteError("the meeting ends before it starts", kind="bad_time")
    summary = str(event.get("subject") or "")
    description = str(_mapping(event.get("body")).get("content") or "")
    location = str(_mapping(event.get("location")).get("displayName") or "").strip() or None
    online = [str(_mapping(event.get("onlineMeeting")).get("joinUrl") or "")]
    terms = serious_terms(topic_text(summary, description))
    organizer = _person(_mapping(event.get("organizer")).get("emailAddress"))
    attendees = tuple(
        Attendee(
            person.email,
            person.name,
            role=_ROLE.get(str(entry.get("type")), "REQ-PARTICIPANT"),
            partstat=_PARTSTAT.get(
                str(_mapping(entry.get("status")).get("response")), "NEEDS-ACTION"
            ),
        )
        for entry in event.get("attendees") or []
        if isinstance(entry, Mapping) and entry.get("type") != "resource"
        for person in [_person(entry.get("emailAddress"))]
        if person is not None
    )
    original = event.get("originalStart")
    online_url = find_online_url([u for u in online if u], location or "", description)
    return Invite(
        uid=uid,
        sequence=sequence_of(event),
        method=None,
        summary=summary,
        description=description,
        organizer=organizer,
        attendees=attendees,
        start=start,
        end=end,
        all_day=all_day,
        location=location,
        online_url=online_url,
        in_person=in_person(location, online=online_url is not None),
        recurring=str(event.get("type")) in ("occurrence", "exception", "seriesMaster"),
        recurrence_id=_instant(original)
        if event.get("type") in ("occurrence", "exception")
        else None,
        serious=bool(terms),
        serious_terms=terms,
        cancelled=bool(event.get("isCancelled")),  # the organizer called it off
    )


def _moment(value: object, name: str, all_day: bool) -> dt.datetime | dt.date:
    moment = _mapping(value)
    text = str(moment.get("dateTime") or "")
    try:
        if all_day:
            return dt.date.fromisoformat(text[:10])
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InviteError(f"impossible {name} time from Microsoft Graph", kind="bad_time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(
            tzinfo=zone(str(moment.get("timeZone") or "UTC")) or ZoneInfo("UTC")
        )
    return parsed


def _instant(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _person(value: object) -> Person | None:
    address = str(_mapping(value).get("address") or "").strip().lower()
    if "@" not in address:
        return None
    return Person(address, str(_mapping(value).get("name") or "").strip() or None)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
