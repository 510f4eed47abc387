"""The benchmark's arithmetic, apart from its processes so it can be tested in a blink: reading
wrk's output and the ``Server-Timing`` samples it collects, the best of several rounds, and
the table of targets with met or MISS."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# What the Lua script prints for each sampled answer (see bench_rotation.lua_script).
TIMING_LINE = "timing "


def parse_server_timing(header: str) -> dict[str, float]:
    """``app;dur=1.80, cpu;dur=1.20, upstream;dur=2.40`` as {"app": 1.8, "cpu": 1.2, ...};
    entries without a duration, and parameters other than ``dur``, are left out."""
    found: dict[str, float] = {}
    for entry in header.split(","):
        name, *params = (part.strip() for part in entry.split(";"))
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "dur" and name:
                with contextlib.suppress(ValueError):  # a malformed entry is left out
                    found[name] = float(value.strip().strip('"'))
    return found


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.5 for the median, 0.99 for p99)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Run:
    """One wrk run of one load: throughput, latency and the backend's own times it reported."""

    rate: float
    p50_ms: float
    p99_ms: float
    errors: int = 0
    app_ms: tuple[float, ...] = ()  # our wall time per answer (Server-Timing app)
    cpu_ms: tuple[float, ...] = ()  # our thread's processor time per answer (Server-Timing cpu)
    db_ms: tuple[float, ...] = ()  # the part of app in database statements (Server-Timing db)


