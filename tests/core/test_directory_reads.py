"""Reading the directory (issue 27, point 2): a message-open's directory work in a few statements
and no COMMIT, a read-only session that refuses writes, a cache per (tenant, directory version)
that every change makes unreachable and no tenant shares, and a read that survives a connection
the server dropped."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from addon.directory.cache import DirectoryCache
from addon.directory.csvfile import read_csv
from addon.directory.records import ClientRecord
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Settings, Users
from addon.errors import BusyError
from addon.invite.reader import read_invite
from addon.triage.service import foreseen_client, profile_for
from tests.support.clock import NOW
from tests.support.paths import invite_bytes

HEADER = "name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
USER = "anna@lumen.example"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


@contextmanager
def counted(store: Store) -> Iterator[dict[str, int]]:
    """Statements sent and COMMITs made on the store's connections while the block runs."""
    seen = {"statements": 0, "commits": 0}

    def statement(*_: Any) -> None:
        seen["statements"] += 1

    def commit(*_: Any) -> None:
        seen["commits"] += 1

    sa.event.listen(store.engine, "before_cursor_execute", statement)
    sa.event.listen(store.engine, "commit", commit)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", statement)
        sa.event.remove(store.engine, "commit", commit)


def _open_message(store: Store, tenant: str) -> str | None:
    """The directory's part of Gmail's message-open: the user's settings and the client."""
    invite = read_invite(invite_bytes("exchange-quarterly-review.eml"))
    with store.read() as session:
        Users(session, tenant).settings(USER)
        profile = profile_for(Directory(session, tenant), invite, USER)
    return profile.name


def test_a_message_open_reads_the_directory_in_four_statements_then_two_without_commit(
    store: Store, demo_directory: str
) -> None:
    with counted(store) as first:
        name = _open_message(store, demo_directory)
    with counted(store) as again:
        assert _open_message(store, demo_directory) == name == "Nordvik Logistik AB"
    # Settings with the version and the book; the clients; their keys; the meetings.
    assert first == {"statements": 4, "commits": 0}
    # The same invite again: the candidates come from the cache of this directory version.
    assert again == {"statements": 2, "commits": 0}


@pytest.mark.parametrize("found", [0, 1, 3, 30])
def test_candidates_take_three_statements_however_many_are_found(
    store: Store, tenant: str, found: int
) -> None:
    rows = [
        f"Client {n},key,,,,c{n}.example,buyer@c{n}.example;boss@c{n}.example" for n in range(40)
    ]
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(csv(*rows)), by="t")
    people = [f"eva@sub.c{n}.example" for n in range(found)] + ["nobody@elsewhere.example"]
    with counted(store) as seen, store.read() as session:
        candidates = Directory(session, tenant).candidates(people)
    assert len(candidates) == found
    assert all(len(c.contacts) == 2 and len(c.domains) == 1 for c in candidates)
    # The version (for the cache), the clients, and their domains and contacts together.
    assert seen["statements"] == (3 if found else 2)


def test_a_read_only_session_refuses_to_write(store: Store, tenant: str) -> None:
    with pytest.raises(RuntimeError, match="read-only"), store.read() as session:
        Users(session, tenant).save_settings(USER, Settings(tone="formal"))
    with pytest.raises(RuntimeError, match="read-only"), store.read() as session:
        Directory(session, tenant).add_client("Newco", "key", domain="newco.example", by="t")
    with store.read() as session:
        assert Users(session, tenant).settings(USER) == Settings()
        assert Directory(session, tenant).clients() == []


def _acme_id(store: Store, tenant: str) -> int:
    with store.read() as session:
        [acme] = [c for c in Directory(session, tenant).clients() if c.name == "Acme"]
    assert acme.id is not None
    return acme.id


def _reimport(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,strategic,300,SEK,,acme.example")), by="t"
        )


def _add(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).add_client("Newco", "key", domain="newco.example", by="t")


