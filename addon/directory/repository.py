"""The client directory of one tenant. Every query here filters on that tenant: a ``Directory``
cannot see or touch another tenant's rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import func, select, union, update
from sqlalchemy.orm import Session, selectinload

from addon.directory.changes import (
    Change,
    history,
    lock_directory,
    record_change,
    undo_created,
)
from addon.directory.csvfile import name_key
from addon.directory.models import (
    Client,
    ClientContact,
    ClientDomain,
    DirectoryVersion,
    Meeting,
)
from addon.directory.records import TIERS, ClientRecord
from addon.directory.upsert import upsert
from addon.errors import DirectoryError
from addon.triage.matching import domain_chain

MAX_TENANT_CHARS = 255
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

    def clients(self) -> list[ClientRecord]:
        query = (
            select(Client)
            .where(Client.tenant == self.tenant)
            .options(selectinload(Client.domains), selectinload(Client.contacts))
            .order_by(Client.name_key)
        )
        return [_record(c) for c in self.session.scalars(query)]

    def candidates(self, emails: Iterable[str]) -> list[ClientRecord]:
        """Clients that one of these addresses could match: by contact, or by a domain (or a
        parent of a domain) of theirs. Matching itself is ``addon.triage.matching``'s job."""
        addresses = sorted({e.lower() for e in emails})
        domains = sorted({d for e in addresses for d in domain_chain(e.rpartition("@")[2])})
        if not addresses:
            return []
        by_contact = select(ClientContact.client_id).where(
            ClientContact.tenant == self.tenant, ClientContact.email.in_(addresses)
        )
        by_domain = select(ClientDomain.client_id).where(
            ClientDomain.tenant == self.tenant, ClientDomain.domain.in_(domains or [""])
        )
        # The ids first, each from its own index; "tenant AND (id IN a OR id IN b)" in one
        # query made SQLite walk every client of the tenant (12x slower at 100,000 clients).
        ids = sorted(set(self.session.scalars(union(by_contact, by_domain))))
        if not ids:
            return []
        query = (
            select(Client)
            .where(Client.tenant == self.tenant, Client.id.in_(ids))
            .options(selectinload(Client.domains), selectinload(Client.contacts))
            .order_by(Client.name_key)
        )
        return [_record(c) for c in self.session.scalars(query)]

    def book_totals(self) -> dict[str | None, Decimal]:
        """Annual revenue of all clients, per currency: the organisation's book, as the last
        import left it (one row), or summed when no import has kept it yet."""
        kept = self.session.scalar(
            select(DirectoryVersion.book).where(DirectoryVersion.tenant == self.tenant)
        )
        cents = _book_from_json(kept) if kept is not None else self._sum_book()
        return {currency: Decimal(amount) / 100 for currency, amount in cents.items()}

    def _sum_book(self) -> dict[str | None, int]:
        query = (
            select(Client.currency, func.sum(Client.annual_revenue_cents))
            .where(Client.tenant == self.tenant, Client.annual_revenue_cents.is_not(None))
            .group_by(Client.currency)
        )
        return {currency: int(cents or 0) for currency, cents in self.session.execute(query)}

    def _keep_book(self) -> None:
        """After an import (the directory is locked): the book as it now stands."""
        book = json.dumps({currency or "": cents for currency, cents in self._sum_book().items()})
        self.session.execute(
            update(DirectoryVersion).where(DirectoryVersion.tenant == self.tenant).values(book=book)
        )

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
        existing = {
            c.name_key: c
            for c in self.session.scalars(
                select(Client)
                .where(Client.tenant == self.tenant)
                .options(selectinload(Client.domains), selectinload(Client.contacts))
            )
        }
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
                _apply(client, record, self.tenant)
                report.updated.append(record.name)
                changes.append((client, before, record))
        self.session.flush()
        for row, old, new in changes:
            record_change(
                self.session, self.tenant, client_id=row.id, before=old, after=new, by=by,
                action="created" if old is None else "updated",
            )  # fmt: skip
        report.warnings.extend(self._shared_keys())
        self._keep_book()
        return report

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
        query = select(func.count(Meeting.id)).where(
            Meeting.tenant == self.tenant,
            Meeting.client_id == client_id,
            Meeting.start >= since,
            Meeting.start <= until,
        )
        return int(self.session.scalar(query) or 0)

    def _shared_keys(self) -> list[str]:
        """Domains and addresses that more than one client claims (matching will say so)."""
        warnings = []
        for model, column, label in (
            (ClientDomain, ClientDomain.domain, "domain"),
            (ClientContact, ClientContact.email, "contact"),
        ):
            query = (
                select(column)
                .where(model.tenant == self.tenant)
                .group_by(column)
                .having(func.count(func.distinct(model.client_id)) > 1)
                .order_by(column)
            )
            warnings += [
                f"the {label} {key} belongs to several clients; meetings with it stay unknown "
                "until only one has it"
                for key in self.session.scalars(query)
            ]
        return warnings


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
