"""The store: one SQLAlchemy engine, migrated to the latest schema on first use.

SQLite by default (a file in the instance folder, in WAL mode), any SQLAlchemy URL otherwise.
Migrations are Alembic's; on PostgreSQL an advisory lock keeps two processes from migrating at
once. Every wait is bounded by one timeout (``RAINCHECK_DATABASE_TIMEOUT``): connecting, a lock,
a statement. A database that refuses, stalls, is full or read-only becomes a ``BusyError``
(nothing was written; try again), and the next request tries afresh: the store recovers by
itself.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from addon.directory.cache import DirectoryCache
from addon.directory.reads import CACHE, READ_ONLY, TIMEOUT, wrote
from addon.directory.watchdog import WATCHDOG
from addon.errors import BusyError, ConfigError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK_ID = 0x7261696E  # "rain": any constant shared by every Raincheck process


def sqlite_url(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'raincheck.sqlite3'}"


# The newest migration in addon/migrations/versions (a test holds the two together): a store
# whose database is at it needs Alembic for nothing, so a command that only reads never
# imports it.
SCHEMA_HEAD = "0009"
# Seconds after which a pooled PostgreSQL connection is replaced on its next use.
POOL_RECYCLE_SECONDS = 600
# A statement's client-side limit is the timeout and this: the server's own statement_timeout,
# which leaves the connection usable, normally answers first (``watchdog``).
STATEMENT_GRACE_SECONDS = 0.5


def alembic_config(url: str | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Below this much free space next to a SQLite file, the service says it is not ready: SQLite
# needs room for its journal before it can write even one row.
MIN_FREE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Readiness:
    ready: bool
    state: str  # "ready", or what stops it, in words a person on call understands
    schema: str | None
    free_bytes: int | None = None


class Store:
    def __init__(self, url: str, *, timeout: float = 5.0, pool_size: int = 5) -> None:
        self.timeout = timeout
        try:
            parsed = make_url(url)
            options: dict[str, Any] = {"future": True}
            if parsed.get_backend_name() == "sqlite":
                options["connect_args"] = {"timeout": timeout}
            else:
                # No pool_pre_ping (a round trip before every use): a connection the server
                # dropped is found by its first statement, and a read is then run again on a
                # new one (``reads.fetch``). Connections are renewed now and then, before a
                # proxy or firewall drops them for their age.
                options["pool_recycle"] = POOL_RECYCLE_SECONDS
                options["pool_timeout"] = timeout
                # Per worker process: a request holds one connection at a time, and only while
                # it reads or writes, so a worker needs fewer than its threads; a burst may open
                # as many again. Workers x 2 x pool_size must stay under max_connections.
                options["pool_size"] = pool_size
                options["max_overflow"] = pool_size
                if parsed.get_backend_name() == "postgresql":
                    ms = int(timeout * 1000)
                    # Added to the URL's own ``options`` (a search_path, say), never instead.
                    given = parsed.query.get("options", "")
                    given = " ".join(given) if isinstance(given, tuple) else given
                    limits = f"-c statement_timeout={ms} -c lock_timeout={ms}"
                    options["connect_args"] = {
                        # Half the budget to connect (libpq's least is 2 s), so that a retry
                        # on a new connection after a dropped one stays near the timeout.
                        "connect_timeout": max(2, round(timeout / 2)),
                        "options": f"{given} {limits}".strip(),
                        # A peer that vanished (a host down, a network path that drops
                        # packets) is found by TCP within the timeout: unacknowledged data
                        # after tcp_user_timeout, an idle pooled connection by keepalives.
                        "tcp_user_timeout": ms,
                        "keepalives": 1,
                        "keepalives_idle": max(1, round(timeout)),
                        "keepalives_interval": 1,
                        "keepalives_count": 3,
                    }
            self.engine: Engine = create_engine(parsed, **options)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise ConfigError(
                f"RAINCHECK_DATABASE_URL is not a usable database URL ({exc})"
            ) from exc
        if self.engine.dialect.name == "sqlite":
            busy_ms = int(timeout * 1000)
            event.listen(self.engine, "connect", lambda conn, _rec: _sqlite_pragmas(conn, busy_ms))
        elif self.engine.dialect.driver == "psycopg":
            _watch_statements(self.engine, timeout + STATEMENT_GRACE_SECONDS)
        self.cache = DirectoryCache()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={CACHE: self.cache})
        # Reads on PostgreSQL run each statement on its own (no BEGIN, no COMMIT: two round
        # trips fewer); SQLite's driver begins a transaction only for a write anyway.
        readers = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.engine.dialect.name == "postgresql"
            else self.engine
        )
        self._readers = sessionmaker(
            readers,
            expire_on_commit=False,
            info={CACHE: self.cache, READ_ONLY: True, TIMEOUT: timeout},
        )
        event.listen(self._sessions, "after_flush", _flushed)
        event.listen(self._readers, "before_flush", _refuse_flush)
        self._migrated = False
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def upgrade(self) -> str | None:
        """Bring the schema to the newest revision; returns the revision it is at."""
        head = SCHEMA_HEAD
        try:
            with self.engine.connect() as connection:
                current = _current_revision(connection)
            if current == head:  # the usual case: no lock needed to find that out
                self._migrated = True
                return head
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID}
                    )
                elif connection.dialect.name == "sqlite":
                    # The write lock before reading the revision: two first starts at once
                    # would otherwise both see an empty file and both create the tables.
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                if _current_revision(connection) != head:
                    from alembic import command

                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
        except (OperationalError, PoolTimeout) as exc:
            reason = busy_message(exc) if "locked" in _reason(exc) else _reason(exc)
            raise BusyError(f"cannot open the database {self.url}: {reason}") from exc
        self._migrated = True
        return head

    def readiness(self) -> Readiness:
        """Whether the database can serve now: reachable, at the newest schema, writable, and
        (SQLite) with room on its disk. Writes nothing: the write test is rolled back."""
        try:
            head = self.upgrade() if not self._migrated else None
            with self.engine.connect() as connection:
                revision = _current_revision(connection)
                if head is not None and revision != head:
                    return Readiness(False, "the database schema is not migrated", revision)
                # A write that touches no row still needs the write lock and a writable
                # database; rolled back, it leaves nothing.
                connection.execute(
                    text("UPDATE directory_versions SET version = version WHERE 1 = 0")
                )
                connection.rollback()
        except BusyError as exc:
            return Readiness(False, exc.message, None)
        except (DBAPIError, PoolTimeout) as exc:
            return Readiness(False, busy_message(exc), None)
        free = self._free_bytes()
        if free is not None and free < MIN_FREE_BYTES:
            return Readiness(False, "the database's disk is full", revision, free)
        return Readiness(True, "ready", revision, free)

    def _free_bytes(self) -> int | None:
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:":
            return None
        return shutil.disk_usage(Path(database).resolve().parent).free

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return _current_revision(connection)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back on error."""
        self._ensure_migrated()
        with _busy(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session that only reads: nothing to commit, a write refused, and a statement whose
        connection the server dropped run again once on a new one (``reads.fetch``)."""
        self._ensure_migrated()
        with _busy(), self._readers() as session:
            yield session

    def _ensure_migrated(self) -> None:
        if not self._migrated:
            with self._lock:
                if not self._migrated:
                    self.upgrade()

    def renew_connections(self) -> None:
        """In a process forked from the one that opened this store: a pool of its own, the
        inherited one dropped without closing its connections, which are the parent's
        (SQLAlchemy's pattern for os.fork)."""
        self.engine.dispose(close=False)

    def dispose(self) -> None:
        self.engine.dispose()


def _current_revision(connection: Connection) -> str | None:
    """The revision Alembic recorded, read as Alembic does, without importing it."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found[0] if len(found) == 1 else None


def busy_message(exc: Exception) -> str:
    """What to tell a user about a database failure: the kind, never the statement."""
    reason = _reason(exc).lower()
    if "read-only" in reason or "readonly" in reason or _sqlstate(exc) == "25006":
        return "the database is read-only just now; nothing was saved"
    if "full" in reason or _sqlstate(exc) == "53100":
        return "the database is full; nothing was saved"
    if "locked" in reason or _sqlstate(exc) in ("55P03", "57014") or isinstance(exc, PoolTimeout):
        return "the database is busy; nothing was saved, try again in a moment"
    return "the database cannot be reached just now; nothing was saved"


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _sqlstate(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


def _sqlite_pragmas(dbapi_connection: Any, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    # Readers never wait for a writer, and a writer only for another writer (busy_timeout).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _watch_statements(engine: Engine, seconds: float) -> None:
    """Each statement on a psycopg connection armed with the watchdog while it runs."""

    def armed(conn: Connection, *_args: Any) -> None:
        driver = conn.connection.dbapi_connection
        if driver is not None:
            WATCHDOG.arm(id(driver), driver.pgconn.socket, seconds)

    def disarmed(conn: Connection, *_args: Any) -> None:
        driver = conn.connection.dbapi_connection
        if driver is not None:
            WATCHDOG.disarm(id(driver))

    def failed(context: Any) -> None:
        if context.connection is not None:
            disarmed(context.connection)

    event.listen(engine, "before_cursor_execute", armed)
    event.listen(engine, "after_cursor_execute", disarmed)
    event.listen(engine, "handle_error", failed)


def _flushed(session: Session, _context: Any) -> None:
    wrote(session)  # rows the ORM wrote: nothing read after them is cached


@contextmanager
def _busy() -> Iterator[None]:
    """A database that refuses, stalls or dropped the connection: a ``BusyError``."""
    try:
        yield
    except (OperationalError, PoolTimeout) as exc:
        raise BusyError(busy_message(exc)) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated or _sqlstate(exc).startswith("25"):
            raise BusyError(busy_message(exc)) from exc
        raise


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    wrote(session)  # raises: a read-only session
