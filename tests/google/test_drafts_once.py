"""Retries make one draft (issue 28, point 15): the same action sent again, or sent by many at
once to several workers, opens the draft the first one made; a changed text is a new draft.
Real HTTP to Google's stand-in, a real database shared by two apps (two workers)."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import select

from addon.app import create_app, set_clock
from addon.directory.models import DraftOnce
from addon.storage import store
from addon.workbench.standins import organizer
from tests.google.test_gmail_answers import REVIEW, open_answer, outcome
from tests.support.cardcheck import buttons, render_actions, shown_card, trigger_card
from tests.support.clock import frozen
from tests.support.google_addon import Google, current_values, google_config
from tests.support.paths import invite_bytes


def _opened(answer: dict[str, Any]) -> str:
    """The draft Gmail is told to open."""
    action = render_actions(answer)["hostAppAction"]["gmailAction"]
    return str(action["openCreatedDraftActionMarkup"]["draftId"])


def _reply(google: Google, strategy: str = "phone", **kw: Any) -> tuple[dict[str, Any], dict]:
    card = trigger_card(google.open_message(**kw))
    reply = shown_card(google.click(card, "Write it", strategy=strategy, **kw))
    form = {**current_values(reply), "call": "+46 70 123 45 67"}
    return reply, form


def test_the_same_insert_sent_three_times_makes_one_draft(google: Google) -> None:
    reply, form = _reply(google)
    opened = {_opened(google.click(reply, "Insert reply", form=form)) for _ in range(3)}
    [draft] = google.stand_in.drafts
    assert opened == {draft.id}


def test_a_changed_text_is_a_new_draft(google: Google) -> None:
    reply, form = _reply(google)
    first = _opened(google.click(reply, "Insert reply", form=form))
    second = _opened(google.click(reply, "Insert reply", form={**form, "note": "See you soon."}))
    again = _opened(google.click(reply, "Insert reply", form={**form, "note": "See you soon."}))
    assert first != second == again
    assert [d.id for d in google.stand_in.drafts] == [first, second]


def test_another_user_with_the_same_text_gets_their_own_draft(google: Google) -> None:
    reply, form = _reply(google)
    mine = _opened(google.click(reply, "Insert reply", form=form))
    theirs = _opened(google.click(reply, "Insert reply", form=form, user="david@lumen.example"))
    assert mine != theirs and len(google.stand_in.drafts) == 2


def test_bowing_out_twice_makes_one_note_and_one_briefing(google: Google) -> None:
    david = "david@lumen.example"
    card = trigger_card(google.open_message("teams-renewal.eml", user=david))
    card = shown_card(google.change(card, "reason", "colleague_covers", user=david))
    reply = shown_card(google.click(card, "Write it", strategy="delegate", user=david))
    form = {**current_values(reply), "status": "On track", "points": "Keep the price"}
    button = "Draft the briefing and the note"
    opened = {_opened(google.click(reply, button, form=form, user=david)) for _ in range(2)}
    assert len(google.stand_in.drafts) == 2  # the note and the briefing, once each
    assert len(opened) == 1


def test_no_mail_content_is_kept_only_keyed_hashes(google: Google) -> None:
    reply, form = _reply(google)
    google.click(reply, "Insert reply", form=form)
    with store(google.app).read() as session:
        rows = session.execute(select(DraftOnce)).scalars().all()
    [row] = rows
    assert len(row.key) == 64 and set(row.key) <= set("0123456789abcdef")
    kept = " ".join(str(v) for v in (row.key, row.tenant, row.draft_id, row.message_id))
    assert "anna" not in kept and "+46" not in kept and "call" not in kept


def test_concurrent_inserts_on_two_workers_make_one_draft_per_meeting(
    google: Google, tmp_path: Path
) -> None:
    """Ten requests for each of three meetings at once, shared between two apps on one
    database, as two gunicorn workers: three drafts, and every request opens its meeting's."""
    second = create_app(google_config(google.stand_in.url, tmp_path))
    set_clock(second, frozen)
    events: list[tuple[int, dict[str, Any]]] = []
    for meeting in range(3):
        message, thread = f"m{meeting}", f"t{meeting}"
        google.stand_in.add_eml(message, thread, invite_bytes("exchange-quarterly-review.eml"))
        context = {"gmail": {"messageId": message, "threadId": thread,
                             "accessToken": "gmail-message-token"}}  # fmt: skip
        at = dataclasses.replace(google, context=context)
        card = trigger_card(at.post("/gmail/message", at.event(**context)).get_json())
        reply = shown_card(at.click(card, "Write it", strategy="phone"))
        params = next(p for t, p in buttons(reply) if t == "Insert reply")
        form = {**current_values(reply), "call": "+46 70 123 45 67"}
        events.append((meeting, at.event(params=params, form=form, **context)))
    sent = [(n, event, (google.app, second)[i % 2]) for i, (n, event) in enumerate(events * 10)]

    def post(item: tuple[int, dict[str, Any], Any]) -> tuple[int, str]:
        meeting, event, app = item
        worker = dataclasses.replace(google, client=app.test_client(), app=app)
        return meeting, _opened(worker.post("/gmail/action", event).get_json())

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(post, sent))
    drafts = google.stand_in.drafts
    assert len(drafts) == 3
    by_meeting = {meeting: {d for m, d in answers if m == meeting} for meeting in range(3)}
    assert sorted(len(ids) for ids in by_meeting.values()) == [1, 1, 1]
    assert {next(iter(ids)) for ids in by_meeting.values()} == {d.id for d in drafts}


def test_a_retry_after_the_organizer_answered_keeps_the_answer_and_the_one_draft(
    google: Google,
) -> None:
    """A retry that finds its draft made records the decision no more: recording it again
    made a new proposal of it, which cleared the answer recognised in between."""
    reply, form = _reply(google, strategy="shorter")
    first = _opened(google.click(reply, "Insert reply", form=form))
    [draft] = google.stand_in.drafts
    part = next(p for p in draft.parsed.walk() if p.get_content_type() == "text/calendar")
    open_answer(google, organizer.accepts(invite_bytes(REVIEW), part.get_content(), "google"))
    assert outcome(google) == "accepted"
    google.open_message()  # back on the invite, whose reply card is pressed again
    assert _opened(google.click(reply, "Insert reply", form=form)) == first
    assert len(google.stand_in.drafts) == 1
    assert outcome(google) == "accepted"
