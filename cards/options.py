"""The options of the cards' fixed lists (reasons, tiers, tones, scopes, languages), made once
per language and choice instead of once per card.

Options are immutable, so one tuple serves every card in that language. Every key is reduced to
a language Raincheck speaks and a value of the list (or none), so each cache holds at most
languages x (values + 1) entries, whatever the requests carry.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

from addon.i18n import LANGS, LANGUAGES, Lang, Message, gettext, lang_of
from addon.vocabulary import REASON_LABELS, SCOPE_LABELS, TIER_LABELS, TONE_LABELS
from cards.model import Option

List = Literal["reason", "tier", "tone", "scope"]
_LABELS: dict[List, Mapping[Any, Message]] = {
    "reason": REASON_LABELS,
    "tier": TIER_LABELS,
    "tone": TONE_LABELS,
    "scope": SCOPE_LABELS,
}


def options(of: List, lang: str, chosen: str | None) -> tuple[Option, ...]:
    """The list's values with their labels in ``lang``, in the list's order, ``chosen``
    selected (none when it is not one of them)."""
    labels = _LABELS[of]
    return _options(of, _language(lang), chosen if chosen in labels else None)


def tier_choice_options(lang: str) -> tuple[Option, ...]:
    """An unknown client's tier: "Choose a tier" (selected), then the tiers."""
    return _tier_choice_options(_language(lang))


def language_options(lang: str, chosen: str | None) -> tuple[Option, ...]:
    """The languages a reply can be written in, named in ``lang``, ``chosen`` selected."""
    return _language_options(_language(lang), chosen if chosen in LANGUAGES else None)


def _language(lang: str) -> Lang:
    return lang if lang in LANGUAGES else lang_of(lang)


@functools.cache
def _options(of: List, lang: Lang, chosen: str | None) -> tuple[Option, ...]:
    return tuple(Option(v, m.render(lang), v == chosen) for v, m in _LABELS[of].items())


@functools.cache
def _tier_choice_options(lang: Lang) -> tuple[Option, ...]:
    return (Option("none", gettext("Choose a tier", lang), selected=True),
            *options("tier", lang, None))  # fmt: skip


@functools.cache
def _language_options(lang: Lang, chosen: str | None) -> tuple[Option, ...]:
    return tuple(Option(k, LANGUAGES[k].name.render(lang), k == chosen) for k in LANGS)
