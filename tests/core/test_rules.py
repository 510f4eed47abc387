"""The rules table: one test per row of the table, then invariants over every situation."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import replace

import pytest

from addon.i18n import Day
from addon.strategies import IDS as STRATEGIES
from addon.triage.rules import RULES, Situation, Verdict, recommend
from addon.triage.weigh import WEIGHTS
from addon.vocabulary import REASONS

# A medium-weight client, an hour somewhere not said, the user is the account manager: little
# fires.
BASE = Situation(
    weight="medium",
    reason="workload",
    in_person=False,
    online=False,
    phone_only=False,
    all_day=False,
    duration_minutes=60,
    shorter_minutes=30,
    serious=False,
    serious_terms="",
    account_manager="",
    user_is_account_manager=True,
    meetings_90d=2,
)
WITH_MANAGER = {"account_manager": "Anna Berg", "user_is_account_manager": False}


def ids(verdict: Verdict) -> list[str]:
    return [r.id for r in verdict.offered]


def why(verdict: Verdict, strategy: str) -> str:
    found = verdict.get(strategy)
    assert found is not None, f"{strategy} is not offered"
    return " ".join(m.render("en") for m in found.why)


def withheld(verdict: Verdict, strategy: str) -> str:
    return " ".join(m.render("en") for m in verdict.withheld.get(strategy, ()))


Check = Callable[[Verdict], bool]

# rule id -> (changes that make it fire, what must then hold, what must hold when it does not)
ROWS: dict[str, tuple[dict[str, object], Check, Check]] = {
    "time.over": (
        {"timing": "over", "held_on": Day(dt.date(2026, 11, 20))},
        lambda v: ids(v) == [] and "took place on Friday, November 20, 2026" in withheld(v, "move"),
        lambda v: "keep" in ids(v),
    ),
    "time.cancelled": (
        {"timing": "cancelled"},
        lambda v: ids(v) == [] and "has been cancelled" in withheld(v, "keep"),
        lambda v: "keep" in ids(v),
    ),
    "time.under-way": (
        {"timing": "under_way", "reason": "conflict", "weight": "low", **WITH_MANAGER},
        lambda v: set(ids(v)) == {"phone", "shorter", "keep"} and "already started" in withheld(v, "move"),
        lambda v: {"move", "email", "delegate"} <= set(ids(v)),
    ),
    "keep.always": (
        {}, lambda v: why(v, "keep").startswith("Attend as planned."), lambda v: True,
    ),
    "keep.if-you-can": (
        {"reason": "ill"},
        lambda v: why(v, "keep").startswith("Attend only if you feel well enough.")
        and "as planned" not in why(v, "keep"),
        lambda v: "Attend as planned." in why(v, "keep"),
    ),
    "keep.if-it-allows": (
        {"reason": "emergency"},
        lambda v: why(v, "keep").startswith("Attend only if the emergency leaves you room to.")
        and "well enough" not in why(v, "keep"),
        lambda v: "Attend as planned." in why(v, "keep"),
    ),
    "keep.high-weight": (
        {"weight": "high"},
        lambda v: ids(v)[0] == "keep" and "no good excuse" in why(v, "keep"),
        lambda v: ids(v)[0] != "keep",
    ),
    "keep.dislike": (
        {"weight": "low", "reason": "dislike"},
        lambda v: ids(v)[0] == "keep" and "not a valid reason" in why(v, "keep"),
        lambda v: ids(v)[-1] == "keep",
    ),
    "keep.valid-reason": (
        {"weight": "high", "reason": "ill"},
        lambda v: ids(v)[-1] == "keep",
        lambda v: ids(v)[0] == "keep",
    ),
    "caveat.high-weight": (
        {"weight": "high"},
        lambda v: "Only if you must" in why(v, "phone") and "Only if you must" in why(v, "shorter"),
        lambda v: "Only if you must" not in why(v, "phone"),
    ),
    "caveat.high-weight-delegate": (
        {"weight": "high", **WITH_MANAGER},
        lambda v: "Only if you must" in why(v, "delegate"),
        lambda v: "Only if you must" not in why(v, "delegate"),
    ),
    "caveat.dislike": (
        {"weight": "low", "reason": "dislike"},
        lambda v: "not a valid reason" in why(v, "phone"),
        lambda v: "not a valid reason" not in why(v, "phone"),
    ),
    "phone.offer": ({}, lambda v: "phone" in ids(v), lambda v: True),
    "phone.in-person": (
        {"in_person": True},
        lambda v: ids(v).index("phone") < ids(v).index("shorter") and "trip" in why(v, "phone"),
        lambda v: ids(v).index("phone") > ids(v).index("shorter"),
    ),
    "phone.already-online": (
        {"online": True},
        lambda v: "phone" not in ids(v) and "saves nothing" in withheld(v, "phone") and "shorter" in ids(v),
        lambda v: "phone" in ids(v),
    ),
    "phone.already-call": (
        {"phone_only": True},
        lambda v: "phone" not in ids(v) and "already a phone call" in withheld(v, "phone"),
        lambda v: "phone" in ids(v),
    ),
    "phone.all-day": (
        {"all_day": True, "duration_minutes": 1440},
        lambda v: "phone" not in ids(v) and "shorter" not in ids(v),
        lambda v: "phone" in ids(v) and "shorter" in ids(v),
    ),
    "shorter.offer": ({}, lambda v: "Propose 30 minutes instead of 60" in why(v, "shorter"), lambda v: True),
    "shorter.long": (
        {"duration_minutes": 45, "in_person": True},
        lambda v: "45 minutes is long" in why(v, "shorter"),
        lambda v: "is long" not in why(v, "shorter"),
    ),
    "shorter.already-short": (
        {"duration_minutes": 30},
        lambda v: "shorter" not in ids(v) and "only 30 minutes" in withheld(v, "shorter"),
        lambda v: "shorter" in ids(v),
    ),
    "email.offer": ({"weight": "low"}, lambda v: "email" in ids(v), lambda v: True),
    "email.caveat": ({"weight": "low"}, lambda v: "call may still be needed" in why(v, "email"), lambda v: True),
    "email.repetitive": (
        {"weight": "low", "reason": "repetitive"},
        lambda v: ids(v)[0] == "email",
        lambda v: ids(v)[0] != "email",
    ),
    "email.frequent": (
        {"weight": "low", "meetings_90d": 9},
        lambda v: "met 9 times in 90 days" in why(v, "email"),
        lambda v: "times in 90 days" not in why(v, "email"),
    ),
    "email.high-weight": (
        {"weight": "high"},
        lambda v: "email" not in ids(v) and "should not be moved" in withheld(v, "email"),
        lambda v: "email" in ids(v),
    ),
    "email.serious": (
        {"serious": True, "serious_terms": "contract, renewal"},
        lambda v: "email" not in ids(v) and "(contract, renewal)" in withheld(v, "email"),
        lambda v: "email" in ids(v),
    ),
    "delegate.offer": (
        WITH_MANAGER,
        lambda v: "Anna Berg can speak for you" in why(v, "delegate"),
        lambda v: True,
    ),
    "delegate.colleague-covers": (
        {"weight": "high", "reason": "colleague_covers", **WITH_MANAGER},
        lambda v: ids(v)[:2] == ["delegate", "keep"],
        lambda v: ids(v)[0] == "keep",
    ),
    "delegate.is-account-manager": (
        {},
        lambda v: "delegate" not in ids(v) and "You are the client's account manager" in withheld(v, "delegate"),
        lambda v: "delegate" in ids(v),
    ),
    "delegate.internal": (
        {"internal": True, **WITH_MANAGER},
        lambda v: "delegate" not in ids(v) and "no client to speak to" in withheld(v, "delegate"),
        lambda v: "delegate" in ids(v),
    ),
    "delegate.no-account-manager": (
        {"user_is_account_manager": False},
        lambda v: "delegate" not in ids(v) and "No account manager" in withheld(v, "delegate"),
        lambda v: "delegate" in ids(v),
    ),
    # With an emergency, a colleague already in the meeting ranks above a shorter meeting.
    "delegate.emergency-invited": (
        {"reason": "emergency", "account_manager_invited": True, "duration_minutes": 90, **WITH_MANAGER},
        lambda v: ids(v).index("delegate") < ids(v).index("shorter"),
        lambda v: ids(v).index("delegate") > ids(v).index("shorter"),
    ),
    "move.offer": (
        {"reason": "conflict"},
        lambda v: "move" in ids(v) and "Propose another time" in why(v, "move"),
        lambda v: "move" not in ids(v),
    ),
    "move.high-weight": (
        {"weight": "high", "reason": "conflict"},
        lambda v: ids(v)[0] == "move" and "valid reason" in why(v, "move"),
        lambda v: ids(v)[0] != "move",
    ),
    # Ill, a shorter meeting is no answer: moving it (or, for a light client, email) comes first.
    "move.ill": (
        {"reason": "ill", "weight": "medium", "in_person": True, "duration_minutes": 90},
        lambda v: ids(v)[0] == "move" and "kinder than cutting it short" in why(v, "move"),
        lambda v: ids(v).index("move") > ids(v).index("phone"),
    ),
    "email.ill-low-weight": (
        {"reason": "ill", "weight": "low", "duration_minutes": 90},
        lambda v: ids(v).index("email") < ids(v).index("shorter"),
        lambda v: ids(v).index("email") > ids(v).index("shorter"),
    ),
    "move.needs-a-reason": (
        {"reason": "workload"},
        lambda v: "move" not in ids(v) and "valid reason" in withheld(v, "move"),
        lambda v: "move" in ids(v),
    ),
}  # fmt: skip

# The situation a row's "does not fire" check runs in: its own changes, minus what makes it fire.
WITHOUT: dict[str, dict[str, object]] = {
    "time.over": {},
    "time.under-way": {"reason": "conflict", "weight": "low", **WITH_MANAGER},
    "move.ill": {
        "reason": "conflict",
        "weight": "medium",
        "in_person": True,
        "duration_minutes": 90,
    },
    "email.ill-low-weight": {"reason": "ill", "weight": "medium", "duration_minutes": 90},
    "keep.high-weight": {"weight": "high", "reason": "ill"},
    "keep.dislike": {"weight": "low"},
    "keep.valid-reason": {"weight": "high"},
    "keep.if-you-can": {"reason": "workload"},
    "keep.if-it-allows": {"reason": "workload"},
    "caveat.high-weight": {"weight": "high", "reason": "emergency"},
    "caveat.high-weight-delegate": {"weight": "high", "reason": "colleague_covers", **WITH_MANAGER},
    "caveat.dislike": {"weight": "low"},
    "phone.in-person": {},
    "phone.already-online": {"online": True, "in_person": True},
    "phone.already-call": {},
    "phone.all-day": {},
    "shorter.long": {"duration_minutes": 44, "in_person": True},
    "shorter.already-short": {"duration_minutes": 31},
    "email.repetitive": {"weight": "low", "reason": "conflict"},
    "email.frequent": {"weight": "low", "meetings_90d": 7},
    "email.high-weight": {},
    "email.serious": {},
    "delegate.colleague-covers": {"weight": "high", **WITH_MANAGER},
    "delegate.is-account-manager": WITH_MANAGER,
    "delegate.internal": WITH_MANAGER,
    "delegate.no-account-manager": WITH_MANAGER,
    "delegate.emergency-invited": {"reason": "emergency", "duration_minutes": 90, **WITH_MANAGER},
    "move.offer": {"reason": "workload"},
    "move.high-weight": {"weight": "medium", "reason": "conflict"},
    "move.needs-a-reason": {"reason": "ill"},
}


def test_every_rule_has_a_row_here() -> None:
    assert sorted(ROWS) == sorted(rule.id for rule in RULES)


@pytest.mark.parametrize("rule_id", [rule.id for rule in RULES])
def test_rule_row(rule_id: str) -> None:
    changes, holds_when_fired, holds_otherwise = ROWS[rule_id]
    fired = recommend(replace(BASE, **changes))  # type: ignore[arg-type]
    assert rule_id in fired.fired
    assert holds_when_fired(fired), f"{rule_id} fired but its effect is missing: {ids(fired)}"
    if rule_id in WITHOUT:
        quiet = recommend(replace(BASE, **WITHOUT[rule_id]))  # type: ignore[arg-type]
        assert rule_id not in quiet.fired
        assert holds_otherwise(quiet), f"{rule_id} seems to act without firing: {ids(quiet)}"


SITUATIONS = [
    replace(
        BASE,
        weight=weight,
        reason=reason,
        in_person=in_person,
        serious=serious,
        duration_minutes=minutes,
        account_manager="Anna Berg" if manager else "",
        user_is_account_manager=not manager,
    )
    for weight, reason, in_person, serious, minutes, manager in itertools.product(
        WEIGHTS, REASONS, (False, True), (False, True), (20, 30, 45, 90), (False, True)
    )
]


@pytest.mark.parametrize(
    "situation",
    SITUATIONS,
    ids=lambda s: (
        f"{s.weight}-{s.reason}-{s.in_person:d}{s.serious:d}{s.duration_minutes}{bool(s.account_manager):d}"
    ),
)
def test_invariants_hold_in_every_situation(situation: Situation) -> None:
    verdict = recommend(situation)
    offered = ids(verdict)
    assert set(offered) <= set(STRATEGIES)  # no cancellation, ever
    assert "keep" in offered
    assert [r.rank for r in verdict.offered] == list(range(1, len(offered) + 1))
    assert all(r.why for r in verdict.offered), "every recommendation says why"
    if situation.weight == "high" or situation.serious:
        assert "email" not in offered
    if situation.user_is_account_manager:
        assert "delegate" not in offered
    if "shorter" in offered:
        assert situation.shorter_minutes < situation.duration_minutes
    if situation.reason == "colleague_covers" and situation.account_manager:
        assert offered[0] == "delegate"
    elif situation.weight == "high" and situation.reason in ("ill", "emergency", "conflict"):
        assert offered[0] == "move"  # a valid reason: move it rather than skip it
    elif situation.reason == "dislike" or situation.weight == "high":
        assert offered[0] == "keep"
    assert ("move" in offered) is (situation.reason in ("ill", "emergency", "conflict"))
    if situation.reason in ("ill", "emergency"):
        assert offered[-1] == "keep"
    if situation.reason == "ill" and "shorter" in offered:
        kinder = ["move", *(["email"] if situation.weight == "low" and "email" in offered else [])]
        assert all(offered.index(s) < offered.index("shorter") for s in kinder)
