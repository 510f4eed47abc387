"""What each registered language and strategy must provide besides its record, checked once at
start-up (``create_app`` refuses to start, naming the first piece missing) and by the tests.

- A language (``addon.i18n.languages``): a folder of letters, ``templates/letters/<code>/``,
  with a letter per strategy that writes one, the briefing, and ``_words.j2`` with the phrases
  every letter uses; and, but for English, a catalog ``addon/i18n/<code>/LC_MESSAGES/
  messages.po``.
- A strategy (``addon.strategies``): a rule row in ``addon.triage.rules`` that offers it, and,
  when it writes, its letter in every language.

Only files and names are looked at here, so the check costs a few milliseconds; that every
catalog translates every msgid is the tests' to check.
"""

from __future__ import annotations

import re
from importlib import resources

from addon import strategies
from addon.errors import ConfigError
from addon.i18n import DEFAULT_LANG, LANGUAGES
from addon.triage.rules import RULES
from addon.writing.templating import TEMPLATES_DIR

# What every language's folder of letters holds besides a letter per strategy.
LETTERS = ("briefing", "_words")
# The phrases of ``_words.j2`` the letters call.
WORDS = (
    "on", "span", "slot", "any_of", "call_time", "greet", "greet_colleague", "sign_off",
    "sign_off_colleague",
)  # fmt: skip
_MACRO = re.compile(r"{%-?\s*macro\s+(\w+)\s*\(")


def language_problems(code: str) -> list[str]:
    folder = TEMPLATES_DIR / "letters" / code
    found = []
    for name in (*strategies.WRITING, *LETTERS):
        if not (folder / f"{name}.j2").is_file():
            found.append(f"language {code!r}: no letter templates/letters/{code}/{name}.j2")
    words = folder / "_words.j2"
    if words.is_file():
        defined = set(_MACRO.findall(words.read_text(encoding="utf-8")))
        found += [
            f"language {code!r}: templates/letters/{code}/_words.j2 defines no {name}()"
            for name in WORDS
            if name not in defined
        ]
    catalog = resources.files("addon.i18n") / code / "LC_MESSAGES" / "messages.po"
    if code != DEFAULT_LANG and not catalog.is_file():
        found.append(f"language {code!r}: no catalog addon/i18n/{code}/LC_MESSAGES/messages.po")
    return found


def strategy_problems(strategy: str) -> list[str]:
    found = []
    if not any(strategy in r.strategies and r.effect == "offer" for r in RULES):
        found.append(f"strategy {strategy!r}: no rule in addon/triage/rules.py offers it")
    if strategies.get(strategy).writes:
        found += [
            f"strategy {strategy!r}: no letter templates/letters/{code}/{strategy}.j2"
            for code in LANGUAGES
            if not (TEMPLATES_DIR / "letters" / code / f"{strategy}.j2").is_file()
        ]
    return found


def problems() -> list[str]:
    found = [p for code in LANGUAGES for p in language_problems(code)]
    return found + [p for s in strategies.IDS for p in strategy_problems(s) if p not in found]


def check() -> None:
    """Refuse to start with a language or strategy that lacks a piece, naming the first."""
    found = problems()
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ConfigError(found[0] + more)
