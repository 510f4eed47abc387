"""The Outlook pane's advice does not wait for a slow Graph calendar longer than the card's
budget for it (``RAINCHECK_CALENDAR_BUDGET``): the card says the count is Raincheck's own, and
the read goes on to give the next card its count."""

from __future__ import annotations

import time

import pytest

from addon.outlook.resources import EXTENSION
from tests.outlook.test_outlook_calendar_advice import REVIEW, at, lines, meeting, pane, turn_on
from tests.support.outlook_pane import Outlook, office_item

__all__ = ["pane"]  # the fixture, shared with the calendar advice's tests
VIEW = "/v1.0/me/calendarView"


@pytest.fixture
def slow_pane(pane: Outlook) -> Outlook:
    pane.app.extensions[EXTENSION].actions.flow.calendars.budget = 0.5
    return pane


def test_a_slow_graph_calendar_does_not_hold_up_the_pane(slow_pane: Outlook) -> None:
    turn_on(slow_pane)
    for n in range(8):
        meeting(slow_pane, f"m{n}", at(2 + n, 10))
    # Eight pages, each just inside the 1-second timeout the tests' configuration gives a call.
    slow_pane.stand_in.view_page_cap = 1
    slow_pane.stand_in.calendar_latency = 0.9
    started = time.monotonic()
    card = lines(slow_pane.ask(office_item(REVIEW)))
    assert time.monotonic() - started < 3.0
    assert "the count is Raincheck's own" in card
    assert "0 meetings in 90 days" in card


def test_the_next_card_has_the_count_the_slow_read_found(slow_pane: Outlook) -> None:
    turn_on(slow_pane)
    meeting(slow_pane, "past", at(20, 10))
    slow_pane.stand_in.calendar_latency = 0.8  # inside the timeout
    assert "the count is Raincheck's own" in lines(slow_pane.ask(office_item(REVIEW)))
    # The read goes on after the card was answered; a card a moment later has its count.
    until = time.monotonic() + 10
    while "the count is Raincheck's own" in (again := lines(slow_pane.ask(office_item(REVIEW)))):
        assert time.monotonic() < until, "the calendar read never finished"
        time.sleep(0.2)
    assert "1 meeting in 90 days" in again
    assert slow_pane.stand_in.graph.count(VIEW) == 1  # waited on, kept: never read twice
