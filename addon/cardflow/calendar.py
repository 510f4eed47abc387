"""The user's calendar on a card, with their consent: meetings with the client counted, and free
times for a moved meeting. Host-neutral: each host hands over a ``CalendarAccess`` that reads its
calendar API on the user's behalf.

One calendar read per card at most, and none for a few minutes after: counts are kept per user
and client, busy times per user, in memory for ``KEEP_SECONDS`` (``addon.recent``). Nothing from
the calendar reaches the database. A calendar that cannot be read never costs the card: the
advice falls back to the decision log and says why, the reply to "the same time, later".

Nor does a slow one: a card waits for the calendar until ``budget`` seconds after its request
began (``RAINCHECK_CALENDAR_BUDGET``, one budget for all its reads: the host sets it with
``deadline.card``). The read runs in a worker thread; one the card stops waiting
for goes on, for ``LATER_SECONDS`` at most, and leaves its result in the cache for the next card
(Google cannot take a card later: an add-on answers once). A read under way is not started
twice: the next card waits on the same one. The workers see no Flask request: the hosts'
``CalendarAccess`` holds all a read needs.
"""

from __future__ import annotations

import concurrent.futures as futures
import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol, TypeVar

from addon.calendar import deadline
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
from addon.config import CALENDAR_BUDGET_SECONDS
from addon.errors import AuthError, RaincheckError, ScopeError, UpstreamError
from addon.i18n import Message, msg
from addon.recent import Recent
from addon.triage.service import CalendarCounter
from addon.triage.weigh import ClientProfile

KEEP_SECONDS = 300.0
# How long a read may go on after its card was answered, to fill the cache: 8 pages at a few
# hundred milliseconds fit; a calendar that hangs does not hold a worker for its full timeouts.
LATER_SECONDS = 20.0
MIN_WAIT = 0.05  # a read whose answer is a moment away is still taken, spent budget or not
WORKERS = 8  # reads at once per process; more wait in line (and their cards do not wait long)
T = TypeVar("T")
logger = logging.getLogger(__name__)


class CalendarAccess(Protocol):
    """One user's calendar on one host."""

    @property
    def key(self) -> str: ...  # who and where: tenant and address, to keep results under

    def meetings(self, start: dt.datetime, end: dt.datetime) -> Listed[CalendarEvent]: ...

    # A ``Busy`` when the calendar also keeps the user's working hours.
    def busy(self, start: dt.datetime, end: dt.datetime) -> list[Interval]: ...


class Calendars:
    def __init__(self, budget: float = CALENDAR_BUDGET_SECONDS) -> None:
        self.budget = budget  # seconds a card waits for the calendar
        self.counts: Recent[MeetingCounts] = Recent(KEEP_SECONDS, 20_000)
        self.busy: Recent[tuple[Interval, list[Interval]]] = Recent(KEEP_SECONDS, 5_000)
        self._reading: dict[str, futures.Future[object]] = {}  # under way, by cache key
        self._lock = threading.RLock()  # a read already done calls back at once, inside
        self._pool: futures.ThreadPoolExecutor | None = None  # made on first use: after a fork

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

            def read() -> MeetingCounts:
                events = access.meetings(now - BACK, now + AHEAD)
                counted = count_meetings(
                    events,
                    domains=profile.domains,
                    contacts=profile.contacts,
                    now=now,
                    complete=events.complete,
                )
                self.counts.put(key, counted)
                return counted

            try:
                return self._within_budget(f"count\n{key}", read)
            except futures.TimeoutError:
                notes.append(SLOW_COUNT)
            except RaincheckError as error:
                notes.append(_unread(error, counting=True))
            return None

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

            def read() -> list[Interval]:
                found = access.busy(*window)
                # Kept with the window it covers: a later window (the next day) is read anew.
                self.busy.put(access.key, (window, found))
                return found

            try:
                key = f"busy\n{access.key}\n{window[0].isoformat()}\n{window[1].isoformat()}"
                busy = self._within_budget(key, read)
            except futures.TimeoutError:
                return FreeTimes("unread", why=SLOW_FREE)
            except RaincheckError as error:
                return FreeTimes("unread", why=_unread(error, counting=False))
        if isinstance(busy, Busy) and busy.hours is not None:
            # The mailbox's own working hours beat the user's setting (SPEC: Outlook's mailbox
            # settings where Graph is available); they are wall-clock times in its zone.
            user = replace(bounds.user, hours=busy.hours, zone=busy.zone or bounds.user.zone)
            bounds = replace(bounds, user=user)
        slots = free_slots(busy, minutes=minutes, bounds=bounds, around=around, avoid=avoid)
        return FreeTimes("found" if slots else "none", tuple(slots))

    def _within_budget(self, key: str, read: Callable[[], T]) -> T:
        """``read()``'s result when a worker has it within the budget; else TimeoutError,
        with the read going on to fill the cache. A read under way for ``key`` is waited on,
        not started again. Its errors are raised here, as ``read()`` raised them."""
        with self._lock:
            running = self._reading.get(key)
            if running is None:
                if self._pool is None:
                    self._pool = futures.ThreadPoolExecutor(WORKERS, "calendar")
                running = self._pool.submit(deadline.within, LATER_SECONDS, read)
                self._reading[key] = running
                running.add_done_callback(lambda done: self._done(key, done))
        # The card's one budget when a host set it at the request's start (what earlier reads
        # left of it), else the whole budget; a read that already has its answer is taken.
        left = deadline.card_left()
        wait = self.budget if left is None else max(MIN_WAIT, left)
        return running.result(timeout=wait)  # type: ignore[return-value]

    def _done(self, key: str, read: futures.Future[object]) -> None:
        with self._lock:
            if self._reading.get(key) is read:
                del self._reading[key]
        error = read.exception()
        if error is not None and not isinstance(error, RaincheckError):
            # Nobody may be waiting to raise it: a read the card gave up on fails here alone.
            logger.error("calendar read failed", exc_info=error)


SLOW_COUNT = msg(
    "Your calendar did not answer in time: the count is Raincheck's own. It is still being "
    "read; the next card will have it."
)
SLOW_FREE = msg(
    "Your calendar did not answer in time, so no free times are shown. It is still being "
    "read; try again in a moment."
)


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
