"""What every manifest shares: the product's name and texts (translated through the catalogs),
and the base URL check."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from addon.errors import UsageError
from addon.i18n import msg

NAME = "Raincheck"
# The Microsoft Graph permissions the pane's on-behalf-of exchange asks for
# (addon.outlook.api): listed in the manifests, granted in the app registration.
GRAPH_SCOPES = ("Mail.Read", "Calendars.Read", "User.Read")
PROVIDER = "Raincheck"
VERSION = "1.0.0"
# The texts Outlook shows, in English (the manifests' default) and, from the catalogs, in
# every other language Raincheck speaks.
SHORT_DESCRIPTION = msg("Back out of client meetings without hurting the relationship.")
DESCRIPTION = msg(
    "Raincheck reads the meeting invite you have open, weighs the client and your reason, and "
    "in a click or two opens a polite counter-proposal (a call, a shorter meeting, email for "
    "now) or a briefing for the account manager who can speak for you. It never sends mail."
)
TIP = msg("See how much this client weighs, then open a polite counter-proposal or a briefing.")
FULL_NAME = msg("{name} for Outlook", name=NAME)


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


def check_version(version: str) -> str:
    """A manifest version: two to four numbers, as both manifests accept (n.n.n.n in XML)."""
    parts = version.strip().split(".")
    if not 2 <= len(parts) <= 4 or not all(p.isdigit() and len(p) <= 5 for p in parts):
        raise UsageError(f"--version must look like 1.2.3; got {version!r}")
    return ".".join(str(int(p)) for p in parts)


def addin_id(base_url: str, configured: str | None = None) -> str:
    """The add-in's GUID: the configured one, else one derived from the base URL, so that
    regenerating the manifests for the same deployment keeps the same add-in."""
    if configured:
        try:
            return str(uuid.UUID(configured))
        except ValueError as exc:
            raise UsageError(f"the add-in id must be a GUID; got {configured!r}") from exc
    return str(uuid.uuid5(uuid.NAMESPACE_URL, check_base_url(base_url) + "/outlook"))
