"""Google's and Microsoft's stand-ins for the benchmark, in a process of their own, pinned to a
core of their own where the machine has one to spare.

They are served by gunicorn (one gthread worker) rather than Werkzeug's development server,
which closes every connection: Raincheck's HTTP sessions keep their connections to Google and
Microsoft open, and a stand-in that makes them connect again per call measures connecting,
not Raincheck. One gunicorn listens on both ports and hands each request to the stand-in of
the port it came in on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class Seed:
    """What the stand-ins serve: the messages (id, email), the thread they are in, the event
    Calendar opens, and the key the tokens are signed with."""

    cert: tuple[str, str]  # key id, PEM certificate (Google's ID tokens)
    jwk: dict[str, Any]  # Microsoft's signing key
    messages: Sequence[tuple[str, bytes]]
    thread_id: str
    event: tuple[str, str, dict[str, Any]]  # calendar id, event id, events.get's answer


def placement(cpus: Iterable[int]) -> tuple[set[int], set[int]]:
    """The CPUs for the stand-ins, and those for the server under test and wrk: the last CPU
    for the stand-ins alone when two or more are left for the rest; on two, the stand-ins keep
    the last CPU and the server may use both (leaving a server sized for two cores one would
    measure something else)."""
    ordered = sorted(cpus)
    if len(ordered) < 2:
        return set(ordered), set(ordered)
    mine = {ordered[-1]}
    rest = set(ordered[:-1]) if len(ordered) >= 3 else set(ordered)
    return mine, rest


def serve(seed: Seed, google_port: int, microsoft_port: int, cpus: set[int]) -> None:
    """Run until terminated (the bench's child process)."""
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus)  # the worker gunicorn forks inherits it
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from addon.workbench.calendar import seed as seed_calendars
    from addon.workbench.standins.google import GoogleStandIn
    from addon.workbench.standins.microsoft import MicrosoftStandIn

    google = GoogleStandIn(certs={seed.cert[0]: seed.cert[1]}, record=False)
    for message_id, eml in seed.messages:
        google.add_eml(message_id, seed.thread_id, eml)
    google.add_event(*seed.event)
    microsoft = MicrosoftStandIn(keys=[seed.jwk], record=False)
    seed_calendars(google, microsoft, now=dt.datetime.now(dt.UTC))  # the workbench's calendar
    # Calendar reads take a quarter of a second, as across the internet (the "calendar on" load).
    for path in ("/calendar/v3/calendars/primary/events", "/calendar/v3/freeBusy"):
        google.failures[path] = "slow"
    gmail = at_once(google.app(), [message_id for message_id, _ in seed.messages])
    by_port = {str(google_port): gmail, str(microsoft_port): microsoft.app()}

    def by_host(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        port = environ.get("HTTP_HOST", "").rpartition(":")[2] or environ.get("SERVER_PORT", "")
        return by_port.get(port, by_port[str(google_port)])(environ, start_response)

    _Gunicorn(by_host, {
        "bind": [f"127.0.0.1:{google_port}", f"127.0.0.1:{microsoft_port}"],
        "workers": 1, "worker_class": "gthread", "threads": 64, "keepalive": 620,
        "timeout": 120, "loglevel": "warning", "accesslog": None,
    }).run()  # fmt: skip


def at_once(app: Any, message_ids: Iterable[str]) -> Callable[..., Any]:
    """``app`` (the Google stand-in), but for Gmail's messages.get of ``message_ids`` asked as
    Raincheck asks it (format=full, both tokens present): those are answered with what ``app``
    answered when asked once at the start, the same status, headers and bytes, without running
    the Flask app again. Google does that work on its own machines; on a bench of two cores,
    the stand-in's Flask would take CPU from the server under test (0.6 ms per message-open,
    a sixth of the whole). Every other request, and a request without a token, goes to
    ``app``."""
    asked = {"Authorization": "Bearer bench", "X-Goog-Gmail-Access-Token": "bench"}
    known: dict[str, tuple[str, list[tuple[str, str]], bytes]] = {}
    with app.test_client() as client:
        for message_id in message_ids:
            path = f"/gmail/v1/users/me/messages/{message_id}"
            answer = client.get(path, query_string={"format": "full"}, headers=asked)
            known[path] = (answer.status, list(answer.headers.items()), answer.get_data())

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        found = known.get(environ.get("PATH_INFO", ""))
        if (
            found is not None
            and environ.get("REQUEST_METHOD") == "GET"
            and environ.get("QUERY_STRING") == "format=full"
            and environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")
            and environ.get("HTTP_X_GOOG_GMAIL_ACCESS_TOKEN")
        ):
            status, headers, body = found
            start_response(status, headers)
            return [body]
        return app(environ, start_response)

    return serve


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application
