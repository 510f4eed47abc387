"""The Outlook task pane's API, driven as the pane drives it: the item Office.js read, a
Microsoft access token, a card action; answered with the card and the steps to run."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from typing import Any

import pytest

from addon.invite.reader import read_invite
from addon.outlook.resources import EXTENSION
from addon.writing.itip import CalendarPart
from tests.support.cardcheck import shown_card, trigger_card
from tests.support.cardtext import gmail_lines, html_lines
from tests.support.google_addon import Google
from tests.support.google_tokens import PUBLIC_URL
from tests.support.itip_rules import check_itip
from tests.support.outlook_pane import Outlook, office_item
from tests.support.paths import invite_bytes
from tests.support.storecheck import table_rows

REVIEW = "exchange-quarterly-review.eml"


def _calendar(outlook: Outlook, step: dict[str, Any]) -> tuple[CalendarPart, Any]:
    (attachment,) = step["attachments"]
    assert attachment["type"] == "file"
    response = outlook.client.get(attachment["url"].removeprefix(PUBLIC_URL))
    assert response.status_code == 200
    method = response.mimetype_params["method"]
    return CalendarPart(method, response.get_data(as_text=True)), response


def test_a_meeting_request_shows_the_client_and_the_advice(outlook: Outlook) -> None:
    answer = outlook.ask(office_item(REVIEW))
    lines = html_lines(answer["card"])
    assert lines[:2] == [
        "Nordvik Logistik AB",
        "Strategic client · 24% of revenue · 0 meetings in 90 days",
    ]
    assert "1. Keep the meeting" in lines and "2. Make it a call" in lines
    assert answer["do"] == []


def test_opening_a_card_writes_nothing_and_acting_counts_the_meeting(outlook: Outlook) -> None:
    item = office_item(REVIEW)
    before = table_rows(outlook.app)
    for _ in range(3):
        lines = html_lines(outlook.ask(item)["card"])
        assert "Strategic client · 24% of revenue · 0 meetings in 90 days" in lines
    assert table_rows(outlook.app) == before
    outlook.ask(item, action="insert", params={"strategy": "phone", "reason": "workload"})
    lines = html_lines(outlook.ask(item)["card"])
    assert "Strategic client · 24% of revenue · 1 meeting in 90 days" in lines
    after = table_rows(outlook.app)
    assert (after["meetings"], after["decisions"]) == (
        before["meetings"] + 1,
        before["decisions"] + 1,
    )


@pytest.mark.parametrize(
    ("fixture", "user", "reason"),
    [(REVIEW, "anna@lumen.example", "workload"),
     ("teams-renewal.eml", "david@lumen.example", "colleague_covers"),
     ("zoom-status.eml", "anna@lumen.example", "repetitive")],
)  # fmt: skip
def test_outlook_shows_the_same_card_as_gmail(
    outlook: Outlook, google: Google, fixture: str, user: str, reason: str
) -> None:
    # Both hosts know the same clients under their own tenant; the cards must read the same.
    card = trigger_card(google.open_message(fixture, user=user))
    gmail = shown_card(google.change(card, "reason", reason, user=user))
    pane = outlook.ask(office_item(fixture), user=user, action="triage", form={"reason": reason})
    assert html_lines(pane["card"]) == gmail_lines(gmail)


def test_an_invite_without_a_uid_gets_a_reply_without_a_calendar_answer_and_says_why(
    outlook: Outlook,
) -> None:
    item = office_item("no-uid.ics")
    params = {"strategy": "phone", "reason": "workload"}
    preview = html_lines(outlook.ask(item, action="preview", params=params)["card"])
    assert any(line.startswith("The invite has no UID") for line in preview)
    (step,) = outlook.ask(item, action="insert", params=params)["do"]
    assert step["kind"] == "reply" and step["attachments"] == []
    assert "Hi Eva" in step["htmlBody"]


@pytest.mark.parametrize(("scope", "rrule"), [("occurrence", False), ("series", True)])
def test_for_a_series_the_user_chooses_one_meeting_or_all_and_the_answer_carries_it(
    outlook: Outlook, scope: str, rrule: bool
) -> None:
    item = office_item("google-recurring.ics")
    params = {"strategy": "email", "reason": "repetitive"}
    preview = outlook.ask(item, action="preview", params=params)["card"]
    assert "Which meetings" in html_lines(preview)
    assert 'value="occurrence" selected' in preview
    answer = outlook.ask(item, action="insert", params=params, form={"scope": scope})
    (step,) = answer["do"]
    part, _ = _calendar(outlook, step)
    assert ("RRULE:FREQ=WEEKLY;BYDAY=TH" in part.text) is rrule
    assert ("RECURRENCE-ID" in part.text) is not rrule
    assert ("the series" in step["htmlBody"]) is rrule


@pytest.mark.parametrize(("choice", "said"), [(None, True), ("no", False), ("yes", True)])
def test_the_user_chooses_whether_the_reply_says_why(
    outlook: Outlook, choice: str | None, said: bool
) -> None:
    item = office_item(REVIEW)
    params = {"strategy": "phone", "reason": "ill"}
    form = {"say_why": choice} if choice else {}
    answer = outlook.ask(item, action="preview", params=params, form=form)
    lines = html_lines(answer["card"])
    assert "Your reason in the reply" in lines
    assert any("I have fallen ill." in line for line in lines) is said


# Two days after Thursday is a Saturday: the same time on Monday instead.
@pytest.mark.parametrize(("days", "start"), [(None, "20261210T130000Z"), ("2", "20261207T130000Z")])
def test_moving_a_meeting_proposes_the_chosen_day_at_the_same_time(
    outlook: Outlook, days: str | None, start: str
) -> None:
    item = office_item(REVIEW)
    triage = html_lines(outlook.ask(item, action="triage", form={"reason": "emergency"})["card"])
    assert triage[triage.index("What Raincheck advises") + 1] == "1. Move it to another time"
    params = {"strategy": "move", "reason": "emergency"}
    form = {"move_days": days} if days else {}
    preview = html_lines(outlook.ask(item, action="preview", params=params, form=form)["card"])
    assert "Propose instead" in preview
    (step,) = outlook.ask(item, action="insert", params=params, form=form)["do"]
    part, _ = _calendar(outlook, step)
    assert part.method == "COUNTER" and f"DTSTART:{start}" in part.text


@pytest.mark.parametrize(("chosen", "greeting"), [(None, "Hej Karin!"), ("en", "Hi Karin,")])
def test_a_swedish_invite_gets_a_swedish_reply_in_an_english_outlook(
    outlook: Outlook, chosen: str | None, greeting: str
) -> None:
    params = {"strategy": "shorter", "reason": "workload"}  # a call saves nothing online
    form = {"lang": chosen} if chosen else {}
    answer = outlook.ask(office_item("teams-renewal.eml"), user="david@lumen.example",
                         action="preview", params=params, form=form, language="en-US")  # fmt: skip
    lines = html_lines(answer["card"])
    assert greeting in lines
    assert "Your reply" in lines  # the card itself stays in the user's language


@pytest.mark.parametrize(("style", "time"), [("en-GB", "at 14:00"), ("en-US", "at 2:00 PM")])
def test_a_user_chooses_british_or_american_english_whatever_outlook_speaks(
    outlook: Outlook, style: str, time: str
) -> None:
    home = html_lines(outlook.ask(None, action="home", language="en-US")["card"])
    assert "English (UK)" in home and "English (US)" in home
    saved = outlook.ask(None, action="save_settings", form={"lang": style, "tone": "warm"})
    assert saved["note"] == "Settings saved."
    params = {"strategy": "phone", "reason": "workload"}
    answer = outlook.ask(office_item(REVIEW), action="preview", params=params, language="en-US")
    assert any(time in line for line in html_lines(answer["card"]))


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en-US", "The invite names its time zone “Western/Central Europe” without defining it; "
                  "Raincheck read it as Europe/Berlin. Check the time."),
        ("sv-SE", "Inbjudan anger tidszonen ”Western/Central Europe” utan att definiera den; "
                  "Raincheck läste den som Europe/Berlin. Kontrollera tiden."),
    ],
)  # fmt: skip
def test_both_hosts_say_when_the_zone_was_guessed(
    outlook: Outlook, google: Google, language: str, says: str
) -> None:
    fixture = "lotus-notes-zone-name.ics"
    pane = outlook.ask(office_item(fixture), language=language)
    assert says in html_lines(pane["card"])
    gmail = trigger_card(google.open_message(fixture, locale=language))
    assert says in gmail_lines(gmail)


@pytest.mark.parametrize(
    ("fixture", "user", "reason", "strategy", "method", "partstat"),
    [(REVIEW, "anna@lumen.example", "workload", "phone", "COUNTER", "TENTATIVE"),
     (REVIEW, "anna@lumen.example", "workload", "shorter", "COUNTER", "TENTATIVE"),
     ("zoom-status.eml", "anna@lumen.example", "repetitive", "email", "REPLY", "DECLINED")],
)  # fmt: skip
def test_insert_reply_opens_a_reply_form_with_the_calendar_file(
    outlook: Outlook,
    fixture: str,
    user: str,
    reason: str,
    strategy: str,
    method: str,
    partstat: str,
) -> None:
    item = office_item(fixture)
    params = {"strategy": strategy, "reason": reason}
    preview = outlook.ask(item, user=user, action="preview", params=params)
    assert "Insert reply" in html_lines(preview["card"])
    answer = outlook.ask(item, user=user, action="insert", params=params)
    (step,) = answer["do"]
    assert step["kind"] == "reply" and step["all"] is False
    assert "Eva" in step["htmlBody"] or "Mika" in step["htmlBody"]
    part, response = _calendar(outlook, step)
    assert part.method == method
    # Cacheable for the link's life, as Office wants attachment URLs; private to the link.
    assert response.headers["Cache-Control"] == "private, max-age=600"
    # The same file inline, for Outlooks with Mailbox 1.15.
    assert base64.b64decode(step["attachments"][0]["base64"]).decode() == part.text
    event = check_itip(part, read_invite(invite_bytes(fixture)), user)
    assert event["ATTENDEE"].params["PARTSTAT"] == partstat
    assert answer["link"]["url"] == step["attachments"][0]["url"]
    assert answer["note"] == "Your reply is open: check it and press Send."


def test_the_briefing_opens_to_the_account_manager_and_the_note_to_everyone(
    outlook: Outlook,
) -> None:
    item = office_item("teams-renewal.eml")
    form = {
        "status": "Draft contract is with legal",
        "points": "Keep the price <script>alert(1)</script>firm",
    }
    params = {"strategy": "delegate", "reason": "colleague_covers"}
    answer = outlook.ask(item, user="david@lumen.example", action="brief", params=params, form=form)
    message, reply = answer["do"]
    assert message["kind"] == "message"
    assert message["toRecipients"] == ["anna@lumen.example"]
    assert "Draft contract is with legal" in message["htmlBody"]
    assert "Keep the price" in message["htmlBody"] and "<script" not in message["htmlBody"]
    assert reply["kind"] == "reply" and reply["all"] is True
    part, _ = _calendar(outlook, reply)
    event = check_itip(part, read_invite(invite_bytes("teams-renewal.eml")), "david@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DELEGATED"


def test_bowing_out_of_the_account_managers_own_meeting_opens_only_the_briefing(
    outlook: Outlook,
) -> None:
    """Anna organised the pitch: the briefing to her carries David's calendar answer, and no
    reply (let alone a reply to all, the client's people included) is opened."""
    item = office_item("google-pitch.eml")
    params = {"strategy": "delegate", "reason": "colleague_covers"}
    preview = html_lines(
        outlook.ask(item, user="david@lumen.example", action="preview", params=params)["card"]
    )
    assert "Draft the briefing" in preview and "Draft the briefing and the note" not in preview
    answer = outlook.ask(
        item, user="david@lumen.example", action="brief", params=params,
        form={"status": "Concepts ready", "points": "Lead with B"},
    )  # fmt: skip
    (message,) = answer["do"]
    assert message["kind"] == "message" and message["toRecipients"] == ["anna@lumen.example"]
    (attachment,) = message["attachments"]
    part, _ = _calendar(outlook, {"attachments": [attachment]})
    event = check_itip(part, read_invite(invite_bytes("google-pitch.eml")), "david@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert answer["link"] is not None


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({}, "The account manager needs these first: Status of your work, Key points to make."),
        (
            {"status": "Draft contract is with legal"},
            "The account manager needs these first: Key points to make.",
        ),
    ],
)
def test_a_briefing_without_the_status_or_key_points_is_not_drafted(
    outlook: Outlook, form: dict[str, str], says: str
) -> None:
    params = {"strategy": "delegate", "reason": "colleague_covers"}
    answer = outlook.ask(office_item("teams-renewal.eml"), user="david@lumen.example",
                         action="brief", params=params, form=form)  # fmt: skip
    assert answer["do"] == [] and answer["note"].startswith(says)
    assert "Draft the briefing and the note" in html_lines(answer["card"])


