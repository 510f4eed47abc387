"""The card from the invite does not wait for the calendar: calendar-aware advice reads the
user's calendar within one budget per request (``RAINCHECK_CALENDAR_BUDGET``), and a read that
would pass it is left to finish on its own, kept for the next card. Google waits a limited time
for an add-on's answer and cannot take a card later, so the advice answers with what is ready.

Timings here are generous bounds, not benchmarks: a budget of half a second and a calendar that
takes five seconds to answer must still give the card in well under three."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from addon.app import create_app, set_clock
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.google.resources import EXTENSION
from addon.storage import store
from addon.workbench.standins.google import GoogleStandIn
from tests.google.test_calendar_advice import NOW, at, card_of, meeting, text, turn_on
from tests.support.clock import frozen
from tests.support.google_addon import Google, google_config
from tests.support.google_tokens import Key
from tests.support.paths import SAMPLE_CLIENTS
from tests.support.server import serve

EVENTS = "/calendar/v3/calendars/primary/events"
FREE_BUSY = "/calendar/v3/freeBusy"
BUDGET = 0.5
HANGS = 5.0  # a calendar that answers, but only after the user has given up


@pytest.fixture
def gmail(google_key: Key, tmp_path: Path) -> Iterator[Google]:
    """Gmail against Google's stand-in with production's 10-second timeout per call, so that
    only the budget can keep a slow calendar from the card."""
    with serve(GoogleStandIn(certs={google_key.kid: google_key.cert_pem})) as stand_in:
        app = create_app(google_config(stand_in.url, tmp_path, HTTP_TIMEOUT=10))
        set_clock(app, frozen)
        with store(app).session() as session:
            Directory(session, "lumen.example").import_records(
                read_csv(SAMPLE_CLIENTS.read_bytes()), by="test"
            )
        for actions in app.extensions[EXTENSION].actions.values():
            actions.clock = actions.flow.clock = lambda: NOW
            actions.flow.calendars.budget = BUDGET  # RAINCHECK_CALENDAR_BUDGET
        yield Google(app.test_client(), google_key, stand_in, app)


def timed(call: Any) -> tuple[Any, float]:
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def wait_for(done: Any, seconds: float = 10.0) -> None:
    until = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < until, "the calendar read never finished"
        time.sleep(0.05)


def test_a_calendar_that_hangs_does_not_hold_up_the_advice(gmail: Google) -> None:
    turn_on(gmail)
    meeting(gmail.stand_in, "past", at(20, 10))
    gmail.stand_in.calendar_latency = HANGS
    answer, seconds = timed(gmail.open_message)
    assert seconds < 3.0
    card = text(answer)
    assert "What Raincheck advises" in card
    assert "the count is Raincheck's own" in card
    assert "0 meetings in 90 days" in card


def test_a_calendar_of_many_slow_pages_is_counted_for_the_next_card(gmail: Google) -> None:
    turn_on(gmail)
    gmail.stand_in.events_page_cap = 1  # one event a page: eight pages, each answered late
    gmail.stand_in.calendar_latency = 0.3
    for n in range(10):
        meeting(gmail.stand_in, f"m{n}", at(2 + n, 10))
    answer, seconds = timed(gmail.open_message)
    assert seconds < 1.8  # eight pages one after the other would take 2.4 s
    assert "the count is Raincheck's own" in text(answer)
    # The read goes on after the card is answered, and the next card has its count.
    wait_for(lambda: len(gmail.stand_in.calls(EVENTS)) >= 8)
    time.sleep(0.4)  # the last page's answer, on its way
    read = len(gmail.stand_in.calls(EVENTS))
    again = text(gmail.open_message())
    assert "at least 8 meetings in 90 days" in again
    assert "the count is Raincheck's own" not in again
    assert len(gmail.stand_in.calls(EVENTS)) == read  # kept, not read again


def test_free_times_that_hang_leave_the_reply_to_the_same_time_later(gmail: Google) -> None:
    turn_on(gmail)
    advice = card_of(gmail.open_message())  # counted quickly: the calendar answers at once
    conflict = card_of(gmail.change(advice, "reason", "conflict"))
    gmail.stand_in.calendar_latency = HANGS
    answer, seconds = timed(lambda: gmail.click(conflict, "Write it", strategy="move"))
    assert seconds < 3.0
    lines = text(answer)
    assert "no free times are shown" in lines
    assert "Same time, " in lines
    assert len(gmail.stand_in.calls(FREE_BUSY)) == 1
