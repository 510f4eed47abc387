"""What is wrong with an invite the user uploads to the workbench, said before it reaches either
host: the wrong kind of file, an empty one, one too large (with the limit), or one that is not
a calendar or an email at all. A calendar file Raincheck cannot read is not refused here: the
cards say what is wrong with it, as they do in Gmail and Outlook."""

from __future__ import annotations

import re
from pathlib import PurePath

from addon.invite.mime import MAX_BYTES, limit_words, too_large

__all__ = ["KINDS", "limit_words", "upload_problem"]

KINDS = (".ics", ".eml")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]", re.ASCII)
_CALENDAR = re.compile(rb"(?:^|[\r\n])BEGIN:V(?:CALENDAR|EVENT)\b", re.IGNORECASE)
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def upload_problem(filename: str, data: bytes) -> str | None:
    """Why the workbench does not open ``data`` (uploaded as ``filename``), or None. ``data``
    may be cut at ``MAX_BYTES + 1``: more than the limit is all this needs to know."""
    kind = PurePath(filename).suffix.lower()
    filename = PurePath(filename).name[:80]  # as the user chose it, without a path
    if kind not in KINDS:
        return "choose an .ics or .eml file"
    if len(data) > MAX_BYTES:
        return too_large(filename)
    if not data.strip():
        return f"{filename} is empty: choose a file with an invite in it"
    if data.startswith(_UTF16):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return _not_text(filename, kind)
    if b"\x00" in data:
        return _not_text(filename, kind)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind == ".ics" and not _CALENDAR.search(data):
        return f"{filename} is not a calendar file: an .ics file is text with BEGIN:VCALENDAR in it"
    if kind == ".eml" and not _CALENDAR.match(head) and not _HEADER_LINE.match(head):
        return f"{filename} is not an email: an .eml file begins with headers (From: ...)"
    return None


def _not_text(filename: str, kind: str) -> str:
    what = "a calendar file" if kind == ".ics" else "an email"
    return f"{filename} is not {what}: it is binary, not text"
