"""The Outlook task pane in real headless Chromium, against the live app on loopback, with an
Office.js stand-in in the page that supplies the item and records what the pane asks Outlook
to do."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, Page, Request

from addon.app import create_app, set_clock
from addon.config import Config
from addon.i18n import gettext
from addon.invite.reader import read_invite
from addon.workbench.standins.entra_signin import EntraSignIn
from addon.workbench.standins.mailbox import as_email
from addon.workbench.standins.microsoft import JWKS_PATH, MicrosoftStandIn
from addon.workbench.standins.office import MEETING_REQUEST
from addon.workbench.standins.office import office_item as workbench_item
from addon.writing.itip import CalendarPart
from tests.support.browser import Console, live
from tests.support.cardcheck import shown_card, trigger_card
from tests.support.cardtext import gmail_lines, html_lines
from tests.support.clock import frozen
from tests.support.google_addon import Google
from tests.support.google_tokens import Key
from tests.support.itip_rules import check_itip
from tests.support.microsoft_tokens import CLIENT_ID, TENANT, access_claims, jwk, sign
from tests.support.outlook_pane import load_clients, office_item, outlook_config
from tests.support.paths import AJAX_SIM, OFFICE_SIM, invite_bytes
from tests.support.payloads import hostile_ics, payloads
from tests.support.server import serve
from tests.support.tls import loopback_certificate

REVIEW = "exchange-quarterly-review.eml"
# Served on a loopback port, the pane has no public URL; the id URI names the app instead.
LOOPBACK = {"PUBLIC_URL": None, "MICROSOFT_APP_ID_URI": "api://127.0.0.1/raincheck-test"}


@pytest.fixture
def base_url(microsoft_key: Key, tmp_path: Path) -> Iterator[str]:
    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as stand_in:
        config = outlook_config(tmp_path, stand_in.url + JWKS_PATH) | LOOPBACK
        app = create_app(config)
        set_clock(app, frozen)
        load_clients(app)
        with live(app) as url:
            yield url


class Pane:
    """The task pane as a user sees it, and what it asked Office.js to do."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console = Console(page)
        self.sent: list[dict[str, Any]] = []  # what the pane POSTed to Raincheck
        page.on("request", self._record)

    def _record(self, request: Request) -> None:
        if request.url.endswith("/outlook/api"):
            self.sent.append(request.post_data_json)

    def open(
        self,
        base_url: str,
        item: dict[str, Any] | None,
        *,
        key: Key,
        user: str = "anna@lumen.example",
        tokens: list[str] | None = None,
        host: str | None = "Outlook",
        mode: str = "read",
        **options: Any,
    ) -> Pane:
        setup = {
            "item": item,
            "mode": mode,
            "host": host,
            "address": user,
            "timeZone": "W. Europe Standard Time",
            "language": "en-US",
            "tokens": tokens or [sign(key, access_claims(user))],
            **options,
        }
        self.page.add_init_script(f"window.__officeSetup = {json.dumps(setup)};")
        # For the whole browser context: an Office dialog the pane opens loads Office.js too.
        self.page.context.route(
            Config().office_js_url,
            lambda route: route.fulfill(path=OFFICE_SIM, content_type="application/javascript"),
        )
        # What Office.js loads from its second origin (MicrosoftAjax.js), as Outlook serves it.
        self.page.context.route(
            "https://ajax.aspnetcdn.com/**",
            lambda route: route.fulfill(path=AJAX_SIM, content_type="application/javascript"),
        )
        self.page.goto(f"{base_url}/outlook/taskpane")
        if host:
            self.page.wait_for_selector("#card .rc-card")
        return self

    def lines(self) -> list[str]:
        return html_lines(self.page.inner_html("#card"))

    def card(self) -> str:
        return self.page.get_attribute("#card .rc-card", "data-card") or ""

    def _settled(self) -> None:
        self.page.wait_for_selector("main[aria-busy=false]", state="attached")

    def click(self, text: str, *, strategy: str | None = None) -> None:
        buttons = self.page.locator("#card button", has_text=text)
        if strategy:
            buttons = buttons.and_(self.page.locator(f"[data-params*='\"{strategy}\"']"))
        with self.page.expect_response("**/outlook/api"):
            buttons.first.click()
        self._settled()

    def choose(self, name: str, value: str) -> None:
        with self.page.expect_response("**/outlook/api"):
            self.page.select_option(f"#card select[name={name}]", value)
        self._settled()

    def calls(self, name: str | None = None) -> list[dict[str, Any]]:
        """What the pane asked Office.js; a form's name matches its async variant too."""
        calls: list[dict[str, Any]] = self.page.evaluate("window.__officeCalls")
        return [c for c in calls if name is None or c["name"] in (name, f"{name}Async")]


