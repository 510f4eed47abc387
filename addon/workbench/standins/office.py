"""An invite email as Office.js shows it to the pane in read mode: a meeting request is a
message with from/to/cc (no organizer or attendee properties), plus the raw message that
``getAsFileAsync`` gives."""

from __future__ import annotations

import base64
import email
import email.policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

from addon.errors import InviteError
from addon.invite.reader import read_invite

MEETING_REQUEST = "IPM.Schedule.Meeting.Request"


def office_item(raw: bytes, item_id: str) -> dict[str, Any]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    start: str | None
    end: str | None
    try:
        invite = read_invite(raw)
        start, end = invite.start.isoformat(), invite.end.isoformat()
        location, item_class = invite.location or "", MEETING_REQUEST
    except InviteError:
        start = end = None
        location, item_class = "", "IPM.Note"
    body = message.get_body(("plain",))
    senders = _people(message.get("From"))
    return {
        "type": "message",
        "itemClass": item_class,
        "itemId": item_id,
        "subject": str(message.get("Subject", "")),
        "from": senders[0] if senders else None,
        "to": _people(message.get("To")),
        "cc": _people(message.get("Cc")),
        "start": start,
        "end": end,
        "location": location,
        "body": body.get_content() if body is not None else "",
        "eml": base64.b64encode(raw).decode("ascii"),
    }


def _people(header: object) -> list[dict[str, str]]:
    if header is None:
        return []
    return [
        {"emailAddress": address, "displayName": name}
        for name, address in getaddresses([str(header)])
        if address
    ]
