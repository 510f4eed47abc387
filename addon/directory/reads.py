"""How the directory reads: each statement fetched whole, retried once on a connection the server
dropped, and what one session learnt of a tenant's head (version and book) kept for its next
question.

There is no ``pool_pre_ping`` (a round trip before every checkout): a pooled connection the
server closed is found by the first statement on it, and a read-only session (``Store.read``)
simply runs that statement again on a fresh connection. A session that may write is never
retried: its transaction is gone with the connection, and the caller is told the database was
busy, nothing saved (SQLAlchemy then replaces every connection of the pool that is as old).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from addon.directory import queries
from addon.directory.cache import DirectoryCache

# Keys in ``Session.info``.
READ_ONLY = "raincheck.read_only"  # set by ``Store.read``: no writes, no COMMIT
TIMEOUT = "raincheck.timeout"  # the store's database timeout, in seconds
WROTE = "raincheck.wrote"  # set by the first write: from then on, nothing is cached
CACHE = "raincheck.cache"  # the store's ``DirectoryCache``, when the session comes from a store
_HEAD = "raincheck.head"
_HISTORY = "raincheck.history"
# A row of any width (``Row[Any]`` would be a row of one column to mypy).
AnyRow = Row[*tuple[Any, ...]]


@dataclass(frozen=True)
class Head:
    """A tenant's directory version (0: never written) and its kept book (JSON, or None when
    no import has kept it yet)."""

    version: int
    book: str | None


def fetch(
    session: Session, statement: Executable, params: dict[str, Any] | None = None
) -> Sequence[AnyRow]:
    """All rows of a read, as plain Core on the session's connection. When that connection
    turns out to be dead before any row came back, in a read-only session: once more on a new
    connection."""
    started = time.monotonic()
    try:
        return session.connection().execute(statement, params).all()
    except DBAPIError as exc:
        if not (exc.connection_invalidated and may_retry(session)):
            raise
        if time.monotonic() - started >= session.info.get(TIMEOUT, float("inf")):
            # Dropped by the statement watchdog after the whole timeout (a stalled path):
            # a retry would wait again; the request ends now, with the busy card.
            raise
        session.rollback()  # lets go of the dead connection; the next statement takes another
        return session.connection().execute(statement, params).all()


def may_retry(session: Session) -> bool:
    """Only a read-only session: it holds no transaction to lose (a session that may write
    holds one, begun by its caller, which a new connection cannot carry on)."""
    return bool(session.info.get(READ_ONLY))


def wrote(session: Session) -> None:
    """Called before any write: a read-only session refuses it, any other stops trusting what
    it read of the head (the write may change it)."""
    if session.info.get(READ_ONLY):
        raise RuntimeError("a write in a read-only session: use Store.session() to write")
    session.info[WROTE] = True
    for key in [k for k in session.info if isinstance(k, tuple) and k[0] in (_HEAD, _HISTORY)]:
        del session.info[key]


def cacheable(session: Session) -> DirectoryCache | None:
    """The cache this session may use: none once it wrote (what it reads may never be
    committed), none for a session that does not come from a store."""
    if session.info.get(WROTE):
        return None
    found = session.info.get(CACHE)
    return found if isinstance(found, DirectoryCache) else None


def remember_head(session: Session, tenant: str, head: Head) -> None:
    if not session.info.get(WROTE):
        session.info[(_HEAD, tenant)] = head
        cache = cacheable(session)
        if cache is not None:
            cache.saw(tenant, head.version)


def remember(session: Session, key: tuple[Any, ...], value: object) -> None:
    """What a statement read beside what it was asked for (``Users``: a client's history read
    with the settings), for the session's next question; forgotten at its first write."""
    if not session.info.get(WROTE):
        session.info[(_HISTORY, *key)] = value


def recalled(session: Session, key: tuple[Any, ...]) -> object | None:
    """What ``remember`` kept under ``key``, once."""
    found: object | None = session.info.pop((_HISTORY, *key), None)
    return found


def head(session: Session, tenant: str) -> Head:
    """The tenant's head as this session last read it (with the user's settings, say), else
    read now."""
    known = session.info.get((_HEAD, tenant))
    if isinstance(known, Head):
        return known
    rows = fetch(session, queries.HEAD, {"tenant": tenant})
    found = Head(int(rows[0][0] or 0), rows[0][1]) if rows else Head(0, None)
    remember_head(session, tenant, found)
    return found
