"""The client directory of one tenant. Every query here filters on that tenant (or on the ids of
its clients, just read): a ``Directory`` cannot see or touch another tenant's rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from addon.directory import queries
from addon.directory.cache import DirectoryCache
from addon.directory.changes import (
    Change,
    history,
    lock_directory,
    record_change,
    undo_created,
)
from addon.directory.models import (
    Client,
    ClientContact,
    ClientDomain,
    DirectoryVersion,
    Meeting,
)
from addon.directory.reads import AnyRow, cacheable, fetch, head
from addon.directory.records import TIERS, ClientRecord, is_free_mail, name_key
from addon.directory.upsert import upsert
from addon.errors import DirectoryError
from addon.triage.matching import domain_chain

MAX_TENANT_CHARS = 255
CHUNK = 500  # keys per IN (...): SQLite allows 32,766 parameters, PostgreSQL 65,535
_BUSY = "someone else is changing the client directory just now; try again in a moment"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def meeting_hash(tenant: str, key: str) -> str:
    """How a meeting is remembered: never its UID, only this digest of it."""
    return hashlib.sha256(f"{tenant}\n{key}".encode()).hexdigest()


def check_tenant(tenant: str) -> str:
    tenant = tenant.strip().lower()
    if not tenant or len(tenant) > MAX_TENANT_CHARS or any(c.isspace() for c in tenant):
        raise DirectoryError(f"{tenant!r} is not a tenant name")
    return tenant


class Directory:
    def __init__(self, session: Session, tenant: str) -> None:
        self.session = session
        self.tenant = check_tenant(tenant)

    # Reading -----------------------------------------------------------------------------
    # Core, not ORM objects: a client and its keys in two statements whatever their number.

    def clients(self) -> list[ClientRecord]:
        rows = fetch(self.session, queries.TENANT_CLIENTS, {"tenant": self.tenant})
        keys = _keys(fetch(self.session, queries.TENANT_KEYS, {"tenant": self.tenant}))
        return [_record_of(row, keys) for row in rows]

    def candidates(self, emails: Iterable[str]) -> list[ClientRecord]:
        """Clients that one of these addresses could match: by contact, or by a domain (or a
        parent of a domain) of theirs. Matching itself is ``addon.triage.matching``'s job."""
        addresses = _addresses(emails)
        if not addresses:
            return []
        cache = cacheable(self.session)
        version = head(self.session, self.tenant).version if cache is not None else 0
        if cache is not None:
            found = cache.get(self.tenant, version, _candidates_key(addresses))
            if isinstance(found, list):
                return list(found)
        domains = sorted({d for e in addresses for d in domain_chain(e.rpartition("@")[2])})
        rows = fetch(
            self.session,
            queries.CANDIDATES,
            {"tenant": self.tenant, "addresses": list(addresses), "domains": domains or [""]},
        )
        keys = (
            _keys(fetch(self.session, queries.KEYS_OF, {"ids": [row.id for row in rows]}))
            if rows
            else {}
        )
        found = [_record_of(row, keys) for row in rows]
        if cache is not None:
            cache.put(self.tenant, version, _candidates_key(addresses), found)
        return list(found)

    def book_totals(self) -> dict[str | None, Decimal]:
        """Annual revenue of all clients, per currency: the organisation's book, as the last
        import left it (one row, often read already with the user's settings), or summed when
        no import has kept it yet."""
        cache = cacheable(self.session)
        now = head(self.session, self.tenant)
        if cache is not None and now.book is not None:
            found = cache.get(self.tenant, now.version, "book")
            if isinstance(found, dict):
                return dict(found)
        cents = _book_from_json(now.book) if now.book is not None else self._sum_book()
        book = {currency: Decimal(amount) / 100 for currency, amount in cents.items()}
        if cache is not None and now.book is not None:
            cache.put(self.tenant, now.version, "book", book)
        return dict(book)

    def _sum_book(self) -> dict[str | None, int]:
        query = (
            select(Client.currency, func.sum(Client.annual_revenue_cents))
            .where(Client.tenant == self.tenant, Client.annual_revenue_cents.is_not(None))
            .group_by(Client.currency)
        )
        return {currency: int(cents or 0) for currency, cents in fetch(self.session, query)}

    # Writing -----------------------------------------------------------------------------

    def history(self, client: str | None = None) -> list[Change]:
        return history(self.session, self.tenant, client=client)

    def import_records(self, records: Sequence[ClientRecord], *, by: str) -> ImportReport:
        """Create or update each client by name; the same file twice changes nothing. Two
        imports into one tenant never interleave: the second waits for the first (boundedly)
        and then sees all of it."""
        lock_directory(
            self.session,
            self.tenant,
            busy=f"another import is running for tenant {self.tenant}; "
            "try again when it has finished",
        )
        report = ImportReport()
        changes: list[tuple[Client, ClientRecord | None, ClientRecord]] = []
        book = self._kept_book()
        existing = self._named([name_key(r.name) for r in records])
        for record in records:
            client = existing.get(name_key(record.name))
            if client is None:
                client = Client(tenant=self.tenant, name_key=name_key(record.name))
                self.session.add(client)
                _apply(client, record, self.tenant)
                report.created.append(record.name)
                changes.append((client, None, record))
            elif _record(client) == replace(record, id=client.id):
                report.unchanged.append(record.name)
            else:
                before = _record(client)
                _move(book, client, -1)
                _apply(client, record, self.tenant)
                report.updated.append(record.name)
                changes.append((client, before, record))
        self.session.flush()
        for row, old, new in changes:
            record_change(
                self.session, self.tenant, client_id=row.id, before=old, after=new, by=by,
                action="created" if old is None else "updated",
            )  # fmt: skip
        report.warnings.extend(self._shared_keys(records))
        if book is None:  # no import has kept it yet: summed once, kept from now on
            book = self._sum_book()
        else:
            for row, _old, _new in changes:
                _move(book, row, +1)
        self._keep_book(book)
        return report

    def _named(self, keys: Sequence[str]) -> dict[str, Client]:
        """The tenant's clients with these name keys (and their domains and contacts): only
        those, however many clients the tenant has."""
        found: dict[str, Client] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = (
                select(Client)
                .where(Client.tenant == self.tenant, Client.name_key.in_(chunk))
                .options(selectinload(Client.domains), selectinload(Client.contacts))
            )
            found.update((c.name_key, c) for c in self.session.scalars(query))
        return found

    def _kept_book(self) -> dict[str | None, int] | None:
        kept = self.session.scalar(
            select(DirectoryVersion.book).where(DirectoryVersion.tenant == self.tenant)
        )
        return None if kept is None else _book_from_json(kept)

    def _keep_book(self, cents: dict[str | None, int]) -> None:
        """After an import (the directory is locked): the book as it now stands. A currency
        whose total is 0 is left out, as weighing treats it."""
        book = json.dumps(
            {currency or "": amount for currency, amount in sorted(cents.items(), key=_by_key)
             if amount}
        )  # fmt: skip
        self.session.execute(
            update(DirectoryVersion).where(DirectoryVersion.tenant == self.tenant).values(book=book)
        )

    def add_client(
        self,
        name: str,
        tier: str,
        *,
        by: str,
        domain: str | None = None,
        contact: str | None = None,
    ) -> ClientRecord:
        """A new client for an unknown domain (or, for a free-mail sender, an address): the
        one-click tier. It never changes a client that exists, whatever name or key it is
        given; changing one is ``change_tier`` or an import, both recorded."""
        if tier not in TIERS:
            raise DirectoryError(f"tier {tier!r} is not one of {'|'.join(TIERS)}")
        lock_directory(self.session, self.tenant, busy=_BUSY)
        named = self.session.scalar(
            select(Client).where(Client.tenant == self.tenant, Client.name_key == name_key(name))
        )
        if named is not None:
            raise DirectoryError(
                f"a client named {named.name} already exists; give the new client another name"
            )
        for key, column, table in (
            (domain, ClientDomain.domain, ClientDomain),
            (contact, ClientContact.email, ClientContact),
        ):
            if key:
                owner = self.session.scalar(
                    select(Client)
                    .join(table)
                    .where(table.tenant == self.tenant, column == key.lower())
                )
                if owner is not None:
                    raise DirectoryError(f"{key} already belongs to {owner.name}")
        if domain:
            # What matching would never key a client by (the card's check, held here too for
            # every other caller): a free-mail provider, or a subdomain of a client's domain.
            if is_free_mail(domain):
                raise DirectoryError(f"{domain} is a free-mail provider, not a client's domain")
            parents = domain_chain(domain)[1:]
            owner = self.session.scalar(
                select(Client)
                .join(ClientDomain)
                .where(ClientDomain.tenant == self.tenant, ClientDomain.domain.in_(parents))
            )
            if owner is not None:
                raise DirectoryError(f"{domain} is part of a domain of {owner.name}")
        client = Client(
            tenant=self.tenant,
            name=" ".join(name.split()),
            name_key=name_key(name),
            tier=tier,
            notes="",
        )
        if domain:
            client.domains.append(ClientDomain(tenant=self.tenant, domain=domain.lower()))
        if contact:
            client.contacts.append(ClientContact(tenant=self.tenant, email=contact.lower()))
        self.session.add(client)
        return self._recorded(client, None, by=by, action="created")

    def change_tier(
        self, client_id: int, tier: str, *, expected: str | None, by: str
    ) -> tuple[ClientRecord, ClientRecord]:
        """Give an existing client another tier, explicitly; returns it before and after.
        ``expected`` is the tier the user saw: when someone changed it meanwhile, nothing is
        written and the user is told, so two people's changes end in one value they both saw."""
        if tier not in TIERS:
            raise DirectoryError(f"tier {tier!r} is not one of {'|'.join(TIERS)}")
        lock_directory(self.session, self.tenant, busy=_BUSY)
        client = self.session.scalar(
            select(Client)
            .where(Client.tenant == self.tenant, Client.id == client_id)
            .options(selectinload(Client.domains), selectinload(Client.contacts))
        )
        if client is None:
            raise DirectoryError("that client is no longer in the directory")
        before = _record(client)
        if expected is not None and client.tier != expected:
            raise DirectoryError(
                f"{client.name} became a {client.tier} client meanwhile; "
                "look at it again before you change it"
            )
        client.tier = tier
        return before, self._recorded(client, before, by=by, action="tier")

    def undo_added(self, client_id: int, *, by: str, now: dt.datetime) -> str:
        """Take back a client ``by`` added moments ago; returns its name."""
        lock_directory(self.session, self.tenant, busy=_BUSY)
        client = self.session.scalar(
            select(Client).where(Client.tenant == self.tenant, Client.id == client_id)
        )
        if client is None:
            raise DirectoryError("that client is no longer in the directory")
        undo_created(self.session, self.tenant, client, by=by, now=now)
        return client.name

    def _recorded(
        self, client: Client, before: ClientRecord | None, *, by: str, action: str
    ) -> ClientRecord:
        """The client as stored now, its change from ``before`` in the history."""
        self.session.flush()
        after = _record(client)
        record_change(
            self.session, self.tenant, client_id=client.id, before=before, after=after, by=by,
            action=action,
        )  # fmt: skip
        return after

    def record_meeting(self, client_id: int, uid: str, start: dt.datetime) -> None:
        """Remember that a meeting with this client exists (its UID only as a hash)."""
        upsert(
            self.session,
            Meeting,
            {"tenant": self.tenant, "uid_hash": meeting_hash(self.tenant, uid)},
            {"client_id": client_id, "start": start},
        )

    def meetings_between(self, client_id: int, since: dt.datetime, until: dt.datetime) -> int:
        params = {"tenant": self.tenant, "client_id": client_id, "since": since, "until": until}
        [(count,)] = fetch(self.session, queries.MEETINGS, params)
        return int(count or 0)

    def _shared_keys(self, records: Sequence[ClientRecord]) -> list[str]:
        """Domains and addresses of this file that more than one client claims (matching will
        say so): only the file's, so the check costs what the file holds."""
        warnings = []
        domains = {d for r in records for d in r.domains}
        contacts = {c for r in records for c in r.contacts}
        for model, column, label, keys in (
            (ClientDomain, ClientDomain.domain, "domain", domains),
            (ClientContact, ClientContact.email, "contact", contacts),
        ):
            shared: list[str] = []
            for chunk in _chunks(sorted(keys)):
                query = (
                    select(column)
                    .where(model.tenant == self.tenant, column.in_(chunk))
                    .group_by(column)
                    .having(func.count(func.distinct(model.client_id)) > 1)
                )
                shared += self.session.scalars(query)
            warnings += [
                f"the {label} {key} belongs to several clients; meetings with it stay unknown "
                "until only one has it"
                for key in sorted(shared)
            ]
        return warnings


