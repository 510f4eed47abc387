"""The ``raincheck`` command line.

The package is light on purpose: ``launch`` (the ``raincheck`` command itself) imports it before
anything else, and a resident process answers most runs, so importing the commands here would
cost every run what the resident process saves. ``main`` and ``cli`` are the commands run in this
process (``run``), loaded when first asked for::

    launch     the raincheck command: hands the run to the resident process, else runs it here
    resident   a process that has imported the commands and forks one copy per run
    run        main: runs a command in this process; every failure becomes one line
    base       the group, and what every command shares; triage, clients, admin, doctor,
               report: the commands, imported only when one of theirs runs
"""

from __future__ import annotations

from typing import Any

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from addon.cli import run

        return getattr(run, name)
    raise AttributeError(f"module 'addon.cli' has no attribute {name!r}")
