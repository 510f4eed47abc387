"""The calendar part of a reply (RFC 5546 iTIP), built with ``icalendar``.

``phone`` and ``shorter`` send a COUNTER (a proposal the organizer can accept: Outlook shows
"New Time Proposed"); ``email`` a REPLY declining with a comment; ``delegate`` a REPLY that
delegates to the account manager. Every part keeps the invite's UID, echoes its SEQUENCE and
RECURRENCE-ID, names the original ORGANIZER and exactly one ATTENDEE, the user. Times are
written in UTC, so no VTIMEZONE is needed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from addon.errors import InviteError
from addon.invite.model import Invite, Person
from addon.text import calendar_text, one_line

PRODID = "-//Raincheck//Raincheck 0.1//EN"


@dataclass(frozen=True)
class CalendarPart:
    method: str  # also the MIME part's method parameter (RFC 6047 §2.4)
    text: str

    @property
    def content_type(self) -> str:
        return f'text/calendar; charset="utf-8"; method={self.method}'


def counter(
    invite: Invite,
    *,
    me: Person,
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    location: str | None,
    comment: str,
    now: dt.datetime | None = None,
) -> CalendarPart:
    event = _event(invite, me, "TENTATIVE", now)
    event.add("DTSTART", _utc(start))
    event.add("DTEND", _utc(end))
    if location:
        event.add("LOCATION", calendar_text(location))
    if comment:
        event.add("COMMENT", calendar_text(comment))
    # Outlook shows the original slot beside the proposal when it has these.
    # (X- properties are text to icalendar: give it the date-time already encoded.)
    for name, moment in (
        ("X-MS-OLK-ORIGINALSTART", invite.start),
        ("X-MS-OLK-ORIGINALEND", invite.end),
    ):
        event.add(name, icalendar.vDDDTypes(_utc(moment)))
    return _calendar("COUNTER", event)


def decline(
    invite: Invite, *, me: Person, comment: str, now: dt.datetime | None = None
) -> CalendarPart:
    return _reply(invite, me, "DECLINED", comment, now)


def delegate(
    invite: Invite,
    *,
    me: Person,
    to: Person,
    comment: str,
    now: dt.datetime | None = None,
) -> CalendarPart:
    return _reply(invite, me, "DELEGATED", comment, now, delegated_to=to.email)


def _reply(
    invite: Invite,
    me: Person,
    partstat: str,
    comment: str,
    now: dt.datetime | None,
    *,
    delegated_to: str | None = None,
) -> CalendarPart:
    event = _event(invite, me, partstat, now, delegated_to=delegated_to)
    event.add("DTSTART", _utc(invite.start))
    event.add("DTEND", _utc(invite.end))
    if comment:
        event.add("COMMENT", calendar_text(comment))
    return _calendar("REPLY", event)


def _event(
    invite: Invite,
    me: Person,
    partstat: str,
    now: dt.datetime | None,
    *,
    delegated_to: str | None = None,
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("UID", calendar_text(invite.uid))
    event.add("SEQUENCE", invite.sequence)
    event.add("DTSTAMP", (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0))
    if invite.recurrence_id is not None:
        event.add("RECURRENCE-ID", _utc(invite.recurrence_id))
    elif invite.rrule:
        if invite.rule_problem:
            # Triage refuses this first; a rule that cannot be read is never written.
            raise InviteError(invite.rule_problem, kind="bad_rule")
        # An answer about the whole series carries the series (RFC 5546 §3.2.7 for COUNTER).
        event.add("RRULE", icalendar.vRecur.from_ical(invite.rrule))
    if invite.organizer is not None:
        event.add("ORGANIZER", _address(invite.organizer))
    attendee = _address(me)
    attendee.params["PARTSTAT"] = partstat
    if delegated_to:
        attendee.params["DELEGATED-TO"] = f"mailto:{delegated_to}"
    event.add("ATTENDEE", attendee)
    event.add("SUMMARY", calendar_text(invite.summary))
    return event


def _address(person: Person) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{one_line(person.email)}")
    if person.name:
        address.params["CN"] = one_line(person.name)
    return address


def _utc(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).replace(microsecond=0)
    return moment


def _calendar(method: str, event: icalendar.Event) -> CalendarPart:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    calendar.add_component(event)
    return CalendarPart(method, calendar.to_ical().decode("utf-8"))
