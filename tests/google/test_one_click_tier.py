"""The one-click tier takes only what matching would key a client by (issue 28, point 19): the
key comes back from the card, where anyone can change it."""

from __future__ import annotations

from typing import Any

import pytest

from addon.directory.repository import Directory
from addon.errors import DirectoryError
from addon.storage import store
from tests.support.cardcheck import buttons, shown_card, texts, trigger_card
from tests.support.google_addon import Google


def _add(google: Google, key: str, name: str = "Example Org", **kw: Any) -> Any:
    """Press "Add this client" on the unknown client's card, with ``key`` as the card's key."""
    card = trigger_card(google.open_message("floating.ics", **kw))
    params = next(p for _, p in buttons(card) if "key" in p)  # "Add this client", any language
    form = {"client_name": name, "tier": "strategic"}
    event = google.event(params={**params, "key": key}, form=form, **google.context, **kw)
    return google.post("/gmail/action", event).get_json()


def _client_names(google: Google) -> list[str]:
    with store(google.app).read() as session:
        return sorted(c.name for c in Directory(session, "lumen.example").clients())


@pytest.mark.parametrize(
    ("key", "said"),
    [
        (
            "gmail.com",
            "The domain gmail.com is a free-mail provider: as a client's domain it would take in",
        ),
        ("GMAIL.com", "The domain gmail.com is a free-mail provider"),
        ("hotmail.se", "The domain hotmail.se is a free-mail provider"),
        (
            "lumen.example",
            "The address or domain lumen.example is your own organisation's, which is never a client",
        ),
        ("sales.lumen.example", "domain sales.lumen.example is your own organisation's"),
        ("david@lumen.example", "domain david@lumen.example is your own organisation's"),
        ("anna@lumen.example", "domain anna@lumen.example is your own organisation's"),
        (
            "sales.nordvik.example",
            "The domain sales.nordvik.example is part of nordvik.example, which already counts as "
            "Nordvik Logistik AB",
        ),
        ("not a domain", "The key not a domain is not a domain name"),
    ],
)
def test_the_one_click_tier_refuses_a_key_matching_would_never_use_and_says_why(
    google: Google, key: str, said: str
) -> None:
    before = _client_names(google)
    refused = shown_card(_add(google, key))
    assert said in texts(refused)
    assert _client_names(google) == before


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("example.org", "Example Org"),  # the card's own suggestion
        ("someone@gmail.com", "Unknown client"),  # a free-mail person: by their address
    ],
)
def test_the_one_click_tier_takes_a_company_domain_or_a_free_mail_address(
    google: Google, key: str, title: str
) -> None:
    answer = _add(google, key)
    assert (
        "Example Org is now a strategic client"
        in answer["renderActions"]["action"]["notification"]["text"]
    )
    assert "Example Org" in _client_names(google)
    # The invite's organizer is someone@example.org: only the domain key makes it the client.
    assert trigger_card(google.open_message("floating.ics"))["header"]["title"] == title


def test_a_refusal_is_in_the_users_language(google: Google) -> None:
    refused = shown_card(_add(google, "gmail.com", locale="sv-SE"))
    assert "Domänen gmail.com är en gratis e-posttjänst" in texts(refused)


@pytest.mark.parametrize(
    ("name", "warned"),
    [
        ("N\u043erdvik Logistik AB", True),  # Cyrillic о
        ("\u039dordvik Logistik AB", True),  # Greek capital Nu
        ("Ｎｏｒｄｖｉｋ Logistik AB", True),  # full-width letters
        ("N0rdvik L0gistik AB", True),  # zeros for o's
        ("Nordvik Logistik", False),  # another name, not a disguised one
        ("Example Org", False),
    ],
)
def test_a_name_that_reads_like_an_existing_clients_is_added_with_a_warning(
    google: Google, name: str, warned: bool
) -> None:
    answer = _add(google, "example.org", name=name)
    told = answer["renderActions"]["action"]["notification"]["text"]
    assert "is now a strategic client" in told
    assert ("it reads like Nordvik Logistik AB, a client you already have" in told) is warned
    assert " ".join(name.split()) in _client_names(google)


@pytest.mark.parametrize(
    ("domain", "refusal"),
    [
        ("gmail.com", "gmail.com is a free-mail provider"),
        ("eu.sales.nordvik.example", "is part of a domain of Nordvik Logistik AB"),
    ],
)
def test_the_directory_never_keys_a_new_client_by_what_matching_would_not(
    google: Google, domain: str, refusal: str
) -> None:
    with store(google.app).session() as session, pytest.raises(DirectoryError, match=refusal):
        Directory(session, "lumen.example").add_client(
            "Someone", "key", by="anna@lumen.example", domain=domain
        )
