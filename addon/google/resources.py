"""The Google side of the app as a Flask resource: one HTTP session, the certificate cache, the
verifier and the API client, made from the app's configuration in ``init_app``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from addon import upstream
from addon.cardflow.calendar import Calendars
from addon.config import Config
from addon.errors import AuthError
from addon.google.actions import GoogleActions
from addon.google.api import GoogleApi
from addon.google.verify import GoogleVerifier, google_certs
from addon.hosts import GOOGLE_HOSTS, Host
from addon.manifests.google import open_link_url_prefixes
from addon.storage import store

EXTENSION = "raincheck.google"


@dataclass
class Google:
    public_url: str  # where the system ID token's audience starts (the audience base)
    verifier: GoogleVerifier
    api: GoogleApi
    actions: dict[Host, GoogleActions]

    def audience(self, path: str) -> str:
        """The system ID token's audience for a call to ``path``: the URL Google called."""
        if not self.public_url:
            raise AuthError(
                "RAINCHECK_PUBLIC_URL (or RAINCHECK_GOOGLE_AUDIENCE_URL) is not set, so no "
                "Google request can verify"
            )
        return self.public_url + path


def init_app(app: Flask, config: Config) -> Google:
    session = upstream.session()
    timeout, public_url = config.http_timeout, config.public_url
    certs = google_certs(config.google_certs_url, session, timeout=timeout)
    api = GoogleApi(
        session,
        gmail_url=config.gmail_api_url,
        calendar_url=config.calendar_api_url,
        timeout=timeout,
    )
    links = tuple(open_link_url_prefixes(public_url)) if public_url else ()
    calendars = Calendars(config.calendar_budget)  # one cache for Gmail and Calendar
    actions = {
        host: GoogleActions(
            store(app),
            api,
            host=host,
            action_url=f"{public_url}/{host}/action",
            open_links=links,
            calendars=calendars,
        )
        for host in GOOGLE_HOSTS
    }
    google = Google(
        public_url=config.google_audience_url or public_url,
        verifier=GoogleVerifier(
            certs,
            service_accounts=config.google_service_account,
            oauth_client_ids=config.google_oauth_client_id,
        ),
        api=api,
        actions=actions,
    )
    app.extensions[EXTENSION] = google
    return google


def google(app: Flask | None = None) -> Google:
    """The Google side of ``app``, by default the app handling the request."""
    found = (app or current_app).extensions[EXTENSION]
    assert isinstance(found, Google)
    return found
