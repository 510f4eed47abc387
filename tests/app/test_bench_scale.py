"""The benchmark's big directory and its weighing (scripts/bench_scale.py): a directory of any
size built in bulk, and a client weighed in each directory the same way, the directories taking
turns so that a slow minute of the machine falls on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from tests.support.paths import ROOT
from tests.support.scripts import script

scale = script("bench_scale")
SAMPLE = (ROOT / "addon" / "samples" / "quarterly-review.eml").read_bytes()
CLIENTS = (ROOT / "addon" / "samples" / "clients.csv").read_bytes()
USER = "anna@lumen.example"


def _directory(folder: Path, clients: int, *, imported: bool = True) -> str:
    url = f"sqlite:///{folder / f'scale-{clients}.sqlite3'}"
    scale.build_directory(url, clients)
    if imported:
        store = Store(url)
        with store.session() as session:
            Directory(session, scale.TENANT).import_records(read_csv(CLIENTS), by="test")
        store.dispose()
    return url


def test_each_directory_is_weighed_in_turns_and_gets_its_own_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = {100: _directory(tmp_path, 100), 400: _directory(tmp_path, 400)}
    opened: list[str] = []
    real = Store.__init__

    def store(self: Store, url: str, **options: object) -> None:
        opened.append(url)
        real(self, url, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "__init__", store)
    found = scale.weighing_ms(urls, SAMPLE, USER, series=3, repeats=4)
    assert set(found) == {100, 400} and all(ms > 0 for ms in found.values())
    assert opened == [urls[100], urls[400]] * 3  # a new store per series, the sizes in turns


def test_a_directory_without_the_sample_client_is_named(tmp_path: Path) -> None:
    urls = {100: _directory(tmp_path, 100), 300: _directory(tmp_path, 300, imported=False)}
    with pytest.raises(RuntimeError, match="among 300"):
        scale.weighing_ms(urls, SAMPLE, USER, series=1, repeats=1)
