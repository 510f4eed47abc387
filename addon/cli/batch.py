"""Many files on every core the command may use, their results printed in the files' order.

``raincheck triage`` reads each file on its own (a file's result never depends on another's),
so a batch is shared among worker processes forked from the command (``--jobs``; by default as
many as it may run on, for a batch big enough to pay for them). Each worker makes its own
database connections (two processes on one connection garble it, ``addon.forks``), ignores
Ctrl-C (the command stops them), and hands back what to print; the command prints it, in order,
so the output is what one process would have printed, line for line.

What a worker cannot hand back is an exception that stops the whole command (the database
failing): its file is read again by the command itself, which then fails as it would have (or,
when the database answers it this time, prints its result). The schema is checked once by the
command before the workers start.

Imports only the standard library; the command's own function is passed in.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# A batch smaller than this many files per worker is read in the command's process: starting a
# worker costs about what reading a few dozen files does.
FILES_PER_WORKER = 32
# By default at most this many: a machine's core count says nothing of a container's CPU quota,
# and every worker opens its own database connections.
MAX_WORKERS = 8
_CHUNK = 8  # files handed to a worker at a time


@dataclass(frozen=True)
class Result:
    """What one file gave: the text for stdout, or the line for stderr (with, when debugging,
    the traceback of a bug), or ``stop`` when it failed in a way that stops the command."""

    file: str
    text: str | None = None
    refusal: str | None = None
    trace: str | None = None
    stop: bool = False


One = Callable[[str], Result]


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(files: int, jobs: int | None) -> int:
    """``jobs`` when asked for (at most one per file), else one per usable core the batch can
    keep busy."""
    if jobs is not None:
        return max(1, min(jobs, files))
    return max(1, min(usable_cores(), MAX_WORKERS, files // FILES_PER_WORKER))


# The work of the batch being run, inherited by the forked workers (a closure cannot be
# pickled, and the workers need the command's context as it is).
_WORK: dict[str, Any] = {}


def results(
    files: Iterable[str], one: One, workers: int, renew: Callable[[], None]
) -> Iterator[Result]:
    """Each file's result, in the files' order; ``renew`` runs first in each worker (its own
    database connections)."""
    names = list(files)
    if workers <= 1 or "-" in names:  # standard input is the command's alone
        yield from map(one, names)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _WORK.update(one=one, renew=renew)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
    )
    try:
        yield from pool.map(_run, names, chunksize=_CHUNK)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _WORK.clear()


def in_worker() -> bool:
    """Whether this process is one of a batch's workers."""
    return bool(_WORK.get("worker"))


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command stops its workers itself
    _WORK["worker"] = True
    _WORK["renew"]()


def _run(file: str) -> Result:
    one: One = _WORK["one"]
    return one(file)
