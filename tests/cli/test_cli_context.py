"""``raincheck triage`` builds only the settings and the store, without the app: the same
database as the app (Flask's instance folder by default, RAINCHECK_INSTANCE_PATH or
RAINCHECK_DATABASE_URL), and the same one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from addon import storage
from addon.app import create_app
from addon.config import Config, default_instance_path
from addon.errors import ConfigError
from tests.conftest import Result
from tests.support.paths import INVITES

Cli = Callable[..., Result]
RENEWAL = str(INVITES / "teams-renewal.eml")


def test_the_default_instance_folder_is_flasks(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert default_instance_path() == app.instance_path


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"INSTANCE_PATH": "{tmp}/instance"},
        {"DATABASE_URL": "sqlite:///{tmp}/elsewhere.sqlite3"},
        {"INSTANCE_PATH": "{tmp}/instance", "DATABASE_URL": "sqlite:///{tmp}/elsewhere.sqlite3"},
    ],
    ids=["defaults", "instance-path", "database-url", "both"],
)
def test_the_command_line_opens_the_apps_database(tmp_path: Path, settings: dict[str, str]) -> None:
    values = {"TESTING": True, **{k: v.format(tmp=tmp_path) for k, v in settings.items()}}
    app_store = storage.store(create_app(values))
    cli_store = storage.open_store(Config.from_mapping(values))
    try:
        assert cli_store.url == app_store.url
    finally:
        cli_store.dispose()
        app_store.dispose()


@pytest.mark.parametrize(
    ("variable", "value", "line"),
    [
        ("DATABASE_URL", "foo://", "RAINCHECK_DATABASE_URL is not a usable database URL (Can't "
         "load plugin: sqlalchemy.dialects:foo)"),
        ("DATABASE_URL", "sqlite:////nonexistent/dir/x.sqlite3", "cannot open the database "
         "sqlite:////nonexistent/dir/x.sqlite3: unable to open database file"),
        ("DATABASE_TIMEOUT", "x", "RAINCHECK_DATABASE_TIMEOUT=x: must be a number of seconds "
         "above 0 and at most 600"),
        ("MICROSOFT_CLIENT_SECRET", "s", "a Microsoft client credential is set without "
         "RAINCHECK_MICROSOFT_CLIENT_ID"),
        ("TZ", "Mars/Base", "RAINCHECK_TZ=Mars/Base: is not a time zone name like "
         "Europe/Stockholm"),
        ("ME", "bad", "RAINCHECK_ME=bad: is not an email address like anna@example.com"),
        ("ENV", "staging", "RAINCHECK_ENV=staging: must be production or development"),
        ("MAX_CONTENT_LENGTH", "10", "RAINCHECK_MAX_CONTENT_LENGTH=10: must be at least 1,660,248 "
         "bytes: an invite of up to 1 MiB (1,048,576 bytes) travels base64 in Outlook's request"),
        ("INSTANCE_PATH", "/proc/no/such", "No such file or directory: /proc/no"),
        # Flask refused a relative folder with "unexpected ValueError"; now the setting says so.
        ("INSTANCE_PATH", "relative/folder", "RAINCHECK_INSTANCE_PATH=relative/folder: must be "
         "an absolute path"),
    ],
)  # fmt: skip
def test_a_setting_that_cannot_be_used_gives_its_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, line: str
) -> None:
    monkeypatch.setenv(f"RAINCHECK_{variable}", value)
    result = cli("triage", RENEWAL)
    assert (result.code, result.out, result.err) == (2, "", f"raincheck: {line}\n")


def test_a_microsoft_certificate_that_is_missing_does_not_stop_triage(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Triage calls neither Google nor Microsoft: what only the hosts use is not its to check
    (``raincheck doctor`` and the service's start say it)."""
    monkeypatch.setenv("RAINCHECK_MICROSOFT_CLIENT_ID", "abc")
    monkeypatch.setenv("RAINCHECK_PUBLIC_URL", "https://raincheck.example")
    monkeypatch.setenv("RAINCHECK_MICROSOFT_CLIENT_CERTIFICATE", "/nonexistent.pem")
    result = cli("triage", RENEWAL, "--locale", "en")
    assert (result.code, result.err) == (0, "")
    assert "Hi Karin," in result.out


def test_the_service_refuses_a_relative_instance_folder_in_the_same_words() -> None:
    with pytest.raises(ConfigError) as refused:
        create_app({"TESTING": True, "INSTANCE_PATH": "relative/folder"})
    assert (
        refused.value.message == "RAINCHECK_INSTANCE_PATH=relative/folder: must be an absolute path"
    )
