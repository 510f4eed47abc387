"""A directory of a million clients, built in seconds, and what a 12-row import into it costs:
the seconds and the peak memory of the real ``raincheck clients import`` process, beside the
same import into a directory of a hundred. Reading (weighing a client) is timed in both too.

The big directory is written with bulk SQL into the schema the app's migrations create, in a
temporary SQLite file: going through the app's own import would take as long as the import
being measured is accused of taking.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

TENANT = "scale.example"


def build_directory(url: str, clients: int) -> None:
    """``clients`` clients, each with a domain and every fourth with a contact, and the book
    (the revenue sum a kept directory carries), in a fresh database at ``url``."""
    from addon.directory.store import Store

    store = Store(url)
    store.upgrade()
    store.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
            "INSERT INTO clients (tenant, name, name_key, tier, annual_revenue_cents, currency, notes) "
            "SELECT :tenant, 'Client ' || i, 'client ' || i, 'standard', 100000 + i, 'SEK', '' FROM n"
        ), {"count": clients, "tenant": TENANT})  # fmt: skip
        connection.execute(sa.text(
            "INSERT INTO client_domains (tenant, client_id, domain) "
            "SELECT tenant, id, 'c' || id || '.example' FROM clients WHERE tenant = :tenant"
        ), {"tenant": TENANT})  # fmt: skip
        connection.execute(sa.text(
            "INSERT INTO client_contacts (tenant, client_id, email) "
            "SELECT tenant, id, 'someone@c' || id || '.example' FROM clients "
            "WHERE tenant = :tenant AND id % 4 = 0"
        ), {"tenant": TENANT})  # fmt: skip
        total = connection.execute(sa.text(
            "SELECT SUM(annual_revenue_cents) FROM clients WHERE tenant = :tenant"
        ), {"tenant": TENANT}).scalar_one()  # fmt: skip
        connection.execute(
            sa.text("INSERT INTO directory_versions (tenant, version, book) VALUES (:t, 1, :b)"),
            {"t": TENANT, "b": json.dumps({"SEK": int(total)})},
        )
    engine.dispose()


@dataclass(frozen=True)
class Imported:
    seconds: float
    peak_mb: float
    stopped: str = ""  # why the bench stopped it, when it did


def timed_import(env: dict[str, str], url: str, csv: Path, *, limit_s: float,
                 limit_mb: float) -> Imported:  # fmt: skip
    """``raincheck clients import`` of ``csv`` into ``url``'s directory, in a process of its own:
    its wall time and its peak resident memory (the kernel's count, from wait4). Stopped when
    it runs past ``limit_s`` or ``limit_mb``: the machine is shared."""
    command = [sys.executable, "-m", "addon.cli", "clients", "import", str(csv), "--tenant", TENANT]
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed below; a pipe could fill and stall the import
    started = time.perf_counter()
    own = {"RAINCHECK_DATABASE_URL": url, "RAINCHECK_CLI_RESIDENT": "0"}  # its memory is its own
    process = subprocess.Popen(command, env=env | own,
                               stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
    stopped, usage, status = "", None, 0
    while usage is None:
        # wait4 without waiting: reaps the process once it ends, with its resource usage.
        pid, status, found = os.wait4(process.pid, os.WNOHANG)
        if pid:
            usage = found
            break
        took, rss = time.perf_counter() - started, _rss_mb(process.pid)
        if took > limit_s or rss > limit_mb:
            stopped = f"stopped after {took:.0f} s at {rss:.0f} MB"
            process.kill()
            _pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors.seek(0)
    said = errors.read().decode(errors="replace").strip()
    errors.close()
    if not stopped and process.returncode:
        stopped = f"failed: {said[-300:]}"
    peak = usage.ru_maxrss / 1024  # kB on Linux
    return Imported(seconds, peak, stopped)


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):  # the peak so far
            return int(line.split()[1]) / 1024
    return 0.0


def weighing_ms(
    urls: dict[int, str], invite_eml: bytes, me: str, *, series: int = 5, repeats: int = 60
) -> dict[int, float]:
    """Milliseconds to weigh the sample invite's client (match, book, meetings), as every card
    does, in each directory of ``urls`` (clients -> URL): the least of ``series`` medians of
    ``repeats`` weighings, the directories taking turns, each series on a new store.

    Taking turns, because this machine's speed moves between series: a series' median is
    either fast or up to twice that, as it runs on one core or the other (seen pinned with
    taskset: core 0 steady, core 1 up to 2x slower), whatever the directory's size. Measured
    one after the other, the big directory's figure sometimes caught only slow series; in
    turns, both sizes meet the same machine, and the least median of each is its own cost."""
    from addon.directory.repository import Directory
    from addon.directory.store import Store
    from addon.invite.reader import read_invite
    from addon.triage.service import profile_for

    invite = read_invite(invite_eml)
    medians: dict[int, list[float]] = {size: [] for size in urls}
    for _ in range(series):
        for size, url in urls.items():
            store = Store(url)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                with store.read() as session:  # as every card reads it
                    profile = profile_for(Directory(session, TENANT), invite, me)
                times.append(time.perf_counter() - started)
            store.dispose()
            if profile.name != "Nordvik Logistik AB":
                raise RuntimeError(f"the sample's client was not found among {size:,}: {profile}")
            medians[size].append(statistics.median(times) * 1000)
    return {size: min(found) for size, found in medians.items()}
