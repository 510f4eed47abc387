"""User-facing strings in English and Swedish, and the list of languages Raincheck speaks.

A language is one entry in ``LANGUAGES`` plus its texts: a ``<code>/LC_MESSAGES/messages.po``
catalog here and a ``templates/letters/<code>/`` folder of letters. English is the msgid
language and needs no catalog.

The core returns ``Message`` values (an English msgid and its parameters) instead of finished
strings, so the same classification reads right in either language; ``translate`` renders one
for a locale. Swedish lives in ``sv/LC_MESSAGES/messages.po``, read with Babel at first use (no
compile step); a test checks that every msgid in the code has a translation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

Lang = Literal["en", "sv"]
DEFAULT_LANG: Lang = "en"


@dataclass(frozen=True)
class Percent:
    """A share (0.24) that prints as a percentage in the reader's style ("24%", "24 %")."""

    value: float


class Terms(tuple[str, ...]):
    """Words found in an invite ("price", "avtal") that print in the reader's language, joined
    by commas: "pris, avtal". Each is a msgid of its own."""


Param = str | int | Percent | Terms


@dataclass(frozen=True)
class Message:
    msgid: str
    params: tuple[tuple[str, Param], ...] = ()
    plural: str | None = None
    count: int | None = None

    def render(self, lang: str) -> str:
        return translate(self, lang)


def msg(msgid: str, /, **params: Param) -> Message:
    return Message(msgid, tuple(sorted(params.items())))


def msg_plural(singular: str, plural: str, count: int, /, **params: Param) -> Message:
    return Message(singular, tuple(sorted({**params, "n": count}.items())), plural, count)


@dataclass(frozen=True)
class Language:
    code: Lang
    locale: str  # the Babel locale for numbers and dates when the reader's region is unknown
    tag: str  # the BCP 47 tag a mail client would send for it
    name: Message  # how the language is offered on a card
    # Regional styles a user may prefer to their mail client's (spelling, dates, the clock).
    variants: tuple[tuple[str, Message], ...] = ()


LANGUAGES: dict[Lang, Language] = {
    "en": Language(
        "en", "en_US", "en-US", msg("English"),
        variants=(("en-GB", msg("English (UK)")), ("en-US", msg("English (US)"))),
    ),
    "sv": Language("sv", "sv_SE", "sv-SE", msg("Swedish")),
}  # fmt: skip
LANGS: tuple[Lang, ...] = tuple(LANGUAGES)
# What a user's language setting may hold: a language, or one of its regional styles.
LOCALE_CHOICES: tuple[tuple[str, Message], ...] = tuple(
    choice
    for language in LANGUAGES.values()
    for choice in (language.variants or ((language.code, language.name),))
)
TRANSLATED: tuple[Lang, ...] = tuple(code for code in LANGS if code != DEFAULT_LANG)


def lang_of(tag: str | None) -> Lang:
    """The language of a tag ('sv', 'sv-SE', 'sv_FI' read Swedish); English when Raincheck
    does not speak it."""
    primary = (tag or "").replace("_", "-").split("-")[0].strip().lower()
    for code in LANGS:
        if code == primary:
            return code
    return DEFAULT_LANG


def translate(message: Message, lang: str) -> str:
    lang = lang_of(lang)
    text = _lookup(message, lang)
    values = {key: format_param(value, lang) for key, value in message.params}
    return text.format(**values) if values else text


def gettext(msgid: str, lang: str) -> str:
    return translate(Message(msgid), lang)


def _lookup(message: Message, lang: Lang) -> str:
    english = message.msgid
    if message.plural is not None and message.count != 1:
        english = message.plural
    if lang == DEFAULT_LANG:
        return english
    found = _catalog(lang).get(message.msgid)
    if found is None:
        return english
    if isinstance(found, tuple):
        return found[0] if message.count == 1 else found[1]
    return found


def format_param(value: Param, lang: Lang) -> str:
    """A number or share in the reader's style ("24%", "24 %"), or terms in their language."""
    if isinstance(value, Terms):
        return ", ".join(_lookup(Message(term), lang) for term in value)
    locale = LANGUAGES[lang].locale
    if isinstance(value, Percent):
        return format_percent(value.value, locale=locale)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=locale)
    return str(value)


@functools.cache
def _catalog(lang: Lang) -> dict[str, str | tuple[str, ...]]:
    source = resources.files("addon.i18n") / lang / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out: dict[str, str | tuple[str, ...]] = {}
    for entry in catalog:
        if not entry.id or not entry.string or entry.fuzzy:
            continue
        key = entry.id if isinstance(entry.id, str) else str(entry.id[0])
        string = entry.string
        out[key] = string if isinstance(string, str) else tuple(str(form) for form in string)
    return out
