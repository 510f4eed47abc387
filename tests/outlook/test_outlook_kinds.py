"""What Outlook's pane says for a meeting its organizer cancelled without METHOD:CANCEL, and for
a calendar file that is no invitation: the same words as Gmail's card."""

from __future__ import annotations

import pytest

from tests.support.cardcheck import trigger_card
from tests.support.cardtext import gmail_lines, html_lines
from tests.support.google_addon import Google
from tests.support.outlook_pane import Outlook, office_item


def test_a_cancelled_meeting_is_shown_as_cancelled_with_nothing_to_send(outlook: Outlook) -> None:
    answer = outlook.ask(office_item("kinds-cancelled-status.ics"))
    lines = html_lines(answer["card"])
    assert "This meeting has been cancelled." in lines
    assert "There is nothing to send: the organizer has called this meeting off." in lines
    assert not [line for line in lines if line.startswith("1. ")]
    assert "Write it" not in lines
    assert answer["do"] == []


@pytest.mark.parametrize(
    "fixture", ["kinds-cancelled-status.ics", "kinds-holiday-feed.ics", "kinds-lone-event.ics"]
)
def test_gmail_and_outlook_say_the_same_for_what_is_no_meeting_to_answer(
    outlook: Outlook, google: Google, fixture: str
) -> None:
    gmail = gmail_lines(trigger_card(google.open_message(fixture)))
    pane = html_lines(outlook.post(outlook.body(office_item(fixture))).get_json()["card"])
    assert pane == gmail
