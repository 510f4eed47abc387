"""A calendar of many events, read without reading every event in full.

A feed or an export (hundreds of VEVENTs) is refused as "a calendar of N events", yet icalendar
would parse every property of every event first; that was half the time of a corpus run. The
reader needs from the events it does not describe only what decides the answer: how many there
are, their UIDs and RECURRENCE-IDs (which event is the meeting), and whether reading them would
have failed. So the events after the first and the first master keep their structure, their
UID, RECURRENCE-ID, zoned times and nested components, and lose the properties that can never
change the outcome: a text, an address, a number or a UTC stamp written plainly (inside a
VEVENT, icalendar keeps a value it cannot read as broken instead of failing; these types raise
nothing else and warn about nothing). Whatever is not plainly such a line is kept, and the
reader checks that the event it describes was read whole, else reads the file in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Properties read as text, addresses, URIs or integers: icalendar turns a bad value of these
# into a broken value inside a VEVENT, and never looks up a zone for them.
_PLAIN = frozenset(
    {
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "COMMENT",
        "CONTACT",
        "CLASS",
        "STATUS",
        "TRANSP",
        "PRIORITY",
        "SEQUENCE",
        "URL",
        "ORGANIZER",
        "ATTENDEE",
    }
)
# Times that are left out only when written without parameters as a date or a (UTC or
# floating) date-time: no TZID, so no zone look-up, which can fail outside icalendar's care.
_DATED = frozenset({"DTSTAMP", "CREATED", "LAST-MODIFIED", "DTSTART", "DTEND"})
_DATE_VALUE = re.compile(r"\d{8}(?:T\d{6}Z?)?")
# A name, then parameters with no backslash (which would escape a separator) and no quote
# inside a value, then the colon: icalendar splits such a line exactly here.
_SIMPLE = re.compile(r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:\\]*))*):')
# Parameters that change how the value is read (its type, its zone).
_TYPED = re.compile(r";(?:VALUE|TZID)=", re.IGNORECASE)
_EDGE = re.compile(r"(BEGIN|END):([A-Z0-9-]+)")
_NAME = re.compile(r"[;:]")
_FEW = 3  # events: with fewer, the first and the master are all there is


@dataclass(frozen=True)
class Skim:
    """The text to parse, how many VEVENTs it has, and which of them (by order) are whole."""

    text: str
    events: int
    whole: frozenset[int]


def skim(text: str) -> Skim | None:
    """``text`` (one VCALENDAR, unfolded, lines ending in CRLF, as ``ical`` prepares it)
    without what cannot matter in the events the reader will not describe; None when there is
    nothing worth leaving out or the file's shape is not plain enough to be sure."""
    if text.count("BEGIN:VEVENT") < _FEW:
        return None  # an invite's one event (each event counted below is such a line)
    lines = text.split("\r\n")
    events: list[list[int]] = []  # per top-level VEVENT, the indexes of its own lines
    masters: list[bool] = []
    # Open components as icalendar stacks them: any END closes the innermost.
    stack: list[str] = []
    calendars = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        if line[0] in " \t":
            return None
        written = _NAME.split(line, maxsplit=1)[0]
        if '"' in written or "\\" in written:
            return None  # icalendar splits such a name otherwise
        name = re.sub(r"[ \t]+", "", written.strip()).upper()
        if name in ("BEGIN", "END"):
            edge = _EDGE.fullmatch(line)
            if edge is None:
                return None  # an edge icalendar may read otherwise than we would
            if edge[1] == "END":
                if not stack:
                    return None
                stack.pop()
                continue
            calendars += not stack
            if (not stack and (edge[2] != "VCALENDAR" or calendars > 1)) or (
                len(stack) > 1 and edge[2] == "VEVENT"
            ):
                return None  # another calendar, or an event inside an event
            if len(stack) == 1 and edge[2] == "VEVENT":
                events.append([])
                masters.append(True)
            stack.append(edge[2])
            continue
        if not stack:
            return None
        if len(stack) == 2 and stack[1] == "VEVENT":
            events[-1].append(index)
            if name == "RECURRENCE-ID":
                masters[-1] = False
    if len(events) < _FEW:
        return None
    whole = frozenset({0, next((i for i, m in enumerate(masters) if m), 0)})
    drop = {i for n, own in enumerate(events) if n not in whole for i in own if _inert(lines[i])}
    if not drop:
        return None
    kept = "\r\n".join(line for i, line in enumerate(lines) if i not in drop)
    return Skim(kept, len(events), whole)


def _inert(line: str) -> bool:
    """Whether leaving this line of an event out can change nothing icalendar reports."""
    simple = _SIMPLE.match(line)
    if simple is None or _TYPED.search(simple[2]):
        return False
    name = simple[1].upper()
    if name in _DATED:
        return not simple[2] and _DATE_VALUE.fullmatch(line, simple.end()) is not None
    return name in _PLAIN or name.startswith("X-")
