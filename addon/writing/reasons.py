"""The one honest, calm sentence a reply gives as its reason, when the user lets it say why.

``addon.vocabulary`` says which reasons are said by default and which never; ``because``
applies that to what the user chose. Swedish comes from the catalog.
"""

from __future__ import annotations

from addon.i18n import Message, msg
from addon.vocabulary import NEVER_SAY_WHY, SAY_WHY_BY_DEFAULT, Reason

REASON_SENTENCES: dict[Reason, Message] = {
    "ill": msg("I have fallen ill."),
    "emergency": msg("Something urgent has come up that I have to deal with."),
    # Not "at the same time": the reply may well propose a call or a shorter meeting then.
    "conflict": msg("Something else has come up that needs my attention."),
    "workload": msg("I am in the middle of a very busy period."),
    "repetitive": msg("We have covered a lot in our recent meetings."),
    "colleague_covers": msg("A colleague is closer to this than I am."),
}


# What the briefing tells the colleague who takes the meeting: between colleagues every
# reason can be said, in the words one colleague uses to another.
TO_A_COLLEAGUE: dict[Reason, Message] = {
    "ill": msg("I have fallen ill."),
    "emergency": msg("Something urgent has come up that I have to deal with."),
    "conflict": msg("Something else has come up that I cannot move."),
    "workload": msg("I am swamped with other work just now."),
    "repetitive": msg("These meetings rarely need me any more."),
    "colleague_covers": msg("You are closer to this client than I am."),
    "dislike": msg("I would rather not take this one."),
}

# Meetings in 90 days from which "we have covered a lot in our recent meetings" is true.
RECENT_ENOUGH = 2


def true_for(reason: Reason, *, strategy: str, meetings_90d: int) -> bool:
    """Whether the reason's sentence is true in this reply: meetings were repetitive only when
    there were some lately, and a colleague covers only when the reply hands over to them."""
    if reason == "repetitive":
        return meetings_90d >= RECENT_ENOUGH
    if reason == "colleague_covers":
        return strategy == "delegate"
    return reason not in NEVER_SAY_WHY


def says_why(reason: Reason, say_why: bool | None) -> bool:
    """Whether the reply says why: the user's choice, else the reason's default; never for a
    reason that is no reason."""
    if reason in NEVER_SAY_WHY:
        return False
    return reason in SAY_WHY_BY_DEFAULT if say_why is None else say_why


def because(
    reason: Reason, say_why: bool | None, lang: str, *, strategy: str, meetings_90d: int
) -> str:
    """The reason's sentence, when the user lets the reply say it and it is true here."""
    sentence = REASON_SENTENCES.get(reason)
    if sentence is None or not says_why(reason, say_why):
        return ""
    if not true_for(reason, strategy=strategy, meetings_90d=meetings_90d):
        return ""
    return sentence.render(lang)
