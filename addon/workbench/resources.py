"""The workbench as a Flask resource, only in development (``RAINCHECK_ENV=development``).

``configure`` points the app's Google and Microsoft settings, where unset, at the stand-ins
(``addon.workbench.standins``) and the development key, before the real resources are built
from them; ``init_app`` then routes their HTTP sessions to the stand-ins, in process. Nothing
else changes: the same verifiers, API clients and endpoints run as in production.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import requests
from flask import Flask, current_app

from addon.config import WORKBENCH_SECRET, Config
from addon.demo import load_directory
from addon.directory.repository import Directory
from addon.google.resources import google
from addon.outlook.resources import outlook
from addon.storage import store
from addon.workbench import calendar, devkey
from addon.workbench.devkey import DevKey
from addon.workbench.standins.google import CERTS_PATH, GoogleStandIn
from addon.workbench.standins.mailbox import Mailbox
from addon.workbench.standins.microsoft import CLIENT_SECRET, JWKS_PATH, MicrosoftStandIn
from addon.workbench.transport import GOOGLE_URL, MICROSOFT_URL, WSGIAdapter

EXTENSION = "raincheck.workbench"
DEFAULT_URL = "http://127.0.0.1:8000"
ORGANISATION = "lumen.example"  # the workbench's one organisation: its Workspace and its tenant


@dataclass
class Workbench:
    key: DevKey
    mailbox: Mailbox
    public_url: str
    google: GoogleStandIn
    microsoft: MicrosoftStandIn
    # The workbench's own time, for its samples: stopped by ``freeze`` with the hosts' clocks.
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)


def configure(config: Config) -> Config:
    """The settings with the stand-in and the development key for every Google and Microsoft
    setting left at its default; what the developer set stays."""
    stand_in_for = {
        "public_url": DEFAULT_URL,
        "secret_key": WORKBENCH_SECRET,
        "google_service_account": (devkey.GOOGLE_SERVICE_ACCOUNT,),
        "google_oauth_client_id": (devkey.GOOGLE_CLIENT_ID,),
        "google_certs_url": GOOGLE_URL + CERTS_PATH,
        "gmail_api_url": GOOGLE_URL,
        "calendar_api_url": GOOGLE_URL,
        "microsoft_client_id": devkey.MICROSOFT_CLIENT_ID,
        "microsoft_jwks_url": MICROSOFT_URL + JWKS_PATH,
        # Graph on behalf of the user, against the stand-in: calendar counts and free times.
        "microsoft_client_secret": CLIENT_SECRET,
        "microsoft_authority": MICROSOFT_URL,
        "graph_api_url": MICROSOFT_URL,
        "office_js_url": "/workbench/static/office/office-sim.js",
        # One directory for the demo organisation on both hosts: a tier set in the Gmail card
        # shows in the Outlook pane.
        "tenant_links": (f"{devkey.MICROSOFT_TENANT}={ORGANISATION}",),
    }
    defaults = Config()
    changes = {
        name: value
        for name, value in stand_in_for.items()
        if getattr(config, name) == getattr(defaults, name)
    }
    return config.replace(**changes)


def init_app(app: Flask, config: Config, *, sessions: tuple[requests.Session, ...]) -> Workbench:
    """``sessions``: the HTTP sessions the app calls Google and Microsoft with."""
    key, mailbox = DevKey.make(), Mailbox()
    google = GoogleStandIn(certs={key.kid: key.cert_pem}, mailbox=mailbox, record=False)
    microsoft = MicrosoftStandIn(
        keys=[key.jwk], record=False, url=MICROSOFT_URL, schedule_owners=None
    )
    calendar.seed(google, microsoft, now=dt.datetime.now(dt.UTC))
    adapters = {
        GOOGLE_URL: WSGIAdapter(google.app(), GOOGLE_URL),
        MICROSOFT_URL: WSGIAdapter(microsoft.app(), MICROSOFT_URL),
    }
    for session in sessions:
        for url, adapter in adapters.items():
            session.mount(url, adapter)
    workbench = Workbench(key, mailbox, config.public_url, google, microsoft)
    app.extensions[EXTENSION] = workbench
    return workbench


def load_demo(app: Flask) -> bool:
    """The fictional demo directory for the demo organisation (both hosts use it), only into
    an empty directory: a restart keeps the clients and tiers the user changed, which an import
    of the demo file would set back. True when the demo was loaded."""
    with store(app).session() as session:
        if Directory(session, ORGANISATION).clients():
            return False
    load_directory(store(app), ORGANISATION)
    return True


def client_count(app: Flask) -> int:
    with store(app).session() as session:
        return len(Directory(session, ORGANISATION).clients())


def freeze(app: Flask, now: dt.datetime) -> None:
    """Stop the workbench's clock at ``now``: the cards of both hosts and the calendar behind
    them, so that a tour draws the same cards whatever the day (the README's pictures)."""
    bench = app.extensions[EXTENSION]
    assert isinstance(bench, Workbench)
    bench.clock = lambda: now
    for actions in google(app).actions.values():
        actions.set_clock(bench.clock)
    outlook(app).actions.set_clock(bench.clock)
    bench.google.events.clear()
    bench.microsoft.events.clear()
    calendar.seed(bench.google, bench.microsoft, now=now)


def workbench() -> Workbench:
    found = current_app.extensions[EXTENSION]
    assert isinstance(found, Workbench)
    return found
