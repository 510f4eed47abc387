"""One draft per action, however often the action is sent (issue 28, point 15).

A double click, a request the host timed out and sent again, or the same card open twice sends
the same action more than once, possibly to different workers at the same moment. Each would
make its own Gmail draft. Here the first claims the action's key in the database (which all
workers share) and makes the draft; the others wait for it and open the same draft. A claim
whose maker failed is released, so the user's own retry makes the draft; a claim whose maker
died is taken over once it is older than ``stale``. Keys are forgotten after ``keep``.

The key is a keyed hash (HMAC-SHA256) of the user, the message, the strategy and the draft's
content: the table holds no mail content and no address, and a changed text is a new draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from addon.directory.models import DraftOnce
from addon.directory.store import Store
from addon.errors import BusyError, MaybeDone

# Not a secret: it separates these hashes from any other use of the same inputs. What the
# hash hides is the content, which an outsider would have to guess whole, user and message too.
_HASH_KEY = b"raincheck drafts-once v1"
KEEP = dt.timedelta(minutes=5)
STALE = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Made:
    draft_id: str
    message_id: str
    thread_id: str
    again: bool = False  # made by an earlier request: this one found it


def draft_key(*, tenant: str, user: str, message: str, strategy: str, content: bytes) -> str:
    """The action's key: equal for the same user, message, strategy and content only."""
    digest = hmac.new(_HASH_KEY, digestmod=hashlib.sha256)
    for part in (tenant, user.lower(), message, strategy):
        encoded = part.encode("utf-8")
        # Length-prefixed: ("ab", "c") and ("a", "bc") must not hash alike.
        digest.update(len(encoded).to_bytes(4, "big") + encoded)
    digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


Claim = Literal["mine", "pending"]


@dataclass
class DraftsOnce:
    store: Store
    clock: Callable[[], dt.datetime]
    # How long a second sender waits for the first one's draft: past the upstream timeout, the
    # first may still be waiting on Gmail, and the user is told to look in Drafts.
    wait: float = 15.0
    keep: dt.timedelta = KEEP
    stale: dt.timedelta = STALE

    def make(self, tenant: str, key: str, create: Callable[[], Made]) -> Made:
        """The draft for ``key``: the one already made, or the one ``create`` makes now."""
        give_up = time.monotonic() + self.wait
        pause = 0.02
        while True:
            try:
                found = self._claim(tenant, key)
            except BusyError:
                # The database cannot take the claim just now: the draft is the user's and
                # lives in Gmail, so it is made all the same, only without the guard.
                return create()
            if isinstance(found, Made):
                return found
            if found == "mine":
                break
            if time.monotonic() > give_up:
                raise MaybeDone(
                    "the same draft is being written by another request just now",
                    what="the draft",
                )
            time.sleep(pause)
            pause = min(pause * 2, 0.25)
        try:
            made = create()
        except BaseException:
            self._release(key)
            raise
        try:
            with self.store.session() as session:
                session.execute(
                    update(DraftOnce)
                    .where(DraftOnce.key == key)
                    .values(
                        draft_id=made.draft_id,
                        message_id=made.message_id,
                        thread_id=made.thread_id,
                    )
                )
        except BusyError:
            pass  # made, but not remembered: a retry waits for the claim, then says so
        return made

    def _claim(self, tenant: str, key: str) -> Made | Claim:
        now = self.clock()
        # A draft already made (the common retry) is found by a read: no write, so repeated
        # actions do not queue for SQLite's one writer.
        with self.store.read() as session:
            made = session.execute(
                select(DraftOnce.draft_id, DraftOnce.message_id, DraftOnce.thread_id).where(
                    DraftOnce.key == key,
                    DraftOnce.draft_id.is_not(None),
                    DraftOnce.claimed_at >= now - self.keep,
                )
            ).first()
        if made is not None:
            return Made(made.draft_id, made.message_id or "", made.thread_id or "", again=True)
        try:
            with self.store.session() as session:
                session.execute(delete(DraftOnce).where(DraftOnce.claimed_at < now - self.keep))
                row = session.execute(
                    select(DraftOnce.draft_id, DraftOnce.message_id, DraftOnce.thread_id).where(
                        DraftOnce.key == key
                    )
                ).first()
                if row is None:
                    session.execute(
                        insert(DraftOnce).values(key=key, tenant=tenant, claimed_at=now)
                    )
                    return "mine"
                if row.draft_id is not None:
                    return Made(row.draft_id, row.message_id or "", row.thread_id or "", again=True)
                # Claimed, no draft yet: its maker is at work, unless it died long ago.
                taken = session.execute(
                    update(DraftOnce)
                    .where(
                        DraftOnce.key == key,
                        DraftOnce.draft_id.is_(None),
                        DraftOnce.claimed_at < now - self.stale,
                    )
                    .values(claimed_at=now)
                )
                return "mine" if taken.rowcount == 1 else "pending"  # type: ignore[attr-defined]
        except IntegrityError:
            return "pending"  # another request claimed it between our read and our insert

    def _release(self, key: str) -> None:
        with self.store.session() as session:
            session.execute(
                delete(DraftOnce).where(DraftOnce.key == key, DraftOnce.draft_id.is_(None))
            )
