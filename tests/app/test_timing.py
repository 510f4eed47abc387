"""Every answer says how long we took and how long Google or Microsoft took (Server-Timing), so
the benchmark can report the backend's own time apart from its stand-ins'."""

from __future__ import annotations

import re
import time

from flask.testing import FlaskClient

from tests.support.google_addon import MESSAGE, THREAD, Google, _gmail_context
from tests.support.paths import invite_bytes

TIMING = re.compile(r"^app;dur=(\d+\.\d\d), upstream;dur=(\d+\.\d\d)$")


def _spent(header: str | None) -> tuple[float, float]:
    found = TIMING.match(header or "")
    assert found, header
    return float(found[1]), float(found[2])


def test_an_answer_without_upstream_calls_spends_nothing_upstream(client: FlaskClient) -> None:
    app, upstream = _spent(client.get("/healthz").headers.get("Server-Timing"))
    assert upstream == 0.0 and app >= 0.0


def test_the_time_google_takes_is_told_apart_from_ours(google: Google) -> None:
    google.stand_in.failures["/gmail/v1/users/me/messages"] = ["slow"]
    started = time.perf_counter()
    google.stand_in.add_eml(MESSAGE, THREAD, invite_bytes("exchange-quarterly-review.eml"))
    response = google.post("/gmail/message", google.event(gmail=_gmail_context()))
    took = (time.perf_counter() - started) * 1000
    app, upstream = _spent(response.headers.get("Server-Timing"))
    assert upstream >= 200  # the stand-in's delay is counted as Google's
    assert app + upstream <= took + 1
