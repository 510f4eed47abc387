"""Read a meeting invite (.ics or .eml bytes) into an ``Invite``.

Everything that cannot be read raises one ``InviteError`` with a one-line reason; nothing else
escapes, whatever the bytes (a property test holds us to that).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any
from urllib.parse import unquote

from addon.errors import InviteError
from addon.invite import ical, times
from addon.invite.mime import calendar_texts
from addon.invite.model import NOT_INVITES, Attendee, Invite, Person
from addon.invite.skim import Skim
from addon.invite.topics import serious_terms, topic_text
from addon.invite.until import normalized_until
from addon.invite.venue import CONFERENCE_PROPERTIES, find_online_url, in_person
from addon.invite.zones import InviteZones
from addon.recent import Recent

# The X- properties read here; icalendar is spared the others (Exchange writes a dozen).
X_READ = frozenset({*CONFERENCE_PROPERTIES, *times.ALL_DAY_FLAGS})
# Properties of RFC 5545 nothing here reads, which invites carry: left out before parsing, they
# cost no parse (a fifth of an Exchange invite's lines) and cannot make a file unreadable.
UNREAD = frozenset(
    {
        "PRODID", "VERSION", "CALSCALE", "CLASS", "PRIORITY", "TRANSP", "CREATED",
        "LAST-MODIFIED", "CATEGORIES", "GEO", "ATTACH", "RESOURCES", "REQUEST-STATUS",
    }
)  # fmt: skip

UTC = dt.UTC
# One @ between parts with no spaces, quotes, brackets or separators. A domain without a dot
# ("organizer@local": an intranet's or a lab's mail server) is an address all the same, and so
# is an address literal ("anna@[192.0.2.7]", RFC 5321 §4.1.3).
_EMAIL = re.compile(r"^[^@\s<>\"',;:()\[\]]+@(?:[^@\s<>\"',;:()\[\]]+|\[[0-9a-f.:]+\])$")
_SCHEME = re.compile(r"^mailto\s*:\s*", re.IGNORECASE)
_ANGLED = re.compile(r"<([^<>]*)>")
_MAILTO_INSIDE = re.compile(r"mailto\s*:\s*([^\s<>\"',;:]+)", re.IGNORECASE)


def read_invite(data: bytes, *, floating_tz: dt.tzinfo = UTC) -> Invite:
    """The invite in ``data``. Floating times (no zone, or a zone nobody defines) are read in
    ``floating_tz``, which should be the user's zone, and noted in ``Invite.warnings``."""
    first_error: InviteError | None = None
    for text in calendar_texts(data):
        try:
            return parse_recent(text, floating_tz=floating_tz)
        except InviteError as error:
            first_error = first_error or error
    assert first_error is not None  # calendar_texts returns at least one candidate
    raise first_error


# Invites parsed in the last minutes, by a digest of their text and the reader's zone: the
# same invite opened again (by its attendees, or by one user coming back to it) is not parsed
# again. Parsing is the largest part of opening an invite; an Invite is immutable.
_PARSED: Recent[Invite] = Recent(seconds=120.0, size=256)


def parse_recent(text: str, *, floating_tz: dt.tzinfo = UTC) -> Invite:
    """``parse_calendar``, reusing the result for the same text read moments ago."""
    zone = getattr(floating_tz, "key", None) or str(floating_tz)
    key = hashlib.sha256(f"{zone}\n{text}".encode()).hexdigest()
    found = _PARSED.get(key)
    if found is None:
        found = parse_calendar(text, floating_tz=floating_tz)
        _PARSED.put(key, found)
    return found


