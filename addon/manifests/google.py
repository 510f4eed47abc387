"""The Google Workspace add-on deployment (HTTP runtime) for a base URL."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from addon.invite.join_links import join_link_prefixes
from addon.manifests.base import NAME, check_base_url

# Under granular consent (httpOptions below) every scope is the user's to grant or not; the
# calendar ones (events.readonly beyond the open event, freebusy) are asked for only when the
# user turns on calendar-aware advice in settings (``requesting_google_scopes``), and Raincheck
# works without them.
GOOGLE_SCOPES = (
    "https://www.googleapis.com/auth/gmail.addons.execute",
    "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
    "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
    "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
    "https://www.googleapis.com/auth/calendar.addons.execute",
    "https://www.googleapis.com/auth/calendar.events.readonly",
    "https://www.googleapis.com/auth/calendar.freebusy",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/script.locale",
)


def open_link_url_prefixes(base_url: str) -> list[str]:
    """Where the cards' links may go: Gmail (a reply Calendar hands over), Raincheck's own pages,
    and the join links of every meeting service the invite reader recognises. ``base_url`` is
    not checked here: the workbench's http address filters links the way Google would."""
    base = base_url.strip().rstrip("/")
    return ["https://mail.google.com/", f"{base}/", *join_link_prefixes()]


def open_link_allowed(url: str, prefixes: Iterable[str]) -> bool:
    """Whether Google lets an add-on open ``url``: it must match an ``openLinkUrlPrefixes``
    entry, else Google blocks it ("Allowlist URLs", developers.google.com/apps-script/manifest/
    allowlist-url): https only; the URL is the prefix or under it (paths compare case-
    sensitively); a ``*.`` host takes any subdomain."""
    if not url.lower().startswith("https://"):
        return False
    host, _, rest = url[len("https://") :].partition("/")
    host = host.lower()
    for prefix in prefixes:
        if prefix == "*":
            return True
        p_host, _, p_path = prefix.removeprefix("https://").partition("/")
        p_host = p_host.lower()
        if p_host.startswith("*.") and not host.endswith(p_host[1:]):
            continue
        if not p_host.startswith("*.") and host != p_host:
            continue
        if rest == p_path or (
            rest.startswith(p_path)
            and (not p_path or p_path.endswith("/") or rest[len(p_path)] in "/?#")
        ):
            return True
    return False


def google_deployment(base_url: str) -> dict[str, Any]:
    """``deployment.json`` for ``gcloud workspace-add-ons deployments create``."""
    base = check_base_url(base_url)
    logo = f"{base}/static/logo.png"
    return {
        "oauthScopes": list(GOOGLE_SCOPES),
        "addOns": {
            "common": {
                "name": NAME,
                "logoUrl": logo,
                "layoutProperties": {"primaryColor": "#2070e0", "secondaryColor": "#1a73e8"},
                "useLocaleFromApp": True,
                "homepageTrigger": {"runFunction": f"{base}/gmail/home", "enabled": True},
                "openLinkUrlPrefixes": open_link_url_prefixes(base),
            },
            "gmail": {
                "homepageTrigger": {"runFunction": f"{base}/gmail/home", "enabled": True},
                "contextualTriggers": [
                    {"unconditional": {}, "onTriggerFunction": f"{base}/gmail/message"}
                ],
                "composeTrigger": {
                    "actions": [
                        {"runFunction": f"{base}/gmail/compose", "label": NAME, "logoUrl": logo}
                    ],
                    "draftAccess": "METADATA",
                },
            },
            "calendar": {
                "homepageTrigger": {"runFunction": f"{base}/calendar/home", "enabled": True},
                "eventOpenTrigger": {"runFunction": f"{base}/calendar/event"},
                # The event's ids, which events.get (calendar.events.readonly) turns into the
                # whole event. READ would add attendees and conference data, which events.get
                # returns anyway, but no title or times, and needs one more scope:
                # calendar.addons.current.event.read.
                "currentEventAccess": "METADATA",
            },
            "httpOptions": {
                "authorizationHeader": "SYSTEM_ID_TOKEN",
                "granularOauthPermissionSupport": "OPT_IN",
            },
        },
    }
