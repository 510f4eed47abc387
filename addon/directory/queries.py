"""The statements a message-open runs (the directory's and the decision log's), built once with
bound parameters: SQLAlchemy then finds their compiled form by a cache key it need not rebuild
from a new expression each time, and they run on the session's connection as plain Core,
without the ORM's result handling."""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    BindParameter,
    String,
    Table,
    and_,
    bindparam,
    func,
    literal_column,
    select,
    union,
    union_all,
)

from addon.directory.models import (
    Client,
    ClientContact,
    ClientDomain,
    Decision,
    DirectoryVersion,
    Meeting,
    UserSettings,
)

clients = cast(Table, Client.__table__)
domains = cast(Table, ClientDomain.__table__)
contacts = cast(Table, ClientContact.__table__)
versions = cast(Table, DirectoryVersion.__table__)
meetings = cast(Table, Meeting.__table__)
settings = cast(Table, UserSettings.__table__)
decisions = cast(Table, Decision.__table__)

_tenant = bindparam("tenant", type_=String)

CLIENT_COLUMNS = (
    clients.c.id, clients.c.name, clients.c.tier, clients.c.annual_revenue_cents,
    clients.c.currency, clients.c.account_manager, clients.c.notes,
)  # fmt: skip

# The user's settings (all NULL when they saved none) beside the tenant's version and book
# (NULL when never written): one row, always.
_one = select(literal_column("1").label("one")).subquery()
_settings_and_head = _one.outerjoin(
    settings, and_(settings.c.tenant == _tenant, settings.c.user_email == bindparam("email"))
).outerjoin(versions, versions.c.tenant == _tenant)
SETTINGS_AND_HEAD = select(
    settings.c.id, settings.c.locale, settings.c.tone, settings.c.call,
    settings.c.default_minutes, settings.c.signature, settings.c.use_calendar,
    settings.c.work_start, settings.c.work_end, settings.c.country,
    versions.c.version, versions.c.book,
).select_from(_settings_and_head)  # fmt: skip

HEAD = select(versions.c.version, versions.c.book).where(versions.c.tenant == _tenant)

# Each set of ids from its own index, then each client by its id: "tenant AND id IN (ids)"
# made SQLite walk every client of the tenant (12x slower at 100,000 clients).
_ids = union(
    select(contacts.c.client_id).where(
        contacts.c.tenant == _tenant, contacts.c.email.in_(bindparam("addresses", expanding=True))
    ),
    select(domains.c.client_id).where(
        domains.c.tenant == _tenant, domains.c.domain.in_(bindparam("domains", expanding=True))
    ),
).subquery()
CANDIDATES = (
    select(*CLIENT_COLUMNS)
    .select_from(_ids.join(clients, clients.c.id == _ids.c.client_id))
    .where(clients.c.tenant == _tenant)
    .order_by(clients.c.name_key)
)
TENANT_CLIENTS = (
    select(*CLIENT_COLUMNS).where(clients.c.tenant == _tenant).order_by(clients.c.name_key)
)

# Keys of clients just read, by their ids alone: "tenant AND client_id IN (...)" made SQLite
# walk every domain of the tenant.
_d, _c = literal_column("'d'", String), literal_column("'c'", String)
_by_ids: BindParameter[int] = bindparam("ids", expanding=True)
KEYS_OF = union_all(
    select(domains.c.client_id, _d, domains.c.domain).where(domains.c.client_id.in_(_by_ids)),
    select(contacts.c.client_id, _c, contacts.c.email).where(contacts.c.client_id.in_(_by_ids)),
)
TENANT_KEYS = union_all(
    select(domains.c.client_id, _d, domains.c.domain).where(domains.c.tenant == _tenant),
    select(contacts.c.client_id, _c, contacts.c.email).where(contacts.c.tenant == _tenant),
)

MEETINGS = select(func.count(meetings.c.id)).where(
    meetings.c.tenant == _tenant,
    meetings.c.client_id == bindparam("client_id"),
    meetings.c.start >= bindparam("since"),
    meetings.c.start <= bindparam("until"),
)

# The user's proposals for a meeting, by the keyed hashes it may be logged under (decisions
# logged before proposals were kept have no answered sequence: they are no proposal).
_proposals_match = and_(
    decisions.c.tenant == _tenant,
    decisions.c.user_email == bindparam("email"),
    decisions.c.meeting_hash.in_(bindparam("hashes", expanding=True)),
    decisions.c.answered_sequence.is_not(None),
)
PROPOSALS = select(
    decisions.c.meeting_hash, decisions.c.strategy, decisions.c.answered_sequence,
    decisions.c.proposed_start, decisions.c.proposed_end, decisions.c.proposed_format,
    decisions.c.meeting_start, decisions.c.meeting_end, decisions.c.outcome,
    decisions.c.outcome_at,
).where(_proposals_match)  # fmt: skip

# The user's proposals of one strategy to one client.
_user_proposals_to = (
    decisions.c.tenant == _tenant,
    decisions.c.user_email == bindparam("email"),
    decisions.c.client_id == bindparam("client_id"),
    decisions.c.strategy == bindparam("strategy"),
)

# ``SETTINGS_AND_HEAD``, and the user's proposals for a meeting as further rows of it (one row,
# its proposal columns NULL, when there is none): a card that asks both makes one round trip.
_settings_head_and_proposals = _settings_and_head.outerjoin(decisions, _proposals_match)
SETTINGS_HEAD_AND_PROPOSALS = select(
    *SETTINGS_AND_HEAD.selected_columns, *PROPOSALS.selected_columns
).select_from(_settings_head_and_proposals)

# What the advice reads of a client once it knows it: the meetings with it in a period and the
# outcomes of the user's last two proposals of one strategy to it, newest first (an outcome
# column is NULL when there is no such proposal, '' when it has no answer yet). On its own
# (``CLIENT_HISTORY``), or as columns beside the settings for a client foreseen before the
# statement is sent, when the advice then needs no second round trip.
_HISTORY = (
    select(func.count(meetings.c.id))
    .where(*MEETINGS.whereclause.clauses)  # type: ignore[union-attr]
    .correlate(None)
    .scalar_subquery()
    .label("history_meetings"),
    *(
        select(func.coalesce(decisions.c.outcome, ""))
        .where(*_user_proposals_to)
        .order_by(decisions.c.decided_at.desc(), decisions.c.id.desc())
        .limit(1)
        .offset(offset)
        .correlate(None)  # its own rows of decisions, not the proposal row beside it
        .scalar_subquery()
        .label(f"history_last{offset}")
        for offset in (0, 1)
    ),
)
CLIENT_HISTORY = select(*_HISTORY)
SETTINGS_HEAD_AND_HISTORY = select(*SETTINGS_AND_HEAD.selected_columns, *_HISTORY).select_from(
    _settings_and_head
)
SETTINGS_HEAD_PROPOSALS_AND_HISTORY = select(
    *SETTINGS_HEAD_AND_PROPOSALS.selected_columns, *_HISTORY
).select_from(_settings_head_and_proposals)
