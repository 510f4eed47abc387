"""Google Calendar: an open event shows the same card as the invite in Gmail."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.support.cardcheck import advice, render_actions, shown_card, texts, trigger_card
from tests.support.cardtext import gmail_lines
from tests.support.google_addon import Google, current_values

CALENDAR = "anna@lumen.example"
EVENT = "5q2k8m1v0c9t7r3a6b4d2e0f1g"

# The Exchange invite of tests/fixtures/invites/exchange-quarterly-review.eml as Google Calendar's
# API returns it once it is in Anna's calendar.
REVIEW: dict[str, Any] = {
    "kind": "calendar#event",
    "id": EVENT,
    "iCalUID": "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5DA01000000000000000"
    "010000000F1E2D3C4B5A69788796A5B4C3D2E1F00",
    "status": "confirmed",
    "summary": "Quarterly account review",
    "description": "Hi Anna, time for our quarterly account review.",
    "location": "Nordvik HQ, Hamngatan 12, Stockholm",
    "start": {"dateTime": "2026-12-03T14:00:00+01:00", "timeZone": "Europe/Stockholm"},
    "end": {"dateTime": "2026-12-03T15:30:00+01:00", "timeZone": "Europe/Stockholm"},
    "sequence": 2,
    "organizer": {"email": "eva.lind@nordvik.example", "displayName": "Eva Lind"},
    "attendees": [
        {"email": "anna@lumen.example", "displayName": "Anna Berg", "self": True,
         "responseStatus": "needsAction"},
        {"email": "per.nystrom@nordvik.example", "optional": True, "responseStatus": "accepted"},
        {"email": "c_room4@resource.calendar.google.com", "displayName": "Room 4",
         "resource": True, "responseStatus": "accepted"},
    ],
}  # fmt: skip


def _open(google: Google, **kw: Any) -> dict[str, Any]:
    google.stand_in.add_event(CALENDAR, EVENT, REVIEW)
    calendar = {
        "id": EVENT,
        "calendarId": CALENDAR,
        "organizer": {"email": "eva.lind@nordvik.example"},
    }
    google.context = {"calendar": calendar}
    return google.post(
        "/calendar/event", google.event("CALENDAR", calendar=calendar, **kw)
    ).get_json()


def _content(card: dict[str, Any]) -> dict[str, Any]:
    """The card without where its buttons call back to (the host's endpoint and ids)."""
    ids = {"messageId", "threadId", "calendarId", "eventId"}

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "function"}
        if isinstance(value, list):
            return [strip(v) for v in value if not (isinstance(v, dict) and v.get("key") in ids)]
        return value

    return strip(card)


def test_an_open_event_shows_the_same_card_as_the_invite_in_gmail(google: Google) -> None:
    from_calendar = trigger_card(_open(google))
    from_gmail = trigger_card(google.open_message())
    assert _content(from_calendar) == _content(from_gmail)
    assert advice(from_calendar) == [
        "1. Keep the meeting",
        "2. Make it a call",
        "3. Make it shorter",
    ]
    [call] = google.stand_in.calls("/calendar")
    assert call.path == f"/calendar/v3/calendars/{CALENDAR}/events/{EVENT}"
    assert call.headers["Authorization"] == "Bearer ya29.user-oauth-token"


def test_from_calendar_the_reply_opens_in_gmail(google: Google) -> None:
    card = trigger_card(_open(google))
    reply = shown_card(google.click(card, "Write it", strategy="shorter", host="calendar"))
    answer = google.click(
        reply, "Write the reply in Gmail", form=current_values(reply), host="calendar"
    )
    link = render_actions(answer)["action"]["link"]["url"]
    query = parse_qs(urlparse(link).query)
    assert link.startswith("https://mail.google.com/mail/?")
    assert query["to"] == ["eva.lind@nordvik.example"]
    # In the account that is using Calendar, not the browser's first Google account.
    assert query["authuser"] == ["anna@lumen.example"]
    assert query["su"] == ["Re: Quarterly account review"]
    assert "30 minutes" in query["body"][0]
    assert google.stand_in.drafts == []


