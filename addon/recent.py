"""What was worked out in the last minutes, kept so the next request need not work it out
again: a small map with a time limit and a size limit, safe across a worker's threads.

Per process and in memory only; nothing in it outlives ``seconds``, so mail content held here
(a parsed invite) is gone minutes later and never reaches a disk or a log.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    def __init__(self, seconds: float = 120.0, size: int = 512) -> None:
        self.seconds, self.size = seconds, size
        self._found: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            found = self._found.get(key)
            if found is None or found[0] < time.monotonic():
                self._found.pop(key, None)
                return None
            return found[1]

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._found[key] = (time.monotonic() + self.seconds, value)
            self._found.move_to_end(key)
            while len(self._found) > self.size:
                self._found.popitem(last=False)
