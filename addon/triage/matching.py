"""Which client a meeting is with, from the people in it (README, "The client directory as
CSV").

An exact contact address beats a domain; a domain is tried from the most specific (sales.acme.se)
to its parents (acme.se). Free-mail addresses match only as contacts, and the user's own
organisation never matches. When one address or domain belongs to several clients the match is
ambiguous and says so, instead of picking one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from addon.directory.records import DOMAIN, ClientRecord, is_free_mail
from addon.i18n import Message, msg
from addon.invite.model import Person

MatchedBy = Literal["contact", "domain", "none"]


@dataclass(frozen=True)
class Hit:
    client: ClientRecord
    matched_by: MatchedBy
    key: str  # the address or domain that matched
    organizer: bool


@dataclass(frozen=True)
class Ambiguity:
    key: str
    clients: tuple[str, ...]


@dataclass(frozen=True)
class Matches:
    hits: tuple[Hit, ...]
    ambiguities: tuple[Ambiguity, ...]


def own_domains(me: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The user's organisation: the domain of their address, unless that is a free-mail one."""
    domain = me.rpartition("@")[2].lower()
    found = {d.lower() for d in extra}
    if domain and not is_free_mail(domain):
        found.add(domain)
    return frozenset(found)


def is_own(email: str, me: str, own: frozenset[str]) -> bool:
    if email == me:
        return True
    domain = email.rpartition("@")[2]
    return any(domain == d or domain.endswith("." + d) for d in own)


def domain_chain(domain: str) -> list[str]:
    """sales.acme.co.se -> [sales.acme.co.se, acme.co.se, co.se]: a domain and its parents."""
    labels = domain.lower().split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def find_matches(
    people: Sequence[Person],
    me: str,
    clients: Sequence[ClientRecord],
    *,
    organizer: str | None = None,
    extra_own_domains: Iterable[str] = (),
) -> Matches:
    own = own_domains(me, extra_own_domains)
    by_contact: dict[str, list[ClientRecord]] = {}
    by_domain: dict[str, list[ClientRecord]] = {}
    for client in clients:
        for address in client.contacts:
            by_contact.setdefault(address.lower(), []).append(client)
        for domain in client.domains:
            by_domain.setdefault(domain.lower(), []).append(client)

    hits: list[Hit] = []
    ambiguities: list[Ambiguity] = []
    for person in people:
        email = person.email.lower()
        if is_own(email, me, own):
            continue
        is_organizer = email == (organizer or "").lower()
        found = _unique(by_contact.get(email, []))
        if found:
            _collect(found, "contact", email, is_organizer, hits, ambiguities)
            continue
        domain = email.rpartition("@")[2]
        if is_free_mail(domain):
            continue
        for candidate in domain_chain(domain):
            found = _unique(by_domain.get(candidate, []))
            if found:
                _collect(found, "domain", candidate, is_organizer, hits, ambiguities)
                break
    return Matches(tuple(hits), tuple(dict.fromkeys(ambiguities)))


def _unique(clients: list[ClientRecord]) -> list[ClientRecord]:
    seen: dict[str, ClientRecord] = {}
    for client in clients:
        seen.setdefault(client.name, client)
    return list(seen.values())


def _collect(
    found: list[ClientRecord],
    matched_by: MatchedBy,
    key: str,
    organizer: bool,
    hits: list[Hit],
    ambiguities: list[Ambiguity],
) -> None:
    if len(found) == 1:
        hits.append(Hit(found[0], matched_by, key, organizer))
    else:
        ambiguities.append(Ambiguity(key, tuple(sorted(c.name for c in found))))


def key_refusal(key: str, me: str, clients: Sequence[ClientRecord]) -> Message | None:
    """Why ``key`` cannot be a new client's key (the one-click tier), or None when it can.

    The key comes back from the card, where anyone can change it, so it is held to what
    matching would do: a free-mail domain would make everyone who uses that provider the
    client, the user's own organisation never matches, and a subdomain of a client's domain
    already matches that client (a second client there would silently take its meetings)."""
    own = own_domains(me)
    if "@" in key:
        if is_own(key, me, own):
            return msg(
                "The address or domain {key} is your own organisation's, which is never a client.",
                key=key,
            )
        return None
    try:
        domain = key.strip().lower().encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    if not DOMAIN.match(domain):
        return msg("The key {key} is not a domain name.", key=key)
    if is_free_mail(domain):
        return msg(
            "The domain {key} is a free-mail provider: as a client's domain it would take in "
            "everyone who uses it. Add the person's address instead.",
            key=domain,
        )
    if is_own(f"x@{domain}", me, own):
        return msg(
            "The address or domain {key} is your own organisation's, which is never a client.",
            key=domain,
        )
    owners = {d.lower(): c.name for c in clients for d in c.domains}
    for parent in domain_chain(domain)[1:]:
        if parent in owners:
            return msg(
                "The domain {key} is part of {parent}, which already counts as {client}.",
                key=domain,
                parent=parent,
                client=owners[parent],
            )
    return None
