"""The Google side of the app as a Flask resource: one HTTP session, the certificate cache, the
verifier and the API client, made from the app's configuration in ``init_app``."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from flask import Flask, current_app

from addon.config import config_list
from addon.errors import AuthError
from addon.google.addon import GoogleAddon
from addon.google.api import CALENDAR_API, GMAIL_API, GoogleApi
from addon.google.verify import GOOGLE_CERTS_URL, GoogleVerifier, google_certs
from addon.storage import store

EXTENSION = "raincheck.google"
PATHS = {
    "gmail": ("/gmail/home", "/gmail/message", "/gmail/compose", "/gmail/action"),
    "calendar": ("/calendar/home", "/calendar/event", "/calendar/action"),
}


@dataclass
class Google:
    public_url: str
    verifier: GoogleVerifier
    api: GoogleApi
    addons: dict[str, GoogleAddon]

    def audience(self, path: str) -> str:
        """The system ID token's audience for a call to ``path``: the URL Google called."""
        if not self.public_url:
            raise AuthError("RAINCHECK_PUBLIC_URL is not set, so no Google request can verify")
        return self.public_url + path


def init_app(app: Flask) -> Google:
    config = app.config
    session = requests.Session()
    session.headers["User-Agent"] = "Raincheck/0.1"
    timeout = float(config.get("HTTP_TIMEOUT") or 10)
    public_url = str(config.get("PUBLIC_URL") or "").rstrip("/")
    certs = google_certs(
        str(config.get("GOOGLE_CERTS_URL") or GOOGLE_CERTS_URL), session, timeout=timeout
    )
    api = GoogleApi(
        session,
        gmail_url=str(config.get("GMAIL_API_URL") or GMAIL_API),
        calendar_url=str(config.get("CALENDAR_API_URL") or CALENDAR_API),
        timeout=timeout,
    )
    addons = {
        host: GoogleAddon(store(app), api, host=host, action_url=f"{public_url}/{host}/action")
        for host in PATHS
    }
    google = Google(
        public_url=public_url,
        verifier=GoogleVerifier(
            certs,
            service_accounts=config_list(config.get("GOOGLE_SERVICE_ACCOUNT")),
            oauth_client_ids=config_list(config.get("GOOGLE_OAUTH_CLIENT_ID")),
        ),
        api=api,
        addons=addons,
    )
    app.extensions[EXTENSION] = google
    return google


def google() -> Google:
    found = current_app.extensions[EXTENSION]
    assert isinstance(found, Google)
    return found
