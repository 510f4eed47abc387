"""Every English msgid the code uses, found the way Babel extracts them, plus the rules table.

``python -m addon.i18n.catalog`` rewrites the Swedish catalog: new msgids are added (untranslated)
and vanished ones dropped, existing translations kept. A test fails while any is untranslated.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

KEYWORDS = {"msg": None, "msg_plural": (1, 2), "gettext": None}
PACKAGE = Path(__file__).resolve().parent.parent
SOURCES = (PACKAGE, PACKAGE.parent / "cards")


@functools.cache
def code_msgids() -> Mapping[str, str | None]:
    """msgid -> plural msgid (or None) for every message the code can show. Read once per
    process (the tests ask it five times at collection, a second each)."""
    from addon.triage.rules import RULES

    found: dict[str, str | None] = {}
    for source in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(source), method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, tuple):
                found[message[0]] = message[1]
            else:
                found.setdefault(message, None)
    from addon.invite.topics import TERMS

    for rule in RULES:
        found.setdefault(rule.why, None)
    for term in TERMS:
        found.setdefault(term, None)
    return MappingProxyType(found)


def po_path(lang: str) -> Path:
    return Path(str(resources.files("addon.i18n") / lang / "LC_MESSAGES" / "messages.po"))


def update(lang: str) -> list[str]:
    """Bring the catalog in line with the code; returns the msgids still untranslated."""
    path = po_path(lang)
    old = read_po(path.open("rb"), locale=lang) if path.exists() else Catalog(locale=lang)
    new = Catalog(locale=lang, project="Raincheck", fuzzy=False)
    for msgid, plural in sorted(code_msgids().items()):
        key = (msgid, plural) if plural else msgid
        existing = old.get(msgid)
        string = existing.string if existing is not None else ("", "") if plural else ""
        new.add(key, string)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, new, width=100, omit_header=False, sort_output=True)
    return [
        m.id if isinstance(m.id, str) else m.id[0]
        for m in new
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]


if __name__ == "__main__":
    from addon.i18n import TRANSLATED

    for lang in sys.argv[1:] or TRANSLATED:
        for msgid in update(lang):
            print(f"untranslated ({lang}): {msgid}")
