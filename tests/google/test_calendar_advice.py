"""Calendar-aware advice in Gmail, end to end against Google's stand-in: the user turns it on in
settings (Google asks for the calendar scopes then, not before), the advice counts meetings from
the calendar, a moved meeting is proposed at free times, and a calendar that cannot be read
never costs the card."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from addon.google.api import FREE_BUSY, READ_EVENTS
from addon.google.resources import EXTENSION
from tests.support.cardtext import gmail_lines
from tests.support.google_addon import SCOPES, Google, current_values

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Friday 27 November 2026, 10.00 in Stockholm; the invite is for Thursday 3 December, 14.00.
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
EVENTS = "/calendar/v3/calendars/primary/events"
FREE_BUSY_PATH = "/calendar/v3/freeBusy"
WITHOUT_CALENDAR = [s for s in SCOPES if s not in (READ_EVENTS, FREE_BUSY)]


@pytest.fixture
def gmail(google: Google) -> Google:
    for actions in google.app.extensions[EXTENSION].actions.values():
        actions.clock = actions.flow.clock = lambda: NOW
    return google


def card_of(answer: dict[str, Any]) -> dict[str, Any]:
    for key in ("renderActions", "action"):
        answer = answer.get(key, answer)
    navigation = answer["navigations"][0]
    return navigation.get("pushCard") or navigation["updateCard"]


def text(answer: dict[str, Any]) -> str:
    return " ".join(gmail_lines(card_of(answer)))


def meeting(stand_in: Any, event_id: str, start: dt.datetime, minutes: int = 60, **extra: Any):
    stand_in.add_event("primary", event_id, {
        "status": "confirmed",
        "start": {"dateTime": start.isoformat(), "timeZone": "Europe/Stockholm"},
        "end": {"dateTime": (start + dt.timedelta(minutes=minutes)).isoformat(),
                "timeZone": "Europe/Stockholm"},
        "organizer": {"email": "eva.lind@nordvik.example"},
        "attendees": [{"email": "anna@lumen.example", "self": True, "responseStatus": "accepted"},
                      {"email": "eva.lind@nordvik.example"}], **extra})  # fmt: skip


def turn_on(gmail: Google, scopes: list[str] | None = None) -> Any:
    home = gmail.post("/gmail/home", gmail.event()).get_json()
    card = card_of(home)
    form = {**current_values(card), "calendar": "on", "work_start": "09:00", "work_end": "17:00"}
    return gmail.click(card, "Save settings", form=form, scopes=scopes)


def calendar_text(draft: Any) -> str:
    part = next(p for p in draft.parsed.walk() if p.get_content_type() == "text/calendar")
    return str(part.get_content())


def at(day: int, hour: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=STOCKHOLM)


def test_without_consent_the_calendar_is_never_read(gmail: Google):
    meeting(gmail.stand_in, "past", at(20, 10))
    answer = gmail.open_message()
    assert "0 meetings in 90 days" in text(answer)
    assert gmail.stand_in.calls(EVENTS) == []


def test_turning_it_on_asks_google_for_the_calendar_scopes_first(gmail: Google):
    answer = turn_on(gmail, scopes=WITHOUT_CALENDAR)
    assert answer == {"requesting_google_scopes": {"scopes": [READ_EVENTS, FREE_BUSY]}}
    # Nothing was saved: the advice still counts from the decision log.
    meeting(gmail.stand_in, "past", at(20, 10))
    gmail.open_message(scopes=WITHOUT_CALENDAR)
    assert gmail.stand_in.calls(EVENTS) == []


def test_with_consent_the_advice_counts_meetings_from_the_calendar(gmail: Google):
    assert "Settings saved" in str(turn_on(gmail))
    for n, day in enumerate((2, 9, 16, 23)):
        meeting(gmail.stand_in, f"past{n}", at(day, 10))
    meeting(gmail.stand_in, "other", at(24, 10), organizer={"email": "x@elsewhere.example"},
            attendees=[{"email": "anna@lumen.example", "self": True}])  # fmt: skip
    meeting(gmail.stand_in, "ahead", at(10, 10, month=12))
    answer = gmail.open_message()
    assert "4 meetings in 90 days, 1 booked ahead" in text(answer)
    (call,) = gmail.stand_in.calls(EVENTS)
    assert call.query["singleEvents"] == "true" and "attendees" in call.query["fields"]
    # Opened again minutes later: the counts are kept, the calendar is not read again.
    gmail.open_message()
    assert len(gmail.stand_in.calls(EVENTS)) == 1


def test_many_meetings_suggest_that_they_have_become_repetitive(gmail: Google):
    turn_on(gmail)
    for week in range(9):
        meeting(gmail.stand_in, f"weekly{week}", at(20, 10) - dt.timedelta(weeks=week))
    card = text(gmail.open_message())
    assert "9 meetings in 90 days" in card
    assert "You have met 9 times in 90 days. If the meetings no longer move things forward" in card


def test_a_calendar_scope_refused_by_google_leaves_the_advice_standing(gmail: Google):
    turn_on(gmail)
    gmail.stand_in.token_scopes["ya29.user-oauth-token"] = frozenset({FREE_BUSY})
    card = text(gmail.open_message())
    assert "0 meetings in 90 days" in card
    assert "Raincheck may not read your calendar" in card


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (401, "Your calendar could not be read just now: the count is Raincheck's own."),
        # Asked again after 0.5 and 1.5 s (Google's backoff): longer than the card waits.
        (503, "Your calendar did not answer in time: the count is Raincheck's own."),
    ],
)
def test_a_calendar_that_fails_leaves_the_advice_standing(gmail: Google, failure, said):
    turn_on(gmail)
    gmail.stand_in.failures[EVENTS] = failure
    card = text(gmail.open_message())
    assert "What Raincheck advises" in card
    assert said in card


def move_card(gmail: Google) -> dict[str, Any]:
    advice = card_of(gmail.open_message())
    conflict = gmail.change(advice, "reason", "conflict")
    return card_of(gmail.click(card_of(conflict), "Write it", strategy="move"))


def test_a_moved_meeting_is_proposed_at_the_earliest_free_times(gmail: Google):
    # The review is on Thursday 3 December: free times are searched from that day, not from
    # today (Friday 27 November).
    turn_on(gmail)
    meeting(gmail.stand_in, "thursday", at(3, 8, month=12), minutes=600)  # all that day
    meeting(gmail.stand_in, "friday", at(4, 9, month=12), minutes=120)
    card = move_card(gmail)
    lines = " ".join(gmail_lines(card))
    assert "Proposed in the calendar" in lines
    assert "Friday, December 4, 2026, 11:00 AM – 12:30 PM" in lines.replace("–", " – ")
    assert "I'm free Friday, December 4 at 11:00 AM, Monday, December 7 at 9:00 AM " \
        "or Tuesday, December 8 at 9:00 AM" in lines  # fmt: skip
    (query,) = gmail.stand_in.calls(FREE_BUSY_PATH)
    assert query.body["items"] == [{"id": "primary"}]

    inserted = gmail.click(card, "Insert reply", form=current_values(card))
    assert "Your reply is in a draft" in str(inserted)
    (draft,) = gmail.stand_in.drafts
    assert "DTSTART:20261204T100000Z" in calendar_text(draft)


def test_the_user_may_pick_another_free_time_for_the_calendar_proposal(gmail: Google):
    turn_on(gmail)
    card = move_card(gmail)
    values = current_values(card)
    second = [i["value"] for w in card["sections"][0]["widgets"] if "selectionInput" in w
              and w["selectionInput"]["name"] == "slot" for i in w["selectionInput"]["items"]][1]  # fmt: skip
    picked = card_of(gmail.change(card, "slot", second))
    gmail.click(picked, "Insert reply", form={**values, "slot": second})
    (draft,) = gmail.stand_in.drafts
    assert f"DTSTART:{second}" in calendar_text(draft)


def test_a_full_calendar_falls_back_to_the_same_time_later(gmail: Google):
    turn_on(gmail)
    meeting(gmail.stand_in, "busy", at(3, 0, month=12), minutes=60 * 24 * 20)
    lines = " ".join(gmail_lines(move_card(gmail)))
    assert "no free time this long within your working hours" in lines
    assert "Same time, " in lines


def test_a_call_can_be_moved_to_a_free_time_too(gmail: Google):
    turn_on(gmail)
    advice = card_of(gmail.open_message())
    card = card_of(gmail.click(advice, "Write it", strategy="phone"))
    assert "At the meeting's own time" in " ".join(gmail_lines(card))
    assert "call at the same time" in " ".join(gmail_lines(card))
    first = [i["value"] for w in card["sections"][0]["widgets"] if "selectionInput" in w
             and w["selectionInput"]["name"] == "slot" for i in w["selectionInput"]["items"]][1]  # fmt: skip
    redrawn = card_of(gmail.change(card, "slot", first))
    # The first free time from the meeting's own day: Thursday 3 December at nine.
    assert "call on Thursday, December 3 at 9:00 AM" in " ".join(gmail_lines(redrawn))
    gmail.click(redrawn, "Insert reply", form={**current_values(redrawn), "slot": first})
    (draft,) = gmail.stand_in.drafts
    assert f"DTSTART:{first}" in calendar_text(draft)


def test_google_calendar_shows_the_same_counts_as_gmail(gmail: Google):
    from tests.google.test_calendar_addon import _open as open_event

    turn_on(gmail)
    meeting(gmail.stand_in, "past", at(20, 10))
    meeting(gmail.stand_in, "ahead", at(10, 10, month=12))
    assert "1 meeting in 90 days, 1 booked ahead" in text(open_event(gmail))


@pytest.mark.parametrize(("scope", "offered"), [("occurrence", True), ("series", False)])
def test_free_times_move_one_meeting_of_a_series_never_the_whole_series(gmail, scope, offered):
    turn_on(gmail)
    advice = card_of(gmail.open_message("google-recurring.ics"))
    conflict = card_of(gmail.change(advice, "reason", "conflict"))
    card = card_of(gmail.click(conflict, "Write it", strategy="move"))
    card = card_of(gmail.change(card, "scope", scope))
    lines = " ".join(gmail_lines(card))
    assert ("Proposed in the calendar" in lines) is offered
    assert ("Propose instead" in lines) is not offered  # the same time some days later


def test_a_calendar_longer_than_one_card_reads_is_counted_as_at_least(gmail: Google):
    turn_on(gmail)
    gmail.stand_in.events_page_cap = 1  # eight pages of one: fewer than the ten meetings
    for n in range(10):
        meeting(gmail.stand_in, f"m{n}", at(2 + n, 10))
    assert "at least 8 meetings in 90 days, 0 booked ahead" in text(gmail.open_message())


def test_with_the_calendar_scopes_unticked_later_the_card_still_works_and_says_why(
    gmail: Google,
):
    """Granular consent: the user may withdraw a calendar scope after turning the feature on.
    The card is drawn without the calendar, says why, and the calendar is not called."""
    turn_on(gmail)
    meeting(gmail.stand_in, "past", at(20, 10))
    card = text(gmail.open_message(scopes=WITHOUT_CALENDAR))
    assert "What Raincheck advises" in card
    assert "Raincheck may not read your calendar" in card
    assert gmail.stand_in.calls(EVENTS) == [] and gmail.stand_in.calls(FREE_BUSY_PATH) == []
