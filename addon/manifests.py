"""The add-on manifests, generated for the URL the backend is deployed at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from addon.errors import UsageError

NAME = "Raincheck"
GOOGLE_SCOPES = (
    "https://www.googleapis.com/auth/gmail.addons.execute",
    "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
    "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
    "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
    "https://www.googleapis.com/auth/calendar.addons.execute",
    "https://www.googleapis.com/auth/calendar.addons.current.event.read",
    "https://www.googleapis.com/auth/calendar.events.readonly",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/script.locale",
)


def check_base_url(base_url: str) -> str:
    """An https origin (with an optional path) that Google and Outlook can call."""
    parts = urlsplit(base_url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise UsageError(
            f"--base-url must be an https URL, such as https://raincheck.example.com; "
            f"got {base_url!r}"
        )
    if parts.query or parts.fragment:
        raise UsageError("--base-url takes no query or fragment")
    return base_url.strip().rstrip("/")


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


def write_manifests(base_url: str, folder: Path) -> list[Path]:
    target = folder / "google" / "deployment.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(google_deployment(base_url), indent=2) + "\n", encoding="utf-8")
    return [target]
