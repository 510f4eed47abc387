"""Strict checks of what we answer Google: every card against the Card v1 message types of
``google-apps-card`` (an unknown field is an error, an integer enum fails the round trip), and
every wrapper against the shapes of Google's render actions and host app actions."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from google.apps import card_v1

from addon.manifests.google import google_deployment, open_link_allowed
from tests.support.google_tokens import PUBLIC_URL

ACTION_KEYS = {"navigations", "notification", "link"}
NAVIGATIONS = {"pushCard", "updateCard", "pop", "popToRoot", "popToCard"}
# What the deployment generated for the tests' URL lets a card open: Google blocks an OpenLink
# to any URL that matches none of these ("openLinkUrlPrefixes ... URLs that don't match are
# blocked": developers.google.com/apps-script/manifest/allowlist-url), so the link does nothing.
OPEN_LINK_PREFIXES = google_deployment(PUBLIC_URL)["addOns"]["common"]["openLinkUrlPrefixes"]


def check_link(url: str) -> None:
    assert open_link_allowed(url, OPEN_LINK_PREFIXES), f"Google would block the link {url}"


def check_card(card: dict[str, Any]) -> dict[str, Any]:
    proto = card_v1.Card.from_json(json.dumps(card))  # raises on any field Card v1 lacks
    back = card_v1.Card.to_dict(
        proto,
        use_integers_for_enums=False,
        preserving_proto_field_name=False,
        always_print_fields_with_no_presence=False,
    )
    assert back == card, "the card does not survive a round trip through Card v1"
    widgets = [w for s in card.get("sections", []) for w in s.get("widgets", [])]
    assert len(widgets) <= 100
    assert ".svg" not in json.dumps(card).lower()
    for widget in widgets:
        for key in ("textParagraph", "decoratedText"):
            if key in widget:
                assert "<script" not in widget[key].get("text", "").lower()
        # Gmail cuts a decoratedText's labels at the sidebar's width (they never wrap): only a
        # word or two may go there; anything longer belongs in the text.
        for label in ("topLabel", "bottomLabel"):
            assert len(widget.get("decoratedText", {}).get(label, "")) <= 24, widget
    # One primary button per card: the fixed footer's, never repeated in a section.
    coloured = [
        b["text"]
        for w in widgets
        for b in [*w.get("buttonList", {}).get("buttons", []), w.get("decoratedText", {})]
        if b.get("color")
    ]
    footer = card.get("fixedFooter", {}).get("primaryButton")
    assert len(coloured) + (footer is not None) <= 1, f"more than one primary: {coloured}"
    for link in _open_links(card):
        check_link(link)
    return card


def _open_links(value: Any) -> list[str]:
    """Every ``openLink`` URL in a card, wherever a button or widget carries one."""
    if isinstance(value, list):
        return [url for item in value for url in _open_links(item)]
    if not isinstance(value, dict):
        return []
    own = [str(value["openLink"].get("url", ""))] if isinstance(value.get("openLink"), dict) else []
    return own + [url for v in value.values() for url in _open_links(v)]


def trigger_card(response: dict[str, Any]) -> dict[str, Any]:
    """The card of a trigger response: {"action": {"navigations": [{"pushCard": CARD}]}}."""
    assert set(response) == {"action"}
    assert set(response["action"]) == {"navigations"}
    [navigation] = response["action"]["navigations"]
    assert set(navigation) == {"pushCard"}
    return check_card(navigation["pushCard"])


def render_actions(response: dict[str, Any]) -> dict[str, Any]:
    """A card action's answer: {"renderActions": {"action": ..., "hostAppAction": ...}}."""
    assert set(response) <= {"renderActions", "stateChanged"}
    actions = response["renderActions"]
    assert set(actions) <= {"action", "hostAppAction", "schema"}
    assert actions, "renderActions is empty"
    action = actions.get("action", {})
    assert set(action) <= ACTION_KEYS
    for navigation in action.get("navigations", []):
        assert len(navigation) == 1 and set(navigation) <= NAVIGATIONS
        for key in ("pushCard", "updateCard"):
            if key in navigation:
                check_card(navigation[key])
    if "notification" in action:
        assert set(action["notification"]) == {"text"}
        assert "<" not in action["notification"]["text"]
    if "link" in action:
        assert set(action["link"]) <= {"url", "openAs", "onClose"}
        check_link(action["link"]["url"])
    if "hostAppAction" in actions:
        gmail = actions["hostAppAction"]["gmailAction"]
        assert set(actions["hostAppAction"]) == {"gmailAction"} and len(gmail) == 1
        if "openCreatedDraftActionMarkup" in gmail:
            markup = gmail["openCreatedDraftActionMarkup"]
            # Gmail's OpenCreatedDraftActionMarkup: the draft, its thread and its message
            # ("draftStorageId", the draft message's id).
            assert set(markup) == {"draftId", "draftThreadId", "draftStorageId"}
            assert all(isinstance(v, str) and v for v in markup.values())
        else:
            update = gmail["updateDraftActionMarkup"]
            assert set(update) == {"updateBody"}
            body = update["updateBody"]
            assert body["type"] == "IN_PLACE_INSERT"
            [content] = body["insertContents"]
            assert content["contentType"] == "MUTABLE_HTML" and content["content"]
    return actions


