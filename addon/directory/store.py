"""The store: one SQLAlchemy engine, migrated to the latest schema on first use.

SQLite by default (a file in the instance folder), any SQLAlchemy URL otherwise. Migrations are
Alembic's; on PostgreSQL an advisory lock keeps two processes from migrating at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from addon.errors import ConfigError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK_ID = 0x7261696E  # "rain": any constant shared by every Raincheck process


def sqlite_url(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'raincheck.sqlite3'}"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Store:
    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
            options: dict[str, Any] = {"future": True}
            if parsed.get_backend_name() == "sqlite":
                options["connect_args"] = {"timeout": 15}
            else:
                options["pool_pre_ping"] = True
            self.engine: Engine = create_engine(parsed, **options)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise ConfigError(
                f"RAINCHECK_DATABASE_URL is not a usable database URL ({exc})"
            ) from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrated = False
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def upgrade(self) -> str | None:
        """Bring the schema to the newest revision; returns the revision it is at."""
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID}
                    )
                if _current_revision(connection) != head:
                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise ConfigError(f"cannot open the database {self.url}: {reason}") from exc
        self._migrated = True
        return head

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return _current_revision(connection)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back on error."""
        if not self._migrated:
            with self._lock:
                if not self._migrated:
                    self.upgrade()
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()
