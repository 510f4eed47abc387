"""The workbench in real Chromium, as a newcomer uses it: open a sample invite, choose a reason
and a strategy in the Gmail card, insert the reply, and find the draft with its calendar part;
the same in the Outlook pane."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from playwright.sync_api import Browser, FrameLocator, Locator, Page

from addon.demo import ahead_of
from addon.invite.reader import read_invite
from addon.workbench.resources import freeze
from addon.workbench.standins.mailbox import as_email
from addon.writing.itip import CalendarPart
from tests.support.browser import Console, live
from tests.support.itip_rules import check_itip
from tests.support.paths import SAMPLES
from tests.support.payloads import hostile_ics, payloads
from tests.support.tour import CARDS, NOW, SHOTS, VIEWPORT, ZONE, tour
from tests.workbench.test_workbench import development_app

README = (SHOTS.parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def workbench_url(tmp_path: Path) -> Iterator[str]:
    with live(lambda url: development_app(tmp_path, url)) as url:
        yield url


@pytest.fixture
def tour_url(tmp_path: Path) -> Iterator[str]:
    """The workbench with its clock stopped where the README's pictures were taken."""

    def frozen(url: str) -> Flask:
        app = development_app(tmp_path, url)
        freeze(app, NOW)
        return app

    with live(frozen) as url:
        yield url


def _open(page: Page, url: str, sample: str, user: str, *, goto: bool = True) -> None:
    if goto:
        page.goto(url + "/")
    page.select_option("select[name=sample]", sample)
    page.fill("input[name=user]", user)
    page.click("text=Open in Gmail and Outlook")
    page.wait_for_selector("#gmail-card .gc-card")


def _draft(page: Page, host: str) -> Locator:
    found = page.locator(f"#drafts li[data-host={host}]").first
    found.wait_for()
    return found


def _calendar(url: str, draft: Locator) -> tuple[email.message.EmailMessage, CalendarPart]:
    href = draft.locator("a", has_text="Download .eml").get_attribute("href")
    raw = requests.get(url + str(href), timeout=5).content
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return message, CalendarPart(str(part.get_param("method")), payload.decode())


def test_in_the_gmail_card_a_reason_and_a_strategy_give_a_draft_with_its_proposal(
    page: Page, workbench_url: str
) -> None:
    console = Console(page)
    _open(page, workbench_url, "quarterly-review.eml", "anna@lumen.example")
    card = page.locator("#gmail-card")
    assert card.locator(".gc-title").inner_text() == "Nordvik Logistik AB"
    with page.expect_response("**/gmail/action"):
        card.locator("select[name=reason]").select_option("conflict")
    card.locator(".gc-decorated", has_text="Make it shorter").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    card.locator("textarea[name=note]").fill("Sorry for the short notice.")
    card.locator(".gc-footer button").click()
    draft = _draft(page, "Gmail")
    assert "calendar: COUNTER" in draft.inner_text()
    assert "Sorry for the short notice." in draft.inner_text()
    message, part = _calendar(workbench_url, draft)
    assert message["Subject"] == "Re: Quarterly account review"
    invite = read_invite((SAMPLES / "quarterly-review.eml").read_bytes())
    check_itip(part, invite, "anna@lumen.example")
    assert page.inner_text("#gmail-note") == "Your reply is in a draft: check it and press Send."
    assert console.problems() == []


def _choose(page: Page, pane: FrameLocator, name: str, value: str) -> None:
    with page.expect_response("**/outlook/api"):
        pane.locator(f"select[name={name}]").select_option(value)
    pane.locator("main[aria-busy=false]").wait_for(state="attached")


def _pane(page: Page) -> FrameLocator:
    frame = page.frame_locator("#outlook-pane")
    frame.locator("#card .rc-card").wait_for()
    return frame


def test_in_the_outlook_pane_the_same_flow_gives_the_same_kind_of_draft(
    page: Page, workbench_url: str
) -> None:
    console = Console(page)
    _open(page, workbench_url, "quarterly-review.eml", "anna@lumen.example")
    pane = _pane(page)
    assert pane.locator("h1").first.inner_text() == "Nordvik Logistik AB"
    _choose(page, pane, "reason", "conflict")
    pane.locator(".rc-fact", has_text="Make it shorter").locator("button").click()
    pane.locator("[data-card=reply]").wait_for()
    pane.locator("textarea[name=note]").fill("Sorry for the short notice.")
    pane.locator(".rc-footer button").click()
    draft = _draft(page, "Outlook")
    assert "calendar: COUNTER" in draft.inner_text()
    assert "Sorry for the short notice." in draft.inner_text()
    message, part = _calendar(workbench_url, draft)
    assert message["To"] == "eva.lind@nordvik.example"
    invite = read_invite((SAMPLES / "quarterly-review.eml").read_bytes())
    check_itip(part, invite, "anna@lumen.example")
    assert console.problems() == []


