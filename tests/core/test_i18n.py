"""Every message the code can show exists in every language, with the same placeholders."""

from __future__ import annotations

import string
from dataclasses import replace

import pytest

from addon.i18n import (
    TRANSLATED,
    Lang,
    Percent,
    Terms,
    _catalog,
    lang_of,
    msg,
    msg_plural,
    translate,
)
from addon.i18n.catalog import code_msgids
from addon.triage.rules import recommend
from tests.core.test_rules import BASE

MSGIDS = sorted(code_msgids().items())
CASES = [(lang, msgid, plural) for lang in TRANSLATED for msgid, plural in MSGIDS]


def test_the_code_has_messages_to_translate() -> None:
    assert len(MSGIDS) > 40


@pytest.mark.parametrize(("lang", "msgid", "plural"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_every_message_has_a_translation_with_the_same_placeholders(
    lang: Lang, msgid: str, plural: str | None
) -> None:
    translated = _catalog(lang).get(msgid)
    assert translated, f"untranslated: {msgid!r}; run python -m addon.i18n.catalog {lang}"
    forms = translated if isinstance(translated, tuple) else (translated,)
    for form in forms:
        assert _fields(form) == _fields(plural or msgid)


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("sv", "sv"),
        ("sv-SE", "sv"),
        ("sv_FI", "sv"),
        ("en-GB", "en"),
        ("fr", "en"),
        (None, "en"),
        ("de", "de"),
        ("de-AT", "de"),
        ("da-DK", "da"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("nn-NO", "nb"),
    ],
)
def test_locale_tags_pick_a_language(tag: str | None, lang: str) -> None:
    assert lang_of(tag) == lang


def test_plurals_and_percentages_follow_the_language() -> None:
    one = msg_plural("{n} meeting in 90 days", "{n} meetings in 90 days", 1)
    five = msg_plural("{n} meeting in 90 days", "{n} meetings in 90 days", 5)
    assert [translate(one, "en"), translate(five, "en")] == [
        "1 meeting in 90 days",
        "5 meetings in 90 days",
    ]
    assert [translate(one, "sv"), translate(five, "sv")] == [
        "1 möte på 90 dagar",
        "5 möten på 90 dagar",
    ]
    share = msg("{share} of revenue", share=Percent(0.24))
    assert translate(share, "en") == "24% of revenue"
    assert translate(share, "sv") == "24\xa0% av omsättningen"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("sv", "Ämnet verkar allvarligt (pris, avtal) och kräver ett samtal."),
        ("en", "The topic looks serious (price, contract): it needs a conversation."),
    ],
)
def test_serious_terms_are_named_in_the_readers_language(lang: str, says: str) -> None:
    verdict = recommend(replace(BASE, serious=True, serious_terms=Terms(("price", "contract"))))
    assert says in " ".join(m.render(lang) for m in verdict.withheld["email"])
