"""``raincheck doctor``: what Google and Microsoft must be told for this configuration, and what
is missing. Every line is something to compare with the Google Cloud console, the add-on's
deployment (``gcloud workspace-add-ons get-authorization``) or the Entra app registration."""

from __future__ import annotations

import sys

import click

from addon.app import config_of
from addon.cli.base import _app, say
from addon.cli.base import cli as group
from addon.google.resources import google as google_resource
from addon.hosts import GOOGLE_HOSTS
from addon.manifests.base import GRAPH_SCOPES
from addon.manifests.google import GOOGLE_SCOPES
from addon.outlook.resources import frame_origins
from addon.outlook.resources import outlook as outlook_resource
from addon.views.google import paths

# What to enable in the Google Cloud project (gcloud services enable ...): the add-ons API that
# holds the deployment, and the APIs the code calls.
GOOGLE_APIS = (
    "gsuiteaddons.googleapis.com",
    "gmail.googleapis.com",
    "calendar-json.googleapis.com",
)


@group.command("doctor")
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Print what Google and Microsoft must match for this configuration; exit 2 when something
    a deployment needs is missing."""
    app = _app(ctx)
    config = config_of(app)
    problems: list[str] = []
    with app.app_context():
        google, outlook = google_resource(), outlook_resource()
        base = google.public_url
        say("Google (Gmail and Calendar add-on)")
        say(f"  APIs to enable: {', '.join(GOOGLE_APIS)}")
        for host in GOOGLE_HOSTS:
            for path in paths(host):
                say(f"  endpoint and system token audience: {base or '(unset)'}{path}")
        accounts = ", ".join(config.google_service_account)
        say(f"  system token email (service account): {accounts or '(unset)'}")
        clients = ", ".join(config.google_oauth_client_id)
        say(f"  user token audience (the deployment's oauthClientId): {clients or '(unset)'}")
        say(f"  scopes: {' '.join(s.rsplit('/', 1)[-1] for s in GOOGLE_SCOPES)}")
        if not base:
            problems.append("RAINCHECK_PUBLIC_URL is unset: every Google request is refused")
        if not accounts:
            problems.append(
                "RAINCHECK_GOOGLE_SERVICE_ACCOUNT is unset: take serviceAccountEmail from "
                "gcloud workspace-add-ons get-authorization"
            )
        if not clients:
            problems.append(
                "RAINCHECK_GOOGLE_OAUTH_CLIENT_ID is unset: take oauthClientId from "
                "gcloud workspace-add-ons get-authorization"
            )
        say("Microsoft (Outlook add-in)")
        say(f"  cloud: {config.microsoft_cloud}; keys: {outlook.verifier.keys.url}")
        audiences = ", ".join(outlook.verifier.audiences)
        say(f"  token audiences (client id, application id URI): {audiences or '(unset)'}")
        say(f"  pane: {config.public_url or '(unset)'}/outlook/taskpane")
        say(f"  frame origins: {' '.join(frame_origins(config))}")
        say(f"  script origins: {' '.join(outlook.script_origins)}")
        graph = (
            "on behalf of the user"
            if config.microsoft_client_secret or (config.microsoft_client_certificate)
            else "off (no client secret or certificate)"
        )
        say(f"  Graph: {graph}; permissions to grant: {', '.join(GRAPH_SCOPES)}")
        say(f"  nested app authentication: {'MSAL.js served' if outlook.msal_js else 'off'}")
        if not config.microsoft_client_id:
            problems.append(
                "RAINCHECK_MICROSOFT_CLIENT_ID is unset: every Outlook request is refused"
            )
    for problem in problems:
        say(f"problem: {problem}", err=True)
    if problems:
        sys.exit(2)
    say("ok: nothing missing")