def test_from_calendar_the_card_says_the_reply_goes_without_a_calendar_answer(
    google: Google,
) -> None:
    """Calendar can only open Gmail's compose window with text: the card must not promise a
    calendar proposal there, as it does in Gmail, where the draft carries one."""
    calendar = shown_card(
        google.click(trigger_card(_open(google)), "Write it", strategy="phone", host="calendar")
    )
    gmail = shown_card(google.click(trigger_card(google.open_message()), "Write it",
                                    strategy="phone"))  # fmt: skip
    promise = "Adds a calendar proposal; the call itself is described in the text."
    assert promise in gmail_lines(gmail) and promise not in gmail_lines(calendar)
    assert (
        "Google Calendar opens the reply in Gmail as text, without a calendar answer. To send "
        "one with it, open the invite's email in Gmail and use Raincheck there."
    ) in gmail_lines(calendar)


def test_without_calendar_permission_it_asks_for_it(google: Google) -> None:
    answer = _open(google, scopes=["https://www.googleapis.com/auth/calendar.addons.execute"])
    assert set(answer["requesting_google_scopes"]["scopes"]) == {
        "https://www.googleapis.com/auth/calendar.events.readonly",
    }


def test_a_deleted_event_gets_a_card_not_an_error(google: Google) -> None:
    calendar = {"id": "gone", "calendarId": CALENDAR}
    google.context = {"calendar": calendar}
    answer = google.post("/calendar/event", google.event("CALENDAR", calendar=calendar)).get_json()
    card = trigger_card(answer)
    assert "could not find the calendar event" in texts(card)


# The pitch of tests/fixtures/invites/google-pitch.eml in David's calendar: Anna, the account
# manager, organised it.
PITCH: dict[str, Any] = {
    **REVIEW,
    "iCalUID": "pitch-2026-spring@google.com",
    "summary": "Pitch: spring campaign concepts",
    "description": "",
    "location": "Bluefjord Studio, Sveavägen 44, Stockholm",
    "sequence": 0,
    "organizer": {"email": "anna@lumen.example", "displayName": "Anna Berg"},
    "attendees": [
        {"email": "david@lumen.example", "displayName": "David Ek", "self": True,
         "responseStatus": "needsAction"},
        {"email": "anna@lumen.example", "displayName": "Anna Berg", "responseStatus": "accepted"},
        {"email": "jonas@bluefjord.example", "displayName": "Jonas Holm",
         "responseStatus": "accepted"},
    ],
}  # fmt: skip


def test_from_calendar_bowing_out_of_the_account_managers_meeting_is_one_briefing(
    google: Google,
) -> None:
    david = "david@lumen.example"
    google.stand_in.add_event(david, EVENT, PITCH)
    calendar = {"id": EVENT, "calendarId": david, "organizer": {"email": "anna@lumen.example"}}
    google.context = {"calendar": calendar}
    opened = google.post("/calendar/event", google.event("CALENDAR", calendar=calendar, user=david))
    card = shown_card(
        google.change(trigger_card(opened.get_json()), "reason", "colleague_covers", user=david)
    )
    reply = shown_card(
        google.click(card, "Write it", strategy="delegate", user=david, host="calendar")
    )
    assert "Write the note to the organizer in Gmail" not in texts(reply)
    answer = google.click(
        reply, "Write the briefing in Gmail", user=david,
        form={**current_values(reply), "status": "Concepts ready", "points": "Lead with B"},
        host="calendar",
    )  # fmt: skip
    action = render_actions(answer)["action"]
    assert parse_qs(urlparse(action["link"]["url"]).query)["to"] == ["anna@lumen.example"]
    assert action["notification"]["text"] == (
        "The briefing opens in Gmail; it is the only email needed."
    )
