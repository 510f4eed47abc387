"""The package map in ``addon/__init__.py`` holds: each module imports only from its own layer
or lower ones, only the views read ``request``, and the core never imports Flask."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

# Lowest first; a module belongs to the longest prefix listed. Keep in step with the map.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("addon", "addon.errors", "addon.config", "addon.i18n", "addon.vocabulary", "addon.text"),
    ("addon.invite",),
    ("addon.directory.records",),
    # matching, weighing, the strategies and the rules, counting: pure functions
    ("addon.triage", "addon.calendar", "addon.strategies"),
    ("addon.writing",),
    ("addon.directory", "addon.manifests", "addon.keys", "addon.migrations"),
    (
        "addon.triage.request",
        "addon.triage.service",
        "addon.triage.report",
        "addon.demo",
        "addon.i18n.catalog",
    ),  # the whole job
    ("addon.pieces",),  # what each language and strategy must provide
    ("cards",),
    ("addon.cardflow",),
    ("addon.google", "addon.outlook"),
    ("addon.storage", "addon.security", "addon.google.resources", "addon.outlook.resources"),
    ("addon.views",),
    # development only, and left out of the production wheel: the stand-ins, the workbench
    ("addon.workbench",),
    ("addon.app",),
    ("addon.cli", "addon.workbench.serve"),  # what starts the app
)
FLASK_FROM = LAYERS.index(("addon.storage", "addon.security", "addon.google.resources",
                           "addon.outlook.resources"))  # fmt: skip
# The workbench's views, and the stand-ins: services of their own.
MAY_READ_REQUEST = ("addon.views", "addon.workbench")


def layer_of(module: str) -> int:
    best, found = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    assert found >= 0, f"{module} is in no layer of the map"
    return found


def modules() -> list[tuple[str, Path]]:
    found = []
    for package in ("addon", "cards"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def imports(path: Path) -> list[tuple[str, list[str]]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
    return out


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_a_module_imports_only_its_own_layer_or_lower(module: str, path: Path) -> None:
    own = layer_of(module)
    for imported, names in imports(path):
        if imported.split(".")[0] in ("addon", "cards"):
            # "from addon import storage" imports the module addon.storage
            targets = [f"{imported}.{n}" for n in names] if imported in ("addon", "cards") else []
            for target in targets or [imported]:
                assert layer_of(target) <= own, f"{module} imports {target}, a higher layer"
        if imported == "flask" or imported.startswith("flask."):
            assert own >= FLASK_FROM, f"{module} is below Flask's layers but imports {imported}"
            if "request" in names:
                assert module.startswith(MAY_READ_REQUEST), f"{module} reads request"
