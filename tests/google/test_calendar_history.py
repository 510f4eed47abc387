"""Meetings with a client counted from the user's Google Calendar: events.list read page by
page as Google sends it (short pages, recurring events as instances, cancelled events left
out), and counted only when someone of the client's is in them and the user has not said no."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from addon.calendar.history import count_meetings
from addon.google.api import GoogleApi
from addon.google.calendar_items import calendar_events
from addon.workbench.standins.google import GoogleStandIn
from tests.support.server import serve

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
EVENTS = "/calendar/v3/calendars/primary/events"

# An events.list item as the Calendar API reference's Events resource gives it (with
# singleEvents=true and the fields Raincheck asks for).
DOCUMENTED_ITEM: dict[str, Any] = {
    "status": "confirmed",
    "start": {"dateTime": "2026-11-03T14:00:00+01:00", "timeZone": "Europe/Stockholm"},
    "organizer": {"email": "eva.lind@nordvik.example"},
    "attendees": [
        {"email": "anna@lumen.example", "self": True, "responseStatus": "accepted"},
        {"email": "eva.lind@nordvik.example", "organizer": True, "responseStatus": "accepted"},
    ],
}


@pytest.fixture
def google() -> Iterator[tuple[GoogleStandIn, GoogleApi]]:
    with serve(GoogleStandIn()) as stand_in:
        yield stand_in, GoogleApi(requests.Session(), gmail_url=stand_in.url,
                                  calendar_url=stand_in.url, timeout=2)  # fmt: skip


def _event(event_id: str, start: dt.datetime, *, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    zone = str(start.tzinfo)
    return {"id": event_id, "status": "confirmed",
            "start": {"dateTime": start.isoformat(), "timeZone": zone},
            "end": {"dateTime": (start + dt.timedelta(minutes=minutes)).isoformat(), "timeZone": zone},
            "organizer": {"email": "eva.lind@nordvik.example"},
            "attendees": [{"email": "anna@lumen.example", "self": True, "responseStatus": "accepted"}],
            **extra}  # fmt: skip


def _count(items: list[Any]) -> tuple[int, int]:
    counts = count_meetings(calendar_events(items), domains=["nordvik.example"], contacts=[],
                            now=NOW)  # fmt: skip
    return counts.past, counts.ahead


def test_the_documented_item_is_a_meeting_with_the_client() -> None:
    [event] = calendar_events([DOCUMENTED_ITEM])
    assert event.start == dt.datetime(2026, 11, 3, 13, 0, tzinfo=dt.UTC)
    assert (event.all_day, event.cancelled, event.declined) == (False, False, False)
    assert _count([DOCUMENTED_ITEM]) == (1, 0)


@pytest.mark.parametrize(
    ("change", "counted"),
    [
        ({}, (1, 0)),
        ({"status": "cancelled"}, (0, 0)),
        ({"attendees": [{"email": "anna@lumen.example", "self": True,
                         "responseStatus": "declined"}]}, (0, 0)),
        ({"start": {"date": "2026-11-03"}}, (0, 0)),  # all day: a trip or a holiday
        ({"organizer": {"email": "per@sales.nordvik.example"}}, (1, 0)),  # a subdomain
        ({"organizer": {"email": "someone@elsewhere.example"},
          "attendees": [{"email": "anna@lumen.example", "self": True}]}, (0, 0)),
        ({"start": {"dateTime": "2026-08-01T10:00:00+02:00"}}, (0, 0)),  # over 90 days ago
        ({"start": {"dateTime": "2026-12-10T10:00:00+01:00"}}, (0, 1)),  # booked ahead
        ({"start": {"dateTime": "2027-01-10T10:00:00+01:00"}}, (0, 0)),  # past 30 days ahead
    ],
)  # fmt: skip
def test_what_counts_as_a_meeting_with_the_client(
    change: dict[str, Any], counted: tuple[int, int]
) -> None:
    assert _count([DOCUMENTED_ITEM | change]) == counted


def test_every_page_is_read_even_short_ones(google: tuple[GoogleStandIn, GoogleApi]) -> None:
    stand_in, api = google
    stand_in.events_page_cap = 7  # Google may send fewer events than asked, with more to come
    for day in range(40):
        start = dt.datetime(2026, 9, 1, 9, 0, tzinfo=STOCKHOLM) + dt.timedelta(days=day)
        stand_in.add_event("primary", f"e{day:03}", _event(f"e{day:03}", start))
    items = api.calendar_events("token", NOW - dt.timedelta(days=90), NOW + dt.timedelta(days=30))
    assert len(items) == 40
    assert len(stand_in.calls(EVENTS)) == 6  # 7 + 7 + 7 + 7 + 7 + 5
    sent = stand_in.calls(EVENTS)[0].query
    assert sent["singleEvents"] == "true" and sent["maxResults"] == "250"
    assert "attendees(email,self,responseStatus)" in sent["fields"]
    assert _count(items) == (40, 0)


def test_pages_are_bounded_for_one_card(google: tuple[GoogleStandIn, GoogleApi]) -> None:
    stand_in, api = google
    stand_in.events_page_cap = 1
    for day in range(20):
        start = dt.datetime(2026, 10, 1, 9, 0, tzinfo=STOCKHOLM) + dt.timedelta(days=day)
        stand_in.add_event("primary", f"e{day:03}", _event(f"e{day:03}", start))
    items = api.calendar_events("token", NOW - dt.timedelta(days=90), NOW, max_pages=8)
    assert len(items) == 8 and len(stand_in.calls(EVENTS)) == 8
    assert not items.complete  # counts from it are "at least"
    assert api.calendar_events("token", NOW - dt.timedelta(days=90), NOW, max_pages=30).complete


def test_a_weekly_meeting_counts_each_time_at_its_own_hour_across_the_dst_change(
    google: tuple[GoogleStandIn, GoogleApi],
) -> None:
    stand_in, api = google
    first = dt.datetime(2026, 10, 1, 10, 0, tzinfo=STOCKHOLM)  # summer time; winter from 25 Oct
    weekly = _event("weekly", first, recurrence=["RRULE:FREQ=WEEKLY;COUNT=12",
                                                 "EXDATE;TZID=Europe/Stockholm:20261015T100000"])  # fmt: skip
    stand_in.add_event("primary", "weekly", weekly)
    items = api.calendar_events("token", NOW - dt.timedelta(days=90), NOW + dt.timedelta(days=30))
    starts = [
        dt.datetime.fromisoformat(i["start"]["dateTime"]).astimezone(STOCKHOLM) for i in items
    ]
    assert len(items) == 11  # twelve weeks, one taken out
    assert {s.hour for s in starts} == {10}  # 10:00 in Stockholm, summer and winter
    assert _count(items) == (8, 3)  # 1 Oct .. 26 Nov past; 3, 10 and 17 Dec ahead


def test_a_cancelled_event_is_not_sent_and_would_not_count(
    google: tuple[GoogleStandIn, GoogleApi],
) -> None:
    stand_in, api = google
    start = dt.datetime(2026, 11, 10, 9, 0, tzinfo=STOCKHOLM)
    stand_in.add_event("primary", "off", _event("off", start, status="cancelled"))
    stand_in.add_event("primary", "on", _event("on", start + dt.timedelta(days=1)))
    items = api.calendar_events("token", NOW - dt.timedelta(days=90), NOW)
    # Only the fields asked for come back (no id): the one left is the one a day later.
    later = (start + dt.timedelta(days=1)).isoformat()
    assert [i["start"]["dateTime"] for i in items] == [later]


def test_a_rate_limited_page_is_asked_again(google: tuple[GoogleStandIn, GoogleApi]) -> None:
    stand_in, api = google
    stand_in.add_event(
        "primary", "one", _event("one", dt.datetime(2026, 11, 2, 9, 0, tzinfo=STOCKHOLM))
    )
    stand_in.failures[EVENTS] = ["rateLimitExceeded"]
    assert len(api.calendar_events("token", NOW - dt.timedelta(days=90), NOW)) == 1
    assert len(stand_in.calls(EVENTS)) == 2


def test_the_stand_in_keeps_the_references_window_rules(
    google: tuple[GoogleStandIn, GoogleApi],
) -> None:
    """timeMin bounds an event's end and timeMax its start; both need an offset."""
    stand_in, _ = google
    start = dt.datetime(2026, 11, 27, 11, 30, tzinfo=dt.UTC)
    stand_in.add_event("primary", "running", _event("running", start, minutes=60))
    url = stand_in.url + EVENTS
    headers = {"Authorization": "Bearer t"}
    running = requests.get(url, params={"timeMin": "2026-11-27T12:00:00Z"}, headers=headers,
                           timeout=5).json()  # fmt: skip
    assert [e["id"] for e in running["items"]] == ["running"]  # started before, still on
    later = requests.get(url, params={"timeMax": "2026-11-27T11:30:00Z"}, headers=headers,
                         timeout=5).json()  # fmt: skip
    assert later["items"] == []  # starts exactly at timeMax: outside
    naive = requests.get(url, params={"timeMin": "2026-11-27T12:00:00"}, headers=headers, timeout=5)
    assert naive.status_code == 400 and naive.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_events_list_sends_only_the_fields_asked_for(google):
    stand_in, api = google
    stand_in.add_event("primary", "a", _event("a", dt.datetime(2026, 11, 3, 14, tzinfo=STOCKHOLM),
                                              summary="Secret merger", description="Body text"))  # fmt: skip
    (item,) = api.calendar_events("token", NOW - dt.timedelta(days=90), NOW)
    assert set(item) == {"status", "start", "organizer", "attendees"}
    assert "summary" not in str(item) and "description" not in str(item)
    assert _count([item]) == (1, 0)


