"""The organizer's answer to a proposal, seen from Google Calendar: the user proposed a shorter
meeting in Gmail, and the event in their calendar is then the organizer's answer, as Google
Calendar's API returns it (the same iCalUID with a higher sequence): the Calendar card says
what became of the proposal, as the Gmail card does, and records it once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.google.test_calendar_addon import CALENDAR, EVENT, REVIEW
from tests.google.test_gmail_answers import outcome, propose
from tests.support.cardcheck import texts, trigger_card
from tests.support.google_addon import Google


def _open(google: Google, event: dict[str, Any]) -> dict[str, Any]:
    google.stand_in.add_event(CALENDAR, EVENT, event)
    calendar = {"id": EVENT, "calendarId": CALENDAR,
                "organizer": {"email": "eva.lind@nordvik.example"}}  # fmt: skip
    google.context = {"calendar": calendar}
    return trigger_card(
        google.post("/calendar/event", google.event("CALENDAR", calendar=calendar)).get_json()
    )


SHORTER = {
    **REVIEW,
    "sequence": 3,
    "end": {"dateTime": "2026-12-03T14:30:00+01:00", "timeZone": "Europe/Stockholm"},
}
KEPT = {**REVIEW, "sequence": 3}


@pytest.mark.parametrize(
    ("event", "line", "kind"),
    [
        (SHORTER, "Eva accepted your proposal: 30 minutes on Thursday, December 3, 2:00 PM.",
         "accepted"),
        (KEPT, "Eva declined your proposal; the meeting stays Thursday, December 3, 2:00 PM",
         "declined"),
    ],
)  # fmt: skip
def test_the_answer_in_google_calendar_is_recognised_as_in_gmail(
    google: Google, event: dict[str, Any], line: str, kind: str
) -> None:
    propose(google, "shorter")
    said = re.sub(r"<[^>]+>", "", texts(_open(google, event)))
    assert line in said, said
    assert outcome(google) == kind
    _open(google, event)  # opened again: recorded once, the same
    assert outcome(google) == kind


def test_the_first_invite_in_google_calendar_is_no_answer(google: Google) -> None:
    propose(google, "shorter")
    card = _open(google, REVIEW)  # the sequence the proposal answered: still the meeting
    assert "your proposal" not in texts(card) and "Make it shorter" in texts(card)
    assert outcome(google) is None
