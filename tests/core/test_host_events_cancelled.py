"""A meeting the host's own calendar API says is called off (Google Calendar's
``status: "cancelled"``, Graph's ``isCancelled``) is read as cancelled, as STATUS:CANCELLED is
in an invite: shown as cancelled, with nothing to send."""

from __future__ import annotations

from typing import Any

import pytest

from addon.google.events import invite_from_event
from addon.outlook.events import invite_from_graph

GOOGLE = {
    "id": "abc123",
    "iCalUID": "cancelled-1@example.com",
    "summary": "Planning",
    "start": {"dateTime": "2027-01-12T10:00:00+01:00", "timeZone": "Europe/Stockholm"},
    "end": {"dateTime": "2027-01-12T11:00:00+01:00", "timeZone": "Europe/Stockholm"},
    "organizer": {"email": "eva.lind@nordvik.example"},
    "attendees": [{"email": "anna@lumen.example", "self": True}],
}
GRAPH = {
    "iCalUId": "cancelled-1@example.com",
    "subject": "Planning",
    "body": {"contentType": "text", "content": ""},
    "start": {"dateTime": "2027-01-12T09:00:00.0000000", "timeZone": "UTC"},
    "end": {"dateTime": "2027-01-12T10:00:00.0000000", "timeZone": "UTC"},
    "isAllDay": False,
    "location": {"displayName": ""},
    "organizer": {"emailAddress": {"name": "Eva Lind", "address": "eva.lind@nordvik.example"}},
    "attendees": [{"type": "required", "status": {"response": "none"},
                   "emailAddress": {"name": "Anna", "address": "anna@lumen.example"}}],
    "type": "singleInstance",
}  # fmt: skip


@pytest.mark.parametrize(
    ("read", "event", "cancelled"),
    [
        (invite_from_event, GOOGLE | {"status": "confirmed"}, False),
        (invite_from_event, GOOGLE | {"status": "cancelled"}, True),
        (invite_from_graph, GRAPH | {"isCancelled": False}, False),
        (invite_from_graph, GRAPH | {"isCancelled": True}, True),
    ],
)
def test_a_meeting_the_calendar_says_is_called_off_is_cancelled(
    read: Any, event: dict[str, Any], cancelled: bool
) -> None:
    assert read(event).cancelled is cancelled
