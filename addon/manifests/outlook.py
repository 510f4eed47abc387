"""The Outlook add-in-only XML manifest (MailApp) for a base URL.

A Raincheck button opens the task pane on a message in read mode (which covers meeting requests,
class IPM.Schedule.Meeting.Request), on a meeting the user attends, and in compose. Element
order follows Microsoft's schema, which enforces it. The VersionOverrides 1.1 block, which adds
pinning and single sign-on, sits last inside the 1.0 block for clients that know only 1.0.
The XML comes from a template (autoescaped) so it reads as Microsoft's own examples do.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from addon.i18n import DEFAULT_LANG, LANGUAGES, TRANSLATED
from addon.manifests.base import (
    GRAPH_SCOPES,
    NAME,
    PROVIDER,
    SHORT_DESCRIPTION,
    TIP,
    VERSION,
    addin_id,
    check_base_url,
    check_version,
)
from addon.writing.templating import TEMPLATES_DIR

# Where the button goes, with whether the pane may stay pinned there (not on appointments).
SURFACES = (
    {"type": "MessageReadCommandSurface", "suffix": "Read", "pinnable": True},
    {"type": "AppointmentAttendeeCommandSurface", "suffix": "Attendee", "pinnable": False},
    {"type": "MessageComposeCommandSurface", "suffix": "Compose", "pinnable": True},
)
ICON_SIZES = (16, 32, 80)


@dataclass(frozen=True)
class OutlookApp:
    base_url: str
    client_id: str  # the app registration, for single sign-on
    id: str  # the XML add-in's id
    version: str = VERSION

    @classmethod
    def of(
        cls,
        base_url: str,
        client_id: str | None,
        configured_id: str | None,
        version: str | None = None,
    ) -> OutlookApp:
        return cls(
            check_base_url(base_url),
            client_id or "",
            addin_id(base_url, configured_id),
            check_version(version or VERSION),
        )

    @property
    def unified_id(self) -> str:
        """The unified manifest's own id: Microsoft wants it to differ from the XML add-in's,
        which it then hides (duplicate-legacy-metaos-add-ins.md)."""
        return str(uuid.uuid5(uuid.UUID(self.id), "unified-manifest"))

    @property
    def xml_version(self) -> str:
        """The version as the XML manifest writes it: four numbers."""
        parts = self.version.split(".")
        return ".".join(parts + ["0"] * (4 - len(parts)))

    @property
    def pane(self) -> str:
        return f"{self.base_url}/outlook/taskpane"

    def icon(self, size: int) -> str:
        return f"{self.base_url}/static/icon-{size}.png"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def resource(self) -> str:
        return f"api://{self.host}/{self.client_id}"


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR / "manifests"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def outlook_manifest(app: OutlookApp) -> bytes:
    text = {
        "name": NAME,
        "provider": PROVIDER,
        "short": SHORT_DESCRIPTION.render(DEFAULT_LANG),
        "tip": TIP.render(DEFAULT_LANG),
        # Each other language's texts, by the locale Outlook names it with ("sv-SE").
        "short_overrides": [(LANGUAGES[c].tag, SHORT_DESCRIPTION.render(c)) for c in TRANSLATED],
        "tip_overrides": [(LANGUAGES[c].tag, TIP.render(c)) for c in TRANSLATED],
    }
    xml = (
        _environment()
        .get_template("outlook.xml")
        .render(
            app=app,
            version=app.xml_version,
            text=text,
            surfaces=SURFACES,
            icon_sizes=ICON_SIZES,
            graph_scopes=GRAPH_SCOPES,
        )
    )
    return xml.encode("utf-8")
