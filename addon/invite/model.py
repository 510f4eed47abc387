"""What Raincheck knows about a meeting once its invite has been read: plain, immutable data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dateutil.rrule import rrulestr
from icalendar.prop import vRecur

from addon.errors import InviteError
from addon.invite import recurrence
from addon.text import calendar_text, one_line

_UNTIL = re.compile(r"(?:^|;)UNTIL=[^;]*", re.IGNORECASE)
YEARS = (1800, 2500)  # the years a meeting's start and end may fall in

# Calendar messages that are not invites, and what a user is told when they open one.
NOT_INVITES = {
    "CANCEL": "this is a cancellation: the meeting is off, so there is nothing to answer",
    "REPLY": "this is a reply to an invite, not an invite",
    "COUNTER": "this is a counter-proposal to an invite, not an invite",
    # RFC 5546 §3.2.8: the organizer declines an attendee's proposal; the meeting stays as it
    # was. Raincheck recognises it as the answer to a proposal it wrote (addon.triage.answer);
    # otherwise there is nothing to answer.
    "DECLINECOUNTER": "the organizer declined a proposed change to this meeting "
    "(DECLINECOUNTER); the meeting stays as it was, and there is nothing to answer",
    "REFRESH": "this asks for the latest version of an invite; it is not an invite",
}


@dataclass(frozen=True)
class Person:
    email: str
    name: str | None = None

    def __post_init__(self) -> None:
        # Whoever built it (the reader, Office.js fields, Graph, Google Calendar), a name is one
        # line: it goes into mail headers, iCalendar parameters and greetings.
        if self.name is not None:
            object.__setattr__(self, "name", one_line(self.name) or None)

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    @property
    def display_name(self) -> str:
        """The name as prose writes it: 'Anna Berg' from Exchange's 'Berg, Anna' and from HCL
        Notes' 'Anna Berg/Lumen'; without a name, one made from the address
        ('per.nystrom@...' reads 'Per Nystrom')."""
        name = _common_name(self.name or "")
        if name and "@" not in name:
            last, comma, first = name.partition(",")
            return f"{first.strip()} {last.strip()}".strip() if comma and first.strip() else name
        local = self.email.partition("@")[0]
        words = [w for w in local.replace("_", ".").replace("-", ".").split(".") if w]
        return " ".join(w.capitalize() for w in words) or self.email

    @property
    def first_name(self) -> str | None:
        """The name a letter greets: 'Eva' from 'Eva Lind' and from Exchange's 'Lind, Eva'."""
        if not self.name:
            return None
        name = _common_name(self.name)
        if "@" in name:
            return None
        if "," in name:
            after = name.split(",", 1)[1].strip()
            name = after or name.split(",", 1)[0]
        words = name.split()
        return words[0] if words else None


_NOTES_CN = re.compile(r"^\s*CN\s*=\s*", re.IGNORECASE)


def _common_name(name: str) -> str:
    """A person's own name without what their directory adds: HCL Notes writes a hierarchical
    name, the person's common name then their units and organisation ('Hans Weber/Kunde',
    canonically 'CN=Hans Weber/OU=Sales/O=Kunde'), which no letter greets."""
    name = name.strip().strip("\"'")
    if "/" in name:
        common = _NOTES_CN.sub("", name.partition("/")[0]).strip()
        name = common or name
    return name


