"""A decision log seeded as users would have filled it: a decision per meeting, with the
proposal it made and, when the organizer answered, the outcome an hour (or a day) later."""

from __future__ import annotations

import datetime as dt

from addon.directory.store import Store
from addon.directory.users import Users
from addon.triage.answer import Proposal


def log_decision(
    store: Store,
    tenant: str,
    email: str,
    key: str,
    *,
    strategy: str,
    minutes: int,
    client: int | None,
    at: dt.datetime,
    outcome: str | None = None,
    answered_after: dt.timedelta = dt.timedelta(hours=1),
    sequence: int = 1,
) -> None:
    with store.session() as session:
        users = Users(session, tenant)
        users.log_decision(
            email, meeting_key=key, strategy=strategy, minutes_saved=minutes,
            client_id=client, at=at, proposal=Proposal(strategy, sequence),
        )  # fmt: skip
        if outcome is not None:
            users.record_outcome(email, key, outcome, at + answered_after)  # type: ignore[arg-type]
