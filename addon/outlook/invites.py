"""The invite an Outlook item holds: read from the raw message by the same reader as any .eml
when Outlook gave it, else made from the fields Office.js exposes.

Only the raw message carries the invite's UID and SEQUENCE, without which no calendar answer
(COUNTER, REPLY) could be matched to the meeting; an invite made from fields therefore says
that it cannot take one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from addon.errors import InviteError, NoInvite, RaincheckError
from addon.invite.model import Attendee, Invite, Person
from addon.invite.reader import read_invite
from addon.invite.topics import serious_terms, topic_text
from addon.invite.venue import find_online_url, in_person
from addon.outlook.events import invite_from_graph
from addon.outlook.request import PaneItem

logger = logging.getLogger(__name__)
GraphEvent = Callable[[PaneItem], Mapping[str, Any]]


@dataclass(frozen=True)
class Loaded:
    invite: Invite
    calendar_data: bool  # read from the invite's own calendar data: a calendar answer can go


def load_invite(
    item: PaneItem | None, *, floating_tz: dt.tzinfo, graph_event: GraphEvent | None = None
) -> Loaded:
    """The raw message first; then Microsoft Graph's event, when Graph is set up; then the
    fields. Graph failing costs only the calendar answer, never the advice."""
    if item is None:
        raise NoInvite()
    meeting = item.meeting_request or item.kind == "appointment"
    if item.eml:
        try:
            return Loaded(read_invite(item.eml, floating_tz=floating_tz), calendar_data=True)
        except InviteError as error:
            if not meeting:
                if error.kind == "too_large":
                    raise  # the message may hold an invite: say why it is not read
                raise NoInvite() from None
    if not meeting:
        raise NoInvite()
    if graph_event is not None and item.rest_id:
        try:
            return Loaded(invite_from_graph(graph_event(item)), calendar_data=True)
        except RaincheckError as error:
            logger.warning("Graph gave no event for an Outlook item: %s", error.message)
    return Loaded(invite_from_fields(item), calendar_data=False)


def invite_from_fields(item: PaneItem) -> Invite:
    """A meeting request's organizer is its sender and its attendees its To and Cc; an
    appointment names them itself."""
    if item.start is None or item.end is None:
        raise InviteError("Outlook gave no start or end time for this meeting", kind="no_time")
    if item.end < item.start:
        raise InviteError("the meeting ends before it starts", kind="bad_time")
    if item.kind == "appointment":
        organizer, required, optional = item.organizer, item.required, item.optional
    else:
        organizer, required, optional = item.sender, item.to, item.cc
    attendees = tuple(
        Attendee(p.email, p.name, role=role)
        for people, role in ((required, "REQ-PARTICIPANT"), (optional, "OPT-PARTICIPANT"))
        for p in people
        if organizer is None or p.email != organizer.email
    )
    terms = serious_terms(topic_text(item.subject, item.body))
    location = item.location.strip() or None
    # Outlook's item id is the meeting's only identity here; it names the meeting in the
    # decision log (hashed there too), never in a calendar answer.
    key = hashlib.sha256(item.item_id.encode()).hexdigest()[:32] if item.item_id else ""
    online_url = find_online_url([], location or "", item.body)
    return Invite(
        uid=f"outlook-item-{key}" if key else "",
        sequence=0,
        method=None,
        summary=item.subject,
        description=item.body,
        organizer=Person(organizer.email, organizer.name) if organizer else None,
        attendees=attendees,
        start=item.start,
        end=item.end,
        all_day=False,
        location=location,
        online_url=online_url,
        in_person=in_person(location, online=online_url is not None),
        recurring=False,
        recurrence_id=None,
        serious=bool(terms),
        serious_terms=terms,
    )
