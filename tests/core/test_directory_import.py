"""An import costs what its file holds, not what the tenant holds (issue 27, point 3): it loads
only the clients the file names, checks only the file's domains and contacts for sharing, and
moves the kept book by its own change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from addon.directory import repository
from addon.directory.csvfile import read_csv, write_csv
from addon.directory.models import Client
from addon.directory.records import ClientRecord
from addon.directory.repository import Directory, ImportReport
from addon.directory.store import Store

HEADER = "name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
SHARED = "belongs to several clients; meetings with it stay unknown until only one has it"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def _import(store: Store, tenant: str, data: bytes) -> ImportReport:
    with store.session() as session:
        return Directory(session, tenant).import_records(read_csv(data), by="test")


def _summed(store: Store, tenant: str) -> dict[str | None, Decimal]:
    """The book as a sum over every client: what the kept book must always equal."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT currency, sum(annual_revenue_cents) FROM clients "
                "WHERE tenant = :t AND annual_revenue_cents IS NOT NULL GROUP BY currency"
            ),
            {"t": tenant},
        )
        return {currency: Decimal(int(cents)) / 100 for currency, cents in rows if cents}


@pytest.mark.parametrize(
    "files",
    [
        # created; revenue up; currency changed; revenue gone; a new client; the same file again
        [
            ["Acme,key,100,SEK", "Globex,key,50.50,EUR", "Initech,standard"],
            ["Acme,key,300,SEK"],
            ["Globex,key,50.50,SEK"],
            ["Acme,key,,"],
            ["Umbrella,occasional,0.01,EUR", "Initech,standard,7,USD"],
            ["Umbrella,occasional,0.01,EUR", "Initech,standard,7,USD"],
        ],
        # a currency whose last revenue leaves is gone from the book, as a sum leaves it out
        [["Acme,key,100,SEK", "Globex,key,5,EUR"], ["Globex,key,,"], ["Globex,key,0,EUR"]],
    ],
)
def test_the_kept_book_moves_by_each_imports_change_and_equals_the_sum(
    store: Store, tenant: str, files: list[list[str]]
) -> None:
    for rows in files:
        _import(store, tenant, csv(*rows))
        with store.session() as session:
            assert Directory(session, tenant).book_totals() == _summed(store, tenant), rows


@contextmanager
def loaded_clients() -> Iterator[list[str]]:
    """The names of the Client rows the ORM builds while the block runs."""
    names: list[str] = []

    def load(target: Client, _context: Any) -> None:
        names.append(target.name)

    sa.event.listen(Client, "load", load)
    try:
        yield names
    finally:
        sa.event.remove(Client, "load", load)


def test_an_import_loads_only_the_clients_its_file_names(store: Store, tenant: str) -> None:
    _import(
        store, tenant, csv(*(f"Client {n:03d},standard,{n},SEK,,c{n}.example" for n in range(300)))
    )
    with loaded_clients() as loaded:
        report = _import(store, tenant, csv("Client 007,key,7,SEK,,c7.example", "Newco,key"))
    assert loaded == ["Client 007"]
    assert (report.updated, report.created) == (["Client 007"], ["Newco"])


def test_only_the_files_own_shared_keys_are_warned_about(store: Store, tenant: str) -> None:
    first = _import(store, tenant, csv("Acme,key,,,,acme.example", "Twin,key,,,,acme.example"))
    assert first.warnings == [f"the domain acme.example {SHARED}"]
    unrelated = _import(store, tenant, csv("Globex,key,,,,globex.example"))
    assert unrelated.warnings == []
    rows = ("Twin,standard,,,,acme.example", "Solo,key,,,,,eva@x.example",
            "Also,key,,,,,eva@x.example")  # fmt: skip
    again = _import(store, tenant, csv(*rows))
    assert again.warnings == [f"the domain acme.example {SHARED}",
                              f"the contact eva@x.example {SHARED}"]  # fmt: skip


def test_a_file_longer_than_a_chunk_is_read_and_checked_whole(
    store: Store, tenant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "CHUNK", 7, raising=False)
    records = [
        ClientRecord(name=f"Client {n:02d}", tier="key", domains=(f"pair{n // 2}.example",))
        for n in range(30)
    ]
    data = write_csv(records).encode()
    first = _import(store, tenant, data)
    assert len(first.created) == 30
    assert first.warnings == [
        f"the domain pair{n}.example {SHARED}" for n in sorted(range(15), key=str)
    ]
    second = _import(store, tenant, data)
    assert (second.created, second.updated, len(second.unchanged)) == ([], [], 30)
