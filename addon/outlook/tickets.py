"""Short-lived links to a reply's calendar part, for Outlook to fetch as the reply's attachment.

``displayReplyForm`` attaches files by URL only. The server keeps no mail content, so the link
itself carries the calendar part: compressed, encrypted and authenticated (Fernet, a key
derived from the app's secret), and stamped, so it expires in minutes. Access logs see only
ciphertext; a tampered or expired link is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import zlib
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken

from addon.errors import LinkExpiredError
from addon.writing.itip import CalendarPart

TTL_SECONDS = 600
METHODS = ("COUNTER", "REPLY")


class Tickets:
    def __init__(
        self,
        secret: str,
        *,
        ttl_seconds: int = TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        digest = hashlib.sha256(b"raincheck calendar links\0" + secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    def issue(self, part: CalendarPart) -> str:
        data = zlib.compress(json.dumps({"m": part.method, "t": part.text}).encode(), 9)
        return self._fernet.encrypt_at_time(data, int(self.clock())).decode("ascii")

    def redeem(self, ticket: str) -> CalendarPart:
        try:
            data = self._fernet.decrypt_at_time(
                ticket.encode("ascii"), self.ttl_seconds, int(self.clock())
            )
            payload = json.loads(zlib.decompress(data))
            method, text = str(payload["m"]), str(payload["t"])
        except (InvalidToken, UnicodeEncodeError, ValueError, KeyError, TypeError, zlib.error):
            raise LinkExpiredError(
                "this calendar file has expired; insert the reply again for a new one"
            ) from None
        if method not in METHODS:
            raise LinkExpiredError("this calendar file is not one of ours")
        return CalendarPart(method, text)
