"""What Gmail's card says for a calendar file that is no meeting to answer: a meeting its
organizer cancelled (STATUS:CANCELLED in an ordinary invite), a calendar of many events, an
event that names nobody, an invite whose organizer has no address."""

from __future__ import annotations

import pytest

from tests.support.cardcheck import advice, buttons, texts, trigger_card
from tests.support.google_addon import Google


def test_a_cancelled_meeting_is_shown_as_cancelled_with_nothing_to_send(google: Google) -> None:
    card = trigger_card(google.open_message("kinds-cancelled-status.ics"))
    shown = texts(card)
    assert "This meeting has been cancelled." in shown
    assert "Avtalsgenomgång" in shown  # which meeting: the user sees what was called off
    assert "There is nothing to send: the organizer has called this meeting off." in shown
    assert advice(card) == []
    assert "Write it" not in [text for text, _ in buttons(card)]
    assert "Why do you want out?" not in shown


@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        ("kinds-holiday-feed.ics", "This is a calendar of several events (a feed or an export), "
                                   "not an invitation: there is nothing to answer."),
        ("kinds-lone-event.ics", "This event names no organizer and no guests"),
        ("people-no-organizer-address.ics", "The invite does not give its organizer's address"),
    ],
)  # fmt: skip
def test_what_is_not_an_invitation_gets_a_card_saying_what_it_is(
    google: Google, fixture: str, said: str
) -> None:
    card = trigger_card(google.open_message(fixture))
    assert card["header"]["title"] == "Raincheck cannot help with this invite"
    assert said in texts(card)
    assert "Write it" not in [text for text, _ in buttons(card)]


def test_a_cancelled_meeting_is_said_in_swedish_to_a_swedish_user(google: Google) -> None:
    card = trigger_card(google.open_message("kinds-cancelled-status.ics", locale="sv-SE"))
    assert "Mötet har ställts in." in texts(card)
