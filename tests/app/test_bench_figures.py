"""The benchmark's arithmetic (scripts/bench_figures.py): what it reads from wrk and from
Server-Timing, the best of its rounds, and the table of targets it prints."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.scripts import script

fig = script("bench_figures")
standins = script("bench_standins")

WRK = """Running 2s test @ http://127.0.0.1:4000/gmail/message
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    60.1ms   10.2ms  200.0ms   80.00%
  Latency Distribution
     50%   56.70ms
     75%   70.00ms
     90%   90.00ms
     99%    1.20s
  600 requests in 2.00s, 1.2MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    299.50
Transfer/sec:      0.6MB
timing app;dur=4.00, cpu;dur=3.00, upstream;dur=1.00, db;dur=0.40
timing app;dur=6.00, cpu;dur=5.00, upstream;dur=1.00, db;dur=2.50
timing app;dur=9.50, upstream;dur=0.50
"""


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "app;dur=1.80, cpu;dur=1.20, upstream;dur=2.40",
            {"app": 1.8, "cpu": 1.2, "upstream": 2.4},
        ),
        ("app;dur=1.80, upstream;dur=2.40", {"app": 1.8, "upstream": 2.4}),  # before cpu
        ('db;desc="Database";dur=3.5, cache;desc="hit"', {"db": 3.5}),  # no dur: left out
        ("app;dur=oops, cpu;dur=2", {"cpu": 2.0}),
        ("", {}),
    ],
)
def test_server_timing_is_read_entry_by_entry(header: str, expected: dict[str, float]) -> None:
    assert fig.parse_server_timing(header) == expected


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([5.0, 1.0, 3.0], 0.5, 3.0), ([float(i) for i in range(1, 101)], 0.99, 99.0),
     ([float(i) for i in range(1, 101)], 0.5, 50.0), ([7.0], 0.99, 7.0), ([], 0.5, None)],
)  # fmt: skip
def test_percentiles_are_nearest_rank(
    values: list[float], share: float, expected: float | None
) -> None:
    assert fig.percentile(values, share) == expected


def test_wrk_output_gives_rate_latency_errors_and_our_own_times() -> None:
    run = fig.parse_wrk(WRK)
    assert (run.rate, run.p50_ms, run.p99_ms) == (299.5, 56.7, 1200.0)
    assert run.errors == 4 + 3  # non-2xx answers and socket errors
    assert run.app_ms == (4.0, 6.0, 9.5)
    assert run.cpu_ms == (3.0, 5.0)  # an answer without cpu has none to give
    assert run.db_ms == (0.4, 2.5)  # nor one from before db


def test_wrk_output_without_a_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="Requests/sec"):
        fig.parse_wrk("unable to connect to 127.0.0.1:4000 Connection refused")


def test_the_best_of_rounds_takes_each_figure_at_its_best() -> None:
    rounds = [
        fig.Run(100.0, 50.0, 300.0, 0, (10.0, 12.0), (5.0, 6.0), (3.0, 4.0)),
        fig.Run(120.0, 60.0, 200.0, 1, (20.0, 30.0), (4.0, 9.0), (1.0, 8.0)),
        fig.Run(90.0, 40.0, 400.0, 0, (), ()),  # a round that sampled nothing
    ]
    best = fig.best_of(rounds)
    assert (best.rounds, best.rate, best.p50_ms, best.p99_ms, best.errors) == (
        3,
        120.0,
        40.0,
        200.0,
        1,
    )
    assert (best.app_p50, best.app_p99, best.cpu_p50, best.cpu_p99) == (10.0, 12.0, 4.0, 6.0)
    assert best.db_p50 == 1.0  # the least of the rounds' medians (nearest rank: 3.0, 1.0)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(30.0, 600.0, 0.05), (None, 600.0, None), (30.0, None, None), (30.0, 0.0, None),
     (math.nan, 1.0, None)],
)  # fmt: skip
def test_ratios_need_both_figures(
    part: float | None, whole: float | None, expected: float | None
) -> None:
    assert fig.ratio(part, whole) == expected


def test_every_target_of_issue_27_is_checked() -> None:
    keys = [t.key for t in fig.TARGETS if t.issue == 27]
    assert keys == ["message16_of_bare", "message32_of_bare", "cpu32_p50_ms", "cpu32_p99_ms",
                    "postgres_of_sqlite", "triage_of_python", "corpus_per_s", "import_s",
                    "import_mb", "worker_rss_mb"]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value", "line"),
    [
        ("message16_of_bare", 0.125, "  met  message-open at 16 connections, of bare Flask: 12.5% (target >= 12.0%)"),
        ("message16_of_bare", 0.12, "  met  message-open at 16 connections, of bare Flask: 12.0% (target >= 12.0%)"),
        ("message32_of_bare", 0.051, "  MISS message-open at 32 connections, of bare Flask: 5.1% (target >= 12.0%)"),
        ("cpu32_p50_ms", 3.0, "  MISS message-open own CPU time p50 at 32 connections (ms): 3.00 (target < 3.00)"),
        ("postgres_of_sqlite", 1.3, "  met  PostgreSQL own time p50, of SQLite's (one request at a time): 1.30x (target <= 1.30x)"),
        ("import_mb", 4500.0, "  MISS 12-row import into 1,000,000 clients, peak RSS (MB): 4500 (target < 200)"),
        ("import_s", None, "  ---- 12-row import into 1,000,000 clients (s): not measured (stopped after 300 s at 1900 MB)"),
        ("corpus_per_s", None, "  ---- the corpus in one triage (files/s): not measured (--quick)"),
    ],
)  # fmt: skip
def test_each_target_is_met_missed_or_not_measured(
    key: str, value: float | None, line: str
) -> None:
    figures = fig.Figures()
    figures.set(key, value, {"import_s": "stopped after 300 s at 1900 MB"}.get(key, "--quick"))
    (check,) = [c for c in fig.checks(figures) if c.target.key == key]
    assert check.line(1_000_000) == line


def test_the_target_table_groups_by_issue_and_names_every_target() -> None:
    lines = fig.target_lines(fig.Figures(), 1_000_000)
    headings = [line for line in lines if line.startswith("targets")]
    assert headings == ["targets (issue 27):", "targets (issue 16):", "targets (issue 24):"]
    assert len(lines) == len(fig.TARGETS) + len(headings)


def test_the_load_table_gives_each_load_its_share_of_bare_at_the_same_connections() -> None:
    bare16, bare32 = fig.Best(3, 2000.0, 1, 2, 0), fig.Best(3, 2500.0, 1, 2, 0)
    message = fig.Best(3, 250.0, 60.0, 120.0, 0, 9.5, 31.6, 4.2, 8.8)
    lines = fig.table({"bare Flask (16)": (16, bare16), "bare Flask (32)": (32, bare32),
                       "message-open (32)": (32, message)}, {16: 2000.0, 32: 2500.0})  # fmt: skip
    assert lines[3].split() == ["message-open", "(32)", "32", "250", "10.0%", "60.0", "120.0",
                                "9.50", "31.60", "4.20", "8.80", "0"]  # fmt: skip
    assert lines[1].split()[5] == "100.0%"


@pytest.mark.parametrize(
    ("cpus", "stand_ins", "rest"),
    [({0}, {0}, {0}), ({0, 1}, {1}, {0, 1}), ({0, 1, 2}, {2}, {0, 1}), ({0, 1, 2, 3}, {3}, {0, 1, 2}),
     ({2, 5}, {5}, {2, 5})],
)  # fmt: skip
def test_the_stand_ins_get_a_core_of_their_own_when_two_are_left(
    cpus: set[int], stand_ins: set[int], rest: set[int]
) -> None:
    assert standins.placement(cpus) == (stand_ins, rest)


def test_postgres_target_compares_one_request_at_a_time_and_not_the_lock_bound_32() -> None:
    """At 32 connections PostgreSQL's statement waits for the interpreter lock behind the
    worker's other threads; the target compares the two databases where that wait is absent."""
    bench, scale = script("bench"), script("bench_scale")

    def best(app_p50: float) -> Any:
        return fig.Best(3, 500.0, 50.0, 100.0, 0, app_p50, 30.0, 2.5, 4.0, 0.1)

    found = {"bare Flask (16)": best(0), "bare Flask (32)": best(0),
             "message-open (16)": best(2.0), "message-open (32)": best(3.0),
             "message-open, PostgreSQL (32)": best(9.0),
             "message-open alone (1)": best(2.0), "message-open alone, PostgreSQL (1)": best(2.4)}  # fmt: skip
    figures = fig.Figures()
    cli = {"triage_s": 0.15, "python_s": 0.03, "help_s": 0.08}
    scaled = {"import_1000000": scale.Imported(0.5, 130.0)}
    args = SimpleNamespace(quick=True, clients=1_000_000)
    bench._figures(figures, [], found, [90.0], cli, scaled, args)
    assert figures.values["postgres_of_sqlite"] == pytest.approx(1.2)

    del found["message-open alone, PostgreSQL (1)"]
    figures = fig.Figures()
    bench._figures(figures, [], found, [90.0], cli, scaled, args)
    assert "postgres_of_sqlite" not in figures.values