def _retier(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).change_tier(
            _acme_id(store, tenant), "occasional", expected="key", by="t"
        )


def _undo(store: Store, tenant: str) -> None:
    with store.read() as session:
        [newco] = [c for c in Directory(session, tenant).clients() if c.name == "Newco"]
    assert newco.id is not None
    with store.session() as session:
        Directory(session, tenant).undo_added(newco.id, by="t", now=NOW)


@pytest.mark.parametrize(
    ("before", "change", "seen"),
    [
        (None, _reimport, {"Acme": "strategic", "book": "300"}),
        (None, _add, {"Acme": "key", "Newco": "key", "book": "100"}),
        (None, _retier, {"Acme": "occasional", "book": "100"}),
        (_add, _undo, {"Acme": "key", "book": "100"}),
    ],
)
def test_a_change_is_seen_by_the_very_next_read(
    store: Store,
    tenant: str,
    before: Callable[[Store, str], None] | None,
    change: Callable[[Store, str], None],
    seen: dict[str, str],
) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,100,SEK,,acme.example")), by="t"
        )
    if before is not None:
        with time_of_creation(NOW):
            before(store, tenant)

    def read() -> dict[str, str]:
        with store.read() as session:
            Users(session, tenant).settings(USER)
            directory = Directory(session, tenant)
            found = directory.candidates(["eva@acme.example", "bo@newco.example"])
            book = directory.book_totals()
        return {**{c.name: c.tier for c in found}, "book": str(book.get("SEK", 0))}

    read(), read()  # the cache holds this version's answers
    change(store, tenant)
    assert read() == {k: v if k != "book" else str(Decimal(v)) for k, v in seen.items()}
    assert read() == {k: v if k != "book" else str(Decimal(v)) for k, v in seen.items()}


@contextmanager
def time_of_creation(moment: Any) -> Iterator[None]:
    """Undo is allowed within an hour of creation: create at the tests' clock."""
    import time_machine

    with time_machine.travel(moment, tick=False):
        yield


def test_no_tenant_is_handed_another_tenants_entries(store: Store, tenant: str) -> None:
    other = "other-" + tenant
    for who, row in ((tenant, "Acme,key,100,SEK,,acme.example"),
                     (other, "Acme West,occasional,900,EUR,,acme.example")):  # fmt: skip
        with store.session() as session:
            Directory(session, who).import_records(read_csv(csv(row)), by="t")

    def read(who: str) -> tuple[list[ClientRecord], dict[str | None, Decimal]]:
        with store.read() as session:
            directory = Directory(session, who)
            return directory.candidates(["eva@acme.example"]), directory.book_totals()

    for _ in range(2):  # cold, then from the cache
        mine, my_book = read(tenant)
        theirs, their_book = read(other)
        assert [(c.name, c.tier) for c in mine] == [("Acme", "key")]
        assert [(c.name, c.tier) for c in theirs] == [("Acme West", "occasional")]
        assert (my_book, their_book) == ({"SEK": Decimal(100)}, {"EUR": Decimal(900)})


def test_a_write_session_neither_fills_nor_trusts_the_cache(store: Store, tenant: str) -> None:
    """What a transaction reads after its own write may never be committed."""
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(csv("Acme,key,,,,acme.example")), by="t")
    seen: list[str] = []

    def import_then_fail() -> None:
        with store.session() as session:
            directory = Directory(session, tenant)
            directory.import_records(read_csv(csv("Acme,strategic,,,,acme.example")), by="t")
            seen.extend(c.tier for c in directory.candidates(["eva@acme.example"]))
            raise ZeroDivisionError  # the import is rolled back

    with pytest.raises(ZeroDivisionError):
        import_then_fail()
    assert seen == ["strategic"]
    with store.read() as session:
        assert [c.tier for c in Directory(session, tenant).candidates(["eva@acme.example"])] == [
            "key"
        ]


