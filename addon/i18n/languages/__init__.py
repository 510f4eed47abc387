"""The languages Raincheck speaks: one module per language, found here and loaded once.

Each module in this package (but ``base``) defines ``LANGUAGE``, a ``base.Language`` record. A
record that is missing a piece, or a module without one, stops the import with one line naming
it. Its catalog and letters are checked at start-up (``addon.pieces``) and by the tests.

Adding a language: a module here, its catalog (``python -m addon.i18n.catalog <code>``, then
translate) and ``templates/letters/<code>/``.

Imports only ``addon.errors``, ``addon.i18n.messages`` and ``addon.i18n.languages.base``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from addon.errors import ConfigError
from addon.i18n.languages.base import Language

__all__ = ["LANGUAGES", "Language"]


def _load(package: str, path: Iterable[str]) -> dict[str, Language]:
    """Every language module of ``package`` (at ``path``), in order; refuses an incomplete one."""
    found: list[Language] = []
    for info in pkgutil.iter_modules(path):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        record = getattr(module, "LANGUAGE", None)
        if not isinstance(record, Language):
            raise ConfigError(f"language module {info.name!r} defines no LANGUAGE record")
        if record.code != info.name:
            raise ConfigError(f"language module {info.name!r} holds the language {record.code!r}")
        problems = record.problems()
        if problems:
            raise ConfigError(f"language {record.code!r}: {'; '.join(problems)}")
        found.append(record)
    found.sort(key=lambda language: language.order)
    return {language.code: language for language in found}


LANGUAGES: dict[str, Language] = _load(__name__, __path__)
