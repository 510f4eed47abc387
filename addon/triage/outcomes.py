"""What each strategy really achieves: the decision log of a period counted by strategy and by
client tier, for the user and for their organisation (the tenant). Pure: no database, no Flask.

A decision is a proposal. Its outcome is the organizer's answer once recognised
(``addon.triage.answer``); a proposal with none ``NO_ANSWER_AFTER`` after it was made counts as
"no answer" (before that it is still waiting, and counts as neither). Minutes "proposed" are
what every proposal would save; minutes "accepted" only what the accepted ones did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

from addon.triage.answer import ANSWERS

NO_ANSWER_AFTER = dt.timedelta(days=14)
UNKNOWN_TIER = "unknown"  # the decision named no client, or the client is gone


def unanswered_before(now: dt.datetime) -> dt.datetime:
    """A proposal made before this moment, still without an answer, counts as "no answer"."""
    return now - NO_ANSWER_AFTER


@dataclass(frozen=True)
class LogRow:
    """Decisions of the log alike in everything counted (the read groups them): whose they are
    (``mine``: the user's own, else a colleague's in the same tenant), the strategy, the
    client's tier now, the outcome (None: none recognised), whether that silence has lasted
    ``NO_ANSWER_AFTER`` (``waited``), how many and the minutes they propose."""

    mine: bool
    strategy: str
    tier: str
    outcome: str | None
    waited: bool
    count: int
    minutes: int


@dataclass(frozen=True)
class Tally:
    proposals: int = 0
    accepted: int = 0
    declined: int = 0
    countered: int = 0
    cancelled: int = 0
    no_answer: int = 0
    minutes_proposed: int = 0
    minutes_accepted: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Tally)))

    @property
    def waiting(self) -> int:
        """Proposals still in time for an answer."""
        answered = self.accepted + self.declined + self.countered + self.cancelled
        return self.proposals - answered - self.no_answer


def _tally(row: LogRow) -> Tally:
    outcome = row.outcome if row.outcome in ANSWERS else None
    counts = {outcome: row.count} if outcome else {}
    return Tally(
        proposals=row.count,
        no_answer=row.count if outcome is None and row.waited else 0,
        minutes_proposed=row.minutes,
        minutes_accepted=row.minutes if outcome == "accepted" else 0,
        **counts,
    )


@dataclass(frozen=True)
class Figures:
    """One scope's tallies by (strategy, tier)."""

    cells: Mapping[tuple[str, str], Tally] = field(default_factory=dict)

    @property
    def total(self) -> Tally:
        return sum(self.cells.values(), Tally())

    def by_strategy(self, order: Iterable[str] = ()) -> dict[str, Tally]:
        """Tallies per strategy: those in ``order`` first, in it, then any other by name."""
        return _by(self.cells, 0, order)

    def by_tier(self, order: Iterable[str] = ()) -> dict[str, Tally]:
        return _by(self.cells, 1, order)


def _by(
    cells: Mapping[tuple[str, str], Tally], part: int, order: Iterable[str]
) -> dict[str, Tally]:
    out: dict[str, Tally] = {}
    for key, tally in cells.items():
        out[key[part]] = out.get(key[part], Tally()) + tally
    ranked = {name: i for i, name in enumerate(order)}
    return dict(sorted(out.items(), key=lambda kv: (ranked.get(kv[0], len(ranked)), kv[0])))


@dataclass(frozen=True)
class Outcomes:
    """The user's figures and their organisation's (which include the user's)."""

    mine: Figures = field(default_factory=Figures)
    organisation: Figures = field(default_factory=Figures)


def outcomes(rows: Iterable[LogRow]) -> Outcomes:
    """The figures of a period's decision log rows (those of one tenant)."""
    mine: dict[tuple[str, str], Tally] = {}
    everyone: dict[tuple[str, str], Tally] = {}
    for row in rows:
        key, tally = (row.strategy, row.tier or UNKNOWN_TIER), _tally(row)
        everyone[key] = everyone.get(key, Tally()) + tally
        if row.mine:
            mine[key] = mine.get(key, Tally()) + tally
    return Outcomes(Figures(mine), Figures(everyone))


def declined_in_a_row(outcomes_newest_first: Iterable[str | None], times: int = 2) -> bool:
    """Whether the last ``times`` proposals (newest first) were all declined."""
    last = list(outcomes_newest_first)[:times]
    return len(last) == times and all(o == "declined" for o in last)
