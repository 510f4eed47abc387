"""The unified app manifest for Microsoft 365 (manifest.json) of the Outlook add-in, with the
same surfaces as the XML manifest: read mode (meeting requests included), meetings the user
attends, and compose. Its icons travel beside it in the app package."""

from __future__ import annotations

from typing import Any

from addon.i18n import DEFAULT_LANG, LANGUAGES, TRANSLATED, Lang
from addon.manifests.base import DESCRIPTION, FULL_NAME, NAME, PROVIDER, SHORT_DESCRIPTION, TIP
from addon.manifests.outlook import ICON_SIZES, OutlookApp

MANIFEST_VERSION = "1.24"
SCHEMA = (
    "https://developer.microsoft.com/json-schemas/teams/"
    f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
PACKAGE_ICONS = {"color": "color.png", "outline": "outline.png"}  # 192x192 and 32x32 outline
MAILBOX = {"capabilities": [{"name": "Mailbox", "minVersion": "1.3"}]}
LOCALIZATION_SCHEMA = (
    "https://developer.microsoft.com/json-schemas/teams/"
    f"v{MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json"
)
# The app package's translations, beside manifest.json: language -> (its tag, its file).
LANGUAGE_FILES: dict[Lang, tuple[str, str]] = {
    code: (LANGUAGES[code].tag.lower(), f"{LANGUAGES[code].tag.lower()}.json")
    for code in TRANSLATED
}
RIBBONS = 2  # the read/compose ribbon and the meeting ribbon below


def unified_manifest(app: OutlookApp) -> dict[str, Any]:
    icons = [{"size": size, "url": app.icon(size)} for size in ICON_SIZES]
    manifest: dict[str, Any] = {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": app.version,
        "id": app.unified_id,
        "name": {"short": NAME, "full": FULL_NAME.render(DEFAULT_LANG)},
        "description": {
            "short": SHORT_DESCRIPTION.render(DEFAULT_LANG),
            "full": DESCRIPTION.render(DEFAULT_LANG),
        },
        "developer": {
            "name": PROVIDER,
            "websiteUrl": f"{app.base_url}/",
            "privacyUrl": f"{app.base_url}/#privacy",
            "termsOfUseUrl": f"{app.base_url}/#terms",
        },
        "icons": dict(PACKAGE_ICONS),
        "accentColor": "#0F6CBD",
        "validDomains": [app.host],
        "authorization": {
            "permissions": {
                "resourceSpecific": [{"name": "MailboxItem.ReadWrite.User", "type": "Delegated"}]
            }
        },
        "extensions": [
            {
                # Desktop and web only: Outlook mobile opens no reply form from an add-in
                # (displayReplyForm: "not supported on mobile"), so no mobile surface is
                # declared, as the XML manifest declares no MobileFormFactor.
                "requirements": {"scopes": ["mail"], "formFactors": ["desktop"], **MAILBOX},
                "runtimes": [
                    {
                        "requirements": MAILBOX,
                        "id": "TaskPaneRuntime",
                        "type": "general",
                        "code": {"page": app.pane},
                        "lifetime": "short",
                        "actions": [
                            # Pinning keeps the pane across messages; Outlook has none for
                            # calendar items.
                            {
                                "id": "ShowTaskPane",
                                "type": "openPage",
                                "view": "homepage",
                                "pinnable": True,
                            },
                            {
                                "id": "ShowMeetingPane",
                                "type": "openPage",
                                "view": "homepage",
                                "pinnable": False,
                            },
                        ],
                    }
                ],
                # Where the XML add-in is installed too, Outlook shows this one only.
                "alternates": [{"hide": {"customOfficeAddin": {"officeAddinId": app.id}}}],
                "ribbons": [
                    _ribbon(["mailRead", "mailCompose"], "ShowTaskPane", "Mail", icons),
                    _ribbon(["meetingDetailsAttendee"], "ShowMeetingPane", "Meeting", icons),
                ],
            }
        ],
    }
    manifest["localizationInfo"] = {
        "defaultLanguageTag": "en-us",
        "additionalLanguages": [
            {"languageTag": tag, "file": file} for tag, file in LANGUAGE_FILES.values()
        ],
    }
    if app.client_id:
        manifest["webApplicationInfo"] = {"id": app.client_id, "resource": app.resource}
    return manifest


def language_strings(lang: Lang) -> dict[str, str]:
    """A language's file of the app package: the names and texts its Outlook shows."""
    strings = {
        "$schema": LOCALIZATION_SCHEMA,
        "name.short": NAME,
        "name.full": FULL_NAME.render(lang),
        "description.short": SHORT_DESCRIPTION.render(lang),
        "description.full": DESCRIPTION.render(lang),
    }
    for ribbon in range(RIBBONS):
        control = f"extensions[0].ribbons[{ribbon}].tabs[0].groups[0].controls[0]"
        strings[f"{control}.supertip.description"] = TIP.render(lang)
    return strings


def _ribbon(
    contexts: list[str], action: str, suffix: str, icons: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "contexts": contexts,
        "tabs": [
            {
                "builtInTabId": "TabDefault",
                "groups": [
                    {
                        "id": f"raincheckGroup{suffix}",
                        "label": NAME,
                        "icons": icons,
                        "controls": [
                            {
                                "id": f"raincheckOpen{suffix}",
                                "type": "button",
                                "label": NAME,
                                "icons": icons,
                                "supertip": {
                                    "title": NAME,
                                    "description": TIP.render(DEFAULT_LANG),
                                },
                                "actionId": action,
                            }
                        ],
                    }
                ],
            }
        ],
    }
