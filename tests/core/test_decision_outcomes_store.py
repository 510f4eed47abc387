"""What a decision proposed and the organizer's answer to it, in the decision log, on SQLite and
PostgreSQL: kept per tenant and user, recorded once, and migrated onto decisions logged
before (revision 0008)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from addon.directory.repository import meeting_hash
from addon.directory.store import Store, alembic_config
from addon.directory.users import Settings, Users
from addon.invite.model import Attendee, Invite, Person
from addon.triage.answer import Proposal

AT = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
START = dt.datetime(2026, 12, 3, 13, tzinfo=dt.UTC)
ANNA = "anna@lumen.example"
SHORTER = Proposal(
    "shorter", 2, START, START + dt.timedelta(minutes=30), None, START,
    START + dt.timedelta(minutes=90),
)  # fmt: skip


def _log(
    store: Store, tenant: str, email: str = ANNA, proposal: Proposal = SHORTER, key: str = "uid-1"
) -> None:
    with store.session() as session:
        Users(session, tenant).log_decision(
            email, meeting_key=key, strategy=proposal.strategy, minutes_saved=60,
            client_id=None, at=AT, proposal=proposal,
        )  # fmt: skip


def _answer(sequence: int, start: dt.datetime, minutes: int) -> Invite:
    """The organizer's updated invite for the meeting logged as uid-1."""
    return Invite(
        uid="uid-1", sequence=sequence, method="REQUEST", summary="Review", description="",
        organizer=Person("eva@nordvik.example", "Eva Lind"),
        attendees=(Attendee(ANNA),), start=start, end=start + dt.timedelta(minutes=minutes),
        all_day=False, location=None, online_url=None, in_person=None, recurring=False,
        recurrence_id=None, serious=False,
    )  # fmt: skip


def test_the_proposal_is_kept_in_utc_and_read_back_the_same(store: Store, tenant: str) -> None:
    _log(store, tenant)
    with store.read() as session:
        found = Users(session, tenant).proposal(ANNA, ("uid-1",))
    assert found == ("uid-1", SHORTER)
    assert found[1].start is not None and found[1].start.tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("who", "where", "seen"),
    [
        (ANNA, "same", True),
        ("per@lumen.example", "same", False),  # another user of the same tenant
        (ANNA, "other", False),  # the same address and UID in another tenant
    ],
)
def test_only_the_same_tenant_and_user_see_an_answer(
    store: Store, tenant: str, who: str, where: str, seen: bool
) -> None:
    _log(store, tenant)
    _log(store, "other-" + tenant, email="someone@else.example")
    looking = tenant if where == "same" else "other-" + tenant
    answer = _answer(3, START, 30)
    with store.read() as session:
        found = Users(session, looking).answer(who, answer, ("uid-1",))
        _, with_settings = Users(session, looking).settings_and_answer(who, answer, ("uid-1",))
    assert with_settings == found
    assert (found is not None) is seen
    if found is not None:
        assert found[1].kind == "accepted"


def test_the_outcome_is_recorded_once(store: Store, tenant: str) -> None:
    _log(store, tenant)
    later = AT + dt.timedelta(days=2)
    with store.session() as session:
        users = Users(session, tenant)
        first = users.record_outcome(ANNA, "uid-1", "accepted", later)
        again = users.record_outcome(ANNA, "uid-1", "countered", later + dt.timedelta(days=1))
    assert (first, again) == (True, False)
    with store.read() as session:
        found = Users(session, tenant).proposal(ANNA, ("uid-1",))
    assert found is not None
    assert (found[1].outcome, found[1].outcome_at) == ("accepted", later)


def test_a_new_decision_is_a_new_proposal_with_no_outcome(store: Store, tenant: str) -> None:
    _log(store, tenant)
    with store.session() as session:
        Users(session, tenant).record_outcome(ANNA, "uid-1", "countered", AT)
    _log(store, tenant, proposal=Proposal("phone", 3, format="phone"))
    with store.read() as session:
        found = Users(session, tenant).proposal(ANNA, ("uid-1",))
    assert found is not None and found[1] == Proposal("phone", 3, format="phone")


def test_decisions_logged_before_0008_are_kept_and_propose_nothing(database_url: str) -> None:
    store = Store(database_url)
    config = alembic_config(database_url)
    command.upgrade(config, "0007")
    digest = meeting_hash("lumen.example", "uid-1")
    with store.engine.begin() as connection:
        # The table as 0007 left it: these columns and no others.
        decisions = sa.table(
            "decisions", *(sa.column(n) for n in ("tenant", "user_email", "meeting_hash",
                                                 "strategy", "minutes_saved")),
            sa.column("decided_at", sa.DateTime(timezone=True)),
        )  # fmt: skip
        connection.execute(
            decisions.insert().values(
                tenant="lumen.example",
                user_email=ANNA,
                meeting_hash=digest,
                strategy="email",
                minutes_saved=90,
                decided_at=AT,
            )
        )
    command.upgrade(config, "0008")
    with store.read() as session:
        users = Users(session, "lumen.example")
        assert users.saved_between(ANNA, AT, AT + dt.timedelta(days=1)).minutes == 90
        assert users.proposal(ANNA, ("uid-1",)) is None
    command.downgrade(config, "0007")
    command.upgrade(config, "head")
    store.dispose()


@pytest.mark.parametrize(
    "keys", [(), ("uid-0",), ("uid-1",), ("uid-0", "uid-2"), ("uid-2", "uid-1")]
)
@pytest.mark.parametrize("saved", [False, True], ids=["no-settings", "settings"])
def test_settings_and_answer_read_together_are_what_each_reads_apart(
    store: Store, tenant: str, keys: tuple[str, ...], saved: bool
) -> None:
    """One statement on the card's path: the user's settings beside the proposals the invite
    may answer, however many of those there are (none, one, or one per key)."""
    if saved:
        with store.session() as session:
            Users(session, tenant).save_settings(ANNA, Settings(tone="formal", country="DK"))
    _log(store, tenant)
    _log(store, tenant, key="uid-2", proposal=Proposal("phone", 1, format="phone"))
    answer = _answer(3, START, 30)
    with store.read() as session:
        users = Users(session, tenant)
        together = users.settings_and_answer(ANNA, answer, keys)
        apart = (users.settings(ANNA), users.answer(ANNA, answer, keys))
    assert together == apart
    assert (together[0].tone == "formal") is saved
    assert (together[1] is not None) is bool(set(keys) & {"uid-1", "uid-2"})
