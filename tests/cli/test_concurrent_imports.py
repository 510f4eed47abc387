"""Imports into one tenant at once, as separate ``raincheck`` processes on one database: each
ends with exit 0 or the clear line that another import is running, and the directory is always
one whole file, never a mix of two (README, "Security and faults")."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from addon.directory.changes import Change
from addon.directory.csvfile import read_csv, write_csv
from addon.directory.records import ClientRecord
from addon.directory.repository import Directory
from addon.directory.store import Store

PROCESSES = 16
CLIENTS = 150
RAINCHECK = Path(sys.executable).parent / "raincheck"
REFUSED = "another import is running"
# On a machine under load, a process may not even open the database within the timeout while
# others migrate or import: it says so, and that nothing was saved. Still whole, never a mix.
BUSY = "the database is busy; nothing was saved"


def _file(mark: str, tier: str) -> bytes:
    """A directory whose every client carries ``mark``: which file a row came from is visible."""
    records = [
        ClientRecord(
            name=f"Client {n:03d}",
            tier=tier,
            domains=(f"client{n:03d}.example",),
            notes=f"from file {mark}",
        )
        for n in range(CLIENTS)
    ]
    return write_csv(records).encode()


def _run_imports(url: str, tenant: str, files: list[Path], tmp_path: Path) -> list[tuple[int, str]]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")},
        "RAINCHECK_DATABASE_URL": url,
        "RAINCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
        "RAINCHECK_DATABASE_TIMEOUT": "20",
    }

    def one(file: Path) -> tuple[int, str]:
        done = subprocess.run(
            [str(RAINCHECK), "clients", "import", str(file), "--tenant", tenant],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.returncode, done.stdout + done.stderr

    with ThreadPoolExecutor(PROCESSES) as pool:
        return list(pool.map(one, files))


def _directory(url: str, tenant: str) -> tuple[list[ClientRecord], list[Change]]:
    store = Store(url)
    try:
        with store.session() as session:
            directory = Directory(session, tenant)
            return directory.clients(), directory.history()
    finally:
        store.dispose()


def _check_outcomes(outcomes: list[tuple[int, str]]) -> int:
    for code, output in outcomes:
        assert "internal error" not in output and "unexpected" not in output, output
        refused = REFUSED in output or BUSY in output
        assert (code == 0 and "imported" in output) or (code == 2 and refused), output
    return sum(1 for code, _ in outcomes if code == 0)


def test_two_different_files_at_once_leave_one_whole_file(
    database_url: str, tenant: str, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(_file("A", "key"))
    b.write_bytes(_file("B", "standard"))
    outcomes = _run_imports(database_url, tenant, [a, b] * (PROCESSES // 2), tmp_path)
    imported = _check_outcomes(outcomes)

    clients, changes = _directory(database_url, tenant)
    marks = {c.notes for c in clients}
    tiers = {c.tier for c in clients}
    print(f"\n{PROCESSES} processes, {imported} imported, {PROCESSES - imported} refused; "
          f"{len(clients)} clients from {marks}")  # fmt: skip
    assert imported >= 1 and len(clients) == CLIENTS
    assert (marks, tiers) in (
        ({"from file A"}, {"key"}),
        ({"from file B"}, {"standard"}),
    )
    assert sum(1 for c in changes if c.action == "created") == CLIENTS


def test_the_same_file_sixteen_times_at_once_creates_each_client_once(
    database_url: str, tenant: str, tmp_path: Path
) -> None:
    data = _file("A", "key")
    path = tmp_path / "same.csv"
    path.write_bytes(data)
    outcomes = _run_imports(database_url, tenant, [path] * PROCESSES, tmp_path)
    imported = _check_outcomes(outcomes)

    clients, changes = _directory(database_url, tenant)
    print(f"\n{PROCESSES} processes, {imported} imported, {PROCESSES - imported} refused")
    assert imported >= 1
    assert [c.name for c in clients] == [r.name for r in read_csv(data)]
    assert [c.action for c in changes] == ["created"] * CLIENTS
