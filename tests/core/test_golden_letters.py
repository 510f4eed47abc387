"""The golden letters still read as they were reviewed: a change of wording must show as a
diff in tests/golden/letters/, made by ``scripts/golden`` and read before it is committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.golden import expected

CASES = sorted(expected().items())


@pytest.mark.parametrize(("path", "text"), CASES, ids=[p.name for p, _ in CASES])
def test_the_letters_read_as_reviewed(path: Path, text: str) -> None:
    assert path.exists(), f"{path.name} is missing: run scripts/golden"
    assert path.read_text(encoding="utf-8") == text, f"{path.name} changed: run scripts/golden"
