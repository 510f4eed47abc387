"""No two modules of ``addon`` and ``cards`` import each other, however indirectly, when they
are imported: every module can be understood, and loaded, after the ones it names. Imports
inside a function (the command line's lazy ones) and under ``TYPE_CHECKING`` do not count."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.paths import ROOT


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("addon", "cards"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _at_import_time(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The module-level imports, but those under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            test = node.test
            checking = isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
            todo += ([] if checking else node.body) + node.orelse
        elif isinstance(node, ast.Try):
            todo += node.body + node.orelse + node.finalbody
            todo += [s for handler in node.handlers for s in handler.body]
    return found


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in _at_import_time(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in MODULES}
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, *([base] if base else [])])
        for alias in node.names:
            target = f"{base}.{alias.name}"
            if target in MODULES:
                out.add(target)
            elif base in MODULES:
                out.add(base)
    return out - {module}


def cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    graph = {m: sorted(imports_of(m)) for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_the_imports() -> None:
    assert "addon.triage.rules" in imports_of("addon.triage.service")
    assert "addon.strategies" in imports_of("addon.writing.letters")
    assert len(MODULES) > 100


def test_no_module_imports_itself_through_others() -> None:
    assert cycles() == []
