"""What each strategy really achieves, read from a seeded decision log on SQLite and PostgreSQL:
by strategy and by the client's tier now, for the user and for their organisation; no answer
after 14 days; another tenant's and, in "mine", another user's decisions never counted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from addon.directory.csvfile import read_csv
from addon.directory.models import Client
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Foreseen, Users
from addon.triage.outcomes import LogRow, Tally, declined_in_a_row, outcomes
from tests.support.decisions import log_decision

NOW = dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC)
MONTH = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
ANNA, PER = "anna@lumen.example", "per@lumen.example"
CLIENTS = (
    b"name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
    b"Cobalt & Pine,key,100000,EUR,,cobalt.example,,\n"
    b"Nordvik,strategic,900000,EUR,,nordvik.example,,\n"
)


def _clients(store: Store, tenant: str) -> dict[str, int]:
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(CLIENTS), by="test")
    with store.read() as session:
        query = select(Client.name, Client.id).where(Client.tenant == tenant)
        return {row.name: row.id for row in session.execute(query)}


def _log(
    store: Store,
    tenant: str,
    key: str,
    *,
    email: str = ANNA,
    strategy: str = "shorter",
    minutes: int = 30,
    client: int | None = None,
    at: dt.datetime = NOW - dt.timedelta(days=1),
    outcome: str | None = None,
) -> None:
    log_decision(store, tenant, email, key, strategy=strategy, minutes=minutes, client=client,
                 at=at, outcome=outcome)  # fmt: skip


def test_figures_by_strategy_and_tier_for_the_user_and_the_organisation(
    store: Store, tenant: str
) -> None:
    ids = _clients(store, tenant)
    cobalt, nordvik = ids["Cobalt & Pine"], ids["Nordvik"]
    _log(store, tenant, "m1", client=cobalt, outcome="accepted", minutes=60)
    _log(store, tenant, "m2", client=cobalt, outcome="declined")
    _log(store, tenant, "m3", client=nordvik, strategy="phone", outcome="countered", minutes=20)
    _log(store, tenant, "m4", strategy="email", minutes=45, at=NOW - dt.timedelta(days=15))
    _log(store, tenant, "m5", email=PER, client=nordvik, outcome="accepted", minutes=15)
    _log(store, tenant, "m6", email=PER, strategy="phone", outcome="cancelled", minutes=10)
    _log(store, tenant, "m7", at=MONTH - dt.timedelta(days=1), outcome="accepted")  # November
    _log(store, "other-" + tenant, "m1", outcome="accepted", minutes=500)
    with store.read() as session:
        found = Users(session, tenant).outcomes(ANNA, MONTH, NOW, NOW)

    mine = found.mine
    assert mine.by_strategy(("phone", "shorter", "email")) == {
        "phone": Tally(proposals=1, countered=1, minutes_proposed=20),
        "shorter": Tally(proposals=2, accepted=1, declined=1, minutes_proposed=90,
                         minutes_accepted=60),
        "email": Tally(proposals=1, no_answer=1, minutes_proposed=45),
    }  # fmt: skip
    assert mine.by_tier() == {
        "key": Tally(proposals=2, accepted=1, declined=1, minutes_proposed=90,
                     minutes_accepted=60),
        "strategic": Tally(proposals=1, countered=1, minutes_proposed=20),
        "unknown": Tally(proposals=1, no_answer=1, minutes_proposed=45),
    }  # fmt: skip
    organisation = found.organisation
    assert organisation.total == Tally(
        proposals=6, accepted=2, declined=1, countered=1, cancelled=1, no_answer=1,
        minutes_proposed=180, minutes_accepted=75,
    )  # fmt: skip
    assert organisation.cells[("shorter", "strategic")] == Tally(
        proposals=1, accepted=1, minutes_proposed=15, minutes_accepted=15
    )


@pytest.mark.parametrize(
    ("age", "no_answer", "waiting"),
    [
        (dt.timedelta(days=13, hours=23), 0, 1),
        (dt.timedelta(days=14), 0, 1),  # exactly 14 days: still in time
        (dt.timedelta(days=14, seconds=1), 1, 0),
    ],
)
def test_a_proposal_without_an_answer_after_14_days_counts_as_no_answer(
    store: Store, tenant: str, age: dt.timedelta, no_answer: int, waiting: int
) -> None:
    _log(store, tenant, "m1", at=NOW - age)
    _log(store, tenant, "m2", at=NOW - age - dt.timedelta(days=1), outcome="declined")
    with store.read() as session:
        total = Users(session, tenant).outcomes(ANNA, MONTH, NOW, NOW).mine.total
    assert (total.no_answer, total.waiting, total.declined) == (no_answer, waiting, 1)


@pytest.mark.parametrize(
    ("who", "tenant_of", "mine", "organisation"),
    [
        (ANNA, "same", 1, 2),
        (PER, "same", 1, 2),
        ("eva@lumen.example", "same", 0, 2),  # a colleague with no decisions of her own
        (ANNA, "other", 0, 0),  # the same address in another tenant
    ],
)
def test_other_tenants_and_users_are_never_counted(
    store: Store, tenant: str, who: str, tenant_of: str, mine: int, organisation: int
) -> None:
    _log(store, tenant, "m1", email=ANNA)
    _log(store, tenant, "m1", email=PER)
    looking = tenant if tenant_of == "same" else "other-" + tenant
    with store.read() as session:
        found = Users(session, looking).outcomes(who, MONTH, NOW, NOW)
    assert (found.mine.total.proposals, found.organisation.total.proposals) == (mine, organisation)


def test_the_last_outcomes_are_the_users_own_with_that_client_and_strategy_newest_first(
    store: Store, tenant: str
) -> None:
    ids = _clients(store, tenant)
    cobalt = ids["Cobalt & Pine"]
    day = dt.timedelta(days=1)
    _log(store, tenant, "m1", client=cobalt, outcome="accepted", at=NOW - 5 * day)
    _log(store, tenant, "m2", client=cobalt, outcome="declined", at=NOW - 4 * day)
    _log(store, tenant, "m3", client=cobalt, strategy="phone", outcome="accepted", at=NOW - 3 * day)
    _log(store, tenant, "m4", client=ids["Nordvik"], outcome="accepted", at=NOW - 2 * day)
    _log(store, tenant, "m5", email=PER, client=cobalt, outcome="accepted", at=NOW - day)
    _log(store, tenant, "m6", client=cobalt, outcome="declined", at=NOW - day)
    with store.session() as session:
        directory = Directory(session, tenant)
        for uid, days in (("q1", 10), ("q2", 30), ("q3", 100)):
            directory.record_meeting(cobalt, uid, NOW - days * day)
        directory.record_meeting(ids["Nordvik"], "n1", NOW - 10 * day)
    since = NOW - 90 * day
    with store.read() as session:
        users = Users(session, tenant)
        two = users.meetings_and_last_outcomes(ANNA, cobalt, since, NOW, "shorter")
        none = users.meetings_and_last_outcomes(PER, ids["Nordvik"], NOW - day, NOW, "phone")
    assert two == (2, ["declined", "declined"])
    assert none == (0, [])


@pytest.mark.parametrize("unanswered", [False, True])
def test_a_clients_history_read_with_the_settings_is_what_its_own_statement_reads(
    store: Store, tenant: str, unanswered: bool
) -> None:
    """The settings' statement reads a foreseen client's history beside them; the advice's
    question is then answered without a statement, the same as one would have answered."""
    cobalt = _clients(store, tenant)["Cobalt & Pine"]
    day = dt.timedelta(days=1)
    _log(store, tenant, "m1", client=cobalt, outcome="declined", at=NOW - 3 * day)
    _log(store, tenant, "m2", client=cobalt, outcome=None if unanswered else "declined",
         at=NOW - 2 * day)  # fmt: skip
    with store.session() as session:
        Directory(session, tenant).record_meeting(cobalt, "q1", NOW - 10 * day)
    ask = Foreseen(cobalt, NOW - 90 * day, NOW, "shorter")
    with store.read() as session:
        alone = Users(session, tenant).meetings_and_last_outcomes(ANNA, cobalt, *ask[1:])
    with store.read() as session:
        users = Users(session, tenant)
        users.settings(ANNA, foreseen=ask)
        statements: list[str] = []

        def sent(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(store.engine, "before_cursor_execute", sent)
        try:
            together = users.meetings_and_last_outcomes(ANNA, cobalt, *ask[1:])
            # Another client's question is not answered by what was read for Cobalt.
            other = users.meetings_and_last_outcomes(ANNA, cobalt + 1000, *ask[1:])
        finally:
            event.remove(store.engine, "before_cursor_execute", sent)
    assert together == alone == (1, [None if unanswered else "declined", "declined"])
    assert other == (0, [])
    assert len(statements) == 1  # the other client's


@pytest.mark.parametrize(
    ("newest_first", "said"),
    [
        (["declined", "declined"], True),
        (["declined", "declined", "accepted"], True),
        (["declined"], False),  # only one
        (["declined", "accepted"], False),  # accepted before the last decline
        (["accepted", "declined"], False),
        (["declined", None], False),  # the one before has no answer yet
        ([], False),
    ],
)
def test_two_declined_in_a_row(newest_first: list[str | None], said: bool) -> None:
    assert declined_in_a_row(newest_first) is said


def test_a_colleagues_decisions_count_for_the_organisation_only() -> None:
    rows = [
        LogRow(True, "shorter", "key", "accepted", False, 2, 60),
        LogRow(False, "shorter", "key", None, True, 3, 90),
        LogRow(False, "phone", "", "declined", True, 1, 30),
    ]
    found = outcomes(rows)
    assert found.mine.total == Tally(proposals=2, accepted=2, minutes_proposed=60,
                                     minutes_accepted=60)  # fmt: skip
    assert found.organisation.by_strategy() == {
        "phone": Tally(proposals=1, declined=1, minutes_proposed=30),
        "shorter": Tally(proposals=5, accepted=2, no_answer=3, minutes_proposed=150,
                         minutes_accepted=60),
    }  # fmt: skip
    assert list(found.organisation.by_tier()) == ["key", "unknown"]
