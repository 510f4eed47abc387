"""The Gmail add-on end to end: Google's event objects in, Card v1 and drafts out."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from typing import Any

import icalendar
import pytest

from addon.directory.users import Users
from addon.invite import read_invite
from addon.storage import store
from addon.writing.itip import CalendarPart
from tests.support.cardcheck import advice, buttons, render_actions, shown_card, texts, trigger_card
from tests.support.google_addon import MESSAGE, THREAD, Google, current_values
from tests.support.itip_rules import check_itip
from tests.support.paths import invite_bytes


def test_opening_an_invite_shows_the_client_the_meeting_and_the_advice(google: Google) -> None:
    card = trigger_card(google.open_message())
    assert card["header"]["title"] == "Nordvik Logistik AB"
    assert card["header"]["subtitle"].startswith("Strategic client · 24% of revenue · ")
    shown = texts(card)
    assert "Quarterly account review" in shown
    assert "Thursday, December 3, 2026, 2:00 PM–3:30 PM (Central European Time)" in shown
    assert "In person at Nordvik HQ, Hamngatan 12, Stockholm" in shown
    assert advice(card) == ["1. Keep the meeting", "2. Make it a call", "3. Make it shorter"]
    assert "no good excuse" in shown
    # One messages.get; the calendar part is inline in Exchange's mail, so no attachments.get.
    assert [r.path for r in google.stand_in.calls("/gmail")] == [
        f"/gmail/v1/users/me/messages/{MESSAGE}"
    ]
    sent = google.stand_in.calls("/gmail")[0]
    assert sent.headers["Authorization"] == "Bearer ya29.user-oauth-token"
    assert sent.headers["X-Goog-Gmail-Access-Token"] == "gmail-message-token"


def test_an_attached_invite_is_fetched_with_attachments_get(google: Google) -> None:
    card = trigger_card(google.open_message("icloud-fika.eml"))
    assert card["header"]["title"] == "Östlunds Bageri"
    paths = [r.path for r in google.stand_in.calls("/gmail")]
    assert paths[1].startswith(f"/gmail/v1/users/me/messages/{MESSAGE}/attachments/")
    assert len(paths) == 2


def test_changing_the_reason_redraws_the_advice(google: Google) -> None:
    card = trigger_card(google.open_message())
    ill = shown_card(google.change(card, "reason", "ill"))
    # A strategic client and a valid reason: move it first, keep it last.
    assert advice(ill)[0] == "1. Move it to another time"
    assert advice(ill)[-1] == "4. Keep the meeting"
    assert current_values(ill)["reason"] == "ill"


@pytest.mark.parametrize(("strategy", "method"), [("phone", "COUNTER"), ("shorter", "COUNTER")])
def test_insert_reply_creates_a_threaded_draft_with_the_calendar_part(
    google: Google, strategy: str, method: str
) -> None:
    card = trigger_card(google.open_message())
    reply = shown_card(google.click(card, "Write it", strategy=strategy))
    assert (
        reply["header"]["title"]
        == {"phone": "Make it a call", "shorter": "Make it shorter"}[strategy]
    )
    form = {
        **current_values(reply),
        "note": "I will bring the <b>figures</b>.",
        "call": "+46 70 123 45 67",
    }
    answer = google.click(reply, "Insert reply", form=form)
    markup = render_actions(answer)["hostAppAction"]["gmailAction"]["openCreatedDraftActionMarkup"]
    [draft] = google.stand_in.drafts
    assert markup == {
        "draftId": draft.id,
        "draftThreadId": THREAD,
        "draftStorageId": f"m-{draft.id}",
    }
    message: EmailMessage = draft.parsed
    invite = read_invite(invite_bytes("exchange-quarterly-review.eml"))
    assert draft.thread_id == THREAD
    original = "<DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01.prod.exchangelabs.com>"
    assert message["In-Reply-To"] == original and original in message["References"]
    assert message["Subject"] == "Re: Quarterly account review"
    assert message["To"] == "eva.lind@nordvik.example"
    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    text, html, calendar_part = message.iter_parts()
    assert "I will bring the figures." in text.get_content()
    assert "<b>figures</b>" in html.get_content()
    assert calendar_part.get_param("method") == method
    ics = calendar_part.get_payload(decode=True).decode("utf-8")
    assert icalendar.Calendar.from_ical(ics)["METHOD"] == method
    event = check_itip(CalendarPart(method, ics), invite, "anna@lumen.example")
    assert event.decoded("DTSTART") == invite.start
    assert "draft" in answer["renderActions"]["action"]["notification"]["text"]


def test_email_reply_declines_with_a_comment(google: Google) -> None:
    card = trigger_card(google.open_message("zoom-status.eml"))
    card = shown_card(google.change(card, "reason", "repetitive"))
    assert card["header"]["title"] == "Cobalt & Pine"
    assert advice(card)[0] == "1. Handle it by email for now"  # a standard client, weekly again
    reply = shown_card(
        google.click(card, "Write it", strategy="email", form={"reason": "repetitive"})
    )
    render_actions(google.click(reply, "Insert reply", form=current_values(reply)))
    [draft] = google.stand_in.drafts
    calendar_part = _part(draft.parsed, "text/calendar")
    assert calendar_part.get_param("method") == "REPLY"
    assert "PARTSTAT=DECLINED" in calendar_part.get_content()


def test_bowing_out_of_the_account_managers_own_meeting_is_one_briefing_with_the_answer(
    google: Google,
) -> None:
    """Anna organised the pitch: David's briefing to her is the only email, carrying his
    calendar answer; nothing goes to the invite's thread, where the client's people are."""
    card = trigger_card(google.open_message("google-pitch.eml", user="david@lumen.example"))
    card = shown_card(google.change(card, "reason", "colleague_covers", user="david@lumen.example"))
    assert advice(card)[0] == "1. Bow out: brief the account manager"
    reply = shown_card(
        google.click(card, "Write it", strategy="delegate", user="david@lumen.example")
    )
    assert "Briefing to anna@lumen.example" in texts(reply)
    form = {
        **current_values(reply),
        "status": "Concepts A and B are done.",
        "points": "Lead with B.",
        "questions": "Budget? It fits.",
    }
    assert "To eva" not in " ".join(texts(reply))
    answer = google.click(reply, "Draft the briefing", form=form, user="david@lumen.example")
    markup = render_actions(answer)["hostAppAction"]["gmailAction"]["openCreatedDraftActionMarkup"]
    (briefing,) = google.stand_in.drafts
    assert markup["draftId"] == briefing.id, "Gmail opens the briefing"
    assert briefing.thread_id is None
    assert briefing.parsed["To"] == "anna@lumen.example"
    assert briefing.parsed["Subject"] == "Briefing: Pitch: spring campaign concepts"
    body = _part(briefing.parsed, "text/plain").get_content()
    for words in (
        "Concepts A and B are done.",
        "Lead with B.",
        "Budget? It fits.",
        "Bluefjord Studio",
    ):
        assert words in body
    answer_part = _part(briefing.parsed, "text/calendar")
    assert answer_part.get_param("method") == "REPLY"
    ics = answer_part.get_payload(decode=True).decode()
    pitch = read_invite(invite_bytes("google-pitch.eml"))
    event = check_itip(CalendarPart("REPLY", ics), pitch, "david@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert "Anna Berg will attend in my place." in str(event["COMMENT"])


def test_the_compose_window_inserts_the_chosen_reply(google: Google) -> None:
    google.stand_in.add_eml(MESSAGE, THREAD, invite_bytes("exchange-quarterly-review.eml"))
    gmail = {"messageId": MESSAGE, "threadId": THREAD, "accessToken": "gmail-message-token"}
    google.context = {"gmail": gmail}
    card = trigger_card(google.post("/gmail/compose", google.event(gmail=gmail)).get_json())
    assert current_values(card)["strategy"] == "phone"  # the best strategy that writes a reply
    shorter = shown_card(google.change(card, "strategy", "shorter"))
    answer = google.click(shorter, "Insert into this email", form=current_values(shorter))
    actions = render_actions(answer)
    html = actions["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]["updateBody"][
        "insertContents"
    ][0]["content"]
    assert "30 minutes" in html and "<ol>" in html
    assert google.stand_in.drafts == [], "the compose window gets text, not another draft"


def test_compose_without_the_invite_still_writes_a_reply(google: Google) -> None:
    body = google.event(gmail={"toRecipients": ["eva.lind@nordvik.example"]})
    card = trigger_card(google.post("/gmail/compose", body).get_json())
    assert "cannot see the invite" in texts(card)
    answer = google.click(
        card, "Insert into this email", form={**current_values(card), "call": "+46 70 1"}
    )
    html = render_actions(answer)["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"][
        "updateBody"
    ]["insertContents"][0]["content"]
    assert "our meeting" in html and "call" in html


def test_an_unknown_client_gets_the_tier_chosen_then_confirmed_with_an_undo(
    google: Google,
) -> None:
    card = trigger_card(google.open_message("floating.ics"))
    assert card["header"]["title"] == "Unknown client"
    assert current_values(card)["client_name"] == "Example"
    assert current_values(card)["tier"] == "none"  # nothing chosen until the user chooses
    answer = google.click(card, "Add this client", form={"client_name": "Example Org",
                                                          "tier": "key"})  # fmt: skip
    updated = shown_card(answer)
    assert updated["header"]["title"] == "Example Org"
    assert updated["header"]["subtitle"].startswith("Key client")
    told = answer["renderActions"]["action"]["notification"]["text"]
    assert "Example Org is now a key client" in told and "Undo is on the card" in told
    # Everyone in the organisation sees it from now on.
    again = trigger_card(google.open_message("floating.ics", user="david@lumen.example"))
    assert again["header"]["title"] == "Example Org"
    assert "Undo" not in [text for text, _ in buttons(again)]  # only its maker, only just now
    undone = google.click(updated, "Undo")
    assert (
        "Example Org is no longer in your client list"
        in (undone["renderActions"]["action"]["notification"]["text"])
    )
    assert shown_card(undone)["header"]["title"] == "Unknown client"


def test_adding_a_client_without_choosing_a_tier_adds_nothing(google: Google) -> None:
    card = trigger_card(google.open_message("floating.ics"))
    answer = google.click(card, "Add this client", form=current_values(card))
    assert "Choose the client's tier first" in texts(shown_card(answer))
    assert trigger_card(google.open_message("floating.ics"))["header"]["title"] == (
        "Unknown client"
    )


def test_only_the_maker_can_undo_a_new_client_and_only_before_anyone_changes_it(
    google: Google,
) -> None:
    card = trigger_card(google.open_message("floating.ics"))
    added = shown_card(google.click(card, "Add this client",
                                    form={"client_name": "Example Org", "tier": "key"}))  # fmt: skip
    david = "david@lumen.example"
    theirs = trigger_card(google.open_message("floating.ics", user=david))
    google.click(theirs, "Key → Strategic", user=david)
    refused = shown_card(google.click(added, "Undo"))
    assert "can no longer be undone here; change its tier instead" in texts(refused)
    assert trigger_card(google.open_message("floating.ics"))["header"]["title"] == "Example Org"


def test_a_missing_scope_is_requested_not_failed(google: Google) -> None:
    answer = google.open_message(scopes=["https://www.googleapis.com/auth/userinfo.email"])
    assert answer == {
        "requesting_google_scopes": {
            "scopes": ["https://www.googleapis.com/auth/gmail.addons.current.message.readonly"]
        }
    }
    assert google.stand_in.calls("/gmail") == []


def test_a_message_without_an_invite_says_so(google: Google) -> None:
    card = trigger_card(google.open_message("no-invite.eml"))
    assert card["header"]["title"] == "No meeting invite here"


@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        ("broken-impossible-date.ics", "The invite's times do not make sense"),
        ("broken-no-vevent.ics", "This message carries calendar data, but no meeting in it."),
        ("broken-no-dtstart.ics", "The invite does not say when the meeting starts."),
    ],
)
def test_a_broken_invite_gets_a_card_that_says_what_is_wrong_in_plain_words(
    google: Google, fixture: str, said: str
) -> None:
    card = trigger_card(google.open_message(fixture))
    assert card["header"]["title"] == "Raincheck cannot help with this invite"
    assert said in texts(card)
    assert not [w for w in ("VEVENT", "DTSTART", "iCalendar") if w in texts(card)]
    assert "Try again" not in [text for text, _ in buttons(card)]


@pytest.mark.parametrize(
    ("failure", "title", "retry"),
    [
        (401, "Google did not answer as expected", False),
        (403, "Google did not answer as expected", False),
        (404, "Google did not answer as expected", False),
        (429, "Google did not answer as expected", True),
        (500, "Google did not answer as expected", True),
        (503, "Google did not answer as expected", True),
        ("hang", "Google did not answer as expected", True),
    ],
)
def test_gmail_failures_become_cards_never_errors(
    google: Google, failure: int | str, title: str, retry: bool
) -> None:
    google.stand_in.failures["/gmail/v1/users/me/messages"] = failure
    card = trigger_card(google.open_message())
    assert card["header"]["title"] == title
    assert (
        ("Try again", {"action": "triage", "messageId": MESSAGE, "threadId": THREAD})
        in buttons(card)
    ) is retry
    if retry:
        del google.stand_in.failures["/gmail/v1/users/me/messages"]
        fixed = shown_card(google.click(card, "Try again"))
        assert fixed["header"]["title"] == "Nordvik Logistik AB"


def test_failing_to_create_the_draft_keeps_what_the_user_typed(google: Google) -> None:
    card = trigger_card(google.open_message())
    reply = shown_card(google.click(card, "Write it", strategy="phone"))
    google.stand_in.failures["/gmail/v1/users/me/drafts"] = 503
    form = {**current_values(reply), "note": "See you soon"}
    problem = shown_card(google.click(reply, "Insert reply", form=form))
    assert problem["name"] == "problem"
    del google.stand_in.failures["/gmail/v1/users/me/drafts"]
    render_actions(google.click(problem, "Try again"))
    [draft] = google.stand_in.drafts
    assert "See you soon" in _part(draft.parsed, "text/plain").get_content()


def test_legacy_message_ids_are_normalised_to_hex(google: Google) -> None:
    google.stand_in.add_eml("4d2", THREAD, invite_bytes("exchange-quarterly-review.eml"))
    gmail = {"messageId": "msg-f:1234", "threadId": "thread-f:5678", "accessToken": "t"}
    trigger_card(google.post("/gmail/message", google.event(gmail=gmail)).get_json())
    assert google.stand_in.calls("/gmail")[0].path == "/gmail/v1/users/me/messages/4d2"


def test_the_homepage_shows_time_saved_and_settings_change_the_replies(google: Google) -> None:
    home = trigger_card(google.post("/gmail/home", google.event()).get_json())
    assert "0 min proposed, 0 min accepted" in texts(home)
    saved = google.click(
        home,
        "Save settings",
        form={**current_values(home), "lang": "sv", "tone": "formal", "signature": "Anna B."},
    )
    assert render_actions(saved)["action"]["notification"]["text"] == "Inställningarna är sparade."
    card = trigger_card(google.open_message())
    assert "Strategisk kund" in texts(card)
    reply = shown_card(google.click(card, "Skriv det", strategy="shorter"))
    assert "Vänliga hälsningar" in texts(reply) and "Anna B." in texts(reply)
    render_actions(google.click(reply, "Infoga svaret", form=current_values(reply)))
    home = trigger_card(google.post("/gmail/home", google.event()).get_json())
    # 90 minutes made 30: an hour back, once the organizer accepts
    assert "</b><br>Föreslaget: 1 tim, godtaget: 0 min<br>" in texts(home)


def test_swedish_users_get_swedish_cards(google: Google) -> None:
    card = trigger_card(google.open_message(locale="sv-SE"))
    assert texts(card).startswith("Nordvik Logistik AB\nStrategisk kund · 24 % av omsättningen")
    assert "torsdag den 3 december 2026, 14.00–15.30 (CET)" in texts(card)


def _part(message: EmailMessage, content_type: str) -> EmailMessage:
    return next(p for p in message.walk() if p.get_content_type() == content_type)


def test_a_bug_of_ours_still_answers_with_a_card(
    google: Google, monkeypatch: pytest.MonkeyPatch
) -> None:
    from addon.cardflow import flow as addon_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(addon_module, "advice_card", broken)
    card = trigger_card(google.open_message())
    assert card["name"] == "problem"
    assert "Something went wrong on our side" in texts(card)


@pytest.mark.parametrize(
    ("fixture", "user", "reason", "strategy", "button", "method", "partstat"),
    [
        ("exchange-quarterly-review.eml", "anna@lumen.example", "workload", "phone", "Insert reply", "COUNTER", "TENTATIVE"),
        ("exchange-quarterly-review.eml", "anna@lumen.example", "workload", "shorter", "Insert reply", "COUNTER", "TENTATIVE"),
        ("zoom-status.eml", "anna@lumen.example", "repetitive", "email", "Insert reply", "REPLY", "DECLINED"),
        ("teams-renewal.eml", "david@lumen.example", "colleague_covers", "delegate", "Draft the briefing and the note", "REPLY", "DELEGATED"),
    ],
)  # fmt: skip
def test_every_strategy_drafts_a_valid_threaded_reply_with_its_calendar_part(
    google: Google,
    fixture: str,
    user: str,
    reason: str,
    strategy: str,
    button: str,
    method: str,
    partstat: str,
) -> None:
    card = trigger_card(google.open_message(fixture, user=user))
    card = shown_card(google.change(card, "reason", reason, user=user))
    reply = shown_card(google.click(card, "Write it", strategy=strategy, user=user))
    form = {**current_values(reply), "status": "On track", "points": "Keep the price"}
    render_actions(google.click(reply, button, form=form, user=user))
    threaded = next(d for d in google.stand_in.drafts if d.thread_id == THREAD)
    message = threaded.parsed
    original = email.message_from_bytes(invite_bytes(fixture), policy=email.policy.default)
    assert message["In-Reply-To"] == original["Message-ID"]
    assert original["Message-ID"] in message["References"]
    assert message["Subject"] == f"Re: {original['Subject']}"
    calendar_part = _part(message, "text/calendar")
    assert calendar_part.get_param("method") == method
    ics = calendar_part.get_payload(decode=True).decode("utf-8")
    event = check_itip(CalendarPart(method, ics), read_invite(invite_bytes(fixture)), user)
    assert event["ATTENDEE"].params["PARTSTAT"] == partstat


@pytest.mark.parametrize(
    ("alice", "bob"),
    [
        ("alice@yahoo.co.uk", "bob@yahoo.co.uk"),
        ("alice@t-online.de", "bob@t-online.de"),
        ("alice@gmail.com", "bob@gmail.com"),
        # A consumer account with a company's address is not that company's Workspace.
        ("alice@lumen.example", "bob@lumen.example"),
    ],
)
def test_alices_tier_never_shows_for_bob_without_a_workspace(
    google: Google, alice: str, bob: str
) -> None:
    card = trigger_card(google.open_message("floating.ics", user=alice, hd=None))
    assert card["header"]["title"] == "Unknown client"
    google.click(card, "Add this client", form={"client_name": "Example Org", "tier": "strategic"},
                 user=alice, hd=None)  # fmt: skip
    for user, title in ((alice, "Example Org"), (bob, "Unknown client")):
        seen = trigger_card(google.open_message("floating.ics", user=user, hd=None))
        assert seen["header"]["title"] == title


def test_the_one_click_tier_cannot_rename_or_retier_an_existing_client(google: Google) -> None:
    """The card's inputs are the user's to edit: naming an existing client must not re-tier it
    or hand it this unknown domain."""
    card = trigger_card(google.open_message("floating.ics"))
    answer = google.click(card, "Add this client",
                          form={"client_name": "Nordvik Logistik AB", "tier": "occasional"})  # fmt: skip
    assert "A client named Nordvik Logistik AB already exists" in texts(shown_card(answer))
    review = trigger_card(google.open_message())
    assert review["header"]["subtitle"].startswith("Strategic client")


def test_a_known_clients_tier_changes_only_explicitly_with_old_and_new_named(
    google: Google,
) -> None:
    card = trigger_card(google.open_message())
    assert card["header"]["subtitle"].startswith("Strategic client")
    labels = [t for t, _ in buttons(card) if "→" in t]
    assert labels == ["Strategic → Key", "Strategic → Standard", "Strategic → Occasional"]
    answer = google.click(card, "Strategic → Key")
    assert answer["renderActions"]["action"]["notification"]["text"] == (
        "Nordvik Logistik AB changed from strategic to key for everyone in your organisation."
    )
    assert shown_card(answer)["header"]["subtitle"].startswith("Key client")
    # A colleague who still has the old card cannot overwrite what they did not see.
    late = google.click(card, "Strategic → Occasional", user="david@lumen.example")
    assert "became a key client meanwhile" in texts(shown_card(late))
    assert trigger_card(google.open_message())["header"]["subtitle"].startswith("Key client")


@pytest.mark.parametrize(
    ("fixture", "failure", "says"),
    [
        ("no-invite.eml", None, "holds no meeting invite"),
        ("broken-no-vevent.ics", None, "could not read the invite"),
        ("exchange-quarterly-review.eml", 503, "Gmail did not give Raincheck the email"),
        ("exchange-quarterly-review.eml", "dailyLimitExceeded", "Gmail did not give Raincheck"),
    ],
    ids=["not-an-invite", "unreadable", "gmail-503", "gmail-quota"],
)
def test_compose_always_helps_and_says_why_it_writes_without_the_invite(
    google: Google, fixture: str, failure: Any, says: str
) -> None:
    google.stand_in.add_eml(MESSAGE, THREAD, invite_bytes(fixture))
    if failure is not None:
        google.stand_in.failures["/gmail/v1/users/me/messages"] = failure
    gmail = {"messageId": MESSAGE, "threadId": THREAD, "accessToken": "gmail-message-token",
             "toRecipients": ["eva.lind@nordvik.example"]}  # fmt: skip
    google.context = {"gmail": gmail}
    card = trigger_card(google.post("/gmail/compose", google.event(gmail=gmail)).get_json())
    assert says in texts(card)
    answer = google.click(card, "Insert into this email", form=current_values(card))
    html = render_actions(answer)["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"][
        "updateBody"
    ]["insertContents"][0]["content"]
    assert "our meeting" in html


def test_redraws_use_the_invite_just_read_and_writing_reads_it_anew(google: Google) -> None:
    """Another reason, language or tone redraws from the invite read a moment ago; only what
    writes a draft asks Gmail again (the invite may have changed)."""
    fetches = lambda: len(google.stand_in.calls("/gmail/v1/users/me/messages"))  # noqa: E731
    card = trigger_card(google.open_message())
    assert fetches() == 1
    card = shown_card(google.change(card, "reason", "conflict"))
    reply = shown_card(google.click(card, "Write it", strategy="phone"))
    swedish = shown_card(google.change(reply, "lang", "sv"))
    assert fetches() == 1
    assert "Hej Eva" in texts(swedish)  # the letter, redrawn in Swedish
    google.click(swedish, "Insert reply", form=current_values(swedish))
    assert fetches() == 2
    # Another user's request never gets Anna's read: Bob's token is another key.
    trigger_card(google.open_message(user="bob@lumen.example"))
    assert fetches() == 3


def test_the_country_whose_holidays_the_user_keeps_is_a_setting(google: Google) -> None:
    home = trigger_card(google.post("/gmail/home", google.event()).get_json())
    assert "Public holidays you keep" in texts(home)
    assert current_values(home)["country"] == "auto"  # their time zone's, until they choose
    google.click(home, "Save settings", form={**current_values(home), "country": "NO"})
    home = trigger_card(google.post("/gmail/home", google.event()).get_json())
    assert current_values(home)["country"] == "NO"
    with store(google.app).session() as session:
        assert Users(session, "lumen.example").settings("anna@lumen.example").country == "NO"
