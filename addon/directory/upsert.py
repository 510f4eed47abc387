"""Insert-or-update in one statement, on SQLite and PostgreSQL alike.

A select followed by an insert lets two requests that see the same thing first both insert, and
one of them fail on the unique key; ``INSERT ... ON CONFLICT DO UPDATE`` cannot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from addon.directory.reads import wrote


def upsert(
    session: Session,
    model: type[Any],
    keys: Mapping[str, object],
    values: Mapping[str, object],
    *,
    increment: Iterable[str] = (),
) -> None:
    """The row of ``model`` with these ``keys`` (a unique constraint) gets ``values``; columns
    named in ``increment`` are added to instead of set when the row exists."""
    wrote(session)
    statement: Any = _insert(session.get_bind().dialect.name)(model).values({**keys, **values})
    adds = set(increment)
    table = model.__table__
    update = {
        name: (table.c[name] + statement.excluded[name])
        if name in adds
        else statement.excluded[name]
        for name in values
    }
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=update))


def _insert(dialect: str) -> Any:
    """The dialect's own INSERT, imported when first used: the PostgreSQL dialect brings
    asyncio and asyncpg's adapter with it (60-95 ms), which a SQLite command line never needs."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert
    raise NotImplementedError(f"no upsert for {dialect}")
