"""Find the calendar data in what the user hands us: an .ics file or a whole email.

Mail clients wrap invites in every way MIME allows: inline ``text/calendar`` beside the text
and HTML bodies (Google, Exchange), a second ``application/ics`` attachment (Google), an
``invite.ics`` attachment typed ``application/octet-stream`` (iCloud, Zoom), base64 or
quoted-printable, any charset, nested multiparts and forwarded ``message/rfc822`` parts.
"""

from __future__ import annotations

import codecs
import email
import email.message
import email.policy
import re

from addon.config import INVITE_MAX_BYTES
from addon.errors import InviteError

# The one limit for an invite, whatever hands it over: a file (command line, workbench upload),
# Outlook's raw message, or the calendar part Gmail gives (Gmail never gives the whole message).
# An invite is a few kilobytes; a megabyte is an email with attachments, or not an invite.
MAX_BYTES = INVITE_MAX_BYTES

_CALENDAR_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar", "application/x-ics")
_CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb", ".vcs")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:", re.ASCII)


def limit_words(size: int = MAX_BYTES) -> str:
    """A limit as the user reads it: "1 MiB (1,048,576 bytes)"."""
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB ({size:,} bytes)"
    return f"{size:,} bytes"


def too_large(what: str, limit: int = MAX_BYTES, kind: str = "an invite") -> str:
    """The one sentence every surface refuses an oversized input with: "invite.eml is too
    large: an invite may be at most 1 MiB (1,048,576 bytes)"."""
    return f"{what} is too large: {kind} may be at most {limit_words(limit)}"


def check_size(data: bytes, what: str) -> None:
    if len(data) > MAX_BYTES:
        raise InviteError(too_large(what), kind="too_large")


def calendar_texts(data: bytes) -> list[str]:
    """The calendar objects in ``data``, best candidate first; at least one or an InviteError."""
    check_size(data, "the input")
    if not data.strip():
        raise InviteError("the input is empty")
    data = _from_utf16(data)
    if b"\x00" in data:
        raise InviteError("the input is not text (it holds NUL bytes)")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return [decode_text(head, None)]
    if head[:12].upper() == b"BEGIN:VEVENT":
        # An event exported on its own, without the VCALENDAR around it (khal, some CRMs). The
        # parser closes the VCALENDAR, and says so if the event itself is cut off.
        bare = decode_text(head, None)
        return [f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{bare.rstrip()}\r\n"]
    if not _HEADER_LINE.match(head):
        raise InviteError(
            "no calendar part: the input is neither an iCalendar file nor an email",
            kind="not_calendar",
        )
    message = email.message_from_bytes(head, policy=email.policy.compat32)
    found = [
        (rank, decode_text(payload, part.get_content_charset()))
        for part in message.walk()
        if (rank := _calendar_rank(part)) is not None
        and isinstance(payload := part.get_payload(decode=True), bytes)
        and payload.strip()
    ]
    if not found:
        raise InviteError("no calendar part: this email carries no invite", kind="no_invite")
    found.sort(key=lambda pair: pair[0])
    return [text for _, text in found]


def _calendar_rank(part: email.message.Message) -> int | None:
    if part.is_multipart():
        return None
    return calendar_rank(
        part.get_content_type(), bool(part.get_param("method")), part.get_filename() or ""
    )


def calendar_rank(content_type: str, has_method: bool, filename: str) -> int | None:
    """How likely a MIME part is the invite, lower is better; None when it is not calendar
    data. Google sends the same invite as text/calendar and as application/ics."""
    content_type = content_type.lower()
    if content_type == "text/calendar":
        return 0 if has_method else 1
    if content_type in _CALENDAR_TYPES:
        return 2
    if filename.lower().endswith(_CALENDAR_SUFFIXES):
        return 3
    return None


def _from_utf16(data: bytes) -> bytes:
    """UTF-16 with its byte-order mark (Windows Calendar's exports) as UTF-8; anything else
    as it is. Without the mark, NUL bytes mean a binary file."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def decode_text(payload: bytes, charset: str | None) -> str:
    """Bytes to text: the declared charset when Python knows it, else UTF-8, else Latin-1."""
    check_size(payload, "the calendar part")  # Gmail hands over the part, not the message
    if b"\x00" in payload:
        raise InviteError("the calendar part is not text (it holds NUL bytes)")
    for name in ([charset] if charset else []) + ["utf-8"]:
        try:
            codecs.lookup(name)
            return payload.decode(name).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    # Old Exchange exports are Windows-1252 without saying so; Latin-1 takes any byte.
    try:
        return payload.decode("cp1252")
    except UnicodeDecodeError:
        return payload.decode("latin-1")
