"""A provider's token-signing keys (Google's certificates, Microsoft's JWKS), fetched once and kept
for as long as the provider's Cache-Control allows.

A token naming a key we do not have makes us fetch again early, but at most once a minute:
otherwise anyone could send made-up key ids to hammer the provider through us. When a fetch
fails we keep using the keys we have rather than lock everyone out.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import requests

from addon.errors import AuthError

K = TypeVar("K")
_MAX_AGE = re.compile(r"max-age=(\d+)")


class KeyCache(Generic[K]):
    """Keys by key id, from the JSON document at ``url``, turned into keys by ``parse``
    (which raises ``ValueError`` on a document it cannot use)."""

    def __init__(
        self,
        url: str,
        session: requests.Session,
        parse: Callable[[Any], Mapping[str, K]],
        *,
        provider: str,
        timeout: float = 10.0,
        min_refresh_seconds: float = 60.0,
        default_max_age: int = 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.session = session
        self.parse = parse
        self.provider = provider
        self.timeout = timeout
        self.min_refresh_seconds = min_refresh_seconds
        self.default_max_age = default_max_age
        self.clock = clock
        self._keys: dict[str, K] = {}
        self._expires = 0.0
        self._fetched = float("-inf")
        self._lock = threading.Lock()

    def keys(self, *, refresh: bool = False) -> Mapping[str, K]:
        """The current keys; ``refresh`` asks for a fetch because a token named an unknown
        key, which happens only if the last fetch is a minute old."""
        with self._lock:
            now = self.clock()
            stale = now >= self._expires
            may_refresh = now - self._fetched >= self.min_refresh_seconds
            if (stale or refresh) and (may_refresh or not self._keys):
                self._fetch(now)
            return dict(self._keys)

    def _fetch(self, now: float) -> None:
        try:
            response = self.session.get(self.url, timeout=self.timeout)
            response.raise_for_status()
            keys = self.parse(response.json())
        except (requests.RequestException, ValueError) as exc:
            if self._keys:
                return
            raise AuthError(f"{self.provider}'s signing keys could not be fetched") from exc
        if not keys:
            if self._keys:
                return
            raise AuthError(f"{self.provider}'s signing keys came back empty")
        match = _MAX_AGE.search(response.headers.get("Cache-Control", ""))
        self._keys = dict(keys)
        self._expires = now + (int(match.group(1)) if match else self.default_max_age)
        self._fetched = now
