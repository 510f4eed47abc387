"""Consent that Microsoft has not been given: the identity platform answers Graph's
on-behalf-of exchange with AADSTS65001 (``invalid_grant``, ``suberror: consent_required``) when
nobody has consented to what Raincheck asks for and the tenant lets only administrators
consent. No retry and no sign-in cures that, so the pane says who can, in the user's language:
an administrator, through the tenant's admin-consent URL."""

from __future__ import annotations

from typing import Any

import pytest

from addon.outlook.verify import PERSONAL_ACCOUNTS
from tests.support.cardtext import html_lines
from tests.support.microsoft_tokens import CLIENT_ID, TENANT, access_claims, sign
from tests.support.outlook_pane import Outlook, appointment_item, graph_event, office_item

REVIEW = "exchange-quarterly-review.eml"


def _card(response: Any) -> str:
    return " ".join(html_lines(response.get_json()["card"]))


@pytest.mark.parametrize(
    ("language", "said", "send"),
    [
        ("en-US", "An administrator must approve Raincheck",
         "If you are not an administrator, send them this link"),
        ("sv-SE", "En administratör måste godkänna Raincheck",
         "Om du inte är administratör skickar du den här länken till din administratör"),
    ],
    ids=["english", "swedish"],
)  # fmt: skip
def test_without_admin_consent_the_pane_says_an_administrator_must_consent_and_how(
    outlook_graph: Outlook, language: str, said: str, send: str
) -> None:
    outlook_graph.stand_in.unconsented.add(TENANT)
    outlook_graph.stand_in.events["AAMkAGI2-event"] = graph_event(REVIEW)
    response = outlook_graph.post(outlook_graph.body(appointment_item(), language=language))
    card = _card(response)
    assert response.status_code == 403
    assert said in card and send in card
    # The tenant's own admin-consent URL, on the authority Raincheck signs in with: it grants
    # what the app registration lists (learn.microsoft.com/entra/identity/enterprise-apps/
    # grant-admin-consent, "Construct the URL for granting tenant-wide admin consent").
    url = f"{outlook_graph.stand_in.url}/{TENANT}/adminconsent?client_id={CLIENT_ID}"
    assert url in card
    assert f'href="{url}"' in response.get_json()["card"]
    (exchange,) = outlook_graph.stand_in.obo
    assert exchange["tenant"] == TENANT  # asked once: a refusal is not tried again


def test_a_calendar_read_without_consent_says_the_same_instead_of_a_vague_note(
    outlook_graph: Outlook,
) -> None:
    form = {"calendar": "on", "work_start": "09:00", "work_end": "17:00", "tone": "warm"}
    assert outlook_graph.ask(None, action="save_settings", form=form)["note"] == "Settings saved."
    outlook_graph.stand_in.unconsented.add(TENANT)
    # The raw message needs no Graph; counting meetings in the calendar does.
    response = outlook_graph.post(outlook_graph.body(office_item(REVIEW)))
    card = _card(response)
    assert "An administrator must approve Raincheck" in card
    assert "could not be read just now" not in card


def test_a_personal_account_without_consent_is_asked_to_sign_in_and_accept(
    outlook_graph: Outlook,
) -> None:
    # A Microsoft account has no administrator: its owner consents when signing in.
    outlook_graph.stand_in.unconsented.add(PERSONAL_ACCOUNTS)
    outlook_graph.stand_in.events["AAMkAGI2-event"] = graph_event(REVIEW)
    token = sign(outlook_graph.key, access_claims("anna@lumen.example", tid=PERSONAL_ACCOUNTS))
    response = outlook_graph.post(outlook_graph.body(appointment_item()), token=token)
    html = response.get_json()["card"]
    card = _card(response)
    assert "Sign in again" in card and "accept" in card
    assert "adminconsent" not in html and "administrator" not in card
    assert 'data-action="signin"' in html


def test_a_sign_in_name_checked_through_graph_without_consent_gets_the_consent_card(
    outlook_graph: Outlook,
) -> None:
    """The token names the account by its sign-in name, not this mailbox's address: Graph's
    /me would say whether the mailbox is the account's, but needs the consent nobody gave.
    Signing in again would cure nothing, so the card is the administrator's, not sign-in's."""
    outlook_graph.stand_in.unconsented.add(TENANT)
    token = outlook_graph.token("a.svensson@lumen.example")
    response = outlook_graph.post(outlook_graph.body(office_item(REVIEW)), token=token)
    assert response.status_code == 403
    assert "An administrator must approve Raincheck" in _card(response)
