"""A draft as an RFC 5322 message: text and HTML alternatives, and the iTIP calendar part whose
MIME ``method`` equals the METHOD inside it (RFC 6047 §2.4)."""

from __future__ import annotations

import email.policy
from email.headerregistry import Address
from email.message import EmailMessage

from addon.invite.model import Person
from addon.text import one_line
from addon.writing.letters import Draft


def draft_message(
    draft: Draft,
    *,
    sender: Person | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
) -> bytes:
    message = EmailMessage(policy=email.policy.SMTP)
    if sender is not None:
        message["From"] = _address(sender)
    message["To"] = one_line(", ".join(draft.to))
    message["Subject"] = one_line(draft.subject)
    if in_reply_to:
        # Gmail places a draft in a thread only with threadId, In-Reply-To, References and a
        # matching subject together.
        message["In-Reply-To"] = one_line(in_reply_to)
        message["References"] = one_line(
            f"{references} {in_reply_to}" if references else in_reply_to
        )
    message.set_content(draft.text, subtype="plain", charset="utf-8")
    message.add_alternative(draft.html, subtype="html", charset="utf-8")
    if draft.calendar_part is not None:
        message.add_alternative(
            draft.calendar_part.text,
            subtype="calendar",
            charset="utf-8",
            cte="base64",  # keeps the CRLF line ends iCalendar requires, whatever relays do
            params={"method": draft.calendar_part.method},
        )
    return message.as_bytes()


def _address(person: Person) -> str:
    local, _, domain = person.email.partition("@")
    return str(Address(display_name=one_line(person.name or ""), username=local, domain=domain))
