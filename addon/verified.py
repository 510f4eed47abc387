"""Tokens whose signature and claims were verified, kept until they expire.

A host sends the same ID or access token with every request for as long as it lives (an hour):
Google's system and user ID tokens, Office's access token. Verifying one is an RSA signature,
a JWT decode and the claims' checks, about a tenth of a card's own time. What was verified once
is kept by the token's SHA-256 and the audience it was checked for, and its claims returned
again while the token lives (its ``exp`` plus the same leeway the first check allowed); after
that, or for another audience, or for a token differing by one byte, it is verified anew. The
checks that depend on the request (the mailbox, the service account, the tenant) are the
verifier's, made every time on the claims returned here.

The trade: a token keeps being accepted until it expires even if its signing key is withdrawn
from the provider's published keys meanwhile (an hour at most; the providers publish a key for
longer than the tokens it signed live). The claims kept are a read-only mapping, its values as
decoded (the verifiers only read them).

Imports only the standard library; the verifiers (``addon.google.verify``,
``addon.outlook.verify``) each keep their own.
"""

from __future__ import annotations

import hashlib
import threading
import time
import types
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

SIZE = 4096


class VerifiedTokens:
    def __init__(
        self, *, leeway_seconds: int, size: int = SIZE, clock: Callable[[], float] = time.time
    ) -> None:
        self._leeway = leeway_seconds
        self._size = size
        self._clock = clock
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[bytes, Hashable], tuple[float, Mapping[str, Any]]] = (
            OrderedDict()
        )

    def get(self, token: str, audience: Hashable) -> Mapping[str, Any] | None:
        """The claims of ``token`` verified for ``audience`` and still alive; else None."""
        key = (_digest(token), audience)
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            until, claims = found
            if self._clock() > until:
                del self._kept[key]
                return None
            self._kept.move_to_end(key)
            return claims

    def put(self, token: str, audience: Hashable, claims: Mapping[str, Any]) -> None:
        """Keep the claims of a token that has just verified; one without a numeric expiry
        is not kept (it is verified every time, as before)."""
        expiry = claims.get("exp")
        if isinstance(expiry, bool) or not isinstance(expiry, int | float):
            return
        with self._lock:
            kept = types.MappingProxyType(dict(claims))  # read-only: shared by later requests
            self._kept[(_digest(token), audience)] = (float(expiry) + self._leeway, kept)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
