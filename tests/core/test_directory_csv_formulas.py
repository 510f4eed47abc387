"""No cell of a client export starts a spreadsheet formula, in any column, and the export
imports back unchanged (issue 28, point 16): an outside sender's address such as
``=2*3@gmail.com`` reaches the contacts through the one-click tier."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest

from addon.directory.csvfile import COLUMNS, read_csv, write_csv
from addon.directory.records import ClientRecord
from addon.directory.repository import Directory
from addon.directory.store import Store

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN = ClientRecord(
    name="Acme AB",
    tier="key",
    annual_revenue=Decimal("1000.00"),
    currency="SEK",
    account_manager="anna@lumen.example",
    domains=("acme.example",),
    contacts=("bo@elsewhere.example",),
    notes="renewal in May",
)

# One hostile value per column that can hold one (tier, revenue, currency and domains are
# checked down to letters and digits on import, so they are covered by the every-cell check).
HOSTILE = [
    pytest.param({"name": '=HYPERLINK("https://evil.example","x")'}, id="name-equals"),
    pytest.param({"name": "+1+2"}, id="name-plus"),
    pytest.param({"name": "'=already quoted"}, id="name-apostrophe-equals"),
    pytest.param({"name": "''+twice quoted"}, id="name-two-apostrophes"),
    pytest.param({"account_manager": "=2*3@lumen.example"}, id="manager-equals"),
    pytest.param({"account_manager": "+cmd@lumen.example"}, id="manager-plus"),
    pytest.param({"account_manager": "-x@lumen.example"}, id="manager-minus"),
    pytest.param({"contacts": ("=2*3@gmail.com",)}, id="contact-equals"),
    pytest.param({"contacts": ("+1@gmail.com", "zed@gmail.com")}, id="contact-plus-first"),
    pytest.param({"contacts": ("-2@gmail.com",)}, id="contact-minus"),
    pytest.param({"notes": "@SUM(A1:A9)"}, id="notes-at"),
    pytest.param({"notes": "\t=1+1"}, id="notes-tab"),
    pytest.param({"notes": "\r=1+1"}, id="notes-cr"),
    # Python's csv quotes a field with LF but not with a bare CR when lines end in LF: the CR
    # ended the row there, and what followed it was a row of its own starting "=".
    pytest.param({"notes": "a\r=1+1"}, id="notes-cr-inside"),
    pytest.param({"notes": "-5 on last year"}, id="notes-minus"),
    pytest.param({"notes": "'-kept apostrophe"}, id="notes-apostrophe-minus"),
    pytest.param({"notes": "'plain apostrophe"}, id="notes-apostrophe-plain"),
]


def _cells(exported: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(exported, newline="")))[1:]


@pytest.mark.parametrize("fields", HOSTILE)
def test_no_exported_cell_starts_a_formula_and_the_export_reads_back(fields: dict) -> None:
    record = replace(PLAIN, **fields)
    exported = write_csv([record])
    for row in _cells(exported):
        for column, cell in zip(COLUMNS, row, strict=True):
            assert not cell.startswith(FORMULA_START), (column, cell)
    assert read_csv(exported.encode()) == [record]


@pytest.fixture
def store() -> Iterator[Store]:
    found = Store("sqlite://")
    yield found
    found.dispose()


def test_a_stored_directory_with_hostile_cells_exports_inert_and_imports_back_whole(
    store: Store,
) -> None:
    """Through the database both ways: what the one-click tier and an import can store, the
    export neutralises, and importing that export changes nothing."""
    records = []
    for i, param in enumerate(HOSTILE):
        record = replace(PLAIN, name=f"Client {i}", domains=(f"c{i}.example",))
        records.append(replace(record, **param.values[0]))
    with store.session() as session:
        Directory(session, "t").import_records(records, by="test")
    with store.read() as session:
        exported = write_csv(Directory(session, "t").clients())
    for row in _cells(exported):
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    with store.session() as session:
        report = Directory(session, "t").import_records(read_csv(exported.encode()), by="test")
    with store.read() as session:
        assert write_csv(Directory(session, "t").clients()) == exported
    assert not report.created and not report.updated