def _bow_out(page: Page, url: str, sample: str, status: str) -> FrameLocator:
    """David opens ``sample`` in the pane, says a colleague covers, and fills in the status."""
    _open(page, url, sample, "david@lumen.example")
    pane = _pane(page)
    _choose(page, pane, "reason", "colleague_covers")
    pane.locator(".rc-fact", has_text="Bow out").locator("button").click()
    pane.locator("[data-card=reply]").wait_for()
    pane.locator("textarea[name=status]").fill(status)
    pane.locator("textarea[name=points]").fill("Lead with the renewal terms.")
    return pane


def test_bowing_out_in_the_pane_gives_the_briefing_and_the_note(
    page: Page, workbench_url: str
) -> None:
    pane = _bow_out(page, workbench_url, "renewal.eml", "Draft contract is with legal.")
    pane.locator(".rc-footer button").click()
    page.locator("#drafts li[data-host=Outlook]").nth(1).wait_for()
    texts = page.locator("#drafts li[data-host=Outlook]").all_inner_texts()
    briefing = next(t for t in texts if "Draft contract is with legal." in t)
    assert "anna@lumen.example" in briefing
    assert any("calendar: REPLY" in t for t in texts)
    invite = read_invite(as_email((SAMPLES / "renewal.eml").read_bytes()))
    note = page.locator("#drafts li[data-host=Outlook]", has_text="calendar: REPLY").first
    _, part = _calendar(workbench_url, note)
    event = check_itip(part, invite, "david@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DELEGATED"


def test_bowing_out_of_the_account_managers_pitch_gives_one_internal_draft(
    page: Page, workbench_url: str
) -> None:
    """Anna organised the pitch with the client: David's bow-out is one briefing to Anna with
    his calendar answer; no draft goes to the client's people."""
    pane = _bow_out(page, workbench_url, "pitch.eml", "Concepts A and B are ready.")
    with page.expect_response(lambda r: r.url.endswith("/outlook/api")) as answered:
        pane.locator(".rc-footer button").click()
    (step,) = answered.value.json()["do"]  # one form only: no reply to anyone else
    assert step["kind"] == "message" and step["toRecipients"] == ["anna@lumen.example"]
    draft = _draft(page, "Outlook").inner_text()
    assert "anna@lumen.example" in draft and "bluefjord" not in draft.split("\n")[0].lower()
    assert "Concepts A and B are ready." in draft and "calendar: REPLY" in draft


def test_192_payloads_run_no_script_in_the_workbench_card_pane_or_drafts(
    chromium: Browser, workbench_url: str, tmp_path: Path
) -> None:
    """The Gmail card (drawn from Card v1 JSON by the workbench's script), the Outlook pane in
    its frame and the list of drafts, with every payload in every invite field. A page-level
    trap in every frame counts the payloads that ran."""
    every = payloads()
    hits = shown = 0
    for start in range(0, len(every), 40):
        context = chromium.new_context(locale="en-US", timezone_id="Europe/Stockholm")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.add_init_script(
            "window.__xssHit = () => { window.top.__hits = (window.top.__hits || 0) + 1; };"
        )
        invite = tmp_path / f"hostile-{start}.ics"
        # The workbench runs on today's clock: the invite's meeting must still be ahead.
        hostile = hostile_ics("".join(every[start : start + 40]))
        invite.write_bytes(ahead_of(hostile, dt.date.today()))
        page.goto(workbench_url + "/")
        page.fill("input[name=user]", "anna@lumen.example")
        page.set_input_files("input[name=file]", str(invite))
        page.click("text=Open in Gmail and Outlook")
        page.wait_for_selector("#gmail-card .gc-card")
        _pane(page)
        card = page.locator("#gmail-card")
        card.locator(".gc-decorated", has_text="Make it a call").locator("button").click()
        page.wait_for_selector("#gmail-card [data-card=reply]")
        card.locator(".gc-footer button").click()
        draft = _draft(page, "Gmail")
        shown += page.inner_text("body").count("__xssHit") + draft.inner_text().count("__xssHit")
        hits += int(page.evaluate("window.__hits || 0"))
        context.close()
    print(f"\n{len(every)} payloads in the workbench: {hits} ran, {shown} shown as text")
    assert hits == 0 and shown > len(every)


def test_a_new_user_signs_in_after_a_refusal_follows_a_switch_and_gets_the_calendar_file(
    page: Page, workbench_url: str
) -> None:
    """Issue 13's trial, as a newcomer does it in the workbench: Outlook refuses the silent
    sign-in, the pane explains and signs in on the button; pinned, it follows the next invite
    without reloading; the reply to that invite carries its own calendar file."""
    console = Console(page)
    page.goto(workbench_url + "/")
    page.check("input[name=pinned]")
    page.check("input[name=refuse_signin]")
    _open(page, workbench_url, "quarterly-review.eml", "anna@lumen.example", goto=False)
    frame = page.frame_locator("#outlook-pane")
    frame.locator("[data-card=signin]").wait_for()
    assert "You are not signed in to Office" not in frame.locator("#card").inner_text()
    assert "The sign-in was cancelled." in frame.locator("#card").inner_text()
    with page.expect_response("**/outlook/api"):
        frame.locator("button", has_text="Sign in again").click()
    frame.locator("[data-card=triage]").wait_for()
    assert frame.locator("h1").first.inner_text() == "Nordvik Logistik AB"
    pane_url = page.locator("#outlook-pane").get_attribute("src")
    _open(page, workbench_url, "status-update.ics", "anna@lumen.example", goto=False)
    frame.locator("h1", has_text="Cobalt & Pine").wait_for()
    assert page.locator("#outlook-pane").get_attribute("src") == pane_url  # not reloaded
    # The status call is online already: a shorter one is what saves time.
    frame.locator(".rc-fact", has_text="Make it shorter").locator("button").click()
    frame.locator("[data-card=reply]").wait_for()
    frame.locator(".rc-footer button").click()
    draft = _draft(page, "Outlook")
    _, part = _calendar(workbench_url, draft)
    invite = read_invite((SAMPLES / "status-update.ics").read_bytes())  # its UID, not the first
    check_itip(part, invite, "anna@lumen.example")
    assert console.problems() == []


def test_a_confirmation_is_brought_into_view_where_the_user_pressed(
    page: Page, workbench_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 420})
    _open(page, workbench_url, "quarterly-review.eml", "anna@lumen.example")
    card = page.locator("#gmail-card")
    card.locator("summary", has_text="Change this client's tier").click()
    change = card.locator("button", has_text="Strategic → Key")
    change.scroll_into_view_if_needed()
    note = page.locator("#gmail-note")
    assert not _in_view(note)  # the user is far down the card, the note is above it
    change.click()
    page.wait_for_function("() => !document.getElementById('gmail-note').hidden")
    assert "changed from strategic to key" in note.inner_text()
    page.wait_for_function(
        "() => { const r = document.getElementById('gmail-note').getBoundingClientRect();"
        " return r.top >= -1 && r.bottom <= window.innerHeight + 1; }"  # sub-pixel layout
    )


