"""How often the user really meets a client: meetings in their calendar with anyone at the
client's domains or among its contacts, in the last 90 days and the next 30.

Plain data: the hosts turn Google Calendar's or Microsoft Graph's events into
``CalendarEvent``; nothing here stores them. What counts as a meeting with the client:
- someone of the client's (a contact, or an address at one of its domains or their
  subdomains) is the organizer or an attendee;
- it is not cancelled, and the user has not declined it;
- it has a time of day: an all-day entry is a holiday, a trip or a reminder, not a meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from addon.triage.matching import domain_chain

BACK = dt.timedelta(days=90)
AHEAD = dt.timedelta(days=30)
T = TypeVar("T")


class Listed(list[T]):
    """What a calendar API listed page by page; ``complete`` is False when the bound on pages
    per card cut it short, so counts from it are a lower bound."""

    complete: bool = True

    @classmethod
    def of(cls, items: Iterable[T], *, complete: bool) -> Listed[T]:
        found = cls(items)
        found.complete = complete
        return found


@dataclass(frozen=True)
class CalendarEvent:
    start: dt.datetime  # aware; an all-day event starts at midnight UTC of its date
    all_day: bool
    cancelled: bool
    declined: bool  # the user said no
    people: tuple[str, ...]  # organizer and attendees, lower case


@dataclass(frozen=True)
class MeetingCounts:
    past: int  # in the last 90 days
    ahead: int  # in the next 30 days
    days: tuple[dt.date, ...]  # the days they fall on: all that is kept of them
    complete: bool = True  # False: the calendar had more than one card reads; "at least"

    @property
    def total(self) -> int:
        return self.past + self.ahead


def count_meetings(
    events: Iterable[CalendarEvent],
    *,
    domains: Iterable[str],
    contacts: Iterable[str],
    now: dt.datetime,
    complete: bool = True,
) -> MeetingCounts:
    own_domains = {d.lower() for d in domains}
    own_contacts = {c.lower() for c in contacts}
    past = ahead = 0
    days: list[dt.date] = []
    for event in events:
        if event.all_day or event.cancelled or event.declined:
            continue
        if not any(_theirs(p, own_domains, own_contacts) for p in event.people):
            continue
        if now - BACK <= event.start < now:
            past += 1
        elif now <= event.start < now + AHEAD:
            ahead += 1
        else:
            continue
        days.append(event.start.date())
    return MeetingCounts(past, ahead, tuple(sorted(days)), complete)


def _theirs(address: str, domains: set[str], contacts: set[str]) -> bool:
    if address in contacts:
        return True
    return any(d in domains for d in domain_chain(address.rpartition("@")[2]))