def check_response(path: str, status: int, response: Any) -> None:
    """Every answer of every endpoint in its own shape: a trigger's (homepage, message, event,
    compose) or a card action's (renderActions), or Google's consent request; 401 a message."""
    if status == 401:
        assert set(response) == {"error"}
        return
    if status != 200 or not isinstance(response, dict):
        return  # 4xx bodies are checked where a test sends them
    if set(response) == {"requesting_google_scopes"}:
        assert set(response["requesting_google_scopes"]) == {"scopes"}
        return
    if path.endswith("/action"):
        render_actions(response)
    else:
        trigger_card(response)


def shown_card(response: dict[str, Any]) -> dict[str, Any]:
    """The card a response shows, whichever way it navigates."""
    if "action" in response:
        return trigger_card(response)
    [navigation] = render_actions(response)["action"]["navigations"]
    return next(iter(navigation.values()))


def texts(card: dict[str, Any]) -> str:
    """Everything a user reads on the card, one string, for assertions."""
    out = [card["header"].get("title", ""), card["header"].get("subtitle", "")]
    for section in card["sections"]:
        out.append(section.get("header", ""))
        for widget in section["widgets"]:
            for value in widget.values():
                out.append(json.dumps(value, ensure_ascii=False))
    # Babel puts no-break spaces inside times and percentages; assertions read plain spaces.
    return "\n".join(out).replace("\u202f", " ").replace("\xa0", " ")


def buttons(card: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """Every button on the card as (text, its action's parameters), in card order."""
    found: list[tuple[str, dict[str, str]]] = []

    def visit(button: dict[str, Any]) -> None:
        action = button.get("onClick", {}).get("action")
        if action:
            found.append((button["text"], {p["key"]: p["value"] for p in action["parameters"]}))

    for section in card["sections"]:
        for widget in section["widgets"]:
            for button in widget.get("buttonList", {}).get("buttons", []):
                visit(button)
            if "button" in widget.get("decoratedText", {}):
                visit(widget["decoratedText"]["button"])
    if "fixedFooter" in card:
        visit(card["fixedFooter"]["primaryButton"])
    return found


def advice(card: dict[str, Any]) -> list[str]:
    """The strategies on a triage card, best first, as the user reads them."""
    # A strategy's name is the bold first line of its text (a topLabel would be cut at 300 px).
    found = []
    for section in card["sections"]:
        for widget in section["widgets"]:
            text = widget.get("decoratedText", {}).get("text", "")
            if heading := re.match(r"<b>(\d+\. [^<]*)</b><br>", text):
                found.append(unescape(heading.group(1)))
    return found
