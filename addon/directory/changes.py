"""Who changed which client, when, from what to what; and the lock that keeps two changes to
one tenant's directory from interleaving.

Every write to a tenant's clients (an import, the one-click tier, an explicit change) first
takes ``lock_directory``: an upsert of the tenant's row in ``directory_versions``. On
PostgreSQL the row lock makes a second writer of the same tenant wait (other tenants do not),
bounded by the store's lock timeout; on SQLite the write lock does the same for the whole file,
bounded by its busy timeout. A writer that waited too long is told another change is running;
none of them ever sees half of another's file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from addon.directory.models import Client, ClientChange, DirectoryVersion, Meeting
from addon.directory.records import ClientRecord
from addon.directory.upsert import upsert
from addon.errors import BusyError, DirectoryError

FIELDS = (
    "name", "tier", "annual_revenue", "currency", "account_manager", "domains", "contacts",
    "notes",
)  # fmt: skip
UNDO_WINDOW = dt.timedelta(hours=1)  # how long a newly added client can be taken back


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    by: str
    client: str
    action: str  # created | updated | tier | removed
    before: Mapping[str, object]
    after: Mapping[str, object]


def lock_directory(session: Session, tenant: str, *, busy: str) -> None:
    """Wait (boundedly) until no other transaction is changing this tenant's clients; ``busy``
    is what to tell the user when the wait is over and the other is still running."""
    try:
        upsert(
            session,
            DirectoryVersion,
            {"tenant": tenant},
            {"version": 1},
            increment=("version",),
        )
    except OperationalError as exc:
        raise BusyError(busy) from exc


def difference(
    before: ClientRecord | None, after: ClientRecord
) -> tuple[dict[str, object], dict[str, object]]:
    """The fields that differ, as plain JSON values (all of them for a new client)."""
    old = _plain(before) if before is not None else {}
    new = _plain(after)
    changed = [f for f in FIELDS if old.get(f) != new.get(f)]
    return {f: old[f] for f in changed if f in old}, {f: new[f] for f in changed}


def record_change(
    session: Session,
    tenant: str,
    *,
    client_id: int | None,
    before: ClientRecord | None,
    after: ClientRecord,
    by: str,
    action: str,
    at: dt.datetime | None = None,
) -> None:
    old, new = difference(before, after)
    if not new:
        return
    session.add(
        ClientChange(
            tenant=tenant,
            client_id=client_id,
            client_name=after.name,
            changed_by=by[:320],
            changed_at=at or dt.datetime.now(dt.UTC),
            action=action,
            before=json.dumps(old, ensure_ascii=False),
            after=json.dumps(new, ensure_ascii=False),
        )
    )


def undo_created(
    session: Session, tenant: str, client: Client, *, by: str, now: dt.datetime
) -> None:
    """Take back a client the same user created moments ago (the card's Undo). Only its
    creator, only within ``UNDO_WINDOW``, and only while nobody has changed it since: otherwise
    it is a client others may rely on, and its tier is changed instead. The removal is kept in
    the history."""
    changes = session.scalars(
        select(ClientChange)
        .where(ClientChange.tenant == tenant, ClientChange.client_id == client.id)
        .order_by(ClientChange.changed_at, ClientChange.id)
    ).all()
    created = changes[0] if len(changes) == 1 and changes[0].action == "created" else None
    if created is None or created.changed_by != by or now - _utc(created.changed_at) > UNDO_WINDOW:
        raise DirectoryError(f"{client.name} can no longer be undone here; change its tier instead")
    session.add(
        ClientChange(
            tenant=tenant, client_id=None, client_name=client.name, changed_by=by[:320],
            changed_at=now, action="removed", before=created.after, after="{}",
        )
    )  # fmt: skip
    session.execute(delete(Meeting).where(Meeting.tenant == tenant, Meeting.client_id == client.id))
    session.delete(client)


def history(session: Session, tenant: str, *, client: str | None = None) -> list[Change]:
    """The tenant's changes, oldest first; ``client`` keeps those of one client (any case)."""
    query = select(ClientChange).where(ClientChange.tenant == tenant)
    rows = session.scalars(query.order_by(ClientChange.changed_at, ClientChange.id))
    key = " ".join((client or "").split()).casefold()
    return [
        Change(
            at=_utc(row.changed_at),
            by=row.changed_by,
            client=row.client_name,
            action=row.action,
            before=json.loads(row.before or "{}"),
            after=json.loads(row.after or "{}"),
        )
        for row in rows
        if not key or " ".join(row.client_name.split()).casefold() == key
    ]


def _plain(record: ClientRecord) -> dict[str, object]:
    values = asdict(record)
    values.pop("id", None)
    out: dict[str, object] = {}
    for name in FIELDS:
        value = values[name]
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; every moment we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
