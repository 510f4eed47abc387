"""The names users read for strategies, reasons, tiers and settings, in English and Swedish."""

from __future__ import annotations

from addon.i18n import Message, msg

STRATEGY = {
    "keep": msg("Keep the meeting"),
    "phone": msg("Make it a call"),
    "shorter": msg("Make it shorter"),
    "email": msg("Handle it by email for now"),
    "delegate": msg("Bow out: brief the account manager"),
}
REASON = {
    "workload": msg("Too much work"),
    "conflict": msg("Something else came up"),
    "repetitive": msg("We meet too often to be useful"),
    "colleague_covers": msg("A colleague can cover for me"),
    "ill": msg("I am ill"),
    "emergency": msg("An emergency"),
    "dislike": msg("I just do not want to go"),
}
TIER = {
    "strategic": msg("Strategic"),
    "key": msg("Key"),
    "standard": msg("Standard"),
    "occasional": msg("Occasional"),
}
LANGUAGE = {"en": msg("English"), "sv": msg("Swedish")}
TONE = {"warm": msg("Warm"), "formal": msg("Formal")}
WEIGHT = {
    "high": msg("High weight"),
    "medium": msg("Medium weight"),
    "low": msg("Low weight"),
    "unknown": msg("Unknown weight"),
}


def label(table: dict[str, Message], key: str, lang: str) -> str:
    found = table.get(key)
    return found.render(lang) if found else key
