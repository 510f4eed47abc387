"""How long a request took, and how much of it was spent waiting on Google or Microsoft: sent
back as a ``Server-Timing`` header (``app`` is our own wall time, ``cpu`` the processor time
our thread spent, ``upstream`` the providers' time, ``db`` the part of ``app`` spent in
database statements), so a benchmark can tell the backend's own cost from its stand-ins'
without guessing. ``cpu`` is the figure to trust under load: ``app`` also counts waiting for
the interpreter lock among a worker's threads and for the database. ``db`` is where such
waits show: a statement's time runs until its thread holds the lock again, and a thread that
let go of it for a round trip waits behind the threads computing meanwhile.

Only durations travel; nothing about the request or the mail does. Plain Python: the app sets
the clock going per request, and the HTTP sessions add each upstream call's time.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests  # annotations only: the command line, which times nothing, never loads it

_started: ContextVar[float | None] = ContextVar("raincheck_started", default=None)
# A request runs on one thread from before_request to after_request (gthread, the dev server),
# so the thread's own clock is the request's processor time.
_cpu_started: ContextVar[float] = ContextVar("raincheck_cpu_started", default=0.0)
_upstream: ContextVar[float] = ContextVar("raincheck_upstream", default=0.0)
_database: ContextVar[float] = ContextVar("raincheck_database", default=0.0)


def start() -> None:
    _started.set(time.perf_counter())
    _cpu_started.set(time.thread_time())
    _upstream.set(0.0)
    _database.set(0.0)


def header() -> str | None:
    """``app;dur=1.80, cpu;dur=1.20, upstream;dur=2.40, db;dur=0.30`` in milliseconds, or
    None outside a timed request. ``app`` stays first, as readers from before ``cpu`` expect."""
    started = _started.get()
    if started is None:
        return None
    total = (time.perf_counter() - started) * 1000
    cpu = (time.thread_time() - _cpu_started.get()) * 1000
    upstream = _upstream.get() * 1000
    return (
        f"app;dur={max(total - upstream, 0.0):.2f}, cpu;dur={max(cpu, 0.0):.2f}, "
        f"upstream;dur={upstream:.2f}, db;dur={_database.get() * 1000:.2f}"
    )


def measure(session: requests.Session) -> requests.Session:
    """Count every call this session makes as upstream time of the request it serves."""

    def spent(response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        _upstream.set(_upstream.get() + response.elapsed.total_seconds())

    session.hooks["response"].append(spent)
    return session


def database(seconds: float) -> None:
    """Count a database statement's time towards the request it serves (outside a timed
    request, it counts towards nothing that is ever read)."""
    _database.set(_database.get() + seconds)
