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
    by_port = {str(google_port): google.app(), str(microsoft_port): microsoft.app()}

    def by_host(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        port = environ.get("HTTP_HOST", "").rpartition(":")[2] or environ.get("SERVER_PORT", "")
        return by_port.get(port, by_port[str(google_port)])(environ, start_response)

    _Gunicorn(by_host, {
        "bind": [f"127.0.0.1:{google_port}", f"127.0.0.1:{microsoft_port}"],
        "workers": 1, "worker_class": "gthread", "threads": 64, "keepalive": 620,
        "timeout": 120, "loglevel": "warning", "accesslog": None,
    }).run()  # fmt: skip


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application
