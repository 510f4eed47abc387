"""The user's Google Calendar for calendar-aware advice (``addon.cardflow.calendar``): events
through ``events.list``, busy times through ``freeBusy.query``, with the user's own token.

Under granular consent Google says which scopes the user granted (``authorizedScopes``); a
scope known to be missing is refused here as Google would refuse it, without the call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from addon.calendar.history import CalendarEvent, Listed
from addon.calendar.slots import Interval
from addon.errors import ScopeError
from addon.google.api import FREE_BUSY, READ_EVENTS, GoogleApi
from addon.google.calendar_items import calendar_events


@dataclass(frozen=True)
class GoogleCalendar:
    api: GoogleApi
    token: str = field(repr=False)
    key: str  # tenant and address: whose calendar results are kept under
    granted: frozenset[str] | None = None  # None: Google did not say

    def meetings(self, start: dt.datetime, end: dt.datetime) -> Listed[CalendarEvent]:
        self._require(READ_EVENTS)
        items = self.api.calendar_events(self.token, start, end)
        return Listed.of(calendar_events(items), complete=items.complete)

    def busy(self, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        self._require(FREE_BUSY)
        return self.api.free_busy(self.token, start, end)

    def _require(self, scope: str) -> None:
        if self.granted is not None and scope not in self.granted:
            raise ScopeError([scope])