def test_without_the_raw_message_the_reply_goes_without_a_calendar_answer(
    outlook: Outlook,
) -> None:
    item = office_item(REVIEW, raw=False)
    assert "Nordvik Logistik AB" in html_lines(outlook.ask(item)["card"])
    params = {"strategy": "shorter", "reason": "workload"}
    preview = outlook.ask(item, action="preview", params=params)
    assert any("no calendar answer" in line for line in html_lines(preview["card"]))
    (step,) = outlook.ask(item, action="insert", params=params)["do"]
    assert step["attachments"] == []
    assert "30 minutes" in step["htmlBody"]


def test_an_appointment_is_read_from_its_own_fields(outlook: Outlook) -> None:
    item = {
        "type": "appointment",
        "itemClass": "IPM.Appointment",
        "itemId": "AAMkAD-appointment",
        "subject": "Warehouse portal steering group",
        "organizer": {"emailAddress": "eva.lind@nordvik.example", "displayName": "Lind, Eva"},
        "requiredAttendees": [
            {"emailAddress": "eva.lind@nordvik.example", "displayName": "Lind, Eva"},
            {"emailAddress": "anna@lumen.example", "displayName": "Anna Berg"},
        ],
        "start": "2026-12-10T09:00:00Z",
        "end": "2026-12-10T11:00:00Z",
        "location": "Nordvik HQ, Hamngatan 12, Stockholm",
        "body": "Agenda to follow.",
    }
    answer = outlook.ask(item, language="sv-SE")
    lines = html_lines(answer["card"])
    assert lines[0] == "Nordvik Logistik AB"
    assert any("10.00–12.00" in line for line in lines)  # Stockholm time, Swedish style
    params = {"strategy": "phone", "reason": "workload"}
    (step,) = outlook.ask(item, action="insert", params=params, language="sv-SE")["do"]
    assert "Hej Eva" in step["htmlBody"]