def kept_directory(
    cache: DirectoryCache, tenant: str, emails: Iterable[str]
) -> tuple[list[ClientRecord], dict[str | None, Decimal]] | None:
    """The candidates for these addresses and the book as this process last read them for
    the tenant (its latest version), without asking the database: what the directory said
    then, not necessarily now. None when either was not kept."""
    tenant = check_tenant(tenant)
    version = cache.latest(tenant)
    addresses = _addresses(emails)
    if version is None or not addresses:
        return None
    found = cache.get(tenant, version, _candidates_key(addresses))
    book = cache.get(tenant, version, "book")
    if not isinstance(found, list) or not isinstance(book, dict):
        return None
    return list(found), dict(book)


def _addresses(emails: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({e.lower() for e in emails}))


def _candidates_key(addresses: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Where the directory cache keeps the candidates for these addresses."""
    return ("candidates", addresses)


def _book_from_json(kept: str) -> dict[str | None, int]:
    return {currency or None: int(cents) for currency, cents in json.loads(kept).items()}


def _record(client: Client) -> ClientRecord:
    return ClientRecord(
        id=client.id,
        name=client.name,
        tier=client.tier,
        annual_revenue=client.annual_revenue,
        currency=client.currency,
        account_manager=client.account_manager,
        domains=tuple(sorted(d.domain for d in client.domains)),
        contacts=tuple(sorted(c.email for c in client.contacts)),
        notes=client.notes or "",
    )


def _apply(client: Client, record: ClientRecord, tenant: str) -> None:
    client.name = record.name
    client.tier = record.tier
    client.annual_revenue = record.annual_revenue
    client.currency = record.currency
    client.account_manager = record.account_manager
    client.notes = record.notes
    keep_domains = set(record.domains)
    client.domains = [d for d in client.domains if d.domain in keep_domains] + [
        ClientDomain(tenant=tenant, domain=d)
        for d in sorted(keep_domains - {d.domain for d in client.domains})
    ]
    keep_contacts = set(record.contacts)
    client.contacts = [c for c in client.contacts if c.email in keep_contacts] + [
        ClientContact(tenant=tenant, email=e)
        for e in sorted(keep_contacts - {c.email for c in client.contacts})
    ]


def _move(book: dict[str | None, int] | None, client: Client, sign: int) -> None:
    """The client's revenue out of the book (-1) or into it (+1)."""
    if book is not None and client.annual_revenue_cents is not None:
        book[client.currency] = book.get(client.currency, 0) + sign * client.annual_revenue_cents


def _by_key(item: tuple[str | None, int]) -> str:
    return item[0] or ""


def _chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    """Bounded lists for ``IN``: far below SQLite's and PostgreSQL's limits on parameters."""
    for first in range(0, len(keys), CHUNK):
        yield keys[first : first + CHUNK]


def _keys(rows: Iterable[AnyRow]) -> dict[int, tuple[list[str], list[str]]]:
    """Rows of (client id, 'd' or 'c', key) as each client's domains and contacts."""
    keys: dict[int, tuple[list[str], list[str]]] = {}
    for client_id, which, key in rows:
        keys.setdefault(client_id, ([], []))[0 if which == "d" else 1].append(key)
    return keys


def _record_of(row: AnyRow, keys: dict[int, tuple[list[str], list[str]]]) -> ClientRecord:
    domains, contacts = keys.get(row.id, ([], []))
    return ClientRecord(
        id=row.id,
        name=row.name,
        tier=row.tier,
        annual_revenue=_revenue(row.annual_revenue_cents),
        currency=row.currency,
        account_manager=row.account_manager,
        domains=tuple(sorted(domains)),
        contacts=tuple(sorted(contacts)),
        notes=row.notes or "",
    )


def _revenue(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))
