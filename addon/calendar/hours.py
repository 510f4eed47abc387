"""A person's working hours: wall-clock times in their own zone, on their working weekdays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from addon.errors import UsageError
from addon.vocabulary import DEFAULT_WORK_END, DEFAULT_WORK_START

_START, _END = dt.time.fromisoformat(DEFAULT_WORK_START), dt.time.fromisoformat(DEFAULT_WORK_END)


@dataclass(frozen=True)
class WorkingHours:
    start: dt.time = _START
    end: dt.time = _END
    weekdays: frozenset[int] = frozenset(range(5))  # Monday is 0

    def checked(self) -> WorkingHours:
        if self.end <= self.start:
            raise UsageError("working hours must end after they start")
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise UsageError("working hours need at least one weekday")
        return self

    @classmethod
    def parse(cls, start: str, end: str) -> WorkingHours:
        """From "09:00" and "17:00"; anything else is refused with the reason."""
        try:
            return cls(dt.time.fromisoformat(start), dt.time.fromisoformat(end)).checked()
        except ValueError as exc:
            raise UsageError(f"working hours must be times like 09:00, not {start!r}") from exc
