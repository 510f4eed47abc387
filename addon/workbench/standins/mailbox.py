"""A mailbox in memory only: the invites in it (served as the Gmail API serves messages) and
every draft either host would have created, kept as .eml bytes."""

from __future__ import annotations

import base64
import email
import email.message
import email.policy
import email.utils
import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from typing import Any

from addon.errors import InviteError
from addon.invite.model import Person
from addon.invite.reader import read_invite
from addon.text import one_line

MAX_DRAFTS = 50  # the oldest go first: this is a place to try things, not to keep them


def as_email(data: bytes) -> bytes:
    """An .ics file as the simplest invite email (one text/calendar part), from its organizer
    to its attendees under the subject Google Calendar gives one ("Invitation: Pitch prep");
    email as it is."""
    if not _calendar_file(data):
        return data
    message = EmailMessage()
    summary, sender, to = _addresses(data)
    message["Subject"] = f"Invitation: {summary}" if summary else "Invitation"
    if sender:
        message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    message["Message-ID"] = email.utils.make_msgid(domain="workbench.invalid")
    text = data.decode("utf-8", errors="replace")
    message.set_content(text, subtype="calendar", params={"method": "REQUEST"})
    return message.as_bytes()


def _calendar_file(data: bytes) -> bool:
    """An .ics file (a whole calendar, or an event on its own) rather than an email."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    return head.startswith((b"BEGIN:VCALENDAR", b"BEGIN:VEVENT"))


def _addresses(data: bytes) -> tuple[str, str, list[str]]:
    """The meeting's title, its organizer and its attendees, as mail headers write them, read
    by Raincheck's own reader: it reads files the calendar library refuses (bare CR line
    ends, a trailing space, an event without its VCALENDAR). Nothing for a file it cannot
    read either: the add-on says why when it opens the email."""
    try:
        invite = read_invite(data)
    except InviteError:
        return "", "", []

    def header(person: Person) -> str:
        return email.utils.formataddr((person.name or "", person.email)) if person.email else ""

    sender = header(invite.organizer) if invite.organizer else ""
    to = [found for found in map(header, invite.attendees) if found and found != sender]
    return one_line(invite.summary), sender, to


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def gmail_resource(
    message_id: str, thread_id: str, raw: bytes
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """An email as the Gmail API's messages.get (format=full) gives it: parts with a file name
    come as attachments to fetch (returned by attachment id), the others inline. Header values
    come unfolded, as Gmail gives them."""
    parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
    attachments: dict[str, bytes] = {}
    counter = itertools.count()

    def part(node: Message) -> dict[str, Any]:
        headers = [{"name": k, "value": " ".join(str(v).split())} for k, v in node.items()]
        out: dict[str, Any] = {
            "partId": str(next(counter)),
            "mimeType": node.get_content_type(),
            "filename": node.get_filename() or "",
            "headers": headers,
        }
        if node.is_multipart():
            out["body"] = {"size": 0}
            out["parts"] = [part(p) for p in node.get_payload() if isinstance(p, Message)]
            return out
        payload = node.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if out["filename"]:
            attachment_id = f"att-{len(attachments) + 1}"
            attachments[attachment_id] = data
            out["body"] = {"size": len(data), "attachmentId": attachment_id}
        else:
            out["body"] = {"size": len(data), "data": b64url(data)}
        return out

    resource = {"id": message_id, "threadId": thread_id, "payload": part(parsed)}
    return resource, attachments


@dataclass(frozen=True)
class Draft:
    id: str
    host: str  # "Gmail" or "Outlook"
    raw: bytes
    thread_id: str | None = None  # the Gmail thread the draft was created in, if any

    @property
    def parsed(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def summary(self) -> dict[str, Any]:
        parsed = self.parsed
        text = parsed.get_body(("plain",))
        calendar = next((p for p in parsed.walk() if p.get_content_type() == "text/calendar"), None)
        return {
            "id": self.id,
            "host": self.host,
            "to": str(parsed.get("To", "")),
            "subject": str(parsed.get("Subject", "")),
            "text": text.get_content() if text is not None else "",
            "calendar": calendar.get_param("method") if calendar is not None else None,
        }


@dataclass
class Mailbox:
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: dict[tuple[str, str], bytes] = field(default_factory=dict)
    raw: dict[str, bytes] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_message(
        self, raw: bytes, message_id: str | None = None, thread_id: str | None = None
    ) -> tuple[str, str]:
        """Keep an email (an .ics comes wrapped in the simplest invite email); returns its Gmail
        message and thread ids, made up unless given."""
        raw = as_email(raw)
        with self._lock:
            n = next(self._ids)
        message_id = message_id or f"{n:016x}"
        thread_id = thread_id or f"{n + 0x1000:016x}"
        resource, attachments = gmail_resource(message_id, thread_id, raw)
        with self._lock:
            self.messages[message_id] = resource
            self.raw[message_id] = raw
            for attachment_id, data in attachments.items():
                self.attachments[(message_id, attachment_id)] = data
        return message_id, thread_id

    def add_draft(self, host: str, raw: bytes, thread_id: str | None = None) -> Draft:
        with self._lock:
            draft = Draft(f"r-{next(self._ids)}", host, raw, thread_id)
            self.drafts = [*self.drafts, draft][-MAX_DRAFTS:]
        return draft

    def draft(self, draft_id: str) -> Draft | None:
        return next((d for d in self.drafts if d.id == draft_id), None)
