"""The Google Workspace add-on deployment (HTTP runtime) for a base URL."""

from __future__ import annotations

from typing import Any

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
                "openLinkUrlPrefixes": ["https://mail.google.com/", f"{base}/"],
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
                "currentEventAccess": "READ",
            },
            "httpOptions": {
                "authorizationHeader": "SYSTEM_ID_TOKEN",
                "granularOauthPermissionSupport": "OPT_IN",
            },
        },
    }
