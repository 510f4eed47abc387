"""The user's calendar on a card, with their consent: meetings with the client counted, and free
times for a moved meeting. Host-neutral: each host hands over a ``CalendarAccess`` that reads its
calendar API on the user's behalf.

One calendar read per card at most, and none for a few minutes after: counts are kept per user
and client, busy times per user, in memory for ``KEEP_SECONDS`` (``addon.recent``). Nothing from
the calendar reaches the database. A calendar that cannot be read never costs the card: the
advice falls back to the decision log and says why, the reply to "the same time, later".
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Protocol

from addon.calendar.bounds import Bounds
from addon.calendar.history import (
    AHEAD,
    BACK,
    CalendarEvent,
    Listed,
    MeetingCounts,
    count_meetings,
)
from addon.calendar.slots import Busy, FreeTimes, Interval, free_slots, search_window
from addon.errors import AuthError, RaincheckError, ScopeError, UpstreamError
from addon.i18n import Message, msg
from addon.recent import Recent
from addon.triage.service import CalendarCounter
from addon.triage.weigh import ClientProfile

KEEP_SECONDS = 300.0
logger = logging.getLogger(__name__)


class CalendarAccess(Protocol):
    """One user's calendar on one host."""

    @property
    def key(self) -> str: ...  # who and where: tenant and address, to keep results under

    def meetings(self, start: dt.datetime, end: dt.datetime) -> Listed[CalendarEvent]: ...

    # A ``Busy`` when the calendar also keeps the user's working hours.
    def busy(self, start: dt.datetime, end: dt.datetime) -> list[Interval]: ...


class Calendars:
    def __init__(self) -> None:
        self.counts: Recent[MeetingCounts] = Recent(KEEP_SECONDS, 20_000)
        self.busy: Recent[tuple[Interval, list[Interval]]] = Recent(KEEP_SECONDS, 5_000)

    def counter(
        self,
        access: CalendarAccess,
        now: dt.datetime,
        notes: list[Message],
        *,
        cached_only: bool = False,
    ) -> CalendarCounter:
        """Counts for ``profile_for``; a calendar that cannot be read adds a note and lets
        the decision log count instead. ``cached_only``: the counts the advice card read, for
        the reply written from it (no second read, and none while the database is in use)."""

        def count(profile: ClientProfile) -> MeetingCounts | None:
            key = f"{access.key}\n{profile.client_id}"
            found = self.counts.get(key)
            if found is not None or cached_only:
                return found
            try:
                events = access.meetings(now - BACK, now + AHEAD)
            except RaincheckError as error:
                notes.append(_unread(error, counting=True))
                return None
            found = count_meetings(
                events,
                domains=profile.domains,
                contacts=profile.contacts,
                now=now,
                complete=events.complete,
            )
            self.counts.put(key, found)
            return found

        return count

    def free_times(
        self,
        access: CalendarAccess,
        *,
        minutes: int,
        bounds: Bounds,
        around: dt.datetime | dt.date,
        avoid: Interval | None,
    ) -> FreeTimes:
        """Free times that fit both people, from the meeting's day on (``around``)."""
        window = search_window(bounds, around)
        cached = self.busy.get(access.key)
        if cached is not None and cached[0][0] <= window[0] and cached[0][1] >= window[1]:
            busy = cached[1]
        else:
            try:
                busy = access.busy(*window)
            except RaincheckError as error:
                return FreeTimes("unread", why=_unread(error, counting=False))
            # Kept with the window it covers: a later window (the next day) is read anew.
            self.busy.put(access.key, (window, busy))
        if isinstance(busy, Busy) and busy.hours is not None:
            # The mailbox's own working hours beat the user's setting (SPEC: Outlook's mailbox
            # settings where Graph is available); they are wall-clock times in its zone.
            user = replace(bounds.user, hours=busy.hours, zone=busy.zone or bounds.user.zone)
            bounds = replace(bounds, user=user)
        slots = free_slots(busy, minutes=minutes, bounds=bounds, around=around, avoid=avoid)
        return FreeTimes("found" if slots else "none", tuple(slots))


def _unread(error: RaincheckError, *, counting: bool) -> Message:
    """Why the calendar was not used, for the card; other errors are no calendar's doing."""
    if isinstance(error, ScopeError):
        return msg(
            "Raincheck may not read your calendar: turn “Read my calendar” on again in "
            "settings and allow it."
        )
    if not isinstance(error, AuthError | UpstreamError):
        raise error
    logger.info("calendar not read: %s", error.message)
    if counting:
        return msg("Your calendar could not be read just now: the count is Raincheck's own.")
    return msg("Your calendar could not be read just now, so no free times are shown.")