def test_an_email_without_an_invite_says_so(outlook: Outlook) -> None:
    item = office_item("no-invite.eml") | {"itemClass": "IPM.Note"}
    lines = html_lines(outlook.ask(item)["card"])
    assert lines[0] == "No meeting invite here"


def test_the_compose_pane_inserts_a_reply_into_the_email_being_written(outlook: Outlook) -> None:
    item = {
        "type": "message",
        "to": [{"emailAddress": "eva.lind@nordvik.example", "displayName": "Eva Lind"}],
    }
    card = outlook.ask(item, mode="compose")
    assert "Insert into this email" in html_lines(card["card"])
    answer = outlook.ask(item, mode="compose", action="compose_insert",
                         params={"strategy": "email", "compose": "1"})  # fmt: skip
    (step,) = answer["do"]
    assert step["kind"] == "insert" and "Hi Eva" in step["html"]


def test_outside_an_item_the_pane_shows_the_homepage(outlook: Outlook) -> None:
    lines = html_lines(outlook.ask(None)["card"])
    assert lines[0] == "Raincheck"


def test_a_broken_invite_gets_a_card_and_a_4xx(outlook: Outlook) -> None:
    item = office_item(REVIEW, raw=False) | {"start": None}
    response = outlook.post(outlook.body(item))
    assert response.status_code == 422
    assert "Raincheck cannot help with this invite" in html_lines(response.get_json()["card"])