def parse_calendar(text: str, *, floating_tz: dt.tzinfo = UTC, skim: bool = True) -> Invite:
    """The invite in one calendar text. ``skim``: read a calendar of many events without the
    details of the events that are not the meeting (``addon.invite.skim``); the result is the
    same as with ``skim=False``, which reads every event in full."""
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise InviteError("the calendar part does not start with BEGIN:VCALENDAR")
    if skim:
        calendar, warnings, skimmed, definitions = ical.parse_skimmed(
            text, x_read=X_READ, unread=UNREAD
        )
    else:
        calendar, warnings, definitions = ical.parse(text, x_read=X_READ, unread=UNREAD)
        skimmed = None
    events, event = _meeting(calendar)
    if skimmed is not None and not _whole(events, event, skimmed):
        # The meeting is an event the skim cut short.
        calendar, warnings, definitions = ical.parse(text, x_read=X_READ, unread=UNREAD)
        events, event = _meeting(calendar)
    if event is None:
        raise InviteError("no VEVENT: the calendar data describes no meeting", kind="no_meeting")
    zones = InviteZones(definitions, floating_tz)

    method = _text(calendar.get("METHOD")).upper() or None
    # Several servers cancel with STATUS:CANCELLED in a REQUEST or PUBLISH, not METHOD:CANCEL.
    cancelled = method == "CANCEL" or _text(event.get("STATUS")).upper() == "CANCELLED"
    # Meetup.com puts the UID on the calendar, not the event.
    uid = _text(event.get("UID")) or _text(calendar.get("UID"))
    if not uid:
        warnings.append("the invite has no UID: a reply can carry no calendar answer")
    when = times.read_when(event, zones, times.RawEvent(text, events, event))
    if when is None and method == "DECLINECOUNTER":
        # RFC 5546 §3.2.8 makes DTSTART optional here: the organizer declines a proposal and
        # the meeting stays as it was. What matters is whose proposal it answers (UID,
        # SEQUENCE, ATTENDEE); the answer is dated by its DTSTAMP.
        when = _undated(event, zones, times.RawEvent(text, events, event))
    if when is None:
        if method == "CANCEL" or _text(event.get("STATUS")).upper() == "CANCELLED":
            raise InviteError(NOT_INVITES["CANCEL"], kind="CANCEL")
        raise InviteError("the invite has no start time (DTSTART)", kind="no_time")
    start, end, all_day, recurrence_id = when.start, when.end, when.all_day, when.recurrence_id
    warnings += [when.note] if when.note else []

    summary = _text(event.get("SUMMARY"))
    description = _text(event.get("DESCRIPTION"))
    # Apple puts the place's name and its address on separate lines.
    place = ", ".join(p.strip() for p in _text(event.get("LOCATION")).splitlines() if p.strip())
    location = place or None
    conference = [
        _text(value) for name in CONFERENCE_PROPERTIES for value in _as_list(event.get(name))
    ]
    url = _text(event.get("URL"))
    online_url = find_online_url(conference, location or "", description, url)
    terms = serious_terms(topic_text(summary, description))
    warnings += zones.notes
    rule = _rrule(event, start, warnings, floating=zones.floating)
    return Invite(
        uid=uid,
        sequence=_sequence(event, warnings),
        method=method,
        summary=summary,
        description=description,
        organizer=_person(event.get("ORGANIZER")),
        attendees=tuple(a for a in map(_attendee, _as_list(event.get("ATTENDEE"))) if a),
        start=start,
        end=end,
        all_day=all_day,
        location=location,
        online_url=online_url,
        in_person=in_person(location, online=online_url is not None),
        recurring=any(name in event for name in ("RRULE", "RDATE")) or recurrence_id is not None,
        recurrence_id=recurrence_id,
        serious=bool(terms),
        serious_terms=terms,
        warnings=tuple(warnings),
        timezone=_zone_name(event, start),
        tzid=_tzid(event),
        guessed_zone=min(zones.guessed) if zones.guessed else None,
        floating=zones.floating,
        rrule=rule,
        cancelled=cancelled,
        events=_meetings(events),
    )


def _undated(event: Any, zones: InviteZones, raw: times.RawEvent) -> times.When:
    """An answer without times (a DECLINECOUNTER), placed at its DTSTAMP; its RECURRENCE-ID
    still says which meeting of a series it is about."""
    stamp = event.get("DTSTAMP")
    moment = getattr(stamp, "dt", None)
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.now(UTC).replace(microsecond=0)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    recurrence_id = None
    if "RECURRENCE-ID" in event:
        recurrence_id = times.moment(event, "RECURRENCE-ID", zones, raw, None)
    return times.When(moment, moment, recurrence_id, note="the answer gives no time of its own")


def _meeting(calendar: Any) -> tuple[list[Any], Any]:
    """The calendar's VEVENTs, and the one that describes the meeting (None without any)."""
    events = list(calendar.walk("VEVENT"))
    # A series travels as one master event and its changed instances; the master describes it.
    masters = (e for e in events if "RECURRENCE-ID" not in e)
    return events, next(masters, events[0] if events else None)


def _whole(events: list[Any], event: Any, skimmed: Skim) -> bool:
    """Whether the skimmed parse read ``event`` in full, as the one ``skimmed`` kept whole."""
    if len(events) != skimmed.events:
        return False
    index = next(i for i, e in enumerate(events) if e is event)
    return index in skimmed.whole


