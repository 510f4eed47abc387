"""The client directory: CSV in and out, the store on SQLite and PostgreSQL, tenants apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from addon.directory.csvfile import read_csv, write_csv
from addon.directory.models import Base
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Settings, Users
from addon.errors import BusyError, ConfigError, DirectoryError, UsageError
from tests.support.paths import HEAD, SAMPLE_CLIENTS

HEADER = "name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode("utf-8")


def test_csv_rows_become_records_with_lists_split_by_semicolons() -> None:
    [record] = read_csv(csv(
        '"Acme, Inc.",Strategic,"1,200,000.50",sek,AM@Lumen.example,'
        "acme.example; @Acme.se;https://www.acme.io/,Eva@Acme.example;bo@acme.example,Big one"
    ))  # fmt: skip
    assert record.name == "Acme, Inc."
    assert record.tier == "strategic"
    assert record.annual_revenue == Decimal("1200000.50")
    assert record.currency == "SEK"
    assert record.account_manager == "am@lumen.example"
    assert record.domains == ("acme.example", "acme.io", "acme.se")
    assert record.contacts == ("bo@acme.example", "eva@acme.example")


def test_excel_bom_and_missing_optional_columns_are_fine() -> None:
    [record] = read_csv(b"\xef\xbb\xbfname,tier\r\nAcme,key\r\n")
    assert (record.name, record.tier, record.domains) == ("Acme", "key", ())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (csv("Acme,key", "Globex,gold"), "line 3: tier 'gold' is not one of strategic|key|standard|occasional"),
        (csv(",key"), "line 2: the name is empty"),
        (csv("Acme,key,lots"), "line 2: annual_revenue 'lots' is not a number"),
        (csv("Acme,key,-5"), "line 2: annual_revenue '-5' must be a number, zero or more"),
        (csv("Acme,key,,SEKR"), "line 2: currency 'SEKR' is not a three-letter code"),
        (csv("Acme,key,,,not-an-address"), "line 2: account_manager 'not-an-address' is not an email"),
        (csv("Acme,key,,,,acme..example"), "line 2: domain 'acme..example' is not a domain name"),
        (csv("Acme,key,,,,gmail.com"), "line 2: domain gmail.com is a free-mail provider"),
        (csv("Acme,key,,,,,eva@"), "line 2: contact 'eva@' is not an email address"),
        (csv("Acme,key", "", "ACME ,standard"), "line 4: the client 'ACME' is already on line 2"),
        (csv('"Acme\nWest",key', "Globex,gold"), "line 4: tier 'gold'"),  # quoted newline
        (csv("Acme,key,1,SEK,,,,,extra"), "line 2: 9 fields but the header has 8"),
        (b"name,tier,colour\nAcme,key,red\n", "line 1: unknown column 'colour'"),
        (b"name,annual_revenue\nAcme,1\n", "line 1: the column 'tier' is missing"),
        (b"", "the CSV file is empty"),
        (b"name,tier\nCaf\xe9,key\n", "not UTF-8"),
    ],
)  # fmt: skip
def test_a_bad_row_is_reported_with_its_line_number(data: bytes, message: str) -> None:
    with pytest.raises(DirectoryError, match=message.replace("|", r"\|").replace("(", r"\(")):
        read_csv(data)


def test_export_then_import_gives_back_the_same_records() -> None:
    records = read_csv(SAMPLE_CLIENTS.read_bytes())
    assert read_csv(write_csv(records).encode()) == sorted(records, key=lambda r: r.name.casefold())


def test_the_schema_is_created_on_first_use_and_matches_the_models(
    empty_database_url: str,
) -> None:
    store = Store(empty_database_url)
    assert store.revision() is None
    with store.session():
        pass
    assert store.revision() == HEAD
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
    store.dispose()


def test_upgrade_twice_is_harmless(store: Store) -> None:
    assert store.upgrade() == store.upgrade() == HEAD


def test_importing_the_same_file_twice_changes_nothing(store: Store, tenant: str) -> None:
    records = read_csv(SAMPLE_CLIENTS.read_bytes())
    with store.session() as session:
        first = Directory(session, tenant).import_records(records, by="test")
    with store.session() as session:
        second = Directory(session, tenant).import_records(records, by="test")
        exported = write_csv(Directory(session, tenant).clients())
    assert len(first.created) == 12 and not first.updated
    assert second.created == [] and second.updated == [] and len(second.unchanged) == 12
    assert read_csv(exported.encode()) == sorted(records, key=lambda r: r.name.casefold())


def test_reimport_updates_changed_clients_and_their_domains(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,,,,a.example;b.example")), by="test"
        )
    with store.session() as session:
        report = Directory(session, tenant).import_records(
            read_csv(csv("Acme,strategic,,,,b.example;c.example")), by="test"
        )
        [acme] = Directory(session, tenant).clients()
    assert report.updated == ["Acme"]
    assert (acme.tier, acme.domains) == ("strategic", ("b.example", "c.example"))


def test_a_failed_import_leaves_the_directory_as_it_was(store: Store, tenant: str) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(read_csv(csv("Acme,key")), by="test")
    with pytest.raises(DirectoryError):
        _import_in_one_go(store, tenant, csv("Acme,strategic", "Globex,gold"))
    with store.session() as session:
        assert [(c.name, c.tier) for c in Directory(session, tenant).clients()] == [("Acme", "key")]


def test_tenants_never_see_each_others_clients(store: Store, tenant: str) -> None:
    other = "other-" + tenant
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,100,SEK,,acme.example")), by="test"
        )
        Directory(session, other).import_records(
            read_csv(csv("Acme,occasional,900,SEK,,acme.example")), by="test"
        )
    with store.session() as session:
        mine = Directory(session, tenant)
        assert [c.tier for c in mine.candidates(["eva@acme.example"])] == ["key"]
        assert mine.book_totals() == {"SEK": Decimal(100)}
        assert [c.tier for c in Directory(session, other).clients()] == ["occasional"]


def test_candidates_are_found_by_contact_and_by_parent_domain(store: Store, tenant: str) -> None:
    with store.session() as session:
        directory = Directory(session, tenant)
        directory.import_records(read_csv(csv(
            "Acme,key,,,,acme.example", "Bakery,occasional,,,,,olle@gmail.com", "Other,key,,,,other.example"
        )), by="test")  # fmt: skip
        found = directory.candidates(["eva@eu.acme.example", "olle@gmail.com", "x@gmail.com"])
    assert [c.name for c in found] == ["Acme", "Bakery"]


def test_shared_domains_are_warned_about_on_import(store: Store, tenant: str) -> None:
    with store.session() as session:
        report = Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,,,,acme.example", "Twin,key,,,,acme.example")), by="test"
        )
    assert report.warnings == [
        "the domain acme.example belongs to several clients; meetings with it stay unknown "
        "until only one has it"
    ]


def test_meetings_are_counted_per_client_within_the_window(store: Store, tenant: str) -> None:
    start = dt.datetime(2026, 12, 3, 13, tzinfo=dt.UTC)
    with store.session() as session:
        directory = Directory(session, tenant)
        directory.import_records(read_csv(csv("Acme,key,,,,acme.example")), by="test")
        [acme] = directory.clients()
        assert acme.id is not None
        for days, uid in ((0, "a"), (10, "b"), (89, "c"), (120, "d"), (10, "b")):
            directory.record_meeting(acme.id, uid, start - dt.timedelta(days=days))
        count = directory.meetings_between(acme.id, start - dt.timedelta(days=90), start)
    assert count == 3
    with store.engine.connect() as connection:
        uids = connection.execute(sa.text("SELECT uid_hash FROM meetings")).scalars().all()
    assert "a" not in uids and all(len(u) == 64 for u in uids), "UIDs are stored only as hashes"


def test_the_one_click_tier_creates_an_unknown_client_with_its_domain(
    store: Store, tenant: str
) -> None:
    with store.session() as session:
        Directory(session, tenant).add_client("Newco", "key", domain="newco.example", by="test")
    with store.session() as session:
        [newco] = Directory(session, tenant).clients()
    assert (newco.name, newco.tier, newco.domains) == ("Newco", "key", ("newco.example",))


@pytest.mark.parametrize("url", ["nonsense", "mysql+nosuchdriver://x/y"])
def test_a_bad_database_url_is_a_clear_configuration_error(url: str) -> None:
    with pytest.raises(ConfigError, match="RAINCHECK_DATABASE_URL"):
        Store(url)


def test_an_unreachable_database_is_busy_not_broken(tmp_path: Path) -> None:
    """A database that cannot be opened now may be there in a moment: the error says which one
    and is the kind a request answers with Try again."""
    store = Store(f"sqlite:///{tmp_path}/missing-folder/x.sqlite3")
    with pytest.raises(BusyError, match="cannot open the database"):
        store.upgrade()


def _import_in_one_go(store: Store, tenant: str, data: bytes) -> None:
    """What ``raincheck clients import`` does: read the whole file, then store it."""
    records = read_csv(data)
    with store.session() as session:
        Directory(session, tenant).import_records(records, by="test")


def test_user_settings_are_per_user_and_checked(store: Store, tenant: str) -> None:
    with store.session() as session:
        users = Users(session, tenant)
        assert users.settings("anna@lumen.example") == Settings()
        users.save_settings("Anna@Lumen.example", Settings(locale="sv", tone="formal",
                                                           default_minutes=20, signature="Anna"))  # fmt: skip
    with store.session() as session:
        users = Users(session, tenant)
        assert users.settings("anna@lumen.example").locale == "sv"
        assert users.settings("david@lumen.example") == Settings()
        assert Users(session, "other-" + tenant).settings("anna@lumen.example") == Settings()
        with pytest.raises(UsageError, match="tone"):
            users.save_settings("anna@lumen.example", Settings(tone="grumpy"))
        with pytest.raises(UsageError, match="5 to 240"):
            users.save_settings("anna@lumen.example", Settings(default_minutes=500))


def test_a_changed_mind_replaces_the_decision_for_that_meeting(store: Store, tenant: str) -> None:
    at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    with store.session() as session:
        users = Users(session, tenant)
        users.log_decision("anna@lumen.example", meeting_key="uid-1", strategy="shorter",
                           minutes_saved=60, client_id=None, at=at)  # fmt: skip
        users.log_decision("anna@lumen.example", meeting_key="uid-1", strategy="email",
                           minutes_saved=90, client_id=None, at=at)  # fmt: skip
        users.log_decision("anna@lumen.example", meeting_key="uid-2", strategy="phone",
                           minutes_saved=0, client_id=None, at=at - dt.timedelta(days=40))  # fmt: skip
        december = users.saved_between("anna@lumen.example", at.replace(day=1), at.replace(day=31))
        everyone_else = users.saved_between("david@lumen.example", at.replace(day=1), at)
    assert (december.minutes, december.decisions) == (90, 1)
    assert (everyone_else.minutes, everyone_else.decisions) == (0, 0)


@pytest.mark.parametrize(
    ("name", "domain", "contact", "refused"),
    [
        # A name or a key the directory already knows: nothing changes, and the user is told.
        ("Nordvik Logistik AB", "newco.example", None, "a client named Nordvik Logistik AB already exists"),
        ("nordvik  logistik ab", "newco.example", None, "already exists"),
        ("Newco", "nordvik.example", None, "nordvik.example already belongs to Nordvik Logistik AB"),
        ("Newco", "NORDVIK.example", None, "already belongs to Nordvik Logistik AB"),
        ("Newco", None, "olle.ostlund@gmail.com", "already belongs to Östlunds Bageri"),
    ],
)  # fmt: skip
def test_the_one_click_tier_never_changes_an_existing_client(
    store: Store,
    demo_directory: str,
    name: str,
    domain: str | None,
    contact: str | None,
    refused: str,
) -> None:
    with store.session() as session:
        before = Directory(session, demo_directory).clients()
    with store.session() as session, pytest.raises(DirectoryError, match=refused):
        Directory(session, demo_directory).add_client(
            name, "occasional", domain=domain, contact=contact, by="test"
        )
    with store.session() as session:
        assert Directory(session, demo_directory).clients() == before


def test_the_book_is_kept_by_each_import_and_read_without_summing_the_clients(
    store: Store, tenant: str
) -> None:
    with store.session() as session:
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,100,SEK,,acme.example", "Globex,key,50.5,EUR,,globex.example")),
            by="test",
        )
    with store.session() as session:
        # Behind the directory's back: a reader that summed the clients would see this.
        session.execute(
            sa.text("UPDATE clients SET annual_revenue_cents = 1 WHERE tenant = :t"), {"t": tenant}
        )
    with store.session() as session:
        kept = Directory(session, tenant).book_totals()
        assert kept == {"SEK": Decimal(100), "EUR": Decimal("50.5")}
        Directory(session, tenant).import_records(
            read_csv(csv("Acme,key,300,SEK,,acme.example")), by="test"
        )
    with store.session() as session:
        # The next import moves the book by its own change (Acme's stored 0.01 out, 300 in),
        # never by a sum over the tenant: what changed behind its back stays unseen.
        assert Directory(session, tenant).book_totals() == {"SEK": Decimal("399.99"),
                                                            "EUR": Decimal("50.5")}  # fmt: skip


def test_the_store_knows_the_newest_migration_without_asking_alembic() -> None:
    from addon.directory.store import SCHEMA_HEAD

    assert SCHEMA_HEAD == HEAD  # a new migration moves both
