"""Driving the real app the way the Outlook task pane does: the item as Office.js gives it,
POSTed with a Microsoft access token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from addon.app import create_app, set_clock
from addon.demo import ahead_of as still_ahead
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.invite.reader import read_invite
from addon.storage import store
from addon.workbench.standins.mailbox import as_email
from addon.workbench.standins.microsoft import CLIENT_SECRET, JWKS_PATH, MicrosoftStandIn
from addon.workbench.standins.office import MEETING_REQUEST
from addon.workbench.standins.office import office_item as workbench_item
from tests.support.clock import frozen
from tests.support.google_tokens import PUBLIC_URL, Key
from tests.support.microsoft_tokens import CLIENT_ID, TENANT, access_claims, jwk, sign
from tests.support.paths import SAMPLE_CLIENTS, invite_bytes
from tests.support.server import serve
from tests.support.tls import loopback_certificate


def office_item(
    fixture: str, *, raw: bool = True, ahead_of: dt.date | None = None
) -> dict[str, Any]:
    """What the pane reads with Office.js from this invite email in read mode (the
    workbench's rendering of it); with ``raw`` also the whole message as ``getAsFileAsync``
    gives it; with ``ahead_of``, the invite moved by whole weeks to be after that day (for a
    server that runs on the real clock)."""
    data = invite_bytes(fixture)
    if ahead_of is not None:
        data = still_ahead(data, ahead_of)
    item = workbench_item(as_email(data), f"AAMkAD-{fixture}")
    item["itemClass"] = MEETING_REQUEST
    if not raw:
        del item["eml"]
    return item


@dataclass
class Outlook:
    """The app under test, Microsoft's stand-in, and a pane sending what Office.js read."""

    client: FlaskClient
    key: Key
    stand_in: MicrosoftStandIn
    app: Flask

    def token(self, user: str = "anna@lumen.example", **changes: Any) -> str:
        return sign(self.key, access_claims(user, **changes))

    def body(
        self,
        item: dict[str, Any] | None,
        *,
        user: str = "anna@lumen.example",
        action: str = "open",
        params: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        mode: str = "read",
        language: str = "en-US",
        time_zone: str = "W. Europe Standard Time",
    ) -> dict[str, Any]:
        return {
            "mailbox": {"address": user, "timeZone": time_zone, "language": language},
            "mode": mode,
            "item": item,
            "action": {"name": action, "params": params or {}},
            "form": form or {},
        }

    def post(self, body: dict[str, Any], *, token: str | None = None) -> Any:
        bearer = self.token(body["mailbox"]["address"]) if token is None else token
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        return self.client.post("/outlook/api", json=body, headers=headers)

    def ask(self, item: dict[str, Any] | None, **kw: Any) -> dict[str, Any]:
        response = self.post(self.body(item, **kw))
        assert response.status_code == 200, response.get_json()
        answer: dict[str, Any] = response.get_json()
        return answer


def appointment_item(fixture: str = "exchange-quarterly-review.eml") -> dict[str, Any]:
    """A calendar item in read mode: Office.js gives no raw message for it, so Graph must read
    it (by its REST id, ``AAMkAGI2-event``)."""
    item = office_item(fixture, raw=False)
    return item | {
        "type": "appointment",
        "itemClass": "IPM.Appointment",
        "restId": "AAMkAGI2-event",
        "organizer": item["from"],
        "requiredAttendees": item["to"],
    }


def outlook_config(tmp_path: Path, jwks_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'outlook.sqlite3'}",
        "PUBLIC_URL": PUBLIC_URL,
        "SECRET_KEY": "test-secret",
        "MICROSOFT_CLIENT_ID": CLIENT_ID,
        "MICROSOFT_JWKS_URL": jwks_url,
        "HTTP_TIMEOUT": 5,
    }


def load_clients(app: Flask, tenant: str = TENANT) -> None:
    with store(app).session() as session:
        Directory(session, tenant).import_records(read_csv(SAMPLE_CLIENTS.read_bytes()), by="test")


@pytest.fixture(scope="session")
def microsoft_key() -> Key:
    return Key.make("microsoft-key-1")


@pytest.fixture
def outlook(microsoft_key: Key, tmp_path: Path) -> Iterator[Outlook]:
    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as stand_in:
        app = create_app(outlook_config(tmp_path, stand_in.url + JWKS_PATH))
        set_clock(app, frozen)
        load_clients(app)
        yield Outlook(app.test_client(), microsoft_key, stand_in, app)


def graph_event(fixture: str) -> dict[str, Any]:
    """The meeting in this invite as Microsoft Graph gives it (times in UTC, body as text)."""
    invite = read_invite(invite_bytes(fixture))

    def when(moment: Any) -> dict[str, str]:
        utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return {"dateTime": utc.isoformat() + ".0000000", "timeZone": "UTC"}

    def address(person: Any) -> dict[str, str]:
        return {"name": person.name or "", "address": person.email}

    return {
        "iCalUId": invite.uid,
        "subject": invite.summary,
        "body": {"contentType": "text", "content": invite.description},
        "start": when(invite.start),
        "end": when(invite.end),
        "isAllDay": False,
        "location": {"displayName": invite.location or ""},
        "organizer": {"emailAddress": address(invite.organizer)},
        "attendees": [
            {
                "type": "optional" if a.role == "OPT-PARTICIPANT" else "required",
                "status": {"response": "none"},
                "emailAddress": address(a),
            }
            for a in invite.attendees
        ],
        "type": "singleInstance",
    }


@pytest.fixture
def outlook_graph(
    microsoft_key: Key, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Outlook]:
    tls = loopback_certificate(tmp_path / "tls")
    # MSAL and our own HTTP session trust the stand-in's certificate, and nothing else.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls[0])
    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)]), tls=tls) as stand_in:
        config = outlook_config(tmp_path, stand_in.url + JWKS_PATH) | {
            "MICROSOFT_CLIENT_SECRET": CLIENT_SECRET,
            "MICROSOFT_AUTHORITY": stand_in.url,
            "GRAPH_API_URL": stand_in.url,
        }
        app = create_app(config)
        set_clock(app, frozen)
        load_clients(app)
        yield Outlook(app.test_client(), microsoft_key, stand_in, app)