def _rrule(
    event: Any, start: dt.datetime | dt.date, warnings: list[str], *, floating: bool
) -> str | None:
    value = event.get("RRULE")
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    try:
        text = value.to_ical()
    except Exception:
        return None
    text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
    # A rule icalendar could not parse comes back escaped as text ("FREQ=WEEKLY\\;UNTIL=…");
    # some writers escape its separators themselves, or space its lists ("BYDAY=MO, TU"). A
    # rule has no text to escape and no spaces: read it as its writer meant it (Invite checks
    # that it can be read).
    if "\\" in text or " " in text:
        text = "".join(text.replace("\\;", ";").replace("\\,", ",").split())
    if not text:
        return None  # an empty RRULE repeats nothing
    text, note = normalized_until(text, start, floating=floating)
    warnings += [note] if note else []
    return text


def _meetings(events: list[Any]) -> int:
    """How many meetings the VEVENTs describe: a series' changed instances share its UID."""
    uids = [_text(e.get("UID")) for e in events]
    return len({uid for uid in uids if uid}) + sum(1 for uid in uids if not uid)


def _zone_name(event: Any, start: dt.datetime | dt.date) -> str | None:
    if not isinstance(start, dt.datetime) or start.tzinfo is None:
        return None
    key = getattr(start.tzinfo, "key", None)
    if isinstance(key, str):
        return key
    if start.tzinfo is dt.UTC:
        return "UTC"
    return _tzid(event) or str(start.tzinfo)


def _tzid(event: Any) -> str | None:
    """The start's TZID parameter as written; None without one."""
    tzid = getattr(event.get("DTSTART"), "params", {}).get("TZID")
    return str(tzid).strip('"') or None if tzid else None


def _sequence(event: Any, warnings: list[str]) -> int:
    value = event.get("SEQUENCE")
    if value is None:
        return 0
    if isinstance(value, int) and value >= 0:
        return int(value)
    warnings.append(f"SEQUENCE {_short(str(value))!r} is not a number: read as 0")
    return 0


def _person(value: Any) -> Person | None:
    if isinstance(value, list):
        value = value[0] if value else None
    email = _address(value)
    if email is None:
        return None
    return Person(email=email, name=_name(value, email))


def _attendee(value: Any) -> Attendee | None:
    email = _address(value)
    if email is None:
        return None
    return Attendee(
        email=email,
        name=_name(value, email),
        role=(_param(value, "ROLE") or "REQ-PARTICIPANT").upper(),
        partstat=(_param(value, "PARTSTAT") or "NEEDS-ACTION").upper(),
    )


def _address(value: Any) -> str | None:
    if value is None:
        return None
    # iCloud addresses people through its iMIP relay (…@imip.me.com) and gives the real
    # address in the EMAIL parameter (RFC 7986 §6.2); the value counts when that is unusable.
    for text in (_param(value, "EMAIL") or "", str(value)):
        email = _email_in(text)
        # Google writes hidden guests as "invalid:nomail"; such entries name nobody we answer.
        if email is not None:
            return email
    return None


def _email_in(text: str) -> str | None:
    """The address in a calendar user's value as senders write it: "mailto:…" in quotes,
    MAILTO in capitals, spaces around its colon, <mailto:…>, "Name <address>", a mailto
    URI's %-escapes and ?headers (RFC 6068), and parameters written into the value
    ("CN=Eva Lind:mailto:eva@…", as Confluence and some booking systems send)."""
    found = _clean_address(text)
    if found is None:
        inside = _MAILTO_INSIDE.findall(text)
        found = _clean_address(inside[-1]) if inside else None
    return found


def _clean_address(text: str) -> str | None:
    text = text.strip().strip("\"'").strip()
    angled = _ANGLED.search(text)
    if angled:
        text = angled.group(1)
    text = _SCHEME.sub("", text.strip().strip("\"'").strip()).partition("?")[0]
    if "%" in text:
        text = unquote(text)
    text = text.strip().strip("\"'<>").rstrip(";,").strip().lower()
    return text if _EMAIL.match(text) else None


def _name(value: Any, email: str) -> str | None:
    """The CN, unless it only repeats the address (Google writes CN=jonas@example.com)."""
    name = _param(value, "CN")
    if name is not None:
        # A parameter has no backslash escapes, but some writers use them; RFC 6868 writes a
        # line break as ^n. Either is a break in a name, which is one line.
        name = " ".join(re.sub(r"\\[nN]|\^n", " ", name).split())
    return None if not name or name.lower() == email else name


def _param(value: Any, name: str) -> str | None:
    params = getattr(value, "params", None)
    if not params:
        return None
    raw = params.get(name)
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    text = str(raw).strip().strip('"') if raw is not None else ""
    return text or None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 80 else line[:77] + "..."
