"""The user's Outlook calendar through Graph, on behalf of the user: calendarView read page by
page (10 events a page unless asked, series as occurrences, in UTC), getSchedule's busy
times, Graph's per-schedule error and its throttling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from addon.calendar.history import count_meetings
from addon.calendar.hours import WorkingHours
from addon.errors import UpstreamError
from addon.outlook.api import GraphApi
from addon.outlook.calendar_items import schedule_busy, schedule_hours, view_events
from addon.outlook.verify import PERSONAL_ACCOUNTS
from addon.workbench.standins.microsoft import CLIENT_SECRET, MicrosoftStandIn
from tests.support.microsoft_tokens import TENANT
from tests.support.server import serve
from tests.support.tls import loopback_certificate

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
ME = "anna@lumen.example"

# A calendarView item as the Graph reference's event resource gives it (with $select).
DOCUMENTED_ITEM: dict[str, Any] = {
    "id": "AAMkAGI2-1",
    "start": {"dateTime": "2026-11-03T13:00:00.0000000", "timeZone": "UTC"},
    "end": {"dateTime": "2026-11-03T14:00:00.0000000", "timeZone": "UTC"},
    "isAllDay": False,
    "isCancelled": False,
    "responseStatus": {"response": "accepted", "time": "2026-10-30T09:12:00Z"},
    "organizer": {"emailAddress": {"name": "Eva Lind", "address": "Eva.Lind@nordvik.example"}},
    "attendees": [
        {"type": "required", "status": {"response": "accepted", "time": "0001-01-01T00:00:00Z"},
         "emailAddress": {"name": "Anna", "address": "anna@lumen.example"}},
    ],
}  # fmt: skip
# getSchedule's answer as the reference gives it (scheduleInformation).
DOCUMENTED_SCHEDULE: dict[str, Any] = {
    "value": [
        {
            "scheduleId": ME,
            "availabilityView": "000220000",
            "scheduleItems": [
                {"isPrivate": False, "status": "busy",
                 "start": {"dateTime": "2026-11-30T08:00:00.0000000", "timeZone": "UTC"},
                 "end": {"dateTime": "2026-11-30T09:00:00.0000000", "timeZone": "UTC"}},
                {"isPrivate": False, "status": "free",
                 "start": {"dateTime": "2026-11-30T10:00:00.0000000", "timeZone": "UTC"},
                 "end": {"dateTime": "2026-11-30T11:00:00.0000000", "timeZone": "UTC"}},
                {"isPrivate": False, "status": "tentative",
                 "start": {"dateTime": "2026-11-30T14:00:00.0000000", "timeZone": "Pacific Standard Time"},
                 "end": {"dateTime": "2026-11-30T15:00:00.0000000", "timeZone": "Pacific Standard Time"}},
            ],
            "workingHours": {"daysOfWeek": ["monday"], "startTime": "08:00:00.0000000",
                             "endTime": "17:00:00.0000000", "timeZone": {"name": "UTC"}},
        }
    ]
}  # fmt: skip


@pytest.fixture
def graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[MicrosoftStandIn, GraphApi]]:
    tls = loopback_certificate(tmp_path / "tls")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls[0])
    with serve(MicrosoftStandIn(schedule_owners={ME}), tls=tls) as stand_in:
        session = requests.Session()
        session.verify = tls[0]
        yield stand_in, GraphApi(client_id="client", credential=CLIENT_SECRET, session=session,
                              authority=stand_in.url, graph_url=stand_in.url, timeout=3)  # fmt: skip


def _event(start: dt.datetime, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    zone = str(start.tzinfo)
    return {"type": "singleInstance", "isAllDay": False, "isCancelled": False,
            "start": {"dateTime": start.replace(tzinfo=None).isoformat(), "timeZone": zone},
            "end": {"dateTime": (start + dt.timedelta(minutes=minutes)).replace(tzinfo=None).isoformat(),
                    "timeZone": zone},
            "responseStatus": {"response": "accepted"},
            "organizer": {"emailAddress": {"address": "eva.lind@nordvik.example"}},
            "attendees": [{"emailAddress": {"address": ME}}], **extra}  # fmt: skip


def test_the_documented_item_counts_as_a_meeting_with_its_organizers_company():
    events = view_events([DOCUMENTED_ITEM])
    assert events[0].start == dt.datetime(2026, 11, 3, 13, tzinfo=dt.UTC)
    assert "eva.lind@nordvik.example" in events[0].people
    counts = count_meetings(events, domains=["nordvik.example"], contacts=[], now=NOW)
    assert (counts.past, counts.ahead) == (1, 0)


def test_the_documented_schedule_is_busy_except_where_free():
    busy = schedule_busy(DOCUMENTED_SCHEDULE)
    assert busy == [
        (dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)),
        # Tentative is busy; its Windows zone name is honoured (UTC-8 in November).
        (dt.datetime(2026, 11, 30, 22, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 23, tzinfo=dt.UTC)),
    ]  # fmt: skip


def test_the_documented_schedule_gives_the_mailboxs_working_hours():
    hours, zone = schedule_hours(DOCUMENTED_SCHEDULE) or (None, None)
    assert hours == WorkingHours(dt.time(8), dt.time(17), frozenset({0}))
    assert zone is not None and zone.utcoffset(dt.datetime(2026, 11, 30)) == dt.timedelta(0)


def test_a_schedule_without_working_hours_gives_none():
    answer = {"value": [{"scheduleId": ME, "scheduleItems": []}]}
    assert schedule_hours(answer) is None


def test_a_schedule_graph_could_not_work_out_is_no_free_calendar():
    answer = {"value": [{"scheduleId": ME, "error": {"message": "x",
                                                      "responseCode": "ErrorMailRecipientNotFound"}}]}  # fmt: skip
    with pytest.raises(UpstreamError, match="ErrorMailRecipientNotFound"):
        schedule_busy(answer)


def test_calendar_view_is_read_page_by_page_past_graphs_small_pages(graph):
    stand_in, api = graph
    stand_in.view_page_cap = 10  # Graph's default page size
    for n in range(25):
        stand_in.events[f"e{n}"] = _event(dt.datetime(2026, 11, 2 + n, 9, tzinfo=STOCKHOLM))
    events = api.calendar_view("assertion", TENANT, NOW - dt.timedelta(days=90),
                               NOW + dt.timedelta(days=30))  # fmt: skip
    assert len(events) == 25
    assert len([p for p in stand_in.graph if p == "/v1.0/me/calendarView"]) == 3
    counts = count_meetings(events, domains=["nordvik.example"], contacts=[], now=NOW)
    assert (counts.past, counts.ahead) == (25, 0)


def test_a_weekly_series_counts_its_occurrences_at_wall_time_across_dst(graph):
    stand_in, api = graph
    series = _event(dt.datetime(2026, 10, 12, 9, tzinfo=STOCKHOLM), type="seriesMaster", id="s")
    series["recurrence"] = {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["monday"]},
                            "range": {"type": "numbered", "numberOfOccurrences": 6}}  # fmt: skip
    stand_in.events["s"] = series
    events = api.calendar_view("assertion", TENANT, NOW - dt.timedelta(days=90),
                               NOW + dt.timedelta(days=30))  # fmt: skip
    assert [e.start.astimezone(STOCKHOLM).hour for e in events] == [9] * 6
    # 9.00 in Stockholm is 07.00 UTC in summer time, 08.00 after 25 October.
    assert [e.start.astimezone(dt.UTC).hour for e in events] == [7, 7, 8, 8, 8, 8]


@pytest.mark.parametrize(
    ("extra", "counted"),
    [({}, 1), ({"isCancelled": True}, 0), ({"responseStatus": {"response": "declined"}}, 0),
     ({"isAllDay": True}, 0)],
)  # fmt: skip
def test_cancelled_declined_and_all_day_events_are_not_meetings(graph, extra, counted):
    stand_in, api = graph
    stand_in.events["e"] = _event(dt.datetime(2026, 11, 20, 9, tzinfo=STOCKHOLM), **extra)
    events = api.calendar_view("assertion", TENANT, NOW - dt.timedelta(days=90), NOW)
    assert (
        count_meetings(events, domains=["nordvik.example"], contacts=[], now=NOW).total == counted
    )


def test_busy_times_come_from_get_schedule_for_the_users_own_address(graph):
    stand_in, api = graph
    stand_in.events["a"] = _event(dt.datetime(2026, 11, 30, 9, tzinfo=STOCKHOLM))
    stand_in.events["b"] = _event(dt.datetime(2026, 11, 30, 13, tzinfo=STOCKHOLM), showAs="free")
    start = dt.datetime(2026, 11, 30, tzinfo=STOCKHOLM)
    busy = api.busy("assertion", TENANT, ME, start, start + dt.timedelta(days=1))
    assert busy == [
        (dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    ]


def test_an_address_graph_does_not_know_is_refused(graph):
    _, api = graph
    start = dt.datetime(2026, 11, 30, tzinfo=STOCKHOLM)
    with pytest.raises(UpstreamError, match="ErrorMailRecipientNotFound"):
        api.busy("assertion", TENANT, "someone@else.example", start, start + dt.timedelta(days=1))


def test_a_throttled_read_waits_as_graph_asks_then_reads(graph):
    stand_in, api = graph
    stand_in.failures["/v1.0/me/calendarView"] = ["429:0", None]
    assert api.calendar_view("assertion", TENANT, NOW, NOW + dt.timedelta(days=1)) == []
    assert stand_in.graph.count("/v1.0/me/calendarView") == 1  # the 429 was refused before


def test_throttling_that_asks_for_a_long_wait_is_not_waited_out(graph):
    stand_in, api = graph
    stand_in.failures["/v1.0/me/calendarView"] = ["429:120"]
    with pytest.raises(UpstreamError) as error:
        api.calendar_view("assertion", TENANT, NOW, NOW + dt.timedelta(days=1))
    assert error.value.retryable


def test_a_calendar_longer_than_one_card_reads_is_marked_incomplete(graph):
    stand_in, api = graph
    stand_in.view_page_cap = 1
    for n in range(10):
        stand_in.events[f"e{n}"] = _event(dt.datetime(2026, 11, 2 + n, 9, tzinfo=STOCKHOLM))
    window = (NOW - dt.timedelta(days=90), NOW)
    events = api.calendar_view("assertion", TENANT, *window)
    assert len(events) == 8 and not events.complete
    assert api.calendar_view("assertion", TENANT, *window, max_pages=20).complete


def test_a_read_past_its_deadline_stops_paging_and_is_marked_incomplete(graph):
    """A read the card stopped waiting for fills the cache, but only until its deadline: no
    page of the calendar view is asked for, nor waited on, after it."""
    from addon.calendar import deadline

    stand_in, api = graph
    stand_in.view_page_cap = 1
    for n in range(10):
        stand_in.events[f"e{n}"] = _event(dt.datetime(2026, 11, 2 + n, 9, tzinfo=STOCKHOLM))
    api.calendar_view("assertion", TENANT, NOW - dt.timedelta(days=1), NOW)  # the token, once
    stand_in.calendar_latency = 0.3
    window = (NOW - dt.timedelta(days=90), NOW)
    events = deadline.within(0.8, lambda: api.calendar_view("assertion", TENANT, *window))
    assert 1 <= len(events) < 8 and not events.complete
    pages = [p for p in stand_in.graph if p == "/v1.0/me/calendarView"]
    assert len(pages) <= 1 + 3  # 0.3 s a page: the third is cut at the deadline


@pytest.mark.parametrize(
    ("extra", "busy"),
    [
        ({}, True),  # Graph's showAs defaults to busy
        ({"showAs": "busy"}, True),
        ({"showAs": "tentative"}, True),
        ({"showAs": "oof"}, True),
        ({"showAs": "unknown"}, True),  # as getSchedule's unknown: no time that may not be free
        ({"showAs": "free"}, False),
        ({"showAs": "workingElsewhere"}, False),
        ({"isCancelled": True}, False),
        ({"responseStatus": {"response": "declined"}}, False),
    ],
    ids=["default", "busy", "tentative", "oof", "unknown", "free", "working-elsewhere",
         "cancelled", "declined"],
)  # fmt: skip
def test_a_personal_accounts_busy_times_are_read_from_its_calendar_view(graph, extra, busy):
    stand_in, api = graph
    stand_in.events["a"] = _event(dt.datetime(2026, 11, 30, 9, tzinfo=STOCKHOLM), **extra)
    start = dt.datetime(2026, 11, 30, tzinfo=STOCKHOLM)
    found = api.busy("assertion", PERSONAL_ACCOUNTS, ME, start, start + dt.timedelta(days=1))
    hour = (
        dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC),
    )
    assert found == ([hour] if busy else [])
    assert found.hours is None  # calendarView keeps no working hours: the user's setting stands
    # getSchedule is not asked: Graph documents it as not supported for personal accounts.
    assert stand_in.graph == ["/v1.0/me/calendarView"]


def test_a_refused_get_schedule_falls_back_to_the_calendar_view(graph):
    stand_in, api = graph
    stand_in.failures["/v1.0/me/calendar/getSchedule"] = 403
    stand_in.events["a"] = _event(dt.datetime(2026, 11, 30, 9, tzinfo=STOCKHOLM))
    start = dt.datetime(2026, 11, 30, tzinfo=STOCKHOLM)
    assert api.busy("assertion", TENANT, ME, start, start + dt.timedelta(days=1)) == [
        (dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    ]


def test_a_get_schedule_that_fails_for_now_is_not_read_twice(graph):
    stand_in, api = graph
    stand_in.failures["/v1.0/me/calendar/getSchedule"] = 503
    start = dt.datetime(2026, 11, 30, tzinfo=STOCKHOLM)
    with pytest.raises(UpstreamError) as error:
        api.busy("assertion", TENANT, ME, start, start + dt.timedelta(days=1))
    assert error.value.retryable and "/v1.0/me/calendarView" not in stand_in.graph


def test_a_personal_calendar_too_full_to_read_whole_gives_no_busy_times(graph):
    # Free times from part of a calendar could be times that are not free.
    stand_in, api = graph
    stand_in.view_page_cap = 1
    for n in range(10):
        stand_in.events[f"e{n}"] = _event(dt.datetime(2026, 11, 30, 8, n * 5, tzinfo=STOCKHOLM))
    start = dt.datetime(2026, 11, 30, tzinfo=STOCKHOLM)
    with pytest.raises(UpstreamError):
        api.busy("assertion", PERSONAL_ACCOUNTS, ME, start, start + dt.timedelta(days=1))
