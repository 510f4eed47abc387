"""A Gmail API message (format=full) as the invite reader needs it: its calendar parts and the
headers a threaded reply needs. Pure data in, pure data out; the API client fetches the parts
that come as attachments."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from addon.errors import InviteError
from addon.invite.mime import calendar_rank, decode_text

_CHARSET = re.compile(r"charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)
_METHOD = re.compile(r"method\s*=", re.IGNORECASE)
_FOLD = re.compile(r"\s*[\r\n]+\s*")


@dataclass(frozen=True)
class CalendarPart:
    rank: int
    charset: str | None
    data: bytes | None  # inline data, or None when it must be fetched by attachment_id
    attachment_id: str | None


@dataclass(frozen=True)
class MessageFacts:
    message_id: str  # the Gmail API id (hex)
    thread_id: str
    rfc822_id: str | None  # the Message-ID header, for In-Reply-To and References
    references: str | None
    subject: str
    sender: str | None
    parts: tuple[CalendarPart, ...]


def message_facts(message: Mapping[str, Any]) -> MessageFacts:
    payload = message.get("payload") or {}
    headers = _headers(payload)
    parts = sorted(_calendar_parts(payload), key=lambda p: p.rank)
    return MessageFacts(
        message_id=str(message.get("id", "")),
        thread_id=str(message.get("threadId", "")),
        rfc822_id=headers.get("message-id"),
        references=headers.get("references"),
        subject=headers.get("subject", ""),
        sender=headers.get("from"),
        parts=tuple(parts),
    )


def decode_part(part: CalendarPart, data: bytes | None = None) -> str:
    raw = part.data if data is None else data
    if raw is None:
        raise InviteError("the calendar part of the message could not be read")
    return decode_text(raw, part.charset)


def b64url(data: str) -> bytes:
    """Gmail's base64url, with or without padding."""
    try:
        return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InviteError("the message holds a part that is not valid base64") from exc


def _calendar_parts(part: Mapping[str, Any]) -> Iterator[CalendarPart]:
    children = part.get("parts") or []
    for child in children:
        yield from _calendar_parts(child)
    if children:
        return
    content_type = _headers(part).get("content-type", "")
    mime_type = str(part.get("mimeType") or content_type.split(";")[0]).strip()
    rank = calendar_rank(mime_type, bool(_METHOD.search(content_type)), part.get("filename") or "")
    if rank is None:
        return
    body = part.get("body") or {}
    charset = match.group(1) if (match := _CHARSET.search(content_type)) else None
    if body.get("data"):
        yield CalendarPart(rank, charset, b64url(str(body["data"])), None)
    elif body.get("attachmentId"):
        yield CalendarPart(rank, charset, None, str(body["attachmentId"]))


def _headers(part: Mapping[str, Any]) -> dict[str, str]:
    # Unfolded: a line break left in a value would make it unusable in the reply's headers.
    return {
        str(h.get("name", "")).lower(): _FOLD.sub(" ", str(h.get("value", ""))).strip()
        for h in part.get("headers") or []
        if isinstance(h, Mapping)
    }
