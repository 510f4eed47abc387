"""Fixtures for the core's tests: plain data, no app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from tests.support.paths import SAMPLE_CLIENTS


@pytest.fixture(scope="module")
def directory() -> Iterator[Directory]:
    """The sample clients of tenant lumen.example, in an in-memory database."""
    store = Store("sqlite://")
    with store.session() as session:
        found = Directory(session, "lumen.example")
        found.import_records(read_csv(SAMPLE_CLIENTS.read_bytes()), by="test")
        yield found
    store.dispose()
