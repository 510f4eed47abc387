"""Deeply nested or ill-typed JSON, with valid credentials, at every route that takes JSON:
400 (or a card that says what is wrong), never a 500 (README, "Security and faults")."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.google_addon import Google
from tests.support.google_tokens import system_claims
from tests.support.outlook_pane import Outlook, office_item

DEEP = "[" * 100_000 + "]" * 100_000  # past Python's recursion limit when parsed
BODIES: list[Any] = [
    DEEP,
    '{"commonEventObject": ' + DEEP + "}",
    "[]",
    '"text"',
    "12",
    "null",
    "{not json",
    '{"commonEventObject": []}',
    '{"commonEventObject": {"parameters": "x", "formInputs": 5, "timeZone": []}}',
    '{"commonEventObject": {"formInputs": {"a": 5, "b": {"stringInputs": {"value": 7}}}}}',
    '{"authorizationEventObject": "x"}',
    '{"authorizationEventObject": {"userIdToken": 5, "authorizedScopes": "all"}}',
    '{"gmail": [], "calendar": 3}',
    '{"gmail": {"messageId": {"a": 1}, "toRecipients": 5, "accessToken": []}}',
    '{"gmail": {"toRecipients": [null, 5, {"email": []}]}}',
    '{"calendar": {"id": 5, "calendarId": [], "organizer": "x"}}',
    '{"item": [], "action": 5, "params": [], "form": {"a": {"b": 1}}}',
    '{"item": {"start": "yesterday", "attendees": "all", "organizer": 5}}',
    '{"mailbox": {"address": 5}, "locale": []}',
    '{"a": "' + "\\ud800" + '"}',
]
GOOGLE_ROUTES = [
    "/gmail/home", "/gmail/message", "/gmail/compose", "/gmail/action",
    "/calendar/home", "/calendar/event", "/calendar/action",
]  # fmt: skip


def _ids(bodies: list[Any]) -> list[str]:
    return [body[:40] if len(body) < 1000 else f"nested {len(body)} chars" for body in bodies]


@pytest.mark.parametrize("path", GOOGLE_ROUTES)
def test_google_routes_never_answer_500_to_bad_json(google: Google, path: str) -> None:
    token = google.key.sign(system_claims(path))
    statuses = []
    for body in BODIES:
        response = google.client.post(
            path, data=body, content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        statuses.append(response.status_code)
        assert response.status_code in (200, 400, 401), (body[:80], response.get_data()[:300])
    print(f"\n{path}: {len(BODIES)} bodies -> {sorted(set(statuses))}")


def test_the_outlook_api_never_answers_500_to_bad_json(outlook: Outlook) -> None:
    statuses = []
    for body in BODIES:
        response = outlook.client.post(
            "/outlook/api", data=body, content_type="application/json",
            headers={"Authorization": f"Bearer {outlook.token()}"},
        )  # fmt: skip
        statuses.append(response.status_code)
        assert response.status_code in (200, 400, 401, 422), (body[:80], response.get_data()[:300])
    # Valid JSON but wrong types inside a real pane request.
    item = office_item("exchange-quarterly-review.eml")
    for field, value in (("start", []), ("attendees", "x"), ("organizer", 5), ("subject", {})):
        body = outlook.body({**item, field: value})
        response = outlook.post(body)
        statuses.append(response.status_code)
        assert response.status_code in (200, 400, 422), (field, response.get_data()[:300])
    print(f"\n/outlook/api: {len(statuses)} bodies -> {sorted(set(statuses))}")
    json.dumps(statuses)
