"""How a 12-row import costs in a big tenant: seconds and peak RSS (issue 27, point 3).

    python scripts/directory_scale.py build sqlite:////tmp/big.sqlite3 --clients 1000000
    python scripts/directory_scale.py import sqlite:////tmp/big.sqlite3

``build`` fills one tenant with bulk inserts (not through the import: a million ORM objects is
what is being measured against), keeps its book as an import would and, on PostgreSQL, runs
ANALYZE, as the README asks after any bulk load. ``import`` runs one 12-row import (six
clients changed, six new) in this process and prints its wall time and the process's peak
RSS; run it on a copy of the database, it changes it. ``--code DIR`` imports Raincheck from
another checkout (``git archive HEAD addon cards | tar -x -C DIR``) to measure the code before
a change the same way.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

TENANT = "big.example"
BATCH = 20_000


def _rows(n: int) -> tuple[dict[str, object], str, str | None]:
    name = f"Client {n:07d}"
    revenue = (n % 97) * 100_000 if n % 3 else None
    client = {
        "id": n + 1,
        "tenant": TENANT,
        "name": name,
        "name_key": name.casefold(),
        "tier": ("strategic", "key", "standard", "occasional")[n % 4],
        "annual_revenue_cents": revenue,
        "currency": ("SEK", "EUR")[n % 2] if revenue is not None else None,
        "account_manager": None,
        "notes": "",
    }
    return client, f"client{n:07d}.example", f"buyer@client{n:07d}.example" if n % 10 == 0 else None


def build(url: str, clients: int) -> None:
    from sqlalchemy import insert

    from addon.directory.models import Client, ClientContact, ClientDomain, DirectoryVersion
    from addon.directory.store import Store

    store = Store(url, timeout=600)
    store.upgrade()
    book: dict[str, int] = {}
    started = time.perf_counter()
    with store.engine.begin() as connection:
        for first in range(0, clients, BATCH):
            rows, domains, contacts = [], [], []
            for n in range(first, min(first + BATCH, clients)):
                client, domain, contact = _rows(n)
                rows.append(client)
                domains.append({"tenant": TENANT, "client_id": n + 1, "domain": domain})
                if contact:
                    contacts.append({"tenant": TENANT, "client_id": n + 1, "email": contact})
                cents = client["annual_revenue_cents"]
                if isinstance(cents, int):
                    key = str(client["currency"])
                    book[key] = book.get(key, 0) + cents
            connection.execute(insert(Client), rows)
            connection.execute(insert(ClientDomain), domains)
            if contacts:
                connection.execute(insert(ClientContact), contacts)
        connection.execute(
            insert(DirectoryVersion), [{"tenant": TENANT, "version": 1, "book": json.dumps(book)}]
        )
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as connection:
            connection.exec_driver_sql("SELECT setval('clients_id_seq', max(id)) FROM clients")
            connection.exec_driver_sql("ANALYZE")
    print(f"{clients:,} clients in {time.perf_counter() - started:.0f} s")
    store.dispose()


FILE = """name,tier,annual_revenue,currency,account_manager,domains,contacts,notes
Client 0000003,strategic,2500000,EUR,anna@lumen.example,client0000003.example,,promoted
Client 0000010,key,,,,client0000010.example;client10.example,buyer@client0000010.example,
Client 0000500,occasional,1000,SEK,,client0000500.example,,
Client 0123456,standard,99000,SEK,,client0123456.example,,moved to SEK
Client 0500000,key,0,EUR,,client0500000.example;shared.example,,
Client 0999999,strategic,100,SEK,,client0999999.example,,
Newco 1,key,100000,SEK,,newco1.example,,
Newco 2,standard,,,,newco2.example;shared.example,,
Newco 3,occasional,5000,EUR,,,olle@gmail.com,
Newco 4,key,1,SEK,,newco4.example,,
Newco 5,strategic,250000,EUR,,newco5.example,,
Newco 6,standard,7,SEK,,client0000020.example,,
"""


def run_import(url: str) -> None:
    from addon.directory.csvfile import read_csv
    from addon.directory.repository import Directory
    from addon.directory.store import Store

    store = Store(url, timeout=600)
    store.upgrade()
    records = read_csv(FILE.encode())
    started, cpu = time.perf_counter(), time.process_time()
    with store.session() as session:
        report = Directory(session, TENANT).import_records(records, by="scale")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"12-row import: {seconds:.2f} s ({cpu:.2f} s CPU), peak RSS {peak_mb:.0f} MB "
        f"({len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.warnings)} warnings)"
    )
    for warning in report.warnings:
        print("  warning:", warning)
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["build", "import"])
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--code", type=Path, help="a checkout to import Raincheck from")
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    if args.what == "build":
        build(args.url, args.clients)
    else:
        run_import(args.url)


if __name__ == "__main__":
    main()
