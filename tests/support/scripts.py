"""The benchmark's helper modules (``scripts/bench_*.py``), which are not a package, loaded by
file for the tests that hold them to what they say."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.support.paths import ROOT


def script(name: str) -> ModuleType:
    """``scripts/<name>.py``, loaded once per test run."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
