"""The rules of the README's "How Raincheck decides" as a table: which strategies are offered,
in what order, and why.

Each row fires when its condition holds for the ``Situation`` and then offers, withholds, ranks
or adds a caveat to a strategy. A withheld strategy is not offered whatever else fires, and its
row says why not. Outright cancellation is not a strategy at all: the point is to limit the time
a client takes while keeping the relationship.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from addon.errors import ConfigError
from addon.i18n import Day, Message, Param, Terms
from addon.strategies import IDS as STRATEGIES
from addon.strategies import StrategyId
from addon.triage.weigh import Weight
from addon.vocabulary import Reason

VALID_URGENT: frozenset[Reason] = frozenset({"ill", "emergency"})
# The reasons that make moving a meeting fair to ask for (the article's "valid reason").
VALID_FOR_MOVING: frozenset[Reason] = frozenset({"ill", "emergency", "conflict"})
LONG_MEETING_MINUTES = 45
# Meetings in 90 days from which the meetings may have become repetitive (the article's
# "met them so often"): more than every other week.
FREQUENT_MEETINGS = 8

Effect = Literal["offer", "withhold", "rank", "caveat"]
Timing = Literal["ahead", "under_way", "over", "cancelled"]


@dataclass(frozen=True)
class Situation:
    """Everything the rules look at, and nothing else."""

    weight: Weight
    reason: Reason
    in_person: bool
    online: bool
    phone_only: bool
    all_day: bool
    duration_minutes: int
    shorter_minutes: int
    serious: bool
    serious_terms: Terms
    account_manager: str  # another person who manages the client; "" when none is known
    user_is_account_manager: bool
    meetings_90d: int
    account_manager_invited: bool = False  # the account manager is already in the meeting
    # Where the meeting stands now: ahead, started and not yet ended, over (on which day), or
    # cancelled by its organizer.
    timing: Timing = "ahead"
    held_on: Day | None = None
    internal: bool = False  # everyone in the meeting is from the user's own organisation


@dataclass(frozen=True)
class Rule:
    id: str
    strategies: tuple[StrategyId, ...]
    effect: Effect
    when: Callable[[Situation], bool]
    why: str  # an English msgid; {field} names a Situation field
    points: int = 0


def _high_without_excuse(s: Situation) -> bool:
    return s.weight == "high" and s.reason not in VALID_URGENT


RULES: tuple[Rule, ...] = (
    # time: a meeting that is over or cancelled gets no proposal; one under way, only a call or
    # less time.
    Rule(
        "time.over", STRATEGIES, "withhold", lambda s: s.timing == "over",
        "The meeting took place on {held_on}: there is nothing left to propose.",
    ),
    Rule(
        "time.cancelled", STRATEGIES, "withhold", lambda s: s.timing == "cancelled",
        "The meeting has been cancelled: there is nothing to answer.",
    ),
    Rule(
        "time.under-way", ("email", "delegate", "move"), "withhold",
        lambda s: s.timing == "under_way",
        "The meeting has already started: only a call or a shorter meeting can still help.",
    ),
    # keep: always on the table, first when skipping would cost the relationship.
    Rule(
        "keep.always", ("keep",), "offer", lambda s: s.reason not in VALID_URGENT,
        "Attend as planned.",
    ),
    # Ill or in an emergency, "attend as planned" would contradict the advice below it.
    Rule(
        "keep.if-you-can", ("keep",), "offer", lambda s: s.reason == "ill",
        "Attend only if you feel well enough.",
    ),
    Rule(
        "keep.if-it-allows", ("keep",), "offer", lambda s: s.reason == "emergency",
        "Attend only if the emergency leaves you room to.",
    ),
    Rule(
        "keep.high-weight", ("keep",), "rank", _high_without_excuse,
        "A high-weight client: there is probably no good excuse to skip it.", points=100,
    ),
    Rule(
        "keep.dislike", ("keep",), "rank", lambda s: s.reason == "dislike",
        "Not wanting to go is not a valid reason: attend as planned.", points=100,
    ),
    Rule(
        "keep.valid-reason", ("keep",), "rank", lambda s: s.reason in VALID_URGENT,
        "Illness and emergencies are valid reasons: the client will understand a change.",
        points=-50,
    ),
    Rule(
        "caveat.high-weight", ("phone", "shorter", "email"), "caveat", _high_without_excuse,
        "Only if you must: this client weighs high and your reason may not convince them.",
    ),
    Rule(
        "caveat.high-weight-delegate", ("delegate",), "caveat",
        lambda s: _high_without_excuse(s) and s.reason != "colleague_covers",
        "Only if you must: this client weighs high and your reason may not convince them.",
    ),
    Rule(
        "caveat.dislike", ("phone", "shorter", "email", "delegate"), "caveat",
        lambda s: s.reason == "dislike",
        "Not wanting to go is not a valid reason; use this only to free time you need.",
    ),
    # phone: same time, no trip.
    Rule(
        "phone.offer", ("phone",), "offer", lambda s: True,
        "Same time as a call: it still shows you want to connect.", points=20,
    ),
    Rule(
        "phone.in-person", ("phone",), "rank", lambda s: s.in_person,
        "Saves the trip to and from the meeting.", points=30,
    ),
    Rule(
        "phone.already-online", ("phone",), "withhold",
        lambda s: s.online and not s.in_person and not s.phone_only,
        "The meeting is already online, so a call saves nothing: a shorter meeting does.",
    ),
    Rule(
        "phone.already-call", ("phone",), "withhold", lambda s: s.phone_only,
        "The meeting is already a phone call.",
    ),
    Rule(
        "phone.all-day", ("phone", "shorter"), "withhold", lambda s: s.all_day,
        "An all-day event has no time of day to change.",
    ),
    # shorter: the same meeting, in less time.
    Rule(
        "shorter.offer", ("shorter",), "offer", lambda s: True,
        "Propose {shorter_minutes} minutes instead of {duration_minutes}.", points=15,
    ),
    Rule(
        "shorter.long", ("shorter",), "rank",
        lambda s: s.duration_minutes >= LONG_MEETING_MINUTES,
        "{duration_minutes} minutes is long; {shorter_minutes} can cover what matters.",
        points=30,
    ),
    Rule(
        "shorter.already-short", ("shorter",), "withhold",
        lambda s: not s.all_day and s.duration_minutes <= s.shorter_minutes,
        "The meeting is only {duration_minutes} minutes: there is nothing to cut.",
    ),
    # email: for now, for clients that can take it, about things that can wait.
    Rule(
        "email.offer", ("email",), "offer", lambda s: True,
        "Handle it in writing for now.", points=10,
    ),
    Rule(
        "email.caveat", ("email",), "caveat", lambda s: True,
        "A call may still be needed later.",
    ),
    Rule(
        "email.repetitive", ("email",), "rank", lambda s: s.reason == "repetitive",
        "The meetings have become repetitive: an email can carry the update.", points=40,
    ),
    Rule(
        "email.frequent", ("email",), "rank",
        lambda s: s.meetings_90d >= FREQUENT_MEETINGS and s.reason != "repetitive",
        "You have met {meetings_90d} times in 90 days: if the meetings have become repetitive, "
        "an email can carry the update.", points=20,
    ),
    Rule(
        "email.ill-low-weight", ("email",), "rank",
        lambda s: s.reason == "ill" and s.weight == "low",
        "Ill, with a client who weighs little: an email now is kinder than a shorter meeting.",
        points=40,
    ),
    Rule(
        "email.high-weight", ("email",), "withhold", lambda s: s.weight == "high",
        "A high-weight client should not be moved to email.",
    ),
    Rule(
        "email.serious", ("email",), "withhold", lambda s: s.serious,
        "The topic looks serious ({serious_terms}): it needs a conversation.",
    ),
    # delegate: the account manager speaks for the user.
    Rule(
        "delegate.offer", ("delegate",), "offer", lambda s: True,
        "{account_manager} can speak for you: send them a briefing.", points=5,
    ),
    Rule(
        "delegate.colleague-covers", ("delegate",), "rank",
        lambda s: s.reason == "colleague_covers",
        "You are not the direct contact, so bowing out is the natural choice.", points=200,
    ),
    Rule(
        "delegate.is-account-manager", ("delegate",), "withhold",
        lambda s: s.user_is_account_manager,
        "You are the client's account manager: there is nobody to hand it to.",
    ),
    Rule(
        "delegate.no-account-manager", ("delegate",), "withhold",
        lambda s: not s.user_is_account_manager and not s.account_manager and not s.internal,
        "No account manager is known for this client.",
    ),
    Rule(
        "delegate.internal", ("delegate",), "withhold", lambda s: s.internal,
        "Everyone in this meeting is from your organisation: there is no client to speak to.",
    ),
    Rule(
        "delegate.emergency-invited", ("delegate",), "rank",
        lambda s: s.reason == "emergency" and s.account_manager_invited,
        "{account_manager} is already invited and can take the meeting in your place.", points=50,
    ),
    # move: the same meeting at another time, for a valid reason.
    Rule(
        "move.offer", ("move",), "offer", lambda s: s.reason in VALID_FOR_MOVING,
        "Propose another time: the meeting still happens.", points=25,
    ),
    Rule(
        "move.high-weight", ("move",), "rank",
        lambda s: s.weight == "high" and s.reason in VALID_FOR_MOVING,
        "A high-weight client and a valid reason: moving keeps the meeting and the relationship.",
        points=150,
    ),
    Rule(
        "move.ill", ("move",), "rank", lambda s: s.reason == "ill",
        "Ill, you cannot promise to be there at all: moving it is kinder than cutting it short.",
        points=40,
    ),
    Rule(
        "move.needs-a-reason", ("move",), "withhold", lambda s: s.reason not in VALID_FOR_MOVING,
        "Moving a meeting needs a valid reason: illness, an emergency or a clash.",
    ),
)  # fmt: skip


def _check(rules: tuple[Rule, ...]) -> None:
    """A row naming a strategy that is not registered stops the start, naming the row."""
    for rule in rules:
        unknown = [s for s in rule.strategies if s not in STRATEGIES]
        if unknown:
            raise ConfigError(f"rule {rule.id!r} names no strategy of addon.strategies: {unknown}")


_check(RULES)


@dataclass(frozen=True)
class Recommendation:
    id: StrategyId
    rank: int
    why: tuple[Message, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    offered: tuple[Recommendation, ...]
    withheld: Mapping[str, tuple[Message, ...]]
    fired: frozenset[str] = frozenset()

    def get(self, strategy: str) -> Recommendation | None:
        return next((r for r in self.offered if r.id == strategy), None)

    def best_action(self) -> Recommendation | None:
        """The best offered strategy that changes something (not ``keep``)."""
        return next((r for r in self.offered if r.id != "keep"), None)


def recommend(situation: Situation, rules: tuple[Rule, ...] = RULES) -> Verdict:
    scores = dict.fromkeys(STRATEGIES, 0)
    offered: set[StrategyId] = set()
    withheld: dict[StrategyId, list[Message]] = {}
    # Why a strategy is offered reads: what it is, what speaks for it, then the caveats.
    whys: dict[Effect, dict[StrategyId, list[Message]]] = {
        effect: {s: [] for s in STRATEGIES} for effect in ("offer", "rank", "caveat")
    }
    fired: dict[StrategyId, list[str]] = {s: [] for s in STRATEGIES}
    for rule in rules:
        if not rule.when(situation):
            continue
        why = _message(rule.why, situation)
        for strategy in rule.strategies:
            fired[strategy].append(rule.id)
            scores[strategy] += rule.points
            if rule.effect == "offer":
                offered.add(strategy)
            if rule.effect == "withhold":
                withheld.setdefault(strategy, []).append(why)
            else:
                whys[rule.effect][strategy].append(why)
    available = [s for s in STRATEGIES if s in offered and s not in withheld]
    available.sort(key=lambda s: (-scores[s], STRATEGIES.index(s)))
    return Verdict(
        offered=tuple(
            Recommendation(
                s,
                rank,
                tuple(whys["offer"][s] + whys["rank"][s] + whys["caveat"][s]),
                tuple(fired[s]),
            )
            for rank, s in enumerate(available, start=1)
        ),
        withheld={s: tuple(w) for s, w in withheld.items()},
        fired=frozenset(rule_id for ids in fired.values() for rule_id in ids),
    )


def _message(template: str, situation: Situation) -> Message:
    # Only the fields the template names, as they are: every field is a plain value, and
    # copying the whole situation for each rule that fired was most of a card's rule time.
    values: dict[str, Param] = {name: getattr(situation, name) for name in _fields(template)}
    return Message(template, tuple(sorted(values.items())))


@functools.cache
def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
