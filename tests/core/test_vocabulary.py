"""Each closed list is defined once, and everything that offers or checks its words follows it."""

from __future__ import annotations

from typing import Any, get_args

import click
import pytest

from addon import strategies, vocabulary
from addon.cli import cli as command_line
from addon.directory.users import Settings
from addon.errors import UsageError
from addon.i18n import LANGS, LANGUAGES, TRANSLATED, Lang, _catalog, lang_of
from addon.writing.templating import TEMPLATES_DIR

LISTS = [
    (vocabulary.Reason, vocabulary.REASONS, vocabulary.REASON_LABELS),
    (vocabulary.Tier, vocabulary.TIERS, vocabulary.TIER_LABELS),
    (vocabulary.Tone, vocabulary.TONES, vocabulary.TONE_LABELS),
    (vocabulary.BriefField, vocabulary.BRIEF_FIELDS, vocabulary.BRIEF_FIELD_LABELS),
]


@pytest.mark.parametrize(
    ("kind", "values", "table"), LISTS, ids=lambda v: getattr(v, "__name__", "")
)
def test_the_type_the_values_and_the_labels_name_the_same_words(
    kind: Any, values: tuple[str, ...], table: dict[str, Any]
) -> None:
    assert get_args(kind) == values == tuple(table)


def test_every_brief_field_has_a_heading_for_the_letter() -> None:
    assert tuple(vocabulary.BRIEF_FIELD_HEADINGS) == vocabulary.BRIEF_FIELDS


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_its_letters(lang: str) -> None:
    letters = {p.stem for p in (TEMPLATES_DIR / "letters" / lang).glob("*.j2")}
    assert {*strategies.WRITING, "briefing"} <= letters


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_language_but_english_has_a_catalog(lang: Lang) -> None:
    assert _catalog(lang)
    assert lang_of(LANGUAGES[lang].tag) == lang


@pytest.mark.parametrize(
    ("option", "values"),
    [
        ("reason", vocabulary.REASONS),
        ("strategy", strategies.IDS),
        ("tone", vocabulary.TONES),
    ],
)
def test_the_command_lines_choices_are_the_vocabulary(option: str, values: tuple[str, ...]) -> None:
    # The command line imports a command's module only when asked for it (LazyGroup).
    triage = command_line.get_command(click.Context(command_line), "triage")
    assert triage is not None
    found = next(p for p in triage.params if p.name == option)
    assert tuple(found.type.choices) == values  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("settings", "ok"),
    [
        *((Settings(tone=t), True) for t in vocabulary.TONES),
        *((Settings(locale=code), True) for code in LANGS),
        (Settings(tone="chirpy"), False),
        (Settings(locale="fr"), False),  # a language Raincheck does not speak
    ],
)
def test_settings_accept_exactly_the_vocabulary(settings: Settings, ok: bool) -> None:
    if ok:
        assert settings.checked() == settings
    else:
        with pytest.raises(UsageError):
            settings.checked()


@pytest.mark.parametrize(("text", "found"), [("ill", "ill"), ("Ill", None), ("", None)])
def test_member_turns_text_into_a_word_or_nothing(text: str, found: str | None) -> None:
    assert vocabulary.member(vocabulary.REASONS, text) == found