@dataclass(frozen=True)
class Attendee(Person):
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    method: str | None
    summary: str
    description: str
    organizer: Person | None
    attendees: tuple[Attendee, ...]
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    all_day: bool
    location: str | None
    online_url: str | None
    in_person: bool | None  # None: the invite does not say where
    recurring: bool
    recurrence_id: dt.datetime | dt.date | None
    serious: bool
    serious_terms: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    timezone: str | None = None  # the start's zone: an IANA name, or the TZID as written
    # The start's TZID as written ("W. Europe Standard Time", "America/New_York"): how the
    # organizer's own calendar names their zone.
    tzid: str | None = None
    guessed_zone: str | None = None  # a zone named without a definition, as written
    floating: bool = False  # no zone at all: the times are the same wall time for everyone
    rrule: str | None = None  # a series' recurrence rule as written (RFC 5545 RECUR)
    # Why the series' rule cannot be read (None: it can, or there is none). The meeting is
    # still read; only an answer about the whole series, which must carry the rule, is refused.
    rule_problem: str | None = None
    cancelled: bool = False  # STATUS:CANCELLED (or METHOD:CANCEL): the meeting is off
    # The meetings the file describes (distinct UIDs; a series' changed instances are part of
    # it): more than one is a calendar (a feed, an export), not an invitation.
    events: int = 1

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            # Every later step counts days from these (90 days back, a week on); a date near
            # the calendar's ends would overflow there. Whoever read the invite (the reader,
            # Graph, Office.js), no meeting is planned that far out.
            if not YEARS[0] <= moment.year <= YEARS[1]:
                raise InviteError(
                    f"the invite's dates are out of range (year {moment.year})", kind="bad_time"
                )
        # The title goes into subjects and one-line facts; a place is one line on a card. The
        # description keeps its lines but, like every text, no control characters.
        object.__setattr__(self, "summary", one_line(self.summary))
        if self.location is not None:
            object.__setattr__(self, "location", one_line(self.location) or None)
        object.__setattr__(self, "description", calendar_text(self.description))
        if self.rrule is not None and self.rule_problem is None:
            object.__setattr__(self, "rule_problem", _rule_problem(self.rrule, self.start))

    @property
    def series(self) -> bool:
        """The invite is for a whole series (not one meeting of it)."""
        return self.rrule is not None and self.recurrence_id is None

    def only_this_one(self) -> Invite:
        """The first meeting of a series as a meeting of its own: what an answer about "only
        this one" is about (RFC 5546: a RECURRENCE-ID names the instance)."""
        if not self.series:
            return self
        return replace(self, recurrence_id=self.start, rrule=None)

    def going_on(self, now: dt.datetime) -> Invite:
        """A series as it goes on from ``now``: its first meeting that has not ended becomes
        the series' start, so an answer about it (or about "only this meeting") is about a
        meeting still to come. A series that has ended, or anything else, stays as it is."""
        if not self.series or self.rrule is None:
            return self
        timed = isinstance(self.start, dt.datetime)
        anchor, length = _as_datetime(self.start), _as_datetime(self.end) - _as_datetime(self.start)
        reference = now if anchor.tzinfo else now.replace(tzinfo=None)
        if anchor + length > reference:
            return self
        try:
            found = recurrence.after(self.rrule, anchor, reference - length, horizon=YEARS[1])
        except (ValueError, TypeError, OverflowError):
            return self
        if found is None:
            return self
        if timed:
            return replace(self, start=found, end=found + length)
        return replace(self, start=found.date(), end=(found + length).date())

    def last_meeting(self, now: dt.datetime) -> dt.datetime | dt.date | None:
        """When a whole series that has ended (its count or end date passed) held its last
        meeting; None while it goes on, for anything but a series, or when its rule cannot
        say."""
        if not self.series or self.rrule is None:
            return None
        anchor, length = _as_datetime(self.start), _as_datetime(self.end) - _as_datetime(self.start)
        reference = now if anchor.tzinfo else now.replace(tzinfo=None)
        try:
            if (
                recurrence.after(self.rrule, anchor, reference - length, horizon=YEARS[1])
                is not None
            ):
                return None
            last = recurrence.before(self.rrule, anchor, reference, horizon=YEARS[1])
        except (ValueError, TypeError, OverflowError):
            return None
        if not isinstance(last, dt.datetime):
            return None
        return last if isinstance(self.start, dt.datetime) else last.date()

    @property
    def duration_minutes(self) -> int:
        if isinstance(self.start, dt.datetime) and isinstance(self.end, dt.datetime):
            delta = self.end - self.start
        else:
            delta = _day(self.end) - _day(self.start)
        return int(delta.total_seconds() // 60)

    def people(self) -> tuple[Person, ...]:
        """Organizer first, then the attendees, each address once."""
        seen: set[str] = set()
        out: list[Person] = []
        for person in ((self.organizer,) if self.organizer else ()) + self.attendees:
            if person.email not in seen:
                seen.add(person.email)
                out.append(person)
        return tuple(out)


def _rule_problem(rule: str, start: dt.datetime | dt.date) -> str | None:
    """Why a series' rule cannot be read, or None. It is read twice: by dateutil, which finds
    the series' meetings, and by icalendar, which writes it into an answer about the series."""
    try:
        vRecur.from_ical(rule)
        anchor = _as_datetime(start)
        # COUNT beside UNTIL breaks RFC 5545 and makes dateutil warn; COUNT ends the series
        # first either way, and icalendar has read the UNTIL.
        days = _UNTIL.sub("", rule).strip(";") if "COUNT=" in rule.upper() else rule
        try:
            rrulestr(days, dtstart=anchor)
        except ValueError:
            # A floating UNTIL beside a zoned start (or the reverse) breaks RFC 5545, but its
            # days are plain; dateutil reads it against the start's wall time.
            rrulestr(days, dtstart=anchor.replace(tzinfo=None), ignoretz=True)
    except (ValueError, TypeError, OverflowError):
        return f"the series' rule cannot be read (RRULE:{one_line(rule)[:80]})"
    return None


def _as_datetime(moment: dt.datetime | dt.date) -> dt.datetime:
    return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())


def _day(moment: dt.datetime | dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment
