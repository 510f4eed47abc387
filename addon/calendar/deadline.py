"""The time by which a calendar read must be done, carried to the API client that pages it.

A card waits for the user's calendar only so long (``cardflow.calendar``); a read it stops
waiting for goes on in a worker thread to fill the cache, but not for ever: it is given a
deadline, and the host's API client (``google.api``) makes no call, and waits for no answer,
past it. The deadline lives in a context variable of the worker that reads, so the hosts'
``CalendarAccess`` keeps its plain signature; outside such a worker there is none.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_deadline: ContextVar[float | None] = ContextVar("calendar_deadline", default=None)
# When the card being answered stops waiting for the calendar: one budget for every read the
# request waits on, counted from when it began (Google waits for one answer in all).
_card: ContextVar[float | None] = ContextVar("card_deadline", default=None)


def within(seconds: float, read: Callable[[], T]) -> T:
    """``read()`` with a deadline ``seconds`` from now (time.monotonic)."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        return read()
    finally:
        _deadline.reset(token)


def left() -> float | None:
    """Seconds until the deadline (0 when passed); None when no deadline is set."""
    deadline = _deadline.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


@contextmanager
def card(seconds: float) -> Iterator[None]:
    """Answer a card within ``seconds`` from now: the calendar reads it waits on share them."""
    token = _card.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _card.reset(token)


def card_left() -> float | None:
    """Seconds the card may still wait for its calendar (0 when spent); None outside a card."""
    until = _card.get()
    return None if until is None else max(0.0, until - time.monotonic())
