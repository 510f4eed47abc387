"""Cards that fit a 300-pixel sidebar: names that wrap instead of being cut, the client in one
fact, a join link named by its service, one primary button, a way back, and the long briefing
folded. (Every card in the suite is also held to one primary button and short labels by
tests.support.cardcheck.)"""

from __future__ import annotations

from typing import Any

import pytest

from addon.invite.venue import online_service
from tests.support.cardcheck import advice, buttons, shown_card, texts, trigger_card
from tests.support.google_addon import Google, current_values

DAVID = "david@lumen.example"
TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_"


def _facts(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [w["decoratedText"] for s in card["sections"] for w in s["widgets"]
            if "decoratedText" in w]  # fmt: skip


def test_the_client_is_one_fact_that_does_not_repeat_the_header(google: Google) -> None:
    card = trigger_card(google.open_message("teams-renewal.eml", user=DAVID))
    assert card["header"]["subtitle"] == "Key client · 15% of revenue · 0 meetings in 90 days"
    [client] = [f for f in _facts(card) if f.get("topLabel") == "Client"]
    lines = client["text"].split("<br>")
    assert lines == [
        "15% of revenue: 10% or more weighs high",
        "Matched by the domain solberg.example",
        "Account manager: anna@lumen.example",
    ]
    paragraphs = [w for s in card["sections"] for w in s["widgets"] if "textParagraph" in w]
    assert not [p for p in paragraphs if "meetings in 90 days" in p["textParagraph"]["text"]]


def test_an_online_meeting_is_named_by_its_service_with_a_join_button(google: Google) -> None:
    card = trigger_card(google.open_message("teams-renewal.eml", user=DAVID))
    [where] = [f for f in _facts(card) if f.get("topLabel") == "Where"]
    assert where["text"] == "Online (Teams)"
    assert where["button"]["text"] == "Join"
    assert where["button"]["onClick"]["openLink"]["url"].startswith(TEAMS_LINK)
    assert "teams.microsoft.com" not in texts(card).replace(where["button"]["onClick"]
                                                             ["openLink"]["url"], "")  # fmt: skip


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("https://teams.microsoft.com/l/meetup-join/19%3a", "Teams"),
        ("https://teams.live.com/meet/9387", "Teams"),
        ("https://us02web.zoom.us/j/8123", "Zoom"),
        ("https://meet.google.com/abc-defg-hij", "Google Meet"),
        ("https://acme.webex.com/meet/jo", "Webex"),
        ("https://evil.example/teams.microsoft.com/l/meetup-join", None),
        ("https://zoom.us.evil.example/j/1", None),
    ],
)
def test_a_join_link_is_named_by_its_host_never_by_its_path(url: str, service: str | None) -> None:
    assert online_service(url) == service


def test_strategy_names_wrap_in_the_text_and_never_end_in_a_double_colon(google: Google) -> None:
    card = trigger_card(google.open_message("teams-renewal.eml", user=DAVID))
    card = shown_card(google.change(card, "reason", "colleague_covers", user=DAVID))
    assert "1. Bow out: brief the account manager" in advice(card)
    assert not [f for f in _facts(card) if f.get("topLabel", "")[:1].isdigit()]
    assert "::" not in texts(card).replace("https://", "")
    assert ": Only if" not in texts(card)  # "Not offered" names a strategy without a colon


def test_the_reply_card_is_pushed_so_gmails_back_arrow_returns_to_the_advice(
    google: Google,
) -> None:
    card = trigger_card(google.open_message())
    pushed = google.click(card, "Write it", strategy="phone")
    assert list(pushed["renderActions"]["action"]["navigations"][0]) == ["pushCard"]
    reply = shown_card(pushed)
    redrawn = google.change(reply, "tone", "formal")
    assert list(redrawn["renderActions"]["action"]["navigations"][0]) == ["updateCard"]


def test_a_reply_card_has_one_primary_button_in_its_footer(google: Google) -> None:
    card = trigger_card(google.open_message())
    reply = shown_card(google.click(card, "Write it", strategy="phone"))
    assert reply["fixedFooter"]["primaryButton"]["text"] == "Insert reply"
    assert [text for text, _ in buttons(reply)].count("Insert reply") == 1


def test_the_bow_out_briefing_is_folded_and_drawn_from_what_the_user_typed(
    google: Google,
) -> None:
    card = trigger_card(google.open_message("teams-renewal.eml", user=DAVID))
    card = shown_card(google.change(card, "reason", "colleague_covers", user=DAVID))
    reply = shown_card(google.click(card, "Write it", strategy="delegate", user=DAVID))
    [folded] = [s for s in reply["sections"] if s.get("collapsible")]
    assert folded["header"] == "Briefing to anna@lumen.example"
    assert "uncollapsibleWidgetsCount" not in folded  # all of it folded until opened
    typed = {**current_values(reply), "status": "Draft with legal", "points": "Price cap 3 %"}
    redrawn = shown_card(google.click(reply, "Update preview", form=typed, user=DAVID))
    [folded] = [s for s in redrawn["sections"] if s.get("collapsible")]
    briefing = folded["widgets"][0]["textParagraph"]["text"]
    assert "Draft with legal" in briefing and "Price cap 3 %" in briefing
