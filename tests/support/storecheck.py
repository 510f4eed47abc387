"""What a test can ask of the app's store without going through the app."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from addon.directory.models import Base
from addon.storage import store


def table_rows(app: Flask) -> dict[str, int]:
    """How many rows each table of the app's store holds: what a read must leave unchanged."""
    with store(app).session() as session:
        return {
            name: int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }
