"""The user's Outlook calendar for calendar-aware advice (``addon.cardflow.calendar``), through
Microsoft Graph on the user's behalf: ``calendarView`` for meetings, ``getSchedule`` for busy
times. Both take Calendars.Read, the permission the pane already has for reading an
appointment, so turning the feature on asks for nothing new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from addon.calendar.history import CalendarEvent, Listed
from addon.calendar.slots import Interval
from addon.outlook.api import GraphApi


@dataclass(frozen=True)
class GraphCalendar:
    graph: GraphApi
    assertion: str = field(repr=False)  # the pane's token, exchanged on behalf of the user
    tenant: str
    address: str

    @property
    def key(self) -> str:
        return f"{self.tenant}\n{self.address}"

    def meetings(self, start: dt.datetime, end: dt.datetime) -> Listed[CalendarEvent]:
        return self.graph.calendar_view(self.assertion, self.tenant, start, end)

    def busy(self, start: dt.datetime, end: dt.datetime) -> list[Interval]:
        return self.graph.busy(self.assertion, self.tenant, self.address, start, end)
