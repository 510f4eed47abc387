"""An invite as Google Calendar holds it: the event resource ``events.get`` answers for the
meeting once the invite is in the user's calendar, so the workbench can open any invite it
opens in Gmail (a sample or an upload, .ics or .eml) as an event in Google Calendar too.

Built from what Raincheck's invite reader reads (``addon.invite.reader``), in the shape of the
Calendar API's Events resource (developers.google.com/workspace/calendar/api/v3/reference/
events): times as ``dateTime`` with the event's ``timeZone``, or ``date`` for an all-day
event (the end exclusive, as in iCalendar); the user among the attendees with ``self``; the
RRULE as ``recurrence``; a Google Meet link as ``hangoutLink`` and ``conferenceData``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from addon.invite.model import Attendee, Invite, Person
from addon.invite.reader import read_invite

MEET = "https://meet.google.com/"
_RESPONSE = {
    "NEEDS-ACTION": "needsAction",
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
}


def event_resource(data: bytes, *, me: str, floating_tz: dt.tzinfo = dt.UTC) -> dict[str, Any]:
    """The event ``events.get`` gives ``me`` for the invite in ``data`` (an .ics, or an email
    carrying one). Raises ``InviteError`` as the reader does for what is not an invite."""
    return google_event(read_invite(data, floating_tz=floating_tz), me=me)


def google_event(invite: Invite, *, me: str) -> dict[str, Any]:
    """``invite`` as the Events resource in ``me``'s calendar."""
    me = me.lower()
    event: dict[str, Any] = {
        "kind": "calendar#event",
        "id": event_id(invite.uid),
        # A cancellation Calendar keeps as the event, cancelled (events.get still answers it).
        "status": "cancelled" if invite.method == "CANCEL" else "confirmed",
        "iCalUID": invite.uid,
        "summary": invite.summary,
        "start": _time(invite.start, invite.timezone),
        "end": _time(invite.end, invite.timezone),
        "sequence": invite.sequence,
        "eventType": "default",
    }
    if invite.description:
        event["description"] = invite.description
    if invite.location:
        event["location"] = invite.location
    if invite.organizer is not None:
        event["organizer"] = _person(invite.organizer, me)
    if invite.attendees:
        event["attendees"] = [_attendee(a, me, invite.organizer) for a in invite.attendees]
    if invite.rrule and invite.recurrence_id is None:
        event["recurrence"] = [f"RRULE:{invite.rrule}"]
    if invite.recurrence_id is not None:
        # One meeting of a series: Google names an instance after its series and its original
        # start in UTC ("<series id>_20261203T130000Z"), and says which series it belongs to.
        series = event["id"]
        event["id"] = f"{series}_{_stamp(invite.recurrence_id)}"
        event["recurringEventId"] = series
        event["originalStartTime"] = _time(invite.recurrence_id, invite.timezone)
    if invite.online_url and invite.online_url.startswith(MEET):
        event |= _meet(invite.online_url)
    return event


def event_id(uid: str) -> str:
    """A Calendar event id for an iCalendar UID: Google's ids are base32hex (a-v, 0-9), 5 to
    1,024 characters, so a UID (any text) cannot be one as it stands; the same UID gives the
    same id, as Google keeps one event per UID in a calendar."""
    digest = hashlib.sha256(uid.encode("utf-8")).digest()[:20]
    return base64.b32hexencode(digest).decode("ascii").lower().rstrip("=")


def _time(moment: dt.datetime | dt.date, zone: str | None) -> dict[str, str]:
    if not isinstance(moment, dt.datetime):
        return {"date": moment.isoformat()}
    key = getattr(moment.tzinfo, "key", None) or _iana(zone)
    if moment.tzinfo is None:  # the reader gives aware times; kept safe for a bare one
        moment = moment.replace(tzinfo=dt.UTC)
    time: dict[str, str] = {"dateTime": moment.isoformat()}
    if key:
        time["timeZone"] = key
    return time


def _iana(zone: str | None) -> str | None:
    """``zone`` if it is an IANA name: a zone an invite defines itself ("W. Europe Standard
    Time") has none, and the ``dateTime``'s offset says the time on its own."""
    if not zone:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


def _stamp(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return moment.strftime("%Y%m%d")


def _person(person: Person, me: str) -> dict[str, Any]:
    found: dict[str, Any] = {"email": person.email.lower()}
    if person.name:
        found["displayName"] = person.name
    if found["email"] == me:
        found["self"] = True
    return found


def _attendee(attendee: Attendee, me: str, organizer: Person | None) -> dict[str, Any]:
    found = _person(attendee, me)
    if organizer is not None and found["email"] == organizer.email.lower():
        found["organizer"] = True
    if attendee.role == "OPT-PARTICIPANT":
        found["optional"] = True
    # Google has no "delegated": a delegated attendee has not answered for themselves.
    found["responseStatus"] = _RESPONSE.get(attendee.partstat, "needsAction")
    return found


def _meet(url: str) -> dict[str, Any]:
    code = url.removeprefix(MEET).split("?")[0].strip("/")
    return {
        "hangoutLink": url,
        "conferenceData": {
            "entryPoints": [{"entryPointType": "video", "uri": url, "label": url.split("//")[1]}],
            "conferenceSolution": {"key": {"type": "hangoutsMeet"}, "name": "Google Meet"},
            "conferenceId": code,
        },
    }