def parse_wrk(out: str) -> Run:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if rate is None:
        raise ValueError(f"no Requests/sec in wrk's output:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = (int(bad[1]) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    apps, cpus, dbs = [], [], []
    for line in out.splitlines():
        if line.startswith(TIMING_LINE):
            spent = parse_server_timing(line[len(TIMING_LINE) :])
            if "app" in spent:
                apps.append(spent["app"])
            if "cpu" in spent:
                cpus.append(spent["cpu"])
            if "db" in spent:
                dbs.append(spent["db"])
    return Run(float(rate[1]), _latency(out, "50%"), _latency(out, "99%"), errors,
               tuple(apps), tuple(cpus), tuple(dbs))  # fmt: skip


def _latency(out: str, which: str) -> float:
    found = re.search(rf"^\s*{which}\s+([\d.]+)(us|ms|s)\b", out, re.MULTILINE)
    return float(found[1]) * UNITS[found[2]] if found else math.nan


@dataclass(frozen=True)
class Best:
    """The best of a load's rounds, each figure on its own: the highest throughput, the lowest
    latencies and own times (noise on a shared machine only ever makes a figure worse)."""

    rounds: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int  # over all rounds: an error in any round is worth seeing
    app_p50: float | None = None
    app_p99: float | None = None
    cpu_p50: float | None = None
    cpu_p99: float | None = None
    db_p50: float | None = None


def best_of(runs: Sequence[Run]) -> Best:
    if not runs:
        raise ValueError("no runs")

    def least(values: Iterable[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return min(present) if present else None

    return Best(
        rounds=len(runs),
        rate=max(r.rate for r in runs),
        p50_ms=min(r.p50_ms for r in runs),
        p99_ms=min(r.p99_ms for r in runs),
        errors=sum(r.errors for r in runs),
        app_p50=least(percentile(r.app_ms, 0.5) for r in runs),
        app_p99=least(percentile(r.app_ms, 0.99) for r in runs),
        cpu_p50=least(percentile(r.cpu_ms, 0.5) for r in runs),
        cpu_p99=least(percentile(r.cpu_ms, 0.99) for r in runs),
        db_p50=least(percentile(r.db_ms, 0.5) for r in runs),
    )


def ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole == 0 or math.isnan(part) or math.isnan(whole):
        return None
    return part / whole


# Targets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str  # the figure it reads
    label: str  # may name {clients:,}
    way: str  # ">=", "<" or "<="
    limit: float
    shape: str = "{:.2f}"
    issue: int = 27


# Issue 27's targets first, in its order; then those earlier issues set, still checked.
TARGETS: tuple[Target, ...] = (
    Target("message16_of_bare", "message-open at 16 connections, of bare Flask", ">=", 0.12, "{:.1%}"),
    Target("message32_of_bare", "message-open at 32 connections, of bare Flask", ">=", 0.12, "{:.1%}"),
    Target("cpu32_p50_ms", "message-open own CPU time p50 at 32 connections (ms)", "<", 3.0),
    Target("cpu32_p99_ms", "message-open own CPU time p99 at 32 connections (ms)", "<", 10.0),
    Target("postgres_of_sqlite", "PostgreSQL own time p50, of SQLite's (one request at a time)", "<=", 1.3, "{:.2f}x"),
    Target("triage_of_python", "one triage (the resident process), of python -c pass", "<=", 10.0, "{:.1f}x"),
    Target("corpus_per_s", "the corpus in one triage (files/s)", ">=", 300.0, "{:.0f}"),
    Target("import_s", "12-row import into {clients:,} clients (s)", "<", 1.0),
    Target("import_mb", "12-row import into {clients:,} clients, peak RSS (MB)", "<", 200.0, "{:.0f}"),
    Target("worker_rss_mb", "worker RSS after the run (MB)", "<", 120.0, "{:.0f}"),
    Target("calendar_of_message", "calendar on, of message-open", ">=", 0.8, "{:.1%}", issue=16),
    Target("help_s", "raincheck --help (s)", "<", 0.15, issue=24),
    Target("weigh_of_small", "weighing a client among {clients:,} clients, of among 100", "<=", 1.2,
           "{:.2f}x", issue=24),
)  # fmt: skip


@dataclass(frozen=True)
class Check:
    target: Target
    value: float | None
    why_not: str = ""  # why there is no value

    @property
    def met(self) -> bool | None:
        if self.value is None or math.isnan(self.value):
            return None
        limit, way = self.target.limit, self.target.way
        return {">=": self.value >= limit, "<": self.value < limit, "<=": self.value <= limit}[way]

    def line(self, clients: int) -> str:
        label = self.target.label.format(clients=clients)
        shape = self.target.shape
        if self.met is None:
            return f"  ---- {label}: not measured ({self.why_not or 'no figure'})"
        word = "met " if self.met else "MISS"
        return (f"  {word} {label}: {shape.format(self.value)} "
                f"(target {self.target.way} {shape.format(self.target.limit)})")  # fmt: skip


@dataclass
class Figures:
    """Every figure a target reads, with the reason for each one missing."""

    values: dict[str, float | None] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def set(self, key: str, value: float | None, why_not: str = "") -> None:
        self.values[key] = value
        if value is None and why_not:
            self.skipped[key] = why_not


def checks(figures: Figures, targets: Sequence[Target] = TARGETS) -> list[Check]:
    return [Check(t, figures.values.get(t.key), figures.skipped.get(t.key, "")) for t in targets]


def target_lines(figures: Figures, clients: int, targets: Sequence[Target] = TARGETS) -> list[str]:
    lines, issue = [], None
    for check in checks(figures, targets):
        if check.target.issue != issue:
            issue = check.target.issue
            lines.append(f"targets (issue {issue}):")
        lines.append(check.line(clients))
    return lines


def table(rows: Mapping[str, tuple[int, Best]], bare: Mapping[int, float]) -> list[str]:
    """One line per load: its connections, the best throughput and its share of bare Flask's at
    the same number of connections, latencies, own wall and CPU time, errors."""
    head = (f"{'load':<36}{'conns':>6}{'req/s':>8}{'of bare':>9}{'p50 ms':>8}{'p99 ms':>8}"
            f"{'own p50':>9}{'own p99':>9}{'cpu p50':>9}{'cpu p99':>9}{'errors':>7}")  # fmt: skip
    lines = [head]
    for name, (conns, best) in rows.items():
        share = ratio(best.rate, bare.get(conns))
        lines.append(
            f"{name:<36}{conns:>6}{best.rate:>8.0f}{_or(share, '{:.1%}'):>9}{best.p50_ms:>8.1f}"
            f"{best.p99_ms:>8.1f}{_or(best.app_p50):>9}{_or(best.app_p99):>9}"
            f"{_or(best.cpu_p50):>9}{_or(best.cpu_p99):>9}{best.errors:>7}"
        )
    return lines


def _or(value: float | None, shape: str = "{:.2f}") -> str:
    return "-" if value is None else shape.format(value)
