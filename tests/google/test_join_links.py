"""The Join button opens the meeting in Gmail and Calendar: Google opens a card's link only when
the deployment's ``openLinkUrlPrefixes`` list it (tests/support/cardcheck.py refuses any other
on every answer), and the deployment lists the services the invite reader recognises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from addon.invite.join_links import JOIN_SERVICES
from addon.invite.venue import find_online_url, online_service
from addon.manifests.google import google_deployment, open_link_allowed
from tests.support.cardcheck import texts, trigger_card
from tests.support.google_addon import Google

BASE = "https://rc.example.com"

# One join link per service, as its invites carry them.
JOIN_LINKS = {
    "Teams": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzM2%40thread.v2/0?context=x",
    "Zoom": "https://us06web.zoom.us/j/85123456789?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ.1",
    "Google Meet": "https://meet.google.com/abc-defg-hij",
    "Webex": "https://acme.webex.com/acme/j.php?MTID=m0123456789abcdef",
    "GoTo Meeting": "https://global.gotomeeting.com/join/123456789",
    "Jitsi": "https://meet.jit.si/RaincheckWeekly",
    "Whereby": "https://whereby.com/nordvik",
    "Skype": "https://join.skype.com/AbCdEfGhIjKl",
    "Amazon Chime": "https://app.chime.aws/meetings/1234567890",
    "BlueJeans": "https://bluejeans.com/123456789",
    "RingCentral": "https://meetings.ringcentral.com/j/1234567890",
    "join.me": "https://join.me/nordvik",
    "Lifesize": "https://call.lifesize.com/12345",
}


def _join(card: dict[str, Any]) -> list[str]:
    return [
        button["onClick"]["openLink"]["url"]
        for section in card["sections"]
        for widget in section["widgets"]
        for button in [
            widget.get("decoratedText", {}).get("button", {}),
            *widget.get("buttonList", {}).get("buttons", []),
        ]
        if "openLink" in button.get("onClick", {})
    ]


def test_every_recognised_service_has_a_sample_link() -> None:
    assert {s.name for s in JOIN_SERVICES} == set(JOIN_LINKS)


@pytest.mark.parametrize(("service", "link"), sorted(JOIN_LINKS.items()))
def test_the_deployment_lets_the_join_button_open_every_recognised_service(
    service: str, link: str
) -> None:
    prefixes = google_deployment(BASE)["addOns"]["common"]["openLinkUrlPrefixes"]
    assert find_online_url([], "", f"Join here: {link}") == link  # the reader knows it
    assert online_service(link) == service
    assert open_link_allowed(link, prefixes)


def test_the_prefixes_are_what_google_accepts_and_no_wider() -> None:
    """Google's rules for an entry: https, a full domain, a non-empty path; a lone ``*`` is
    allowed but lengthens the review and puts user data at risk, so it is not used."""
    prefixes = google_deployment(BASE)["addOns"]["common"]["openLinkUrlPrefixes"]
    assert len(prefixes) == len(set(prefixes))
    for prefix in prefixes:
        assert prefix != "*"
        host, slash, _ = prefix.removeprefix("https://").partition("/")
        assert prefix.startswith("https://") and slash == "/", prefix
        assert "." in host and "*" not in host.removeprefix("*."), prefix
    assert not open_link_allowed("https://evil.example/j/1", prefixes)
    assert not open_link_allowed("http://zoom.us/j/1", prefixes)
    assert not open_link_allowed("https://zoom.us.evil.example/j/1", prefixes)


@pytest.mark.parametrize(
    ("fixture", "service"),
    [("new-york-kickoff.ics", "Zoom"), ("zoom-status.eml", "Zoom"), ("teams-renewal.eml", "Teams")],
)
def test_the_join_button_in_gmail_opens_a_link_google_allows(
    google: Google, fixture: str, service: str
) -> None:
    card = trigger_card(google.open_message(fixture))  # cardcheck: Google would not block it
    [link] = _join(card)
    assert online_service(link) == service


def test_a_link_of_no_known_service_gets_no_button_google_would_block(
    google: Google, tmp_path: Path
) -> None:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nPRODID:-//Example//EN\r\n"
        "BEGIN:VEVENT\r\nUID:own-bridge-1@nordvik.example\r\nSEQUENCE:0\r\n"
        "DTSTAMP:20261101T090000Z\r\nDTSTART:20261203T130000Z\r\nDTEND:20261203T140000Z\r\n"
        "SUMMARY:Status call\r\nLOCATION:https://video.nordvik.example/room/7\r\n"
        "ORGANIZER;CN=Eva Lind:mailto:eva.lind@nordvik.example\r\n"
        "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:anna@lumen.example\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (tmp_path / "own-bridge.ics").write_text(ics)
    card = trigger_card(google.open_message(str(tmp_path / "own-bridge.ics")))
    assert _join(card) == []
    assert "Online" in texts(card)
    # Without a button the user still needs the link: it is printed under the fact.
    assert "https://video.nordvik.example/room/7" in texts(card)