@pytest.mark.parametrize(
    "body",
    [None, [], {"mailbox": {}}, {"mailbox": {"address": "anna@lumen.example"}, "item": {"type": "fax"}},
     {"mailbox": {"address": "anna@lumen.example"}, "item": {"type": "message", "eml": "%%%"}}],
)  # fmt: skip
def test_a_malformed_pane_request_is_a_400(outlook: Outlook, body: Any) -> None:
    response = outlook.client.post(
        "/outlook/api", json=body, headers={"Authorization": f"Bearer {outlook.token()}"}
    )
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_body_over_the_limit_is_refused_with_a_message(outlook: Outlook) -> None:
    item = office_item(REVIEW) | {"eml": "A" * (3 * 1024 * 1024)}
    response = outlook.post(outlook.body(item))
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_the_calendar_link_expires_and_cannot_be_altered(outlook: Outlook) -> None:
    params = {"strategy": "phone", "reason": "workload"}
    (step,) = outlook.ask(office_item(REVIEW), action="insert", params=params)["do"]
    url = step["attachments"][0]["url"].removeprefix(PUBLIC_URL)
    tampered = url[:-10] + ("A" if url[-10] != "A" else "B") + url[-9:]
    assert outlook.client.get(tampered).status_code == 410
    tickets = outlook.app.extensions[EXTENSION].tickets
    now = tickets.clock()
    tickets.clock = lambda: now + tickets.ttl_seconds + 1
    response = outlook.client.get(url)
    assert response.status_code == 410
    assert "expired" in response.get_json()["error"]