@pytest.mark.parametrize("fields", ["items(status", "items)status(", "a,b(c"])
def test_an_unbalanced_field_selection_is_refused(google, fields):
    stand_in, _ = google
    answer = requests.get(f"{stand_in.url}{EVENTS}", params={"fields": fields},
                          headers={"Authorization": "Bearer t"}, timeout=2)  # fmt: skip
    assert answer.status_code == 400


def test_a_read_past_its_deadline_stops_paging_and_counts_at_least(
    google: tuple[GoogleStandIn, GoogleApi],
) -> None:
    """A read the card stopped waiting for goes on to fill the cache, but only until its
    deadline: no page is asked for, nor waited on, after it."""
    from addon.calendar import deadline

    stand_in, api = google
    stand_in.events_page_cap = 1
    stand_in.calendar_latency = 0.3
    for day in range(20):
        start = dt.datetime(2026, 10, 1, 9, 0, tzinfo=STOCKHOLM) + dt.timedelta(days=day)
        stand_in.add_event("primary", f"e{day:03}", _event(f"e{day:03}", start))
    items = deadline.within(
        0.8, lambda: api.calendar_events("token", NOW - dt.timedelta(days=90), NOW)
    )
    assert 1 <= len(items) < 8 and not items.complete
    assert len(stand_in.calls(EVENTS)) <= 3  # 0.3 s a page: the third is cut at the deadline
