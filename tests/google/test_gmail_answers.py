"""The organizer's answer to a proposal, end to end in Gmail: the user proposes through the real
flow (a draft with its COUNTER), then opens the organizer's answer as Google Calendar or Exchange
sends it (the stand-in organizer), and the card says what became of the proposal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from addon.directory.users import Users
from addon.invite import read_invite
from addon.storage import store
from addon.triage.service import meeting_key
from addon.workbench.standins import organizer
from tests.support.cardcheck import buttons, shown_card, texts, trigger_card
from tests.support.google_addon import THREAD, Google, current_values
from tests.support.paths import invite_bytes

REVIEW = "exchange-quarterly-review.eml"  # Eva Lind, Thursday 3 December 2026, 14:00-15:30 CET
ANSWER = "18c2f0a1b2c3d4f9"
SOONER = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def propose(google: Google, strategy: str) -> str:
    """Insert the reply for ``strategy`` on the review invite; its calendar part's text."""
    card = trigger_card(google.open_message(REVIEW))
    reply = shown_card(google.click(card, "Write it", strategy=strategy))
    google.click(reply, "Insert reply", form={**current_values(reply), "call": "+46 70 1234567"})
    [draft] = google.stand_in.drafts
    part = next(p for p in draft.parsed.walk() if p.get_content_type() == "text/calendar")
    text: str = part.get_content()
    return text


def open_answer(google: Google, raw: bytes, **kw: Any) -> dict[str, Any]:
    google.stand_in.add_eml(ANSWER, THREAD, raw)
    google.context = {
        "gmail": {"messageId": ANSWER, "threadId": THREAD, "accessToken": "gmail-token"}
    }
    response = google.post("/gmail/message", google.event(gmail=google.context["gmail"], **kw))
    return trigger_card(response.get_json())


def outcome(google: Google, user: str = "anna@lumen.example") -> str | None:
    key = meeting_key(read_invite(invite_bytes(REVIEW)))
    with store(google.app).read() as session:
        found = Users(session, "lumen.example").proposal(user, (key,))
    return found[1].outcome if found else None


Answerer = Callable[[bytes, str], bytes]


@pytest.mark.parametrize(
    ("strategy", "answer", "line", "kind", "writes"),
    [
        ("shorter", lambda i, c: organizer.accepts(i, c, "google"),
         "Eva accepted your proposal: 30 minutes on Thursday, December 3, 2:00 PM.",
         "accepted", False),
        ("shorter", lambda i, c: organizer.accepts(i, c, "exchange"),
         "Eva accepted your proposal: 30 minutes on Thursday, December 3, 2:00 PM.",
         "accepted", False),
        ("phone", lambda i, c: organizer.makes_it_a_call(i, "+46 70 1234567", "exchange"),
         "Eva accepted your proposal: a call on Thursday, December 3, 2:00 PM.",
         "accepted", False),
        ("shorter", lambda i, c: organizer.declines(i, c),
         "Eva declined your proposal; the meeting stays Thursday, December 3, 2:00 PM – 3:30 PM.",
         "declined", False),
        ("shorter", lambda i, c: organizer.keeps(i, "google"),
         "Eva declined your proposal; the meeting stays Thursday, December 3, 2:00 PM – 3:30 PM.",
         "declined", True),
        ("shorter", lambda i, c: organizer.counters(i, SOONER, SOONER + dt.timedelta(hours=1),
                                                    "exchange"),
         "Eva suggested another time: Friday, December 4, 10:00 AM – 11:00 AM.",
         "countered", True),
        ("shorter", lambda i, c: organizer.cancels(i, "google"), "Eva cancelled the meeting.",
         "cancelled", False),
    ],
)  # fmt: skip
def test_each_answer_is_said_on_the_card_and_recorded_once(
    google: Google, strategy: str, answer: Answerer, line: str, kind: str, writes: bool
) -> None:
    counter = propose(google, strategy)
    assert outcome(google) is None
    card = open_answer(google, answer(invite_bytes(REVIEW), counter))
    shown = texts(card).replace("–", " – ").replace("  ", " ")
    assert line.replace("–", " – ").replace("  ", " ") in shown
    # Accepted or cancelled: nothing to do; declined or countered by an updated invite: the
    # advice again, to answer once more.
    assert any(text == "Write it" for text, _ in buttons(card)) is writes
    assert outcome(google) == kind
    open_answer(google, answer(invite_bytes(REVIEW), counter))  # opened again: still one
    assert outcome(google) == kind


def test_another_users_answer_with_the_same_uid_is_a_meeting_as_before(google: Google) -> None:
    counter = propose(google, "shorter")
    raw = organizer.accepts(invite_bytes(REVIEW), counter, "google")
    card = open_answer(google, raw, user="per@lumen.example")
    assert "accepted your proposal" not in texts(card)
    assert outcome(google) is None
