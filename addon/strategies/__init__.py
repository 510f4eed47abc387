"""The strategies: one module per way out of a meeting, found here and loaded once.

Each module in this package (but ``base``) defines ``STRATEGY``, a ``base.Strategy`` record:
``keep``, ``phone``, ``shorter``, ``email``, ``delegate``, ``move``. A record that is missing a
piece, or a module without one, stops the import with one line naming it: nothing falls back
silently. The rules that offer a strategy are rows in ``addon.triage.rules``; its letters are
``templates/letters/<language>/<id>.j2`` (``addon.structure`` checks both at start-up).

Adding a strategy: a module here, its letter in every language's template folder, its rule
rows and its msgids in the catalogs. No host, command line or card code changes.

Imports only ``addon.strategies.base`` and the modules it finds; ``base`` says the rest.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from addon.errors import ConfigError
from addon.strategies.base import Answer, Input, Job, Plan, Strategy, StrategyId

__all__ = [
    "ALL",
    "IDS",
    "LOOSE",
    "WRITING",
    "Answer",
    "Input",
    "Job",
    "Plan",
    "Strategy",
    "StrategyId",
    "get",
    "label",
    "member",
]


def _load(package: str, path: Iterable[str]) -> tuple[Strategy, ...]:
    """Every strategy module of ``package`` (at ``path``), in order; refuses an incomplete one."""
    found: list[Strategy] = []
    for info in pkgutil.iter_modules(path):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        record = getattr(module, "STRATEGY", None)
        if not isinstance(record, Strategy):
            raise ConfigError(f"strategy module {info.name!r} defines no STRATEGY record")
        if record.id != info.name:
            raise ConfigError(f"strategy module {info.name!r} holds the strategy {record.id!r}")
        problems = record.problems()
        if problems:
            raise ConfigError(f"strategy {record.id!r}: {'; '.join(problems)}")
        found.append(record)
    orders = [s.order for s in found]
    if len(set(orders)) != len(orders):
        raise ConfigError("two strategies have the same order")
    return tuple(sorted(found, key=lambda s: s.order))


ALL: tuple[Strategy, ...] = _load(__name__, __path__)
BY_ID: dict[StrategyId, Strategy] = {s.id: s for s in ALL}
IDS: tuple[StrategyId, ...] = tuple(BY_ID)
# Strategies that write a reply (all but keeping the meeting), and those that can be written
# without the invite (in an email being composed).
WRITING: tuple[StrategyId, ...] = tuple(s.id for s in ALL if s.writes)
LOOSE: tuple[StrategyId, ...] = tuple(s.id for s in ALL if s.loose)


def get(strategy: str) -> Strategy:
    """The strategy with this id; a ``KeyError`` names an unknown one."""
    return BY_ID[strategy]


def member(value: str) -> StrategyId | None:
    """``value`` as a strategy's id, or None."""
    return value if value in BY_ID else None


def label(strategy: str, lang: str) -> str:
    """The strategy's name on a card in ``lang``; the id itself for an unknown one."""
    found = BY_ID.get(strategy)
    return found.label.render(lang) if found is not None else strategy