def _backend_pid(store: Store) -> int:
    with store.read() as session:
        return int(session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(url: str, pid: int) -> None:
    """Drop one connection of ours from the server's side, as a restart or a proxy would."""
    admin = sa.create_engine(url)
    try:
        with admin.connect() as connection:
            assert connection.execute(
                sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}
            ).scalar()
            for _ in range(100):  # until the server has let it go
                gone = connection.execute(
                    sa.text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
                ).scalar()
                if gone:
                    return
                time.sleep(0.05)
    finally:
        admin.dispose()


def test_a_read_on_a_connection_the_server_dropped_is_run_again_on_a_new_one(
    postgres_schema_url: str, tenant: str
) -> None:
    store = Store(postgres_schema_url)
    try:
        with store.session() as session:
            Directory(session, tenant).import_records(
                read_csv(csv("Acme,key,100,SEK,,acme.example")), by="t"
            )
        assert store.engine.pool.checkedin() == 1  # type: ignore[attr-defined]
        pid = _backend_pid(store)
        _terminate(postgres_schema_url, pid)
        with store.read() as session:
            settings = Users(session, tenant).settings(USER)
            found = Directory(session, tenant).candidates(["eva@acme.example"])
        assert settings == Settings() and [c.name for c in found] == ["Acme"]
        assert _backend_pid(store) != pid
    finally:
        store.dispose()


def test_a_session_that_may_write_on_a_dropped_connection_is_busy_then_recovers(
    postgres_schema_url: str, tenant: str
) -> None:
    """Its transaction cannot go on elsewhere: nothing saved, say so, and the next one works."""
    store = Store(postgres_schema_url)
    try:
        store.upgrade()
        _terminate(postgres_schema_url, _backend_pid(store))
        with pytest.raises(BusyError, match="nothing was saved"), store.session() as session:
            Users(session, tenant).save_settings(USER, Settings(tone="formal"))
        with store.session() as session:
            Users(session, tenant).save_settings(USER, Settings(tone="formal"))
        with store.read() as session:
            assert Users(session, tenant).settings(USER).tone == "formal"
    finally:
        store.dispose()


def test_the_cache_is_bounded_and_forgets_the_least_recently_used_first() -> None:
    cache = DirectoryCache(max_entries=2)
    cache.put("a.example", 1, "book", "a1")
    cache.put("b.example", 1, "book", "b1")
    assert cache.get("a.example", 1, "book") == "a1"  # now the most recently used
    cache.put("a.example", 2, "book", "a2")
    assert len(cache) == 2
    assert cache.get("b.example", 1, "book") is None
    assert (cache.get("a.example", 1, "book"), cache.get("a.example", 2, "book")) == ("a1", "a2")


def test_the_latest_version_seen_never_goes_back_and_is_kept_per_tenant_bounded() -> None:
    cache = DirectoryCache(max_entries=2)
    cache.saw("a.example", 3)
    cache.saw("a.example", 2)  # a session that began before the change read the older one
    cache.saw("b.example", 1)
    assert (cache.latest("a.example"), cache.latest("b.example")) == (3, 1)
    cache.saw("c.example", 5)
    assert (cache.latest("a.example"), cache.latest("c.example")) == (None, 5)


def test_what_a_process_foresees_is_the_directory_it_last_read_for_that_tenant(
    store: Store, tenant: str
) -> None:
    """Nothing before the tenant's directory was read; then the client it matched, from the
    cache alone; for another tenant, nothing."""
    invite = read_invite(invite_bytes("exchange-quarterly-review.eml"))
    with store.session() as session:
        rows = csv("Nordvik,strategic,1000,SEK,,nordvik.example,,")
        Directory(session, tenant).import_records(read_csv(rows), by="test")
    assert foreseen_client(store.cache, tenant, invite, USER) is None
    with store.read() as session:
        expected = profile_for(Directory(session, tenant), invite, USER).client_id
    assert expected is not None
    assert foreseen_client(store.cache, tenant, invite, USER) == expected
    assert foreseen_client(store.cache, "other-" + tenant, invite, USER) is None
