"""The Outlook side of the app as a Flask resource: Microsoft's key cache, the token verifier,
the calendar-link tickets and the pane's API, made from the app's configuration."""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, url_for

from addon import upstream
from addon.cardflow.calendar import Calendars
from addon.config import Config
from addon.outlook.actions import OutlookActions
from addon.outlook.api import GraphApi, client_credential
from addon.outlook.clouds import CLOUDS, Cloud
from addon.outlook.tickets import Tickets
from addon.outlook.verify import SCOPE, MicrosoftVerifier, microsoft_keys
from addon.storage import store

EXTENSION = "raincheck.outlook"
MSAL_IN_VENV = "npm/node_modules/@azure/msal-browser/lib/msal-browser.min.js"


@dataclass
class Outlook:
    verifier: MicrosoftVerifier
    tickets: Tickets
    actions: OutlookActions
    office_js: str  # where the pane loads Office.js from: Microsoft's CDN
    max_body: int  # the largest request body the app takes, in bytes
    office_origins: tuple[str, ...] = ()  # where Office.js loads its further scripts from
    ready_timeout: float = 20.0  # seconds the pane waits for Office.onReady
    msal_js: Path | None = None  # MSAL.js, served from our origin for nested app auth
    client_id: str = ""  # the app registration, for nested app authentication
    scope: str = ""  # what the pane asks a token for: api://HOST/CLIENT_ID/access_as_user
    # Where the fallback sign-in (an Office dialog, MSAL.js) signs the user in: the cloud's
    # sign-in host and "common", or "organizations" when personal accounts are not served.
    sign_in_authority: str = ""

    @property
    def script_origins(self) -> tuple[str, ...]:
        """Where pages may load scripts from besides ourselves: Office.js's origin (none when
        it is ours, as the workbench's simulated Office.js is) and those it loads from."""
        parts = urlsplit(self.office_js)
        own = (f"{parts.scheme}://{parts.netloc}",) if parts.netloc else ()
        return tuple(dict.fromkeys((*own, *self.office_origins)))


def _in_cloud(config: Config, cloud: Cloud) -> tuple[str, str, str]:
    """The sign-in authority, Graph and the signing keys: what was set, else the cloud's."""
    defaults = Config()

    def pick(name: str, of_cloud: str) -> str:
        value = str(getattr(config, name))
        return value if value != getattr(defaults, name) else of_cloud

    return (
        pick("microsoft_authority", cloud.login),
        pick("graph_api_url", cloud.graph),
        pick("microsoft_jwks_url", cloud.jwks_url),
    )


def frame_origins(config: Config) -> tuple[str, ...]:
    """Who may frame our pages besides ourselves: the cloud's Outlook origins and any set."""
    origins = (*CLOUDS[config.microsoft_cloud].outlook_origins, *config.outlook_frame_origins)
    return tuple(dict.fromkeys(origins))


def msal_script(configured: str) -> Path | None:
    """MSAL.js's browser bundle: the configured file, else the one scripts/bootstrap installs
    from npm beside the venv's Python. The pane works without it (Office SSO only)."""
    path = Path(configured) if configured else Path(sys.prefix) / MSAL_IN_VENV
    return path if path.is_file() else None


def application_id_uri(public_url: str, client_id: str) -> str:
    """Office single sign-on wants ``api://<host of the pane>/<client id>``."""
    host = urlsplit(public_url).netloc
    return f"api://{host}/{client_id}" if host and client_id else ""


def init_app(app: Flask, config: Config) -> Outlook:
    session = upstream.session()
    timeout, public_url = config.http_timeout, config.public_url
    client_id = config.microsoft_client_id
    id_uri = config.microsoft_app_id_uri or application_id_uri(public_url, client_id)
    secret = config.secret_key
    if not secret:
        # Calendar links then last only as long as this process; set RAINCHECK_SECRET_KEY when
        # more than one process serves the pane.
        secret = secrets.token_urlsafe(32)
    tickets = Tickets(secret)

    def calendar_url(ticket: str) -> str:
        # Outlook fetches the file itself: the URL must be absolute, and public when known.
        name = ticket + ".ics"
        if public_url:
            return public_url + url_for("outlook.calendar_file", ticket=name)
        return url_for("outlook.calendar_file", ticket=name, _external=True)

    cloud = CLOUDS[config.microsoft_cloud]
    authority, graph_url, jwks_url = _in_cloud(config, cloud)
    credential = client_credential(
        config.microsoft_client_secret, config.microsoft_client_certificate
    )
    graph = None
    if client_id and credential:
        graph = GraphApi(
            client_id=client_id,
            credential=credential,
            session=session,
            authority=authority,
            graph_url=graph_url,
            timeout=timeout,
            tenant_apps=config.microsoft_tenant_apps,
        )
    outlook = Outlook(
        verifier=MicrosoftVerifier(
            microsoft_keys(jwks_url, session, timeout=timeout),
            audiences=tuple(a for a in (client_id, id_uri) if a),
            tenants=config.microsoft_tenants,
            addresses_of=graph.addresses if graph is not None else None,
            personal_accounts=config.microsoft_personal_accounts,
            cloud=cloud,
        ),
        tickets=tickets,
        actions=OutlookActions(
            store(app),
            tickets,
            calendar_url,
            graph=graph,
            calendars=Calendars(config.calendar_budget),
        ),
        office_js=config.office_js_url,
        max_body=config.max_content_length,
        office_origins=config.office_script_origins,
        ready_timeout=config.office_ready_timeout,
        msal_js=msal_script(config.msal_browser_js),
        client_id=client_id,
        scope=f"{id_uri}/{SCOPE}" if id_uri else "",
        sign_in_authority=authority
        + ("/common" if config.microsoft_personal_accounts else "/organizations"),
    )
    app.extensions[EXTENSION] = outlook
    return outlook


def outlook(app: Flask | None = None) -> Outlook:
    """The Outlook side of ``app``, by default the app handling the request."""
    found = (app or current_app).extensions[EXTENSION]
    assert isinstance(found, Outlook)
    return found
