"""What Outlook would open when the pane calls displayReplyForm, displayReplyAllForm or
displayNewMessageForm, as a draft .eml: the recipients Outlook would fill in, the HTML body the
pane gave, and the calendar file the pane attached by URL."""

from __future__ import annotations

import base64
import email
import email.policy
import re
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any
from urllib.parse import urlsplit

from addon.errors import UsageError
from addon.invite.model import Person
from addon.workbench.plaintext import text_of
from addon.writing.itip import CalendarPart
from addon.writing.letters import Draft
from addon.writing.mime import draft_message

__all__ = ["CALLS", "outlook_draft", "text_of"]

CALLS = ("displayReplyForm", "displayReplyAllForm", "displayNewMessageForm")


def outlook_draft(
    call: str,
    form: Mapping[str, Any],
    *,
    me: str,
    name: str = "",
    original: bytes,
    calendar_file: Callable[[str], CalendarPart],
) -> bytes:
    if call not in CALLS:
        raise UsageError(f"Outlook has no form called {call!r}")
    invite = email.message_from_bytes(original, policy=email.policy.default)
    assert isinstance(invite, EmailMessage)
    # Outlook fills in From from the mailbox: the user's display name and address.
    sender = Person(me, name or None)
    body = str(form.get("htmlBody") or "")
    calendar = None
    for attachment in form.get("attachments") or []:
        if attachment.get("type") == "base64":  # Mailbox 1.15: the file itself
            text = base64.b64decode(str(attachment.get("base64file", ""))).decode("utf-8")
            method = re.search(r"^METHOD:(\w+)", text, re.MULTILINE)
            calendar = CalendarPart(method.group(1) if method else "REQUEST", text)
            continue
        path = urlsplit(str(attachment.get("url", ""))).path
        calendar = calendar_file(path.rpartition("/")[2])
    if call == "displayNewMessageForm":
        to = tuple(str(r) for r in form.get("toRecipients") or [])
        subject = str(form.get("subject") or "")
        return draft_message(Draft(to, subject, text_of(body), body, calendar), sender=sender)
    senders = [a for _, a in getaddresses([str(invite.get("From", ""))]) if a]
    others = [
        a
        for _, a in getaddresses([str(invite.get("To", "")), str(invite.get("Cc", ""))])
        if a and a.lower() != me.lower()
    ]
    to = tuple(dict.fromkeys(senders + (others if call == "displayReplyAllForm" else [])))
    subject = str(invite.get("Subject", "")) or "(no subject)"
    if not subject.lower().startswith(("re:", "sv:")):
        subject = f"Re: {subject}"
    message_id = str(invite.get("Message-ID", "")) or None
    draft = Draft(to, subject, text_of(body), body, calendar)
    return draft_message(draft, sender=sender, in_reply_to=message_id)
