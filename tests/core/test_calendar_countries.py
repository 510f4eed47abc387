"""The countries whose holidays Raincheck knows are the holidays library's own list, read from
its registry without importing every country."""

from __future__ import annotations

import subprocess
import sys

import holidays

from addon.calendar.daysoff import supported_countries


def test_the_supported_countries_are_the_holidays_librarys_list() -> None:
    assert supported_countries() == frozenset(holidays.list_supported_countries())
    assert {"SE", "US", "GB", "NO", "DK", "DE"} <= supported_countries()


def test_knowing_the_countries_imports_no_country_module() -> None:
    probe = (
        "import sys\n"
        "from addon.calendar.daysoff import supported_countries\n"
        "supported_countries()\n"
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries.'))[:3])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
