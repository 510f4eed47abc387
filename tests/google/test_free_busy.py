"""When the user is busy, from Google Calendar's freeBusy.query as Google answers it: busy
intervals per calendar, a calendar Google could not work out (errors inside a 200), a scope the
user did not grant, rate limits; and the free slots found from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from addon.calendar.bounds import Bounds, Party
from addon.calendar.hours import WorkingHours
from addon.calendar.slots import free_slots, search_window
from addon.errors import ScopeError, UpstreamError
from addon.google.api import FREE_BUSY, READ_EVENTS, GoogleApi
from addon.google.calendar_items import busy_periods
from addon.workbench.standins.google import GoogleStandIn
from tests.support.server import serve

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)  # Friday, 10.00 in Stockholm
TOKEN = "user-token"

# freeBusy.query's response as the Calendar API reference gives it (FreeBusyResponse).
DOCUMENTED_ANSWER: dict[str, Any] = {
    "kind": "calendar#freeBusy",
    "timeMin": "2026-11-30T00:00:00.000Z",
    "timeMax": "2026-12-01T00:00:00.000Z",
    "calendars": {
        "primary": {
            "busy": [
                {"start": "2026-11-30T08:00:00Z", "end": "2026-11-30T09:30:00Z"},
                {"start": "2026-11-30T14:00:00+01:00", "end": "2026-11-30T15:00:00+01:00"},
            ]
        }
    },
}


@pytest.fixture
def google() -> Iterator[tuple[GoogleStandIn, GoogleApi]]:
    with serve(GoogleStandIn()) as stand_in:
        yield stand_in, GoogleApi(requests.Session(), gmail_url=stand_in.url,
                                  calendar_url=stand_in.url, timeout=2)  # fmt: skip


def _event(start: dt.datetime, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    zone = str(start.tzinfo)
    return {"status": "confirmed",
            "start": {"dateTime": start.isoformat(), "timeZone": zone},
            "end": {"dateTime": (start + dt.timedelta(minutes=minutes)).isoformat(),
                    "timeZone": zone},
            "attendees": [{"email": "anna@lumen.example", "self": True,
                           "responseStatus": "accepted"}], **extra}  # fmt: skip


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=STOCKHOLM)


def test_the_documented_answer_reads_as_utc_instants():
    periods = busy_periods(DOCUMENTED_ANSWER)
    assert periods == [
        (dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)),
        (dt.datetime(2026, 11, 30, 13, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 14, tzinfo=dt.UTC)),
    ]  # fmt: skip


@pytest.mark.parametrize("reason", ["backendError", "notFound", "internalError"])
def test_a_calendar_google_could_not_work_out_is_no_free_calendar(reason):
    answer = {"calendars": {"primary": {"errors": [{"domain": "global", "reason": reason}],
                                        "busy": []}}}  # fmt: skip
    with pytest.raises(UpstreamError, match=reason):
        busy_periods(answer)


def test_busy_times_come_from_the_events_that_block_them(google):
    stand_in, api = google
    stand_in.add_event("primary", "a", _event(at(30, 9)))
    stand_in.add_event("primary", "b", _event(at(30, 13), transparency="transparent"))
    stand_in.add_event("primary", "c", _event(at(30, 14), status="cancelled"))
    declined = _event(at(30, 15))
    declined["attendees"][0]["responseStatus"] = "declined"
    stand_in.add_event("primary", "d", declined)
    stand_in.add_event("primary", "e", _event(at(30, 9, 30), minutes=60))  # overlaps "a"
    periods = api.free_busy(TOKEN, at(30, 0), at(1, 0, month=12))
    assert periods == [(at(30, 9).astimezone(dt.UTC), at(30, 10, 30).astimezone(dt.UTC))]
    call = stand_in.calls("/calendar/v3/freeBusy")[0]
    assert call.method == "POST"
    assert call.body["items"] == [{"id": "primary"}]


def test_a_weekly_meeting_blocks_its_wall_time_after_the_dst_change(google):
    stand_in, api = google
    # Every Monday at 9.00 Stockholm time from October, across the change on 25 October.
    series = _event(dt.datetime(2026, 10, 19, 9, 0, tzinfo=STOCKHOLM))
    series["recurrence"] = ["RRULE:FREQ=WEEKLY;COUNT=10"]
    stand_in.add_event("primary", "weekly", series)
    periods = api.free_busy(TOKEN, at(30, 0), at(1, 0, month=12))
    assert [p[0].astimezone(STOCKHOLM).hour for p in periods] == [9]
    assert periods[0][0].astimezone(dt.UTC).hour == 8  # winter time: UTC+1


def test_free_slots_avoid_what_google_says_is_busy(google):
    stand_in, api = google
    stand_in.add_event("primary", "friday", _event(at(27, 11), minutes=360))
    stand_in.add_event("primary", "monday", _event(at(30, 9), minutes=90))
    bounds = Bounds(NOW, Party(STOCKHOLM, WorkingHours(), frozenset({"SE"})))
    start, end = search_window(bounds, NOW)
    busy = api.free_busy(TOKEN, start, end)
    slots = free_slots(busy, minutes=60, bounds=bounds, around=NOW)
    assert [s.start.strftime("%a %H:%M") for s in slots] == ["Mon 10:30", "Tue 09:00", "Wed 09:00"]


def test_a_full_calendar_leaves_no_free_slot(google):
    stand_in, api = google
    for day in range(15):  # ten working days and the weekends between them
        start = at(27, 0) + dt.timedelta(days=day)
        stand_in.add_event("primary", f"busy{day}", _event(start, minutes=24 * 60))
    bounds = Bounds(NOW, Party(STOCKHOLM, WorkingHours(), frozenset({"SE"})))
    start, end = search_window(bounds, NOW)
    busy = api.free_busy(TOKEN, start, end)
    assert free_slots(busy, minutes=30, bounds=bounds, around=NOW)[:1] == []


def test_a_user_who_did_not_grant_free_busy_is_asked_for_it(google):
    stand_in, api = google
    stand_in.token_scopes[TOKEN] = frozenset({READ_EVENTS})
    with pytest.raises(ScopeError) as refused:
        api.free_busy(TOKEN, at(30, 0), at(1, 0, month=12))
    assert refused.value.scopes == [FREE_BUSY]
    # The events scope alone still reads events.
    assert api.calendar_events(TOKEN, at(30, 0), at(1, 0, month=12)) == []


def test_a_rate_limited_query_is_asked_again(google, monkeypatch):
    stand_in, api = google
    monkeypatch.setattr("addon.google.failures.pause", lambda seconds: None)
    stand_in.failures["/calendar/v3/freeBusy"] = ["rateLimitExceeded", None]
    assert api.free_busy(TOKEN, at(30, 0), at(1, 0, month=12)) == []
    assert len(stand_in.calls("/calendar/v3/freeBusy")) == 2


def test_an_empty_window_is_refused_as_google_refuses_it(google):
    _, api = google
    with pytest.raises(UpstreamError):
        api.free_busy(TOKEN, at(30, 0), at(30, 0))


def test_busy_times_in_the_asked_zone_carry_its_offset(google):
    stand_in, _ = google
    stand_in.add_event("primary", "a", _event(at(30, 9)))
    answer = requests.post(
        f"{stand_in.url}/calendar/v3/freeBusy",
        json={"timeMin": "2026-11-30T00:00:00Z", "timeMax": "2026-12-01T00:00:00Z",
              "timeZone": "Europe/Stockholm", "items": [{"id": "primary"}]},
        headers={"Authorization": "Bearer x"}, timeout=2,
    ).json()  # fmt: skip
    assert answer["calendars"]["primary"]["busy"] == [
        {"start": "2026-11-30T09:00:00+01:00", "end": "2026-11-30T10:00:00+01:00"}
    ]
