"""The workbench as a Flask resource, only in development (``RAINCHECK_ENV=development``).

``configure`` points the app's Google and Microsoft settings, where unset, at the in-process
stand-in and the development key, before the real resources are built from them; ``init_app``
then routes their HTTP sessions to the stand-in. Nothing else changes: the same verifiers,
API clients and endpoints run as in production.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from flask import Flask, current_app

from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.storage import store
from addon.workbench import devkey
from addon.workbench.devkey import DevKey
from addon.workbench.mailbox import Mailbox
from addon.workbench.standin import CERTS_PATH, JWKS_PATH, stand_in
from addon.workbench.transport import STAND_IN_URL, WSGIAdapter

EXTENSION = "raincheck.workbench"
DEVELOPMENT = "development"
DEFAULT_URL = "http://127.0.0.1:8000"
DEMO_CLIENTS = "samples/clients.csv"


@dataclass
class Workbench:
    key: DevKey
    mailbox: Mailbox
    public_url: str


def is_development(app: Flask) -> bool:
    return str(app.config.get("ENV") or "").lower() == DEVELOPMENT


def configure(app: Flask) -> None:
    defaults = {
        "PUBLIC_URL": DEFAULT_URL,
        "SECRET_KEY": "raincheck-workbench-only",
        "GOOGLE_SERVICE_ACCOUNT": devkey.GOOGLE_SERVICE_ACCOUNT,
        "GOOGLE_OAUTH_CLIENT_ID": devkey.GOOGLE_CLIENT_ID,
        "GOOGLE_CERTS_URL": STAND_IN_URL + CERTS_PATH,
        "GMAIL_API_URL": STAND_IN_URL,
        "CALENDAR_API_URL": STAND_IN_URL,
        "MICROSOFT_CLIENT_ID": devkey.MICROSOFT_CLIENT_ID,
        "MICROSOFT_JWKS_URL": STAND_IN_URL + JWKS_PATH,
        "OFFICE_JS_URL": "/static/workbench/office-sim.js",
    }
    for name, value in defaults.items():
        if not app.config.get(name):
            app.config[name] = value


def init_app(app: Flask, *, sessions: tuple[requests.Session, ...]) -> Workbench:
    """``sessions``: the HTTP sessions the app calls Google and Microsoft with."""
    key, mailbox = DevKey.make(), Mailbox()
    adapter = WSGIAdapter(stand_in(key, mailbox))
    for session in sessions:
        session.mount(STAND_IN_URL, adapter)
    workbench = Workbench(key, mailbox, str(app.config["PUBLIC_URL"]).rstrip("/"))
    app.extensions[EXTENSION] = workbench
    return workbench


def load_demo(app: Flask) -> None:
    """The fictional demo directory, for the workbench's Google and Microsoft tenants (an
    import of the same file changes nothing the second time)."""
    from importlib.resources import files

    records = read_csv(files("addon").joinpath(DEMO_CLIENTS).read_bytes())
    with store(app).session() as session:
        for tenant in ("lumen.example", devkey.MICROSOFT_TENANT):
            Directory(session, tenant).import_records(records)


def workbench() -> Workbench:
    found = current_app.extensions[EXTENSION]
    assert isinstance(found, Workbench)
    return found
