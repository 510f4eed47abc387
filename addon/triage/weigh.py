"""How much a client weighs (README, "How Raincheck decides"): high, medium, low or unknown,
always with reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from addon.directory.records import ClientRecord
from addon.i18n import Message, Percent, msg, msg_plural
from addon.triage.matching import Hit, MatchedBy, Matches

Weight = Literal["high", "medium", "low", "unknown"]
WEIGHTS: tuple[Weight, ...] = ("high", "medium", "low", "unknown")
HIGH_SHARE = Decimal("0.10")

# Keyed by text: a tier comes from the store as a string (the directory checks it on the way in).
_TIER_WEIGHT: dict[str, Weight] = {
    "strategic": "high",
    "key": "medium",
    "standard": "low",
    "occasional": "low",
}
_UNKNOWN = msg("Unknown client")
_TIER_LABEL: dict[str, Message] = {
    "strategic": msg("Strategic client"),
    "key": msg("Key client"),
    "standard": msg("Standard client"),
    "occasional": msg("Occasional client"),
}


@dataclass(frozen=True)
class ClientProfile:
    name: str | None
    tier: str
    weight: Weight
    revenue_share: float | None
    account_manager: str | None
    matched_by: MatchedBy
    matched_key: str | None
    meetings_90d: int
    reasons: tuple[Message, ...]
    ambiguous: tuple[str, ...] = ()
    client_id: int | None = None
    domains: tuple[str, ...] = ()
    notes: str = ""  # the directory's notes on the client: for colleagues, never for the client
    contacts: tuple[str, ...] = ()
    # Meetings booked in the next 30 days, from the user's calendar; None when the count of
    # the last 90 days comes from Raincheck's own decision log instead.
    booked_ahead: int | None = None
    meetings_complete: bool = True  # False: the calendar had more than was read, "at least"

    @property
    def known(self) -> bool:
        return self.name is not None

    def meetings_text(self) -> Message:
        return meetings_text(self.meetings_90d, self.booked_ahead, self.meetings_complete)

    def with_meetings(self, past: int, ahead: int, *, complete: bool = True) -> ClientProfile:
        """The same client with the meetings counted in the user's calendar."""
        said = self.meetings_text()
        counted = replace(self, meetings_90d=past, booked_ahead=ahead, meetings_complete=complete)
        reasons = tuple(counted.meetings_text() if r == said else r for r in self.reasons)
        return replace(counted, reasons=reasons)

    def tier_label(self, unknown: Message = _UNKNOWN) -> Message:
        """The tier's name; ``unknown`` for a client the directory does not know."""
        return _TIER_LABEL.get(self.tier, unknown)


def meetings_text(past: int, ahead: int | None, complete: bool = True) -> Message:
    """How many meetings: "5 meetings in 90 days", with ", 2 booked ahead" when the calendar
    says so, and "at least" when it held more than one card reads."""
    if ahead is None:
        return msg_plural("{n} meeting in 90 days", "{n} meetings in 90 days", past)
    if not complete:
        return msg_plural(
            "at least {n} meeting in 90 days, {ahead} booked ahead",
            "at least {n} meetings in 90 days, {ahead} booked ahead",
            past,
            ahead=ahead,
        )
    return msg_plural(
        "{n} meeting in 90 days, {ahead} booked ahead",
        "{n} meetings in 90 days, {ahead} booked ahead",
        past,
        ahead=ahead,
    )


def revenue_share(record: ClientRecord, book_totals: Mapping[str | None, Decimal]) -> float | None:
    """The client's part of the organisation's book, within clients billed in its currency."""
    total = book_totals.get(record.currency)
    if record.annual_revenue is None or not total:
        return None
    return float(record.annual_revenue / total)


def weight_of(tier: str, share: float | None) -> Weight:
    if share is not None and Decimal(str(share)) >= HIGH_SHARE:
        return "high"
    return _TIER_WEIGHT.get(tier, "unknown")


def classify(
    matches: Matches,
    *,
    book_totals: Mapping[str | None, Decimal],
    meetings_90d: Mapping[int, int],
) -> ClientProfile:
    """The client this meeting is with and its weight; ``unknown`` when nothing (or too much)
    matches."""
    hit = _best_hit(matches.hits, book_totals)
    if hit is None:
        return _unknown(matches)
    record = hit.client
    share = revenue_share(record, book_totals)
    weight = weight_of(record.tier, share)
    meetings = meetings_90d.get(record.id, 0) if record.id is not None else 0
    reasons: list[Message] = [_TIER_LABEL[record.tier]]
    if share is not None and weight == "high" and record.tier != "strategic":
        reasons.append(
            msg("{share} of revenue: {threshold} or more weighs high", share=Percent(share),
                threshold=Percent(float(HIGH_SHARE)))
        )  # fmt: skip
    elif share is not None:
        reasons.append(msg("{share} of revenue", share=Percent(share)))
    reasons.append(meetings_text(meetings, None))
    if hit.matched_by == "contact":
        reasons.append(msg("Matched by the contact address {key}", key=hit.key))
    else:
        reasons.append(msg("Matched by the domain {key}", key=hit.key))
    if record.account_manager:
        reasons.append(msg("Account manager: {email}", email=record.account_manager))
    others = sorted({h.client.name for h in matches.hits} - {record.name})
    if others:
        reasons.append(msg("Also in this meeting: {names}", names=", ".join(others)))
    return ClientProfile(
        name=record.name,
        tier=record.tier,
        weight=weight,
        revenue_share=share,
        account_manager=record.account_manager,
        matched_by=hit.matched_by,
        matched_key=hit.key,
        meetings_90d=meetings,
        reasons=tuple(reasons),
        client_id=record.id,
        domains=record.domains,
        notes=record.notes or "",
        contacts=record.contacts,
    )


def _best_hit(hits: tuple[Hit, ...], book_totals: Mapping[str | None, Decimal]) -> Hit | None:
    """An exact address beats a domain; then the organizer's company; then the heaviest."""
    if not hits:
        return None

    def order(hit: Hit) -> tuple[int, int, int, str]:
        weight = weight_of(hit.client.tier, revenue_share(hit.client, book_totals))
        return (
            0 if hit.matched_by == "contact" else 1,
            0 if hit.organizer else 1,
            WEIGHTS.index(weight),
            hit.client.name.lower(),
        )

    return min(hits, key=order)


def _unknown(matches: Matches) -> ClientProfile:
    reasons: list[Message] = []
    names: set[str] = set()
    for ambiguity in matches.ambiguities:
        names.update(ambiguity.clients)
        reasons.append(
            msg(
                "Several clients share {key}: {names}; fix the directory so only one has it",
                key=ambiguity.key,
                names=", ".join(ambiguity.clients),
            )
        )
    if not reasons:
        reasons.append(msg("Unknown client: nobody in this meeting is in the client directory"))
    return ClientProfile(
        name=None,
        tier="unknown",
        weight="unknown",
        revenue_share=None,
        account_manager=None,
        matched_by="none",
        matched_key=None,
        meetings_90d=0,
        reasons=tuple(reasons),
        ambiguous=tuple(sorted(names)),
    )
