"""Changes to clients: explicit, recorded (who, when, before, after), serialised per tenant,
and refused when the user changed what they did not see."""

from __future__ import annotations

import threading

import pytest

from addon.directory.changes import lock_directory
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.errors import BusyError, DirectoryError

HEADER = "name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def test_a_tier_change_names_the_old_and_new_tier_and_is_in_the_history(
    store: Store, tenant: str
) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,,,,acme.example")), by="ann@x.example"
        )
        [acme] = Directory(session, tenant).clients()
    assert acme.id is not None
    with store.session() as session:
        before, after = Directory(session, tenant).change_tier(
            acme.id, "strategic", expected="key", by="bo@x.example"
        )
    assert (before.tier, after.tier) == ("key", "strategic")
    with store.session() as session:
        changes = Directory(session, tenant).history()
    assert [(c.action, c.by, c.client) for c in changes] == [
        ("created", "ann@x.example", "Acme"),
        ("tier", "bo@x.example", "Acme"),
    ]
    assert changes[1].before == {"tier": "key"} and changes[1].after == {"tier": "strategic"}
    assert changes[0].after["domains"] == ["acme.example"]
    assert changes[1].at.tzinfo is not None and changes[0].at <= changes[1].at


def test_a_tier_someone_changed_meanwhile_is_not_overwritten(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(csv("Acme,key")), by="ann@x.example")
        [acme] = Directory(session, tenant).clients()
    assert acme.id is not None
    with store.session() as session:
        Directory(session, tenant).change_tier(acme.id, "standard", expected="key", by="bo@x")
    with (
        pytest.raises(DirectoryError, match="became a standard client meanwhile"),
        store.session() as session,
    ):
        Directory(session, tenant).change_tier(acme.id, "strategic", expected="key", by="cy@x")
    with store.session() as session:
        directory = Directory(session, tenant)
        assert [c.tier for c in directory.clients()] == ["standard"]
        assert [c.by for c in directory.history()] == ["ann@x.example", "bo@x"]


def test_an_import_records_only_what_it_changed(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,100,SEK,,acme.example", "Globex,standard")), by="ann@x"
        )
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,250,SEK,,acme.example;acme.se", "Globex,standard")), by="bo@x"
        )
    with store.session() as session:
        changes = Directory(session, tenant).history("ACME")
    assert [c.action for c in changes] == ["created", "updated"]
    assert changes[1].before == {"annual_revenue": "100.00", "domains": ["acme.example"]}
    assert changes[1].after == {"annual_revenue": "250.00", "domains": ["acme.example", "acme.se"]}


def test_the_one_click_tier_is_recorded_as_a_new_client(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).add_client("Newco", "key", domain="newco.example", by="ann@x")
        [change] = Directory(session, tenant).history()
    assert (change.action, change.by, change.before) == ("created", "ann@x", {})
    assert change.after["tier"] == "key"


def test_an_import_waits_for_a_running_one_and_is_refused_clearly_when_it_runs_too_long(
    database_url: str, tenant: str
) -> None:
    holder, waiter = Store(database_url), Store(database_url, timeout=0.5)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.session() as session:
            lock_directory(session, Directory(session, tenant).tenant, busy="held")
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10)
        with (
            pytest.raises(BusyError, match=f"another import is running for tenant {tenant}"),
            waiter.session() as session,
        ):
            Directory(session, tenant).import_records(read_csv(csv("Acme,key")), by="bo@x")
    finally:
        release.set()
        thread.join()
    with waiter.session() as session:  # once the first is done, the same import goes through
        report = Directory(session, tenant).import_records(read_csv(csv("Acme,key")), by="bo@x")
    assert report.created == ["Acme"]
    holder.dispose()
    waiter.dispose()


def test_another_tenants_import_does_not_wait(database_url: str, tenant: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite locks the whole file: tenants share one writer")
    holder, other = Store(database_url), Store(database_url, timeout=0.5)
    with holder.session() as session:
        lock_directory(session, Directory(session, tenant).tenant, busy="held")
        with other.session() as second:
            report = Directory(second, "other-" + tenant).import_records(
                read_csv(csv("Acme,key")), by="bo@x"
            )
    assert report.created == ["Acme"]
    holder.dispose()
    other.dispose()