def test_the_pane_page_sends_a_strict_policy_that_lets_outlook_frame_it(outlook: Outlook) -> None:
    response = outlook.client.get("/outlook/taskpane", headers={"Accept-Language": "sv-SE"})
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"].split() == [
        "'self'", "https://appsforoffice.microsoft.com", "https://ajax.aspnetcdn.com",
        "https://officeapis.public.onecdn.static.microsoft",
    ]  # fmt: skip
    # Office.js styles the page it runs in (office-js #1687): inline styles there, and only
    # there; inline script nowhere.
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    other = outlook.client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in other
    for origin in ("https://outlook.office.com", "https://outlook.office365.com",
                   "https://outlook.cloud.microsoft", "https://outlook.live.com"):  # fmt: skip
        assert origin in policy["frame-ancestors"].split()
    assert "X-Frame-Options" not in response.headers
    page = response.get_data(as_text=True)
    assert '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js">' in page
    assert "<script>" not in page  # no inline script anywhere
    assert "Läser inbjudan" in page


def _button_params(html: str, text: str) -> dict[str, str]:
    """The action parameters of the pane's button labelled ``text``."""
    match = re.search(r"data-params='([^']*)'>" + re.escape(text) + "<", html)
    assert match, f"no button {text!r}"
    params: dict[str, str] = json.loads(unescape(match.group(1)))
    return params


def test_in_the_pane_a_tier_changes_explicitly_and_a_stale_change_is_refused(
    outlook: Outlook,
) -> None:
    item = office_item(REVIEW)
    card = outlook.ask(item)["card"]
    to_key = _button_params(card, "Strategic → Key")
    to_occasional = _button_params(card, "Strategic → Occasional")
    answer = outlook.ask(item, action="change_tier", params=to_key)
    assert "Key client" in html_lines(answer["card"])[1]
    assert answer["note"] == (
        "Nordvik Logistik AB changed from strategic to key for everyone in your organisation."
    )
    stale = outlook.post(outlook.body(item, action="change_tier", params=to_occasional))
    assert stale.status_code == 422
    lines = html_lines(stale.get_json()["card"])
    assert any("became a key client meanwhile" in line for line in lines)


def test_msal_js_comes_from_our_own_origin_from_the_npm_package(outlook: Outlook) -> None:
    page = outlook.client.get("/outlook/taskpane").get_data(as_text=True)
    assert '<script src="/outlook/msal-browser.js"></script>' in page
    with outlook.client.get("/outlook/msal-browser.js") as response:
        assert response.status_code == 200
        assert response.get_data()[:40].startswith(b"/*! @azure/msal-browser v")
        assert "max-age=3600" in response.headers["Cache-Control"]


# Technical words that mean nothing to someone reading mail (the reader's own messages use them).
TECHNICAL = ("VEVENT", "VCALENDAR", "DTSTART", "DTEND", "DURATION", "iCalendar", "base64")


# Outlook reads a meeting request's own fields when its calendar data is broken, so only
# problems both hosts can meet are compared; Gmail alone meets the rest (test_gmail_addon).
@pytest.mark.parametrize(
    ("fixture", "said"),
    [
        ("broken-no-dtstart.ics", "does not say when the meeting starts"),
        ("cancel.ics", "This is a cancellation"),
    ],
)
def test_gmail_and_outlook_say_the_same_plain_words_for_the_same_broken_invite(
    outlook: Outlook, google: Google, fixture: str, said: str
) -> None:
    gmail = gmail_lines(trigger_card(google.open_message(fixture)))
    response = outlook.post(outlook.body(office_item(fixture)))
    pane = html_lines(response.get_json()["card"])
    assert pane == gmail
    assert said in " ".join(pane)
    assert not [word for word in TECHNICAL if word in " ".join(pane)]


def test_a_broken_invite_is_explained_in_the_users_language(outlook: Outlook) -> None:
    item = office_item("broken-no-dtstart.ics")
    response = outlook.post(outlook.body(item, language="sv-SE"))
    assert "säger inte när mötet börjar" in " ".join(html_lines(response.get_json()["card"]))