def _in_view(locator: Locator) -> bool:
    return bool(
        locator.evaluate(
            "n => { const r = n.getBoundingClientRect();"
            " return !n.hidden && r.top >= 0 && r.bottom <= window.innerHeight; }"
        )
    )


def test_the_readmes_pictures_show_the_cards_the_app_draws_now(
    chromium: Browser, tour_url: str
) -> None:
    """The pictures are retaken by scripts/screenshot, which writes each card's text beside
    it; a card that changed since fails here until the pictures are retaken."""
    page = chromium.new_page(viewport=VIEWPORT, timezone_id=ZONE)
    try:
        drawn = tour(page, tour_url, shoot=False)
    finally:
        page.close()
    for name in CARDS:
        kept = (SHOTS / "screens" / f"{name}.txt").read_text(encoding="utf-8")
        assert drawn[name] + "\n" == kept, f"{name}.png is out of date: run scripts/screenshot"
        assert f"addon/workbench/static/screens/{name}.png" in README


def test_in_google_calendar_the_event_gets_the_advice_and_the_reply_opens_in_gmail(
    page: Page, workbench_url: str
) -> None:
    """Issue 25: a newcomer opens the invite as the event in Google Calendar (Google's
    eventOpenTrigger, the event read with events.get), writes the reply, and sees the Gmail
    compose window Calendar would open; by keyboard, back to Gmail for the same invite."""
    console = Console(page)
    page.goto(workbench_url + "/")
    page.get_by_role("radio", name="Google Calendar").check()
    with page.expect_response("**/calendar/event") as opened:
        _open(page, workbench_url, "quarterly-review.eml", "anna@lumen.example", goto=False)
    assert opened.value.ok
    assert page.inner_text("#google-host") == "Google Calendar"
    card = page.locator("#gmail-card")
    assert card.locator(".gc-title").inner_text() == "Nordvik Logistik AB"
    assert card.locator(".gc-decorated", has_text="Make it shorter").count() == 1
    with page.expect_response("**/calendar/action"):
        card.locator(".gc-decorated", has_text="Make it shorter").locator("button").click()
    page.wait_for_selector("#gmail-card [data-card=reply]")
    with page.expect_response("**/calendar/action"):
        card.locator(".gc-footer button", has_text="Gmail").click()
    compose = page.locator("#gmail-link")
    compose.wait_for()
    assert "Google Calendar would open Gmail's compose window" in compose.inner_text()
    text = compose.locator("pre").inner_text()
    assert text.startswith("To: eva.lind@nordvik.example\nSubject: Re: Quarterly account review")
    assert "30 minutes" in text
    assert page.locator("#drafts li[data-host=Gmail]").count() == 0  # Calendar creates none
    # The chooser is radio buttons: arrows move between them, and it fits Gmail's sidebar.
    box = page.locator("#where").bounding_box()
    assert box is not None and box["width"] <= 300
    page.get_by_role("radio", name="Google Calendar").focus()
    with page.expect_response("**/gmail/message"):
        page.keyboard.press("ArrowLeft")
    page.locator("#google-host", has_text="Gmail").wait_for()
    assert page.locator("#gmail-link").is_hidden()
    assert console.problems() == []
