"""The meeting's own iCalendar UID and SEQUENCE from what Exchange and Graph give.

For a meeting organized in Exchange, Graph's ``iCalUId`` is the UID the organizer's calendar
knows: Exchange's global object id in hex. For a meeting organized elsewhere (Google, Zoom,
iCloud) Exchange wraps the sender's UID in that id: after the class id and the header come the
bytes of ``vCal-Uid`` (hex ``7643616C2D556964``), a version ``01000000``, the original UID and a
NUL ([MS-OXOCAL] §2.2.1.27 PidLidGlobalObjectId; seen on Stack Overflow 36985390 and in a
Microsoft Q&A answer of March 2026). A COUNTER or REPLY with the hex id matches nothing in a
Google calendar; with the original UID it does.

SEQUENCE is not a Graph property; Exchange keeps it as PidLidAppointmentSequence ([MS-OXPROPS]
§2.25: PSETID_Appointment, LID 0x8201, 32-bit integer), which Graph gives as a single-value
extended property when asked.
"""

from __future__ import annotations

import binascii
from collections.abc import Mapping
from typing import Any

_MARKER = b"vCal-Uid\x01\x00\x00\x00"
SEQUENCE_PROPERTY = "Integer {00062002-0000-0000-C000-000000000046} Id 0x8201"
SEQUENCE_EXPAND = f"singleValueExtendedProperties($filter=id eq '{SEQUENCE_PROPERTY}')"


def meeting_uid(ical_uid: str) -> str:
    """The UID the organizer's calendar knows: the wrapped original, else the id as it is."""
    text = ical_uid.strip()
    if len(text) % 2 or not text[:32].upper().startswith("040000008200E000"):
        return text
    try:
        data = binascii.unhexlify(text)
    except (binascii.Error, ValueError):
        return text
    at = data.find(_MARKER)
    if at < 0:
        return text
    original = data[at + len(_MARKER) :].split(b"\x00", 1)[0]
    try:
        decoded = original.decode("utf-8").strip()
    except UnicodeDecodeError:
        return text
    return decoded or text


def sequence_of(item: Mapping[str, Any]) -> int:
    """The appointment sequence from the item's extended properties; 0 when Graph gave none."""
    for prop in item.get("singleValueExtendedProperties") or []:
        if not isinstance(prop, Mapping):
            continue
        if str(prop.get("id", "")).lower() == SEQUENCE_PROPERTY.lower():
            try:
                return max(0, int(str(prop.get("value"))))
            except ValueError:
                return 0
    return 0