@pytest.fixture
def pane(page: Page) -> Pane:
    return Pane(page)


def _attached(attachment: dict[str, Any]) -> CalendarPart:
    """The calendar part a reply form was given: inline (Mailbox 1.15) or by its link."""
    if attachment["type"] == "base64":
        text = base64.b64decode(attachment["base64file"]).decode()
        return CalendarPart(text.split("METHOD:")[1].split("\r\n")[0], text)
    return _calendar_file(attachment["url"])


def _calendar_file(url: str) -> CalendarPart:
    response = requests.get(url, timeout=5)
    assert response.status_code == 200
    method = response.headers["Content-Type"].split("method=")[1].split(";")[0]
    return CalendarPart(method, response.text)


@pytest.mark.parametrize(
    ("strategy", "method", "partstat"),
    [("phone", "COUNTER", "TENTATIVE"), ("shorter", "COUNTER", "TENTATIVE")],
)
def test_the_pane_reads_a_meeting_request_and_opens_the_reply(
    pane: Pane, base_url: str, microsoft_key: Key, strategy: str, method: str, partstat: str
) -> None:
    pane.open(base_url, office_item(REVIEW), key=microsoft_key)
    lines = pane.lines()
    assert lines[:2] == [
        "Nordvik Logistik AB",
        "Strategic client · 24% of revenue · 0 meetings in 90 days",
    ]
    pane.choose("reason", "workload")
    pane.click("Write it", strategy=strategy)
    assert pane.card() == "reply"
    pane.page.fill("#card textarea[name=note]", "See you at the Christmas party!")
    pane.click("Insert reply")
    (call,) = pane.calls("displayReplyForm")
    form = call["args"][0]
    assert "Hi Eva" in form["htmlBody"] and "See you at the Christmas party!" in form["htmlBody"]
    (attachment,) = form["attachments"]
    assert attachment["type"] == "base64" and attachment["name"] == "proposal.ics"
    part = _attached(attachment)
    assert part.method == method
    event = check_itip(part, read_invite(invite_bytes(REVIEW)), "anna@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == partstat
    assert "Your reply is open" in pane.page.inner_text("#note")
    assert not pane.page.is_visible("#outside") and not pane.page.is_visible("#status")
    # What Office.js gave, as the pane sent it: the raw message, and the id Graph knows.
    sent = pane.sent[0]["item"]
    assert sent["restId"] == f"v2.0:AAMkAD-{REVIEW}" and sent["eml"] == office_item(REVIEW)["eml"]
    assert pane.sent[0]["mailbox"]["timeZone"] == "W. Europe Standard Time"
    assert pane.console.problems() == []


def test_in_chromium_the_pane_shows_the_same_card_as_gmail(
    pane: Pane, base_url: str, microsoft_key: Key, google: Google
) -> None:
    gmail = trigger_card(google.open_message(REVIEW))
    pane.open(base_url, office_item(REVIEW), key=microsoft_key)
    assert pane.lines() == gmail_lines(gmail)
    reply = shown_card(google.click(gmail, "Write it", strategy="shorter"))
    pane.click("Write it", strategy="shorter")
    # Gmail draws its own back arrow for a pushed card; the pane draws its back control.
    assert pane.lines() == ["← Back to the advice", *gmail_lines(reply)]
    pane.click("Back to the advice")
    assert pane.lines() == gmail_lines(gmail)


def test_declining_for_email_attaches_a_reply_that_declines(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, office_item("zoom-status.eml"), key=microsoft_key)
    pane.choose("reason", "repetitive")
    pane.click("Write it", strategy="email")
    pane.click("Insert reply")
    (call,) = pane.calls("displayReplyForm")
    part = _attached(call["args"][0]["attachments"][0])
    event = check_itip(part, read_invite(invite_bytes("zoom-status.eml")), "anna@lumen.example")
    assert part.method == "REPLY" and event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def _bow_out(pane: Pane, base_url: str, key: Key, fixture: str, status: str, **options: Any) -> str:
    """David opens ``fixture``, says a colleague covers, and fills in the briefing's status."""
    user = "david@lumen.example"
    pane.open(base_url, office_item(fixture), key=key, user=user, **options)
    pane.choose("reason", "colleague_covers")
    pane.click("Write it", strategy="delegate")
    pane.page.fill("#card textarea[name=status]", status)
    pane.page.fill("#card textarea[name=points]", "Lead with the renewal terms")
    return user


def test_the_briefing_opens_to_the_account_manager_with_the_note_to_everyone(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    user = _bow_out(
        pane, base_url, microsoft_key, "teams-renewal.eml", "Contract draft is with legal"
    )
    pane.page.fill("#card textarea[name=questions]", "Price? Unchanged until 2028.")
    pane.click("Draft the briefing and the note")
    (briefing,) = pane.calls("displayNewMessageForm")
    form = briefing["args"][0]
    assert form["toRecipients"] == ["anna@lumen.example"]
    assert "Contract draft is with legal" in form["htmlBody"]
    assert "Unchanged until 2028." in form["htmlBody"]
    (note,) = pane.calls("displayReplyAllForm")
    part = _attached(note["args"][0]["attachments"][0])
    event = check_itip(part, read_invite(invite_bytes("teams-renewal.eml")), user)
    assert event["ATTENDEE"].params["PARTSTAT"] == "DELEGATED"
    assert pane.console.problems() == []


def test_bowing_out_of_the_account_managers_own_meeting_opens_one_briefing_and_no_reply(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    user = _bow_out(pane, base_url, microsoft_key, "google-pitch.eml", "Concepts ready")
    pane.click("Draft the briefing")
    (briefing,) = pane.calls("displayNewMessageForm")
    form = briefing["args"][0]
    assert form["toRecipients"] == ["anna@lumen.example"]
    # A new message takes a file by its link, never base64 (that is for reply forms only).
    (attachment,) = form["attachments"]
    assert attachment["type"] == "file" and set(attachment) == {"type", "name", "url"}
    part = _attached(attachment)
    event = check_itip(part, read_invite(invite_bytes("google-pitch.eml")), user)
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert pane.calls("displayReplyAllForm") == [] and pane.calls("displayReplyForm") == []
    assert pane.console.problems() == []


def test_when_outlook_refuses_the_attachment_the_reply_opens_and_the_file_is_offered(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    item = office_item(REVIEW)
    pane.open(base_url, item, key=microsoft_key, refuseAttachments=True)
    pane.click("Write it", strategy="phone")
    pane.click("Insert reply")
    pane.page.wait_for_selector("#note a")
    first, second = pane.calls("displayReplyFormAsync")
    assert first["args"][0]["attachments"] and "attachments" not in second["args"][0]
    link = pane.page.get_attribute("#note a", "href") or ""
    assert _calendar_file(link).method == "COUNTER"


def test_a_raw_message_too_large_to_send_is_left_out_and_the_fields_do(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    item = office_item(REVIEW) | {"eml": "A" * (3 * 1024 * 1024)}  # an attachment-heavy invite
    pane.open(base_url, item, key=microsoft_key)
    assert pane.lines()[0] == "Nordvik Logistik AB"
    assert pane.sent[0]["item"]["eml"] is None


def test_the_compose_pane_inserts_the_reply_where_the_user_is_writing(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    item = {"to": [{"emailAddress": "eva.lind@nordvik.example", "displayName": "Eva Lind"}]}
    pane.open(base_url, item, key=microsoft_key, mode="compose")
    assert pane.card() == "compose"
    pane.click("Insert into this email")
    (call,) = pane.calls("setSelectedDataAsync")
    html, options = call["args"]
    assert "Hi Eva" in html and options == {"coercionType": "html"}


def test_another_accounts_token_asks_to_sign_in_again_and_then_works(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    stale = sign(microsoft_key, access_claims("david@lumen.example"))
    fresh = sign(microsoft_key, access_claims("anna@lumen.example"))
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, tokens=[stale, fresh])
    assert pane.card() == "signin"
    pane.click("Sign in again")
    assert pane.card() == "triage"
    prompts = [c["args"][0]["allowSignInPrompt"] for c in pane.calls("getAccessToken")]
    assert prompts == [False, True]


def test_outside_outlook_the_pane_says_so_and_shows_nothing_broken(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, None, key=microsoft_key, host=None)
    pane.page.wait_for_selector("#outside", state="visible")
    assert "runs inside Outlook" in pane.page.inner_text("#outside")
    assert pane.page.inner_html("#card") == ""
    assert not pane.page.is_visible("#status")
    assert pane.console.problems() == []


def test_192_payloads_in_every_field_run_no_script_in_the_pane(
    chromium: Browser, base_url: str, microsoft_key: Key
) -> None:
    """Every payload would call window.__xssHit() if it ran; the trap counts the calls."""
    every = payloads()
    hits, shown = 0, 0
    for start in range(0, len(every), 40):
        context = chromium.new_context(locale="en-US", timezone_id="Europe/Stockholm")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.add_init_script("window.__hits = 0; window.__xssHit = () => { window.__hits++; };")
        raw = as_email(hostile_ics("".join(every[start : start + 40])))
        item = {**workbench_item(raw, f"AAMkAD-hostile-{start}"), "itemClass": MEETING_REQUEST}
        pane = Pane(page).open(base_url, item, key=microsoft_key)
        pane.click("Write it", strategy="phone")
        assert pane.card() == "reply"
        shown += pane.page.inner_text("#card").count("__xssHit")
        hits += int(page.evaluate("window.__hits"))
        context.close()
    print(f"\n{len(every)} payloads in 5 fields, advice and reply cards: {hits} ran, "
          f"{shown} shown as text")  # fmt: skip
    assert hits == 0 and shown > len(every)


@pytest.fixture
def pane_without_office_origins(microsoft_key: Key, tmp_path: Path) -> Iterator[str]:
    """The pane served with a CSP that allows Office.js but not the scripts it loads."""
    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as stand_in:
        config = outlook_config(tmp_path, stand_in.url + JWKS_PATH) | {
            **LOOPBACK, "OFFICE_READY_TIMEOUT": "2",
            # A list that misses ajax.aspnetcdn.com, as ours did.
            "OFFICE_SCRIPT_ORIGINS": "https://officeapis.public.onecdn.static.microsoft",
        }  # fmt: skip
        app = create_app(config)
        set_clock(app, frozen)
        load_clients(app)
        with live(app) as url:
            yield url


def test_the_csp_lets_office_js_load_its_second_script(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, office_item(REVIEW), key=microsoft_key)
    assert pane.lines()[0] == "Nordvik Logistik AB"
    assert pane.page.evaluate("Boolean(window.Sys && window.Sys.loaded)")
    assert pane.console.problems() == []


def test_a_csp_that_blocks_office_js_s_scripts_ends_in_a_card_with_try_again(
    pane: Pane, pane_without_office_origins: str, microsoft_key: Key
) -> None:
    pane.open(pane_without_office_origins, office_item(REVIEW), key=microsoft_key)
    assert pane.card() == "stalled"
    assert pane.lines() == [
        "Outlook did not start Raincheck",
        "Office.js did not load or did not answer. Check your connection, then try again.",
        "Try again",
    ]
    assert any("Content Security Policy" in p for p in pane.console.problems())


def test_a_pinned_pane_follows_the_selected_item_and_replies_to_that_one(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, office_item(REVIEW), key=microsoft_key)
    assert pane.lines()[0] == "Nordvik Logistik AB"
    other = office_item("floating.ics")
    with pane.page.expect_response("**/outlook/api"):
        pane.page.evaluate("(item) => window.__officeSelect(item)", other)
    pane._settled()
    assert pane.lines()[0] == "Unknown client"
    pane.click("Write it", strategy="phone")
    pane.click("Insert reply")
    (call,) = pane.calls("displayReplyForm")
    html = call["args"][0]["htmlBody"]
    assert "Quarterly account review" not in html
    part = _attached(call["args"][0]["attachments"][0])
    assert read_invite(invite_bytes("floating.ics")).uid in part.text
    assert pane.sent[-1]["item"]["itemId"] == other["itemId"]


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (13001, "You are not signed in to Office."),
        (13002, "The sign-in was cancelled."),
        (13003, "This kind of account cannot sign in to Raincheck here."),
        (13006, "Office met an unexpected error."),
        (13008, "Office is still finishing an earlier sign-in."),
        (13012, "This Outlook cannot sign in to add-ins"),
        (13007, "Outlook could not sign you in to Raincheck (error 13007)."),
    ],
)
def test_when_office_gives_no_token_the_pane_explains_and_offers_to_sign_in(
    pane: Pane, base_url: str, microsoft_key: Key, code: int, says: str
) -> None:
    # An Outlook without the dialog API: the sign-in card can only ask Office again.
    sets = {"Mailbox": "1.15", "IdentityAPI": "1.3"}
    item = office_item(REVIEW)
    pane.open(base_url, item, key=microsoft_key, tokenErrors=[code, code], sets=sets)
    assert pane.card() == "signin"
    assert any(line.startswith(says) for line in pane.lines()), pane.lines()
    prompts = [c["args"][0]["allowSignInPrompt"] for c in pane.calls("getAccessToken")]
    assert prompts == [False, True]  # the silent try, then once letting Office prompt
    pane.click("Sign in again")
    assert pane.card() == "triage"


@pytest.mark.parametrize("code", [13003, 13007, 13012])
def test_where_office_will_never_sign_the_user_in_the_card_offers_the_sign_in_window(
    pane: Pane, base_url: str, microsoft_key: Key, code: int
) -> None:
    """Microsoft's SSO troubleshooting: after these, fall back to another sign-in."""
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, tokenErrors=[code, code])
    assert pane.card() == "signin"
    assert pane.lines()[1] == (
        "This Outlook cannot sign you in to Raincheck by itself. Sign in with your Microsoft "
        "account in a window."
    )


def test_the_sign_in_card_speaks_the_language_chosen_in_outlook_not_the_browsers(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    """The browser says English (Accept-Language); the user set Outlook to Swedish."""
    item = office_item(REVIEW)
    pane.open(base_url, item, key=microsoft_key, language="sv-SE", tokenErrors=[13001, 13001])
    assert pane.card() == "signin"
    lines = pane.lines()
    assert gettext("You are not signed in to Office. Sign in, then try again.", "sv") in lines
    assert gettext("Sign in again", "sv") in lines
    assert pane.page.get_attribute("html", "lang") == "sv"  # for screen readers too


def test_a_silent_sign_in_that_fails_is_retried_with_the_prompt_before_asking(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, tokenErrors=[13001])
    assert pane.card() == "triage"
    prompts = [c["args"][0]["allowSignInPrompt"] for c in pane.calls("getAccessToken")]
    assert prompts == [False, True]


def test_a_plain_text_email_gets_the_reply_as_text(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    item = {"to": [{"emailAddress": "eva.lind@nordvik.example", "displayName": "Eva Lind"}],
            "bodyType": "text"}  # fmt: skip
    pane.open(base_url, item, key=microsoft_key, mode="compose")
    pane.click("Insert into this email")
    (call,) = pane.calls("setSelectedDataAsync")
    text, options = call["args"]
    assert "Hi Eva" in text and "<" not in text and options == {"coercionType": "text"}
    assert "Inserted into your email." in pane.page.inner_text("#note")


def test_an_outlook_without_single_sign_on_says_so(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, sets={"Mailbox": "1.3"})
    assert pane.card() == "signin"
    assert any(line.startswith("This Outlook cannot sign in to add-ins.") for line in pane.lines())
    assert pane.calls("getAccessToken") == []


def test_an_outlook_before_mailbox_1_6_opens_the_note_and_says_the_briefing_could_not(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    sets = {"Mailbox": "1.5", "IdentityAPI": "1.3"}
    _bow_out(pane, base_url, microsoft_key, "teams-renewal.eml", "Draft with legal", sets=sets)
    pane.click("Draft the briefing and the note")
    assert pane.calls("displayNewMessageForm") == []
    assert len(pane.calls("displayReplyAllForm")) == 1  # Mailbox 1.1: the note still opens
    assert "cannot open a new email from an add-in" in pane.page.inner_text("#status")


def test_an_outlook_before_mailbox_1_15_attaches_the_calendar_file_by_its_link(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    sets = {"Mailbox": "1.14", "IdentityAPI": "1.3"}
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, sets=sets)
    pane.click("Write it", strategy="phone")
    pane.click("Insert reply")
    (call,) = pane.calls("displayReplyForm")
    (attachment,) = call["args"][0]["attachments"]
    assert attachment["type"] == "file" and set(attachment) == {"type", "name", "url"}
    assert _attached(attachment).method == "COUNTER"
    # The link is in the pane too, whichever way the file went.
    assert pane.page.locator("#note a").get_attribute("href") == attachment["url"]


def test_nested_app_authentication_is_preferred_where_outlook_offers_it(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    """MSAL.js, served from our origin, asks Outlook's bridge for the token; Office's
    getAccessToken is not needed. The server takes the NAA token as any other."""
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, naa=True)
    assert pane.card() == "triage"
    names = [c["name"] for c in pane.calls()]
    assert "naa:GetInitContext" in names and "naa:GetToken" in names
    assert "getAccessToken" not in names
    request = pane.calls("naa:GetToken")[0]["args"][0]
    assert request["scope"].split()[0] == "api://127.0.0.1/raincheck-test/access_as_user"
    assert pane.console.problems() == []


def test_when_nested_app_authentication_fails_office_sso_takes_over(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, naa="fail")
    assert pane.card() == "triage"
    names = [c["name"] for c in pane.calls()]
    assert names.index("naa:GetToken") < names.index("getAccessToken")


def test_the_longest_reply_a_user_can_write_fits_outlooks_form(
    pane: Pane, base_url: str, microsoft_key: Key
) -> None:
    """Outlook refuses an htmlBody over 32 KB or a field it does not know; the stand-in does
    too. A note at its cap, full of markup to escape, still opens."""
    pane.open(base_url, office_item(REVIEW), key=microsoft_key)
    pane.click("Write it", strategy="phone")
    pane.page.fill("#card textarea[name=note]", ('<b>&amp;</b> "quoted" ' * 200)[:4000])
    pane.click("Insert reply")
    (call,) = pane.calls("displayReplyForm")
    assert call["name"] == "displayReplyFormAsync"  # current Outlooks (Mailbox 1.9)
    assert len(call["args"][0]["htmlBody"]) <= 32 * 1024
    assert "Your reply is open" in pane.page.inner_text("#note")


# What the pane does in each Outlook, from the manifests' minimum (Mailbox 1.3) up: one row per
# step where it can do more. Office.js defines every method in every client (the stand-in too),
# so only isSetSupported tells the pane what works.
STEPS = [
    # Mailbox, the reply form it opens, the calendar file's type (none without the raw message
    # or Graph: no UID to answer), raw message sent, pinnable
    ("1.3", "displayReplyForm", None, False, False),
    ("1.5", "displayReplyForm", None, False, True),
    ("1.8", "displayReplyForm", None, False, True),
    ("1.9", "displayReplyFormAsync", None, False, True),
    ("1.14", "displayReplyFormAsync", "file", True, True),
    ("1.15", "displayReplyFormAsync", "base64", True, True),
]


@pytest.mark.parametrize(("mailbox", "form", "kind", "raw", "pinned"), STEPS)
def test_each_outlook_from_the_minimum_up_gets_the_reply_it_can_open(
    pane: Pane,
    base_url: str,
    microsoft_key: Key,
    mailbox: str,
    form: str,
    kind: str | None,
    raw: bool,
    pinned: bool,
) -> None:
    sets = {"Mailbox": mailbox, "IdentityAPI": "1.3"}
    pane.open(base_url, office_item(REVIEW), key=microsoft_key, sets=sets)
    pane.click("Write it", strategy="phone")
    pane.click("Insert reply")
    (call,) = pane.calls("displayReplyForm")
    assert call["name"] == form
    attachments = call["args"][0]["attachments"]
    if kind is None:
        assert attachments == []
    else:
        (attachment,) = attachments
        assert attachment["type"] == kind and _attached(attachment).method == "COUNTER"
    assert bool(pane.sent[0]["item"]["eml"]) is raw
    assert pane.sent[0]["item"]["restId"] == f"v2.0:AAMkAD-{REVIEW}"
    assert pane.page.evaluate("window.__officePinned()") is pinned
    assert "Your reply is open" in pane.page.inner_text("#note")
    assert pane.console.problems() == []


@dataclass
class SignInWindow:
    url: str  # the app
    entra: EntraSignIn  # Microsoft's sign-in, as MSAL.js meets it
    page: Page  # a browser that trusts the stand-in's loopback certificate


@pytest.fixture
def sign_in_window(chromium: Browser, microsoft_key: Key, tmp_path: Path) -> Iterator[SignInWindow]:
    """The app with Microsoft's sign-in stand-in as its authority (https, as MSAL.js insists),
    the pane's sign-in page registered there as a single-page app's redirect URI."""
    entra = EntraSignIn(
        sign=lambda claims: sign(microsoft_key, claims),
        client_id=CLIENT_ID,
        audience=LOOPBACK["MICROSOFT_APP_ID_URI"],
        tenant=TENANT,
    )
    tls = loopback_certificate(tmp_path / "tls")
    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as keys, serve(entra, tls=tls):

        def make(url: str) -> Any:
            entra.spa_redirect_uris.add(f"{url}/outlook/signin")
            config = outlook_config(tmp_path, keys.url + JWKS_PATH) | LOOPBACK
            app = create_app(config | {"MICROSOFT_AUTHORITY": entra.url})
            set_clock(app, frozen)
            load_clients(app)
            return app

        context = chromium.new_context(
            locale="en-US", timezone_id="Europe/Stockholm", ignore_https_errors=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        with live(make) as url:
            yield SignInWindow(url, entra, page)
        context.close()


NO_SSO = {"Mailbox": "1.15", "DialogApi": "1.2"}  # an Outlook without IdentityAPI 1.3


def _sign_in_in_window(pane: Pane) -> None:
    button = pane.page.locator("#card button[data-action=signin]")
    assert button.inner_text() == "Sign in"  # a first sign-in to Raincheck, in a window
    with pane.page.context.expect_page():
        button.click()


def test_where_outlook_cannot_sign_in_the_user_signs_in_in_a_window_and_goes_on(
    sign_in_window: SignInWindow, microsoft_key: Key
) -> None:
    pane = Pane(sign_in_window.page)
    pane.open(sign_in_window.url, office_item(REVIEW), key=microsoft_key, sets=NO_SSO)
    assert pane.card() == "signin"
    assert pane.lines()[1].startswith("This Outlook cannot sign you in to Raincheck by itself.")
    _sign_in_in_window(pane)
    pane.page.wait_for_selector("#card .rc-card[data-card=triage]")
    assert pane.lines()[0] == "Nordvik Logistik AB"
    assert sign_in_window.entra.record == ["authorize", "token"]
    (opened,) = pane.calls("displayDialogAsync")
    assert opened["args"][0].startswith(f"{sign_in_window.url}/outlook/signin?")
    assert "hint=anna%40lumen.example" in opened["args"][0]
    assert pane.calls("getAccessToken") == [] and pane.calls("dialog:close")
    # The token serves the next steps too: no second window.
    pane.click("Write it", strategy="phone")
    assert pane.card() == "reply" and len(pane.calls("displayDialogAsync")) == 1
    assert pane.console.problems() == []


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        ({"deny": True}, "The sign-in was cancelled. Sign in to use Raincheck."),
        # Registered as a Web app, not a SPA: Microsoft refuses the browser's redemption.
        ({"web": True}, "Outlook could not sign you in to Raincheck (error invalid_request)."),
    ],
)
def test_a_sign_in_in_the_window_that_microsoft_refuses_says_why_and_offers_it_again(
    sign_in_window: SignInWindow, microsoft_key: Key, setup: dict[str, bool], says: str
) -> None:
    entra = sign_in_window.entra
    entra.deny = setup.get("deny", False)
    if setup.get("web"):
        entra.web_redirect_uris, entra.spa_redirect_uris = entra.spa_redirect_uris, set()
    pane = Pane(sign_in_window.page)
    pane.open(sign_in_window.url, office_item(REVIEW), key=microsoft_key, sets=NO_SSO)
    _sign_in_in_window(pane)
    pane.page.locator("#card .rc-card .rc-paragraph", has_text=says).wait_for()
    assert pane.card() == "signin"
    entra.deny = False
    entra.spa_redirect_uris |= entra.web_redirect_uris
    entra.web_redirect_uris = set()
    _sign_in_in_window(pane)  # the button opens the window again
    pane.page.wait_for_selector("#card .rc-card[data-card=triage]")


def test_closing_the_sign_in_window_says_so_and_offers_it_again(
    sign_in_window: SignInWindow, microsoft_key: Key
) -> None:
    sign_in_window.entra.spa_redirect_uris = set()  # Microsoft's error page: the user gives up
    pane = Pane(sign_in_window.page)
    pane.open(sign_in_window.url, office_item(REVIEW), key=microsoft_key, sets=NO_SSO)
    with pane.page.context.expect_page() as opened:
        pane.page.locator("#card button", has_text="Sign in").click()
    opened.value.wait_for_url(f"{sign_in_window.entra.url}/**")
    opened.value.close()
    pane.page.locator(
        "#card .rc-card .rc-paragraph", has_text="The sign-in window was closed"
    ).wait_for()
    assert pane.card() == "signin"
