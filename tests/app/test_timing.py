"""Every answer says how long we took and how long Google or Microsoft took (Server-Timing), so
the benchmark can report the backend's own time apart from its stand-ins'; ``cpu`` is the
processor time our thread spent, which waiting (on Google, on the interpreter lock, on the
database) does not count; ``db`` is the part of our own time spent in database statements."""

from __future__ import annotations

import re
import time

from flask.testing import FlaskClient

from tests.support.google_addon import MESSAGE, THREAD, Google, _gmail_context
from tests.support.paths import invite_bytes

TIMING = re.compile(
    r"^app;dur=(\d+\.\d\d), cpu;dur=(\d+\.\d\d), upstream;dur=(\d+\.\d\d), db;dur=(\d+\.\d\d)$"
)
# Our own time is still the first entry with the name it always had, so readers that look for
# ``app;dur=`` (the benchmark before this, dashboards) keep working.
OLD_READER = re.compile(r"app;dur=([\d.]+)")


def _spent(header: str | None) -> tuple[float, float, float]:
    return _entries(header)[:3]


def _entries(header: str | None) -> tuple[float, float, float, float]:
    """app, cpu, upstream and db, in milliseconds."""
    found = TIMING.match(header or "")
    assert found, header
    return float(found[1]), float(found[2]), float(found[3]), float(found[4])


def test_an_answer_without_upstream_calls_spends_nothing_upstream(client: FlaskClient) -> None:
    app, cpu, upstream = _spent(client.get("/healthz").headers.get("Server-Timing"))
    assert upstream == 0.0 and app >= 0.0 and cpu >= 0.0


def test_the_time_google_takes_is_told_apart_from_ours(google: Google) -> None:
    google.stand_in.failures["/gmail/v1/users/me/messages"] = ["slow"]
    started = time.perf_counter()
    google.stand_in.add_eml(MESSAGE, THREAD, invite_bytes("exchange-quarterly-review.eml"))
    response = google.post("/gmail/message", google.event(gmail=_gmail_context()))
    took = (time.perf_counter() - started) * 1000
    app, _cpu, upstream = _spent(response.headers.get("Server-Timing"))
    assert upstream >= 200  # the stand-in's delay is counted as Google's
    assert app + upstream <= took + 1


def test_waiting_on_google_costs_no_cpu_time(google: Google) -> None:
    google.stand_in.add_eml(MESSAGE, THREAD, invite_bytes("exchange-quarterly-review.eml"))
    # A first open pays the app's one-time work (templates, locales), which on a loaded
    # machine can take longer than the wait measured below.
    google.post("/gmail/message", google.event(gmail=_gmail_context()))
    # A quarter of a second asleep in the stand-in: wall time, not our thread's processor time.
    google.stand_in.failures["/gmail/v1/users/me/messages"] = ["slow"]
    response = google.post("/gmail/message", google.event(gmail=_gmail_context()))
    app, cpu, upstream = _spent(response.headers.get("Server-Timing"))
    assert upstream >= 200
    # A thread cannot compute longer than it ran; its CPU includes the HTTP client's own work
    # during the call (parsing Google's answer), which the wall-clock split counts as upstream.
    assert 0.0 < cpu <= app + upstream + 1.0
    assert cpu < upstream  # the quarter of a second asleep is not in it


def test_readers_of_the_app_entry_find_our_wall_time_first(client: FlaskClient) -> None:
    header = client.get("/healthz").headers["Server-Timing"]
    found = OLD_READER.search(header)
    assert found and float(found[1]) == _spent(header)[0]


def test_an_answer_that_reads_nothing_spends_nothing_in_the_database(client: FlaskClient) -> None:
    assert _entries(client.get("/healthz").headers.get("Server-Timing"))[3] == 0.0


def test_the_databases_time_is_told_as_part_of_ours(google: Google) -> None:
    google.stand_in.add_eml(MESSAGE, THREAD, invite_bytes("exchange-quarterly-review.eml"))
    response = google.post("/gmail/message", google.event(gmail=_gmail_context()))
    app, _cpu, _upstream, db = _entries(response.headers.get("Server-Timing"))
    assert 0.0 < db <= app  # a message-open reads the directory, within our own time
