"""``raincheck report``: the decision log's figures by strategy and tier, for one user or the
whole tenant, as a plain table or JSON, from a seeded log on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from addon.directory.csvfile import read_csv
from addon.directory.models import Client
from addon.directory.repository import Directory
from addon.directory.store import Store
from tests.conftest import Result
from tests.support.clock import NOW
from tests.support.decisions import log_decision

Cli = Callable[..., Result]
ANNA, PER = "anna@lumen.example", "per@lumen.example"
CLIENTS = (
    b"name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
    b"Cobalt & Pine,key,100000,EUR,,cobalt.example,,\n"
)
DAY = dt.timedelta(days=1)


@pytest.fixture
def seeded(
    store: Store, tenant: str, database_url: str, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> str:
    """Anna's and Per's decisions this month (and one in October), and another tenant's."""
    monkeypatch.setenv("RAINCHECK_DATABASE_URL", database_url)
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(CLIENTS), by="test")
    with store.read() as session:
        [cobalt] = session.scalars(select(Client.id).where(Client.tenant == tenant))
    decisions = [
        (tenant, ANNA, "m1", "shorter", 60, cobalt, NOW - 2 * DAY, "accepted"),
        (tenant, ANNA, "m2", "shorter", 30, cobalt, NOW - 3 * DAY, "declined"),
        (tenant, ANNA, "m3", "phone", 20, None, NOW - 20 * DAY, None),  # no answer in 14 days
        (tenant, PER, "m1", "shorter", 1000, cobalt, NOW - DAY, "accepted"),
        (tenant, ANNA, "m4", "email", 45, None, NOW - 40 * DAY, "accepted"),  # October
        ("other-" + tenant, ANNA, "m9", "shorter", 500, None, NOW - DAY, "accepted"),
    ]
    for where, email, key, strategy, minutes, client, at, outcome in decisions:
        log_decision(store, where, email, key, strategy=strategy, minutes=minutes, client=client,
                     at=at, outcome=outcome, answered_after=DAY, sequence=0)  # fmt: skip
    return tenant


def test_the_report_prints_a_table_by_strategy_and_tier(cli: Cli, seeded: str) -> None:
    shown = cli("report", "--tenant", seeded, "--user", ANNA)
    assert shown.code == 0, shown.err
    assert shown.out.splitlines() == [
        "Strategy         Tier       Proposals  Accepted  Declined  No answer  Minutes proposed  Minutes accepted",
        "Make it a call   No client          1         0         0          1                20                 0",
        "Make it shorter  Key                2         1         1          0                90                60",
        "Total                               3         1         1          1               110                60",
        "",
        "No answer: none came within 14 days. An answer counts when you open it in Raincheck.",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "total"),
    [
        ((), {"proposals": 4, "accepted": 2, "minutes_proposed": 1110, "minutes_accepted": 1060}),
        (("--user", ANNA), {"proposals": 3, "accepted": 1, "minutes_proposed": 110,
                            "minutes_accepted": 60}),
        (("--user", PER.upper()), {"proposals": 1, "accepted": 1, "minutes_proposed": 1000,
                                   "minutes_accepted": 1000}),
        (("--user", ANNA, "--since", "2026-10-01"), {"proposals": 4, "accepted": 2,
                                                     "minutes_proposed": 155,
                                                     "minutes_accepted": 105}),
        (("--user", "eva@lumen.example"), {"proposals": 0, "accepted": 0, "minutes_proposed": 0,
                                           "minutes_accepted": 0}),
    ],
)  # fmt: skip
def test_the_report_as_json_for_the_tenant_or_one_user(
    cli: Cli, seeded: str, args: tuple[str, ...], total: dict[str, int]
) -> None:
    shown = cli("report", "--tenant", seeded, "--json", *args)
    assert shown.code == 0, shown.err
    found = json.loads(shown.out)
    assert {k: found["total"][k] for k in total} == total
    assert found["no_answer_after_days"] == 14
    assert sum(row["proposals"] for row in found["rows"]) == total["proposals"]


def test_the_report_in_swedish_with_swedish_numbers(cli: Cli, seeded: str) -> None:
    shown = cli("report", "--tenant", seeded, "--locale", "sv")
    lines = shown.out.replace("\xa0", " ").splitlines()
    assert lines[0].split("  ")[0] == "Strategi"
    assert lines[-3].split()[:2] == ["Totalt", "4"]
    assert "1 110" in lines[-3]  # minutes proposed, with Swedish digit grouping


def test_another_tenant_has_nothing_to_report(cli: Cli, seeded: str) -> None:
    shown = cli("report", "--tenant", "nobody-" + seeded)
    assert (shown.code, shown.out) == (0, "No proposals in this period.\n")
