"""``raincheck doctor``: what Google and Microsoft must be told for this configuration, and what
is missing. Every line is something to compare with the Google Cloud console, the add-on's
deployment (``gcloud workspace-add-ons get-authorization``) or the Entra app registration."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import click

from addon.app import config_of
from addon.cli.base import _app, say
from addon.cli.base import cli as group
from addon.google.resources import google as google_resource
from addon.hosts import GOOGLE_HOSTS
from addon.invite.join_links import JOIN_SERVICES
from addon.manifests.base import GRAPH_SCOPES
from addon.manifests.google import GOOGLE_SCOPES, google_deployment
from addon.outlook.resources import frame_origins
from addon.outlook.resources import outlook as outlook_resource
from addon.views.google import paths

# Office's own client: pre-authorized for access_as_user, so that getAccessToken asks no consent
# ("Register an Office Add-in that uses SSO").
OFFICE_CLIENT_ID = "ea5a67f6-b6f3-4338-b240-c655ddc3cc8e"
CURRENT_EVENT_READ = "https://www.googleapis.com/auth/calendar.addons.current.event.read"

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
        say("  asked for when first needed: calendar.events.readonly (opening a Calendar "
            "event; calendar-aware advice), calendar.freebusy (calendar-aware advice)")  # fmt: skip
        # A base that is not https is reported below as the problem it is; the deployment's
        # other figures (access level, link prefixes) do not depend on it.
        deployment = google_deployment(base if _https(base) else "https://HOST")["addOns"]
        access = deployment["calendar"]["currentEventAccess"]
        say(f"  Calendar event access: {access} (the event itself read with events.readonly)")
        if access in ("READ", "READ_WRITE") and CURRENT_EVENT_READ not in GOOGLE_SCOPES:
            problems.append(f"currentEventAccess {access} needs {CURRENT_EVENT_READ}")
        prefixes = deployment["common"]["openLinkUrlPrefixes"]
        services = sorted({service.name for service in JOIN_SERVICES})
        say(f"  links the cards may open: {len(prefixes)} prefixes, with the join links of "
            f"{', '.join(services)}")  # fmt: skip
        if not base:
            problems.append("RAINCHECK_PUBLIC_URL is unset: every Google request is refused")
        for name, url in (
            ("PUBLIC_URL", config.public_url),
            ("GOOGLE_AUDIENCE_URL", config.google_audience_url),
        ):
            if url and not _https(url):
                problems.append(
                    f"RAINCHECK_{name} {url} is not https: Google and Microsoft call add-ons "
                    "only over HTTPS"
                )
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
        public = config.public_url
        pane_host = urlsplit(public).netloc or "HOST"
        say("  app registration, single-page application redirect URIs, in this order: "
            f"{public or 'https://HOST'}/outlook/signin (the sign-in window where Office cannot "
            f"sign in), brk-multihub://{pane_host} (nested app authentication)")  # fmt: skip
        say(f"  authorized client application (Office): {OFFICE_CLIENT_ID}, access_as_user")
        say(f"  admin consent: {outlook.sign_in_authority.rsplit('/', 1)[0]}/TENANT_ID/"
            f"adminconsent?client_id={config.microsoft_client_id or 'CLIENT_ID'}")  # fmt: skip
        say("  Outlook: Mailbox 1.3 and up, desktop and web (no mobile); the pane does what "
            "each Outlook's requirement sets allow")  # fmt: skip
        id_uri = next((a for a in outlook.verifier.audiences if a.startswith("api://")), "")
        id_host = id_uri.removeprefix("api://").split("/", 1)[0]
        if id_host and public and id_host != pane_host:
            problems.append(
                f"the application id URI {id_uri} names {id_host}, but the pane is served "
                f"from {pane_host}: Office single sign-on needs the same host"
            )
        if not config.microsoft_client_id:
            problems.append(
                "RAINCHECK_MICROSOFT_CLIENT_ID is unset: every Outlook request is refused"
            )
    for problem in problems:
        say(f"problem: {problem}", err=True)
    if problems:
        sys.exit(2)
    say("ok: nothing missing")


def _https(url: str) -> bool:
    """Google and Microsoft call add-ons only over HTTPS, localhost included."""
    return urlsplit(url).scheme == "https"
