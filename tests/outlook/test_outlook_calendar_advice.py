"""Calendar-aware advice in the Outlook pane, end to end against Microsoft's stand-in: with the
user's consent the advice counts meetings from Graph's calendarView and a moved meeting is
proposed at free times from getSchedule, or for a personal Microsoft account (which has no
getSchedule) from calendarView; without it, Graph's calendar is never asked."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from addon.config import EXTENSION as CONFIG_EXTENSION
from addon.outlook.resources import EXTENSION
from addon.outlook.verify import PERSONAL_ACCOUNTS
from tests.support.cardtext import html_lines
from tests.support.microsoft_tokens import TENANT, access_claims, sign
from tests.support.outlook_pane import Outlook, load_clients, office_item

BERLIN = ZoneInfo("Europe/Berlin")  # Outlook's "W. Europe Standard Time"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
REVIEW = "exchange-quarterly-review.eml"
ME = "anna@lumen.example"


@pytest.fixture
def pane(outlook_graph: Outlook) -> Outlook:
    actions = outlook_graph.app.extensions[EXTENSION].actions
    actions.clock = actions.flow.clock = lambda: NOW
    outlook_graph.stand_in.schedule_owners.add(ME)
    return outlook_graph


def meeting(pane: Outlook, event_id: str, start: dt.datetime, minutes: int = 60) -> None:
    pane.stand_in.events[event_id] = {
        "id": event_id, "type": "singleInstance", "isAllDay": False, "isCancelled": False,
        "start": {"dateTime": start.replace(tzinfo=None).isoformat(), "timeZone": "Europe/Berlin"},
        "end": {"dateTime": (start + dt.timedelta(minutes=minutes)).replace(tzinfo=None).isoformat(),
                "timeZone": "Europe/Berlin"},
        "responseStatus": {"response": "accepted"},
        "organizer": {"emailAddress": {"address": "eva.lind@nordvik.example"}},
        "attendees": [{"emailAddress": {"address": ME}}],
    }  # fmt: skip


def at(day: int, hour: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=BERLIN)


def turn_on(pane: Outlook) -> None:
    form = {"calendar": "on", "work_start": "09:00", "work_end": "17:00", "tone": "warm"}
    assert pane.ask(None, action="save_settings", form=form)["note"] == "Settings saved."


def lines(answer: dict[str, Any]) -> str:
    return " ".join(html_lines(answer["card"]))


def test_without_consent_graphs_calendar_is_never_asked(pane: Outlook):
    meeting(pane, "past", at(20, 10))
    assert "0 meetings in 90 days" in lines(pane.ask(office_item(REVIEW)))
    assert "/v1.0/me/calendarView" not in pane.stand_in.graph


def test_with_consent_the_pane_counts_meetings_from_the_calendar(pane: Outlook):
    turn_on(pane)
    for n, day in enumerate((3, 10, 17)):
        meeting(pane, f"past{n}", at(day, 10))
    meeting(pane, "ahead", at(8, 10, month=12))
    assert "3 meetings in 90 days, 1 booked ahead" in lines(pane.ask(office_item(REVIEW)))
    assert pane.stand_in.graph.count("/v1.0/me/calendarView") == 1
    (exchange, *_) = pane.stand_in.obo
    assert "https://graph.microsoft.com/Calendars.Read" in exchange["scope"]


def test_a_moved_meeting_is_proposed_at_free_times_from_get_schedule(pane: Outlook):
    turn_on(pane)
    # Searched from the review's own day, Thursday 3 December, not from today.
    meeting(pane, "thursday", at(3, 8, month=12), minutes=600)
    meeting(pane, "friday", at(4, 9, month=12), minutes=120)
    params = {"strategy": "move", "reason": "conflict"}
    text = lines(pane.ask(office_item(REVIEW), action="preview", params=params))
    assert "Proposed in the calendar" in text
    assert "I'm free Friday, December 4 at 11:00 AM, Monday, December 7 at 9:00 AM or " \
        "Tuesday, December 8 at 9:00 AM" in text  # fmt: skip
    assert pane.stand_in.graph.count("/v1.0/me/calendar/getSchedule") == 1


@pytest.mark.parametrize(
    ("hours", "free"),
    [
        # The mailbox's own hours beat the setting's 9:00 to 17:00: Outlook's default, 8 to 5...
        ({"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
          "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000",
          "timeZone": {"name": "W. Europe Standard Time"}},
         "Friday, December 4 at 11:00 AM, Monday, December 7 at 8:00 AM or Tuesday, December 8 at 8:00 AM"),
        # ...or hours of one's own.
        ({"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
          "startTime": "10:00:00.0000000", "endTime": "16:00:00.0000000",
          "timeZone": {"name": "W. Europe Standard Time"}},
         "Friday, December 4 at 11:00 AM, Monday, December 7 at 10:00 AM or Tuesday, December 8 at 10:00 AM"),
        # Kept in another zone than the pane's: 9:00 in London is 10:00 in Berlin.
        ({"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
          "startTime": "09:00:00.0000000", "endTime": "17:00:00.0000000",
          "timeZone": {"name": "GMT Standard Time"}},
         "Friday, December 4 at 11:00 AM, Monday, December 7 at 10:00 AM or Tuesday, December 8 at 10:00 AM"),
        # Someone who works Monday to Thursday is not offered a Friday.
        ({"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday"],
          "startTime": "09:00:00.0000000", "endTime": "17:00:00.0000000",
          "timeZone": {"name": "W. Europe Standard Time"}},
         "Monday, December 7 at 9:00 AM, Tuesday, December 8 at 9:00 AM or Wednesday, December 9 at 9:00 AM"),
        # Hours that make no sense are not used: the setting's stand.
        ({"daysOfWeek": [], "startTime": "17:00:00.0000000", "endTime": "09:00:00.0000000",
          "timeZone": {"name": "W. Europe Standard Time"}},
         "Friday, December 4 at 11:00 AM, Monday, December 7 at 9:00 AM or Tuesday, December 8 at 9:00 AM"),
    ],
    ids=["outlook-default", "own-hours", "own-zone", "four-day-week", "nonsense-ignored"],
)  # fmt: skip
def test_free_times_keep_the_mailboxs_working_hours(
    pane: Outlook, hours: dict[str, Any], free: str
):
    pane.stand_in.working_hours = hours
    turn_on(pane)
    meeting(pane, "thursday", at(3, 8, month=12), minutes=600)
    meeting(pane, "friday", at(4, 9, month=12), minutes=120)
    params = {"strategy": "move", "reason": "conflict"}
    text = lines(pane.ask(office_item(REVIEW), action="preview", params=params))
    assert f"I'm free {free}" in text


def test_a_schedule_graph_cannot_give_leaves_the_same_time_later(pane: Outlook):
    turn_on(pane)
    pane.stand_in.schedule_owners.clear()  # Graph answers the schedule with an error
    params = {"strategy": "move", "reason": "conflict"}
    text = lines(pane.ask(office_item(REVIEW), action="preview", params=params))
    assert "no free times are shown" in text
    assert "Same time, " in text


def test_a_linked_directory_still_signs_in_to_graph_in_the_users_own_tenant(pane: Outlook):
    # One organisation on both hosts keeps one directory (RAINCHECK_TENANT_LINKS); Graph's
    # on-behalf-of exchange must still go to the token's own Microsoft tenant.
    config = pane.app.extensions[CONFIG_EXTENSION]
    pane.app.extensions[CONFIG_EXTENSION] = config.replace(
        tenant_links=(f"{TENANT}=lumen.example",)
    )
    load_clients(pane.app, tenant="lumen.example")
    turn_on(pane)
    meeting(pane, "past", at(20, 10))
    assert "1 meeting in 90 days, 0 booked ahead" in lines(pane.ask(office_item(REVIEW)))
    assert {exchange["tenant"] for exchange in pane.stand_in.obo} == {TENANT}


def test_without_graph_set_up_the_pane_says_it_cannot_read_the_calendar(outlook: Outlook):
    form = {"calendar": "on", "work_start": "09:00", "work_end": "17:00"}
    assert outlook.ask(None, action="save_settings", form=form)["note"] == "Settings saved."
    said = "Raincheck cannot read your calendar here"
    assert said in lines(outlook.ask(office_item(REVIEW)))
    params = {"strategy": "move", "reason": "conflict"}
    text = lines(outlook.ask(office_item(REVIEW), action="preview", params=params))
    assert said in text and "Same time, " in text


def test_working_hours_that_end_before_they_start_are_refused_and_not_saved(pane: Outlook):
    form = {"calendar": "on", "work_start": "17:00", "work_end": "09:00"}
    response = pane.post(pane.body(None, action="save_settings", form=form))
    assert response.status_code == 400
    card = " ".join(html_lines(response.get_json()["card"]))
    assert "Working hours must end after they start." in card
    pane.ask(office_item(REVIEW))  # nothing was saved: the calendar stays unread
    assert "/v1.0/me/calendarView" not in pane.stand_in.graph


@pytest.mark.parametrize(
    ("reason", "free"),
    [
        # A clash: earlier on the meeting's own day is a time the user can keep...
        ("conflict", "Thursday, December 3 at 9:00 AM, Friday, December 4 at 9:00 AM or "
                     "Monday, December 7 at 9:00 AM"),
        # ...but someone who has fallen ill cannot promise to be well later that day.
        ("ill", "Friday, December 4 at 9:00 AM, Monday, December 7 at 9:00 AM or "
                "Tuesday, December 8 at 9:00 AM"),
    ],
)  # fmt: skip
def test_someone_who_is_ill_is_not_offered_the_meetings_own_day(
    pane: Outlook, reason: str, free: str
):
    turn_on(pane)
    params = {"strategy": "move", "reason": reason}
    text = lines(pane.ask(office_item(REVIEW), action="preview", params=params))
    assert f"I'm free {free}" in text


def personal(pane: Outlook, **kw: Any) -> dict[str, Any]:
    """The pane of an Outlook.com account: Microsoft's personal-account tenant in the token."""
    token = sign(pane.key, access_claims(ME, tid=PERSONAL_ACCOUNTS))
    response = pane.post(pane.body(**kw), token=token)
    assert response.status_code == 200, response.get_json()
    answer: dict[str, Any] = response.get_json()
    return answer


