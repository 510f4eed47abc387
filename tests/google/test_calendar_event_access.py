"""What Calendar sends when an event is opened depends on the deployment's
``currentEventAccess`` and scopes (the stand-in's ``calendar_event_object`` follows Google's
manifest reference); Raincheck declares METADATA and reads the event with events.get."""

from __future__ import annotations

from typing import Any

import pytest

from addon.manifests import google_deployment
from addon.workbench.standins.google import (
    CALENDAR_EXECUTE,
    CURRENT_EVENT_READ,
    calendar_event_object,
)
from tests.google.test_calendar_addon import CALENDAR, EVENT, REVIEW
from tests.support.cardcheck import texts, trigger_card
from tests.support.google_addon import Google

AUTH = "https://www.googleapis.com/auth/"
OPENED = {**REVIEW, "calendarId": CALENDAR, "conferenceData": {"entryPoints": []}}


def _deployment(access: str | None, *extra: str) -> dict[str, Any]:
    deployment = google_deployment("https://rc.example.com")
    deployment["oauthScopes"] = [*deployment["oauthScopes"], *extra]
    if access is None:
        del deployment["addOns"]["calendar"]["currentEventAccess"]
    else:
        deployment["addOns"]["calendar"]["currentEventAccess"] = access
    return deployment


@pytest.mark.parametrize(
    ("access", "extra", "granted", "fields"),
    [
        ("METADATA", (), None, {"id", "calendarId"}),
        ("READ", (), None, set()),  # READ without its scope: no event data at all
        ("READ", (CURRENT_EVENT_READ,), None,
         {"id", "calendarId", "organizer", "attendees", "conferenceData"}),
        ("READ", (CURRENT_EVENT_READ,), [CALENDAR_EXECUTE], {"id", "calendarId"}),
        ("METADATA", (), [AUTH + "userinfo.email"], set()),  # calendar.addons.execute unticked
        (None, (), None, set()),
    ],
)  # fmt: skip
def test_the_event_object_holds_only_what_the_access_level_and_scopes_give(
    access: str | None, extra: tuple[str, ...], granted: list[str] | None, fields: set[str]
) -> None:
    sent = calendar_event_object(OPENED, _deployment(access, *extra), granted)
    assert set(sent) == fields
    assert "summary" not in sent and "start" not in sent  # in no level: events.get has them


def test_the_deployment_asks_for_event_metadata_and_no_current_event_scope() -> None:
    deployment = google_deployment("https://rc.example.com")
    assert deployment["addOns"]["calendar"]["currentEventAccess"] == "METADATA"
    assert CURRENT_EVENT_READ not in deployment["oauthScopes"]


def test_an_open_event_gets_its_card_with_only_the_scopes_the_event_card_needs(
    google: Google,
) -> None:
    """calendar.addons.execute (the ids) and calendar.events.readonly (events.get); nothing of
    Gmail, no free/busy."""
    google.stand_in.add_event(CALENDAR, EVENT, REVIEW)
    scopes = [CALENDAR_EXECUTE, AUTH + "calendar.events.readonly", AUTH + "userinfo.email"]
    calendar = {"id": EVENT, "calendarId": CALENDAR, "organizer": {"email": "x@y.example"}}
    event = google.event("CALENDAR", calendar=calendar, scopes=scopes)
    assert event["calendar"] == {"id": EVENT, "calendarId": CALENDAR}
    card = trigger_card(google.post("/calendar/event", event).get_json())
    assert "Quarterly account review" in texts(card)
