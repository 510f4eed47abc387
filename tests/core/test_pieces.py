"""Every registered language and strategy provides every piece it needs, and one that lacks a
piece is refused at start-up with a line naming it (README, "How to add...")."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_time

from addon import pieces, strategies
from addon.app import create_app
from addon.errors import ConfigError
from addon.i18n import DEFAULT_LANG, LANGUAGES, _catalog, gettext, lang_of
from addon.i18n import languages as language_registry
from addon.i18n.catalog import code_msgids
from addon.writing.templating import TEMPLATES_DIR


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_language_provides_every_piece(code: str) -> None:
    language = LANGUAGES[code]
    assert language.problems() == ()
    assert pieces.language_problems(code) == []
    assert Locale.parse(language.locale).language == code
    assert lang_of(language.tag) == code
    assert all(lang_of(tag) == code for tag, _ in language.variants)
    assert format_time(__import__("datetime").time(9, 5), language.clock, locale=language.locale)
    if code != DEFAULT_LANG:
        untranslated = sorted(m for m in code_msgids() if m not in _catalog(code))
        assert untranslated == [], f"{code}: untranslated msgids"


@pytest.mark.parametrize("strategy", strategies.IDS)
def test_every_strategy_provides_every_piece(strategy: str) -> None:
    record = strategies.get(strategy)
    assert record.problems() == ()
    assert pieces.strategy_problems(strategy) == []
    for code in LANGUAGES:
        if code == DEFAULT_LANG:
            continue
        assert gettext(record.label.msgid, code) != record.label.msgid, (strategy, code)
        if record.calendar_note is not None:
            note = record.calendar_note.msgid
            assert gettext(note, code) != note, (strategy, code)


@pytest.fixture
def letters_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The templates with one file taken out, where the check looks for them."""

    def remove(relative: str) -> Path:
        copy = tmp_path / "templates"
        shutil.copytree(TEMPLATES_DIR, copy)
        (copy / relative).unlink()
        monkeypatch.setattr(pieces, "TEMPLATES_DIR", copy)
        return copy

    return remove


@pytest.mark.parametrize(
    ("missing", "said"),
    [
        ("letters/sv/move.j2", "language 'sv': no letter templates/letters/sv/move.j2"),
        ("letters/en/briefing.j2", "language 'en': no letter templates/letters/en/briefing.j2"),
        ("letters/sv/_words.j2", "language 'sv': no letter templates/letters/sv/_words.j2"),
    ],
)
def test_the_app_refuses_to_start_naming_the_missing_letter(
    letters_without, tmp_path: Path, missing: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    letters_without(missing)
    with pytest.raises(ConfigError) as refused:
        create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})
    assert str(refused.value.message).startswith(said)
    assert "\n" not in refused.value.message


def test_a_strategy_without_a_rule_that_offers_it_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept = tuple(r for r in pieces.RULES if not (r.effect == "offer" and "move" in r.strategies))
    monkeypatch.setattr(pieces, "RULES", kept)
    assert pieces.strategy_problems("move") == [
        "strategy 'move': no rule in addon/triage/rules.py offers it"
    ]


def _package(tmp_path: Path, name: str, modules: dict[str, str]) -> tuple[str, list[str]]:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for module, text in modules.items():
        (folder / f"{module}.py").write_text(text)
    sys.path.insert(0, str(tmp_path))
    return name, [str(folder)]


STRATEGY = "from addon.i18n import msg\nfrom addon.strategies.base import Strategy\n"


@pytest.mark.parametrize(
    ("modules", "said"),
    [
        ({"fax": "X = 1\n"}, "strategy module 'fax' defines no STRATEGY record"),
        (
            {"fax": STRATEGY + "STRATEGY = Strategy(id='telex', order=9, label=msg('x'))\n"},
            "strategy module 'fax' holds the strategy 'telex'",
        ),
        (
            {"fax": STRATEGY + "STRATEGY = Strategy(id='fax', order=9, label=msg('x'), "
             "plan=lambda job: None)\n"},
            "strategy 'fax': it writes a reply but has no calendar_note",
        ),
    ],
)  # fmt: skip
def test_a_strategy_module_missing_a_piece_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: dict[str, str], said: str
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    name = f"strategies_{tmp_path.name.replace('-', '_')}"
    package, path = _package(tmp_path, name, modules)
    with pytest.raises(ConfigError) as refused:
        strategies._load(package, path)
    assert refused.value.message == said


LANGUAGE = "from addon.i18n import msg\nfrom addon.i18n.languages.base import Language\n"


@pytest.mark.parametrize(
    ("modules", "said"),
    [
        ({"nb": "X = 1\n"}, "language module 'nb' defines no LANGUAGE record"),
        (
            {"nb": LANGUAGE + "LANGUAGE = Language(code='nb', order=9, locale='nb_NO', "
             "tag='nb-NO', name=msg('Norwegian'))\n"},
            "language 'nb': no markers; no serious; no meeting_words; no call_words; "
            "no online_words; no place_words; no agenda_verbs; no agenda_joins; no greetings; "
            "no sign_offs",
        ),
    ],
)  # fmt: skip
def test_a_language_module_missing_a_piece_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: dict[str, str], said: str
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    name = f"languages_{tmp_path.name.replace('-', '_')}"
    package, path = _package(tmp_path, name, modules)
    with pytest.raises(ConfigError) as refused:
        language_registry._load(package, path)
    assert refused.value.message == said