def test_a_personal_accounts_move_gets_free_times_from_the_calendar_view(pane: Outlook):
    # getSchedule does not exist for personal Microsoft accounts (its permissions table:
    # "Delegated (personal Microsoft account): Not supported"); calendarView does.
    form = {"calendar": "on", "work_start": "09:00", "work_end": "17:00", "tone": "warm"}
    assert personal(pane, item=None, action="save_settings", form=form)["note"] == "Settings saved."
    meeting(pane, "thursday", at(3, 8, month=12), minutes=600)
    meeting(pane, "friday", at(4, 9, month=12), minutes=120)
    # Read as getSchedule's statuses are: free and working elsewhere leave room, tentative
    # does not; a cancelled meeting is no meeting.
    meeting(pane, "lunch", at(4, 11, month=12))
    pane.stand_in.events["lunch"]["showAs"] = "free"
    meeting(pane, "remote", at(7, 9, month=12))
    pane.stand_in.events["remote"]["showAs"] = "workingElsewhere"
    meeting(pane, "maybe", at(8, 9, month=12))
    pane.stand_in.events["maybe"]["showAs"] = "tentative"
    meeting(pane, "off", at(7, 10, month=12))
    pane.stand_in.events["off"]["isCancelled"] = True
    params = {"strategy": "move", "reason": "conflict"}
    text = lines(personal(pane, item=office_item(REVIEW), action="preview", params=params))
    assert "I'm free Friday, December 4 at 11:00 AM, Monday, December 7 at 9:00 AM or " \
        "Tuesday, December 8 at 10:00 AM" in text  # fmt: skip
    assert "/v1.0/me/calendar/getSchedule" not in pane.stand_in.graph


def test_a_personal_account_whose_calendar_view_fails_too_is_told_no_free_times_are_shown(
    pane: Outlook,
):
    form = {"calendar": "on", "work_start": "09:00", "work_end": "17:00", "tone": "warm"}
    personal(pane, item=None, action="save_settings", form=form)
    pane.stand_in.failures["/v1.0/me/calendarView"] = 503
    params = {"strategy": "move", "reason": "conflict"}
    text = lines(personal(pane, item=office_item(REVIEW), action="preview", params=params))
    assert "no free times are shown" in text
    assert "Same time, " in text
