"""Every closed list of words Raincheck knows, defined once: reasons, tiers, tones, scopes and
the briefing's fields (strategies are records of their own, in ``addon.strategies``; languages
in ``addon.i18n``).

Each list is a ``Literal`` type for mypy and a table of its values with the labels people read,
in the order cards show them; the tuple of values is taken from the table. The command line's
choices, the cards' options, the settings' checks, the directory's checks, the letters and the
tests all import from here, so adding a word is one line here plus its texts.

Imports only ``addon.i18n``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from addon.i18n import Message, msg

Reason = Literal[
    "ill", "emergency", "conflict", "workload", "repetitive", "colleague_covers", "dislike"
]
REASON_LABELS: dict[Reason, Message] = {
    "ill": msg("I am ill"),
    "emergency": msg("An emergency"),
    "conflict": msg("Something else came up"),
    "workload": msg("Too much work"),
    "repetitive": msg("We meet too often to be useful"),
    "colleague_covers": msg("A colleague can cover for me"),
    "dislike": msg("I just do not want to go"),
}
REASONS: tuple[Reason, ...] = tuple(REASON_LABELS)
DEFAULT_REASON: Reason = "workload"
# Whether a reply says why (the user can change it): the article's valid excuses are said by
# default; workload and repetition only when the user wants; not wanting to go, never.
SAY_WHY_BY_DEFAULT: frozenset[Reason] = frozenset({"ill", "emergency", "conflict"})
NEVER_SAY_WHY: frozenset[Reason] = frozenset({"dislike"})

Tier = Literal["strategic", "key", "standard", "occasional"]
TIER_LABELS: dict[Tier, Message] = {
    "strategic": msg("Strategic"),
    "key": msg("Key"),
    "standard": msg("Standard"),
    "occasional": msg("Occasional"),
}
TIERS: tuple[Tier, ...] = tuple(TIER_LABELS)

Tone = Literal["warm", "formal"]
TONE_LABELS: dict[Tone, Message] = {"warm": msg("Warm"), "formal": msg("Formal")}
TONES: tuple[Tone, ...] = tuple(TONE_LABELS)
DEFAULT_TONE: Tone = "warm"

# What a reply to a recurring meeting is about: one meeting of the series, or all of them.
Scope = Literal["occurrence", "series"]
SCOPE_LABELS: dict[Scope, Message] = {
    "occurrence": msg("Only this meeting"),
    "series": msg("The whole series"),
}
SCOPES: tuple[Scope, ...] = tuple(SCOPE_LABELS)
DEFAULT_SCOPE: Scope = "occurrence"

# The briefing to the account manager: the card asks for each field in the user's words
# ("your work"), the letter heads it in the user's voice ("my work").
BriefField = Literal["status", "points", "questions", "decisions", "material"]
BRIEF_FIELD_LABELS: dict[BriefField, Message] = {
    "status": msg("Status of your work"),
    "points": msg("Key points to make"),
    "questions": msg("Likely questions, with answers"),
    "decisions": msg("Open decisions"),
    "material": msg("Where the material is"),
}
BRIEF_FIELD_HEADINGS: dict[BriefField, Message] = {
    **BRIEF_FIELD_LABELS,
    "status": msg("Status of my work"),
}
BRIEF_FIELDS: tuple[BriefField, ...] = tuple(BRIEF_FIELD_LABELS)
# What a briefing cannot go without: the account manager must know where things stand and what
# to say.
REQUIRED_BRIEF_FIELDS: tuple[BriefField, ...] = ("status", "points")

# A reply's lengths and times, when the user has not chosen (the user's settings come first).
DEFAULT_MINUTES = 30  # a shorter meeting's length
MINUTES_RANGE = (5, 24 * 60)  # what a shorter meeting may be asked to last
SETTINGS_MINUTES_RANGE = (5, 240)  # what the settings may make the default
DEFAULT_MOVE_DAYS = 7  # a moved meeting: the same time next week
MOVE_DAYS_RANGE = (1, 60)
DEFAULT_WORK_START, DEFAULT_WORK_END = "09:00", "17:00"  # the user's working hours

K = TypeVar("K", bound=str)


def label(labels: Mapping[Any, Message], key: str, lang: str) -> str:
    """The label of ``key`` in ``lang``; the key itself when the list does not know it."""
    found = labels.get(key)
    return found.render(lang) if found is not None else key


def member(values: tuple[K, ...], value: str) -> K | None:
    """``value`` as a member of the list, or None: the one place text becomes a word of ours."""
    for known in values:
        if known == value:
            return known
    return None
