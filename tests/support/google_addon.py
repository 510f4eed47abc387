"""Driving the real app the way Google does: signed requests carrying event objects."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from addon.app import create_app, set_clock
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.manifests import GOOGLE_SCOPES, google_deployment
from addon.storage import store
from addon.workbench.standins.google import GoogleStandIn, calendar_event_object
from tests.support.cardcheck import buttons, check_response
from tests.support.clock import frozen
from tests.support.google_tokens import (
    CLIENT_ID,
    PUBLIC_URL,
    SERVICE_ACCOUNT,
    Key,
    system_claims,
    user_claims,
)
from tests.support.paths import SAMPLE_CLIENTS, invite_bytes
from tests.support.server import serve

SCOPES = list(GOOGLE_SCOPES)  # a user who granted everything the manifest asks for
MESSAGE = "18c2f0a1b2c3d4e5"
THREAD = "18c2f0a1b2c3d4e0"


@dataclass
class Google:
    """The app under test, Google's stand-in, and a user clicking through the cards."""

    client: FlaskClient
    key: Key
    stand_in: GoogleStandIn
    app: Flask
    context: dict[str, Any] = field(default_factory=dict)

    def post(
        self,
        path: str,
        body: dict[str, Any],
        *,
        system: dict[str, Any] | None = None,
        bearer: str | None = None,
    ) -> Any:
        token = bearer if bearer is not None else self.key.sign(system or system_claims(path))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(path, json=body, headers=headers)
        check_response(path, response.status_code, response.get_json(silent=True))
        return response

    def event(
        self,
        host: str = "GMAIL",
        *,
        user: str = "anna@lumen.example",
        hd: str | None = "lumen.example",
        params: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        scopes: list[str] | None = None,
        locale: str = "en-US",
        tz: str = "Europe/Stockholm",
        user_token: str | None = None,
        gmail: dict[str, Any] | None = None,
        calendar: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        common: dict[str, Any] = {
            "hostApp": host,
            "platform": "WEB",
            "userLocale": locale,
            "timeZone": {"id": tz, "offset": 3600000},
        }
        if params:
            common["parameters"] = params
        if form:
            common["formInputs"] = {k: {"stringInputs": {"value": [v]}} for k, v in form.items()}
        body: dict[str, Any] = {
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": "ya29.user-oauth-token",
                "userIdToken": user_token or self.key.sign(user_claims(user, hd)),
                "systemIdToken": "unused-here",
                "authorizedScopes": SCOPES if scopes is None else scopes,
            },
        }
        if gmail is not None:
            body["gmail"] = gmail
        if calendar is not None:
            # Only what the deployment's access level and the user's scopes give, as Google.
            body["calendar"] = calendar_event_object(
                calendar, google_deployment(PUBLIC_URL), SCOPES if scopes is None else scopes
            )
        return body

    def open_message(self, fixture: str = "exchange-quarterly-review.eml", **kw: Any) -> Any:
        self.stand_in.add_eml(MESSAGE, THREAD, invite_bytes(fixture))
        self.context = {"gmail": _gmail_context()}
        return self.post("/gmail/message", self.event(gmail=self.context["gmail"], **kw)).get_json()

    def click(
        self,
        card: dict[str, Any],
        text: str,
        *,
        form: dict[str, str] | None = None,
        host: str = "gmail",
        **kw: Any,
    ) -> Any:
        """Press the button labelled ``text`` on ``card`` (the first, or the one whose action
        carries ``strategy``), with these form values."""
        strategy = kw.pop("strategy", None)
        params = next(
            p for t, p in buttons(card) if t == text and strategy in (None, p.get("strategy"))
        )
        path = f"/{host}/action"
        event = self.event(host.upper(), params=params, form=form, **self.context, **kw)
        return self.post(path, event).get_json()

    def change(self, card: dict[str, Any], name: str, value: str, **kw: Any) -> Any:
        """Change the selection ``name`` (its onChangeAction calls back), keeping the others."""
        for section in card["sections"]:
            for widget in section["widgets"]:
                selection = widget.get("selectionInput")
                if selection and selection["name"] == name:
                    action = selection["onChangeAction"]
                    params = {p["key"]: p["value"] for p in action["parameters"]}
                    form = {**current_values(card), name: value, **kw.pop("form", {})}
                    path = action["function"].removeprefix(PUBLIC_URL)
                    host = path.split("/")[1].upper()
                    event = self.event(host, params=params, form=form, **self.context, **kw)
                    return self.post(path, event).get_json()
        raise AssertionError(f"no selection {name!r} on the card")


def current_values(card: dict[str, Any]) -> dict[str, str]:
    """What Gmail would send as form inputs for the card as drawn."""
    values: dict[str, str] = {}
    for section in card["sections"]:
        for widget in section["widgets"]:
            if "textInput" in widget and widget["textInput"].get("value"):
                values[widget["textInput"]["name"]] = widget["textInput"]["value"]
            if "selectionInput" in widget:
                chosen = [
                    i["value"] for i in widget["selectionInput"]["items"] if i.get("selected")
                ]
                if chosen:
                    values[widget["selectionInput"]["name"]] = chosen[0]
    return values


def _gmail_context() -> dict[str, Any]:
    return {"messageId": MESSAGE, "threadId": THREAD, "accessToken": "gmail-message-token"}


@pytest.fixture(scope="session")
def google_key() -> Key:
    return Key.make("google-key-1")


def google_config(stand_in_url: str, tmp_path: Path, **overrides: object) -> dict[str, object]:
    """The add-on's settings against Google's stand-in at ``stand_in_url``."""
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'addon.sqlite3'}",
        "PUBLIC_URL": PUBLIC_URL,
        "GOOGLE_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
        "GOOGLE_OAUTH_CLIENT_ID": CLIENT_ID,
        "GOOGLE_CERTS_URL": f"{stand_in_url}/oauth2/v1/certs",
        "GMAIL_API_URL": stand_in_url,
        "CALENDAR_API_URL": stand_in_url,
        # Under the stand-in's hang (HANG_SECONDS, 3 s), so a hang still ends in a timeout; at 1 s
        # a loopback answer on a loaded 2-core machine sometimes missed it (the signing keys).
        "HTTP_TIMEOUT": 2.5,
        **overrides,
    }


@pytest.fixture
def google(google_key: Key, tmp_path: Path) -> Iterator[Google]:
    with serve(GoogleStandIn(certs={google_key.kid: google_key.cert_pem})) as stand_in:
        app = create_app(google_config(stand_in.url, tmp_path))
        set_clock(app, frozen)
        with store(app).session() as session:
            Directory(session, "lumen.example").import_records(
                read_csv(SAMPLE_CLIENTS.read_bytes()), by="test"
            )
        yield Google(app.test_client(), google_key, stand_in, app)
