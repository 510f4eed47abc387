"""Insert-or-update in one statement, on SQLite and PostgreSQL alike.

A select followed by an insert lets two requests that see the same thing first both insert, and
one of them fail on the unique key; ``INSERT ... ON CONFLICT DO UPDATE`` cannot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


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
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        raise NotImplementedError(f"no upsert for {dialect}")
    statement: Any = insert(model).values({**keys, **values})
    adds = set(increment)
    table = model.__table__
    update = {
        name: (table.c[name] + statement.excluded[name])
        if name in adds
        else statement.excluded[name]
        for name in values
    }
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=update))
