"""The tests' "now": a Friday before every fixture's meeting (their first is on 3 December
2026), so that advice and letters do not change with the day the tests run."""

from __future__ import annotations

import datetime as dt

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def frozen() -> dt.datetime:
    return NOW
