"""A message-open's directory work, timed and counted, before and after a change, in one process
(issue 27, points 2 and 5).

    python scripts/directory_open.py [--old DIR] [--postgresql URL] [--rounds 40] [--opens 25]

What is measured is what Gmail's message-open asks of the database: the user's settings, then
the client of the invite (candidates, the book, meetings in 90 days). Each variant runs
``--opens`` opens per round, the variants interleaved; the 10th percentile is compared.
``--old DIR`` adds the code of another checkout's ``addon/directory`` (``git archive HEAD addon
| tar -x -C DIR``), run the way it was (``Store.session()``), on the same data.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Settings, Users
from addon.invite.reader import read_invite
from addon.triage.service import profile_for

ROOT = Path(__file__).resolve().parent.parent
TENANT = "lumen.example"
USER = "anna@lumen.example"
FILLER = 10_000  # other clients in the tenant, so that no table fits in one page


def _old_modules(folder: Path) -> types.SimpleNamespace:
    def load(name: str) -> types.ModuleType:
        path = folder / "addon" / "directory" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"old_directory_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module

    return types.SimpleNamespace(
        store=load("store"), repository=load("repository"), users=load("users")
    )


def _fill(store: Store) -> None:
    from addon.directory.models import Client, ClientDomain

    with store.session() as session:
        Directory(session, TENANT).import_records(
            read_csv((ROOT / "addon" / "samples" / "clients.csv").read_bytes()), by="bench"
        )
        Users(session, TENANT).save_settings(USER, Settings(tone="formal"))
    with store.engine.begin() as connection:
        ids = connection.execute(
            sa.insert(Client).returning(Client.id),
            [{"tenant": TENANT, "name": f"Filler {n}", "name_key": f"filler {n}",
              "tier": "standard", "notes": ""} for n in range(FILLER)],
        ).scalars().all()  # fmt: skip
        connection.execute(
            sa.insert(ClientDomain),
            [{"tenant": TENANT, "client_id": i, "domain": f"filler{i}.example"} for i in ids],
        )
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")


def _variants(
    url: str, old: types.SimpleNamespace | None
) -> dict[str, tuple[Callable[[], Any], Any]]:
    # The directory's part does not depend on the meeting's date: the sample as it is.
    invite = read_invite((ROOT / "addon" / "samples" / "quarterly-review.eml").read_bytes())
    new = Store(url)
    _fill(new)
    found: dict[str, tuple[Callable[[], Any], Any]] = {}
    if old is not None:
        before = old.store.Store(url)

        def open_before() -> str | None:
            with before.session() as session:
                old.users.Users(session, TENANT).settings(USER)
                return profile_for(old.repository.Directory(session, TENANT), invite, USER).name

        found["before"] = (open_before, before.engine)

    def open_after() -> str | None:
        with new.read() as session:
            Users(session, TENANT).settings(USER)
            return profile_for(Directory(session, TENANT), invite, USER).name

    def open_after_cold() -> str | None:
        new.cache._entries.clear()
        return open_after()

    found["after, cache cold"] = (open_after_cold, new.engine)
    found["after"] = (open_after, new.engine)
    return found


def _count(engine: Any, run: Callable[[], Any]) -> tuple[int, int]:
    seen = [0, 0]

    def statement(*_: Any) -> None:
        seen[0] += 1

    def commit(*_: Any) -> None:
        seen[1] += 1

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)
    try:
        run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)
        sa.event.remove(engine, "commit", commit)
    return seen[0], seen[1]


def measure(
    url: str, old: types.SimpleNamespace | None, rounds: int, opens: int
) -> dict[str, float]:
    variants = _variants(url, old)
    for name, (run, engine) in variants.items():
        assert run() == "Nordvik Logistik AB", name
        statements, commits = _count(engine, run)
        print(f"  {name:18} {statements} statements, {commits} COMMIT per open")
    # Interleaved in short rounds, so that the machine's load falls on every variant alike;
    # on a shared machine the fastest opens (the minimum, the 10th percentile) are the ones
    # nothing else interrupted, the figure to compare.
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, (run, _engine) in variants.items():
            for _ in range(opens):
                started = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - started)
    best = {}
    for name, seen in times.items():
        seen.sort()
        best[name] = seen[len(seen) // 10]
        print(
            f"  {name:18} min {seen[0] * 1000:.3f} ms, p10 {best[name] * 1000:.3f} ms, "
            f"median {statistics.median(seen) * 1000:.3f} ms per open ({len(seen)} opens)"
        )
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path)
    parser.add_argument("--postgresql", help="a PostgreSQL URL; a schema of its own is made")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--opens", type=int, default=25)
    args = parser.parse_args()
    old = _old_modules(args.old) if args.old else None
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite")
        results["sqlite"] = measure(
            f"sqlite:///{folder}/open.sqlite3", old, args.rounds, args.opens
        )
    if args.postgresql:
        schema = f"rc_open_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.postgresql)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = sa.engine.make_url(args.postgresql).update_query_dict(
            {"options": f"-csearch_path={schema}"}
        )
        try:
            print("PostgreSQL")
            results["postgresql"] = measure(
                url.render_as_string(hide_password=False), old, args.rounds, args.opens
            )
        finally:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()
        print("PostgreSQL / SQLite")
        for name in results["sqlite"]:
            ratio = results["postgresql"][name] / results["sqlite"][name]
            print(f"  {name:18} {ratio:.2f}x")


if __name__ == "__main__":
    main()
