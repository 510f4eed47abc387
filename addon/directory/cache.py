"""What the directory read, kept per (tenant, directory version): the candidates for a set of
addresses and the parsed book.

Every change to a tenant's clients bumps its version in the same transaction (``lock_directory``),
and every read asks for the version first, so an entry of an older version is never found
again: the next read after a change sees it at once, in every process. Entries carry their
tenant in the key, so no tenant can be handed another's. Bounded: the least recently used entry
goes first.

The cache also keeps the newest version this process has read of each tenant (``latest``): what
the directory said then can be consulted before the database is asked anything (a message-open
foresees its client so, ``addon.triage.service.foreseen_client``), never trusted as now.

One store, one cache: versions of different databases would collide. A database restored
from a backup while the service runs can repeat versions; restart the service after a restore.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

MAX_ENTRIES = 2048


class DirectoryCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._latest: OrderedDict[str, int] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def saw(self, tenant: str, version: int) -> None:
        """The database said this is the tenant's version now."""
        with self._lock:
            if version >= self._latest.get(tenant, -1):
                self._latest[tenant] = version
            self._latest.move_to_end(tenant)
            while len(self._latest) > self._max:
                self._latest.popitem(last=False)

    def latest(self, tenant: str) -> int | None:
        """The newest version of the tenant this process has read, if any."""
        with self._lock:
            return self._latest.get(tenant)

    def get(self, tenant: str, version: int, what: Hashable) -> object | None:
        key = (tenant, version, what)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, tenant: str, version: int, what: Hashable, value: object) -> None:
        with self._lock:
            self._entries[(tenant, version, what)] = value
            self._entries.move_to_end((tenant, version, what))
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
