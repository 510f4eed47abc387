"""Which client a meeting is with, and how much that client weighs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from addon.directory.records import ClientRecord
from addon.invite.model import Person
from addon.triage.matching import domain_chain, find_matches
from addon.triage.weigh import classify, weight_of

ME = "anna@lumen.example"
ACME = ClientRecord(name="Acme", tier="key", domains=("acme.example",), id=1)
ACME_SALES = ClientRecord(name="Acme Sales", tier="standard", domains=("sales.acme.example",), id=2)
BAKERY = ClientRecord(name="Bakery", tier="occasional", contacts=("olle@gmail.com",), id=3)
GLOBEX = ClientRecord(name="Globex", tier="strategic", domains=("globex.example",), id=4)
TWIN = ClientRecord(name="Twin", tier="key", domains=("acme.example",), id=5)
OURSELVES = ClientRecord(name="Lumen by mistake", tier="key", domains=("lumen.example",), id=6)
GMAIL_DOMAIN = ClientRecord(name="Gmail Inc", tier="key", domains=("gmail.com",), id=7)
PERSONAL = ClientRecord(
    name="Acme Personal", tier="strategic", contacts=("eva@acme.example",), id=8
)


def _match(emails: list[str], clients: list[ClientRecord], organizer: str | None = None):  # type: ignore[no-untyped-def]
    people = [Person(e) for e in emails]
    matches = find_matches(
        people, ME, clients, organizer=organizer or (emails[0] if emails else None)
    )
    return classify(matches, book_totals={}, meetings_90d={})


@pytest.mark.parametrize(
    ("emails", "clients", "name", "matched_by"),
    [
        (["eva@acme.example"], [ACME], "Acme", "domain"),
        (["eva@eu.acme.example"], [ACME], "Acme", "domain"),  # parent domain
        (["bo@sales.acme.example"], [ACME, ACME_SALES], "Acme Sales", "domain"),  # most specific
        (["olle@gmail.com"], [BAKERY], "Bakery", "contact"),
        (["someone@gmail.com"], [BAKERY, GMAIL_DOMAIN], None, "none"),  # free mail: only contacts
        (["eva@acme.example"], [ACME, PERSONAL], "Acme Personal", "contact"),  # contact first
        (["colleague@lumen.example"], [OURSELVES], None, "none"),  # own organisation
        ([ME], [OURSELVES], None, "none"),
        (["eva@nowhere.example"], [ACME], None, "none"),
        (["eva@acme.example", "kim@globex.example"], [ACME, GLOBEX], "Acme", "domain"),  # organizer
    ],
)  # fmt: skip
def test_matching_prefers_contacts_then_the_most_specific_domain(
    emails: list[str], clients: list[ClientRecord], name: str | None, matched_by: str
) -> None:
    profile = _match(emails, clients)
    assert (profile.name, profile.matched_by) == (name, matched_by)


def test_an_internal_organizer_leaves_the_heaviest_client_attendee_to_decide() -> None:
    profile = _match(
        ["colleague@lumen.example", "eva@acme.example", "kim@globex.example"],
        [ACME, GLOBEX],
    )
    assert profile.name == "Globex"
    assert any("Also in this meeting: Acme" in r.render("en") for r in profile.reasons)


def test_a_domain_shared_by_two_clients_is_reported_not_guessed() -> None:
    profile = _match(["eva@acme.example"], [ACME, TWIN])
    assert profile.name is None
    assert profile.weight == "unknown"
    assert profile.ambiguous == ("Acme", "Twin")
    assert "Several clients share acme.example: Acme, Twin" in profile.reasons[0].render("en")


def test_an_unambiguous_contact_wins_over_an_ambiguous_domain() -> None:
    profile = _match(["eva@acme.example"], [ACME, TWIN, PERSONAL])
    assert profile.name == "Acme Personal"


def test_domain_chain_walks_to_the_registrable_parent() -> None:
    assert domain_chain("a.b.acme.se") == ["a.b.acme.se", "b.acme.se", "acme.se"]


@pytest.mark.parametrize(
    ("tier", "share", "weight"),
    [
        ("strategic", None, "high"),
        ("strategic", 0.01, "high"),
        ("key", None, "medium"),
        ("key", 0.0999, "medium"),
        ("key", 0.10, "high"),
        ("standard", 0.24, "high"),
        ("standard", None, "low"),
        ("occasional", 0.05, "low"),
        ("unknown", None, "unknown"),
    ],
)
def test_weight_follows_tier_and_revenue_share(tier: str, share: float | None, weight: str) -> None:
    assert weight_of(tier, share) == weight


def test_revenue_share_is_taken_within_the_clients_currency() -> None:
    sek = ClientRecord(name="A", tier="standard", domains=("a.example",), id=1,
                       annual_revenue=Decimal(240), currency="SEK")  # fmt: skip
    matches = find_matches([Person("x@a.example")], ME, [sek], organizer="x@a.example")
    profile = classify(
        matches, book_totals={"SEK": Decimal(1000), "EUR": Decimal(10)}, meetings_90d={1: 5}
    )
    assert profile.revenue_share == pytest.approx(0.24)
    assert profile.weight == "high"
    # Babel keeps a number and its percent sign together with a no-break space.
    rendered = [r.render("sv").replace("\xa0", " ") for r in profile.reasons]
    assert "24 % av omsättningen: från 10 % räknas kunden som viktig" in rendered
    assert "5 möten på 90 dagar" in rendered
