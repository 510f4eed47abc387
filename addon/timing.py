"""How long a request took, and how much of it was spent waiting on Google or Microsoft: sent
back as a ``Server-Timing`` header (``app`` is our own time, ``upstream`` the providers'), so
a benchmark can tell the backend's own cost from its stand-ins' without guessing.

Only durations travel; nothing about the request or the mail does. Plain Python: the app sets
the clock going per request, and the HTTP sessions add each upstream call's time.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

import requests

_started: ContextVar[float | None] = ContextVar("raincheck_started", default=None)
_upstream: ContextVar[float] = ContextVar("raincheck_upstream", default=0.0)


def start() -> None:
    _started.set(time.perf_counter())
    _upstream.set(0.0)


def header() -> str | None:
    """``app;dur=1.8, upstream;dur=2.4`` in milliseconds, or None outside a timed request."""
    started = _started.get()
    if started is None:
        return None
    total = (time.perf_counter() - started) * 1000
    upstream = _upstream.get() * 1000
    return f"app;dur={max(total - upstream, 0.0):.2f}, upstream;dur={upstream:.2f}"


def measure(session: requests.Session) -> requests.Session:
    """Count every call this session makes as upstream time of the request it serves."""

    def spent(response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        _upstream.set(_upstream.get() + response.elapsed.total_seconds())

    session.hooks["response"].append(spent)
    return session
