"""The Google deployment manifest, generated for a base URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from google.apps.script.type import calendar, gmail
from google.apps.script.type import types as script_types

from addon.manifests import google_deployment
from tests.conftest import Result


def test_the_command_writes_the_google_deployment(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result: Result = cli(
        "manifests", "--base-url", "https://rc.example.com/", "--out", str(tmp_path)
    )
    assert result.code == 0, result.err
    written = json.loads((tmp_path / "google" / "deployment.json").read_text())
    assert written == google_deployment("https://rc.example.com")


def test_the_deployment_has_every_trigger_scope_and_http_option() -> None:
    manifest = google_deployment("https://rc.example.com")
    scopes = set(manifest["oauthScopes"])
    for scope in ("gmail.addons.current.message.readonly", "gmail.addons.current.action.compose",
                  "calendar.addons.execute",
                  "userinfo.email", "script.locale"):  # fmt: skip
        assert f"https://www.googleapis.com/auth/{scope}" in scopes
    addons = manifest["addOns"]
    assert addons["gmail"]["contextualTriggers"] == [
        {"unconditional": {}, "onTriggerFunction": "https://rc.example.com/gmail/message"}
    ]
    assert (
        addons["gmail"]["composeTrigger"]["actions"][0]["runFunction"]
        == "https://rc.example.com/gmail/compose"
    )
    assert addons["calendar"]["eventOpenTrigger"] == {
        "runFunction": "https://rc.example.com/calendar/event"
    }
    assert addons["calendar"]["currentEventAccess"] == "METADATA"
    assert addons["httpOptions"] == {
        "authorizationHeader": "SYSTEM_ID_TOKEN",
        "granularOauthPermissionSupport": "OPT_IN",
    }
    assert addons["common"]["useLocaleFromApp"] is True
    assert not addons["common"]["logoUrl"].endswith(".svg")
    # The parts Google's published manifest types know, parsed strictly.
    script_types.CommonAddOnManifest.from_json(json.dumps(addons["common"]))
    gmail.GmailAddOnManifest.from_json(json.dumps(addons["gmail"]))
    calendar.CalendarAddOnManifest.from_json(json.dumps(addons["calendar"]))


def test_every_function_in_the_manifest_is_an_endpoint_of_the_app(client) -> None:  # type: ignore[no-untyped-def]
    paths = set(
        re.findall(
            r"https://rc\.example\.com(/[^\"]+)",
            json.dumps(google_deployment("https://rc.example.com")),
        )
    )
    routes = {rule.rule for rule in client.application.url_map.iter_rules()}
    assert {"/gmail/home", "/gmail/message", "/gmail/compose", "/calendar/event"} <= paths
    for path in paths - {"/static/logo.png"}:
        assert path in routes, path
    with client.get("/static/logo.png") as logo:
        assert (logo.status_code, logo.mimetype) == (200, "image/png")


@pytest.mark.parametrize(
    "url", ["http://rc.example.com", "rc.example.com", "https://", "https://x.example/?a=1"]
)
def test_the_base_url_must_be_https(cli, url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("manifests", "--base-url", url)
    assert result.code == 2 and result.err.startswith("raincheck: --base-url")


def test_the_calendar_scopes_are_listed_only_for_consent_asked_at_use() -> None:
    """Calendar-aware advice needs calendar.events.readonly and calendar.freebusy. Google asks
    for listed scopes only; under granular consent (OPT_IN) each is the user's to grant, and
    Raincheck asks for the calendar ones when the user turns the feature on. No broader
    calendar scope is listed."""
    manifest = google_deployment("https://rc.example.com")
    calendar_scopes = {s for s in manifest["oauthScopes"] if "/auth/calendar." in s}
    assert calendar_scopes == {
        "https://www.googleapis.com/auth/calendar.addons.execute",
        "https://www.googleapis.com/auth/calendar.events.readonly",
        "https://www.googleapis.com/auth/calendar.freebusy",
    }
    assert "https://www.googleapis.com/auth/calendar" not in manifest["oauthScopes"]
    assert manifest["addOns"]["httpOptions"]["granularOauthPermissionSupport"] == "OPT_IN"


def test_every_scope_is_one_the_code_uses_and_none_is_broader() -> None:
    """Each listed scope, and the constant of the code that needs it: a scope nothing uses is
    one more for users to grant and for Google's verification to weigh."""
    from addon.google.api import FREE_BUSY, READ_EVENTS
    from addon.google.identity import SCOPE_EMAIL
    from addon.google.invites import SCOPE_COMPOSE, SCOPE_READ
    from addon.workbench.standins.google import CALENDAR_EXECUTE

    auth = "https://www.googleapis.com/auth/"
    used = {
        SCOPE_READ, SCOPE_COMPOSE, READ_EVENTS, FREE_BUSY, SCOPE_EMAIL, CALENDAR_EXECUTE,
        auth + "gmail.addons.execute",  # the Gmail add-on itself (Google's samples list it)
        auth + "gmail.addons.current.message.metadata",  # the compose trigger's draftAccess
        auth + "script.locale",  # the user's time zone in the event object
    }  # fmt: skip
    assert set(google_deployment("https://rc.example.com")["oauthScopes"]) == used
    for broader in ("calendar", "calendar.readonly", "calendar.events", "gmail.readonly",
                    "gmail.modify", "gmail.compose", "calendar.addons.current.event.read"):  # fmt: skip
        assert auth + broader not in used
