"""What Raincheck knows about a meeting once its invite has been read: plain, immutable data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from dateutil.rrule import rrulestr

from addon.errors import InviteError
from addon.text import calendar_text, one_line

YEARS = (1800, 2500)  # the years a meeting's start and end may fall in

# Calendar messages that are not invites, and what a user is told when they open one.
NOT_INVITES = {
    "CANCEL": "this is a cancellation: the meeting is off, so there is nothing to answer",
    "REPLY": "this is a reply to an invite, not an invite",
    "COUNTER": "this is a counter-proposal to an invite, not an invite",
    "DECLINECOUNTER": "this declines a counter-proposal; it is not an invite",
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
        """The name as prose writes it: 'Anna Berg' from Exchange's 'Berg, Anna'; without a
        name, one made from the address ('per.nystrom@...' reads 'Per Nystrom')."""
        name = (self.name or "").strip().strip("\"'")
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
        name = self.name.strip().strip("\"'")
        if "@" in name:
            return None
        if "," in name:
            after = name.split(",", 1)[1].strip()
            name = after or name.split(",", 1)[0]
        words = name.split()
        return words[0] if words else None


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
            found = rrulestr(self.rrule, dtstart=anchor).after(reference - length, inc=False)
        except (ValueError, TypeError, OverflowError):
            return self
        if found is None:
            return self
        if timed:
            return replace(self, start=found, end=found + length)
        return replace(self, start=found.date(), end=(found + length).date())

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


def _as_datetime(moment: dt.datetime | dt.date) -> dt.datetime:
    return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())


def _day(moment: dt.datetime | dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment
