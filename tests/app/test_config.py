"""Settings: read from RAINCHECK_* as strings, converted once, refused with one clear line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from addon.app import create_app, load_config
from addon.config import Config
from addon.errors import ConfigError


def test_numeric_looking_values_stay_strings_where_the_setting_is_text() -> None:
    # Flask's from_prefixed_env would make this client id an int; it is an id, not a number.
    config = Config.from_environ(
        {
            "RAINCHECK_MICROSOFT_CLIENT_ID": "0123456789",
            "RAINCHECK_HTTP_TIMEOUT": "2.5",
            "RAINCHECK_PUBLIC_URL": "https://rc.example.com",
        }
    )
    assert config.microsoft_client_id == "0123456789"
    assert config.http_timeout == 2.5


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("GOOGLE_SERVICE_ACCOUNT", "a@x.iam, b@x.iam ,", ("a@x.iam", "b@x.iam")),
        ("MICROSOFT_TENANTS", "t1", ("t1",)),
        ("PUBLIC_URL", "https://rc.example.com/", "https://rc.example.com"),
        ("MAX_CONTENT_LENGTH", "3145728", 3145728),
        ("ENV", "Development", "development"),
        ("TESTING", "yes", True),
        ("TZ", "Europe/Stockholm", "Europe/Stockholm"),
        ("TENANT_LINKS", "ABC-1 = lumen.example, x=y", ("abc-1=lumen.example", "x=y")),
    ],
)
def test_each_setting_is_converted_once(name: str, value: str, expected: Any) -> None:
    config = Config.from_environ({f"RAINCHECK_{name}": value})
    assert getattr(config, name.lower()) == expected


def test_variables_that_are_not_settings_are_left_alone() -> None:
    config = Config.from_environ({"RAINCHECK_TEST_DATABASE_URL": "x", "HOME": "/root"})
    assert config == Config()


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"HTTP_TIMEOUT": "soon"}, "RAINCHECK_HTTP_TIMEOUT=soon: must be a number of seconds"),
        ({"HTTP_TIMEOUT": "0"}, "RAINCHECK_HTTP_TIMEOUT=0: must be a number of seconds"),
        ({"MAX_CONTENT_LENGTH": "-1"}, "RAINCHECK_MAX_CONTENT_LENGTH=-1: must be a positive"),
        ({"PUBLIC_URL": "rc.example.com"}, "RAINCHECK_PUBLIC_URL=rc.example.com: is not an"),
        ({"ENV": "staging"}, "RAINCHECK_ENV=staging: must be production or development"),
        ({"TZ": "Mars/Olympus"}, "RAINCHECK_TZ=Mars/Olympus: is not a time zone"),
        ({"TESTING": "maybe"}, "RAINCHECK_TESTING=maybe: must be true or false"),
        ({"PUBLIC_ULR": "https://x"}, "RAINCHECK_PUBLIC_ULR is not a setting"),
        (
            {"MICROSOFT_CLIENT_ID": "c", "MICROSOFT_CLIENT_SECRET": "s",
             "MICROSOFT_CLIENT_CERTIFICATE": "/c.pem"},
            "are both set",
        ),
        ({"MICROSOFT_CLIENT_SECRET": "s"}, "without RAINCHECK_MICROSOFT_CLIENT_ID"),
        # Office's v1 tokens carry api://HOST/CLIENT_ID: without a host, all would be refused.
        ({"MICROSOFT_CLIENT_ID": "c"}, "MICROSOFT_CLIENT_ID is set without RAINCHECK_PUBLIC_URL"),
        ({"SECRET_KEY": "raincheck-workbench-only"}, "is the workbench's"),
        ({"TENANT_LINKS": "just-one-tenant"}, "RAINCHECK_TENANT_LINKS=just-one-tenant: "),
    ],
)  # fmt: skip
def test_bad_or_contradictory_settings_stop_the_start(values: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        create_app(values)
    assert says in caught.value.message and "\n" not in caught.value.message


def test_development_fills_in_the_stand_ins_but_keeps_what_was_set() -> None:
    config = load_config({"ENV": "development", "PUBLIC_URL": "http://127.0.0.1:8123"})
    assert config.public_url == "http://127.0.0.1:8123"
    assert config.gmail_api_url != Config().gmail_api_url
    assert config.secret_key  # the workbench's own, which only development accepts


def test_a_bad_setting_ends_the_command_line_with_one_line(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAINCHECK_HTTP_TIMEOUT", "forever")
    result = cli("clients", "list")
    assert result.code == 2
    assert result.err == (
        "raincheck: RAINCHECK_HTTP_TIMEOUT=forever: must be a number of seconds above 0 and at "
        "most 600\n"
    )


def test_config_prints_the_effective_settings_with_secrets_hidden(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAINCHECK_MICROSOFT_CLIENT_ID", "app-123")
    monkeypatch.setenv("RAINCHECK_PUBLIC_URL", "https://rc.example.com")
    monkeypatch.setenv("RAINCHECK_MICROSOFT_CLIENT_SECRET", "very-secret-value")
    result = cli("config")
    assert result.code == 0
    lines = dict(
        line.split(None, 1) for line in result.out.splitlines() if line.startswith("RAINCHECK_")
    )
    assert lines["RAINCHECK_MICROSOFT_CLIENT_ID"] == "app-123"
    assert lines["RAINCHECK_MICROSOFT_CLIENT_SECRET"] == "(set, hidden)"
    assert lines["RAINCHECK_HTTP_TIMEOUT"] == "10.0"
    assert lines["RAINCHECK_DATABASE_URL"] == "(not set)"
    assert "very-secret-value" not in result.out
    assert len(lines) == len(list(Config().described()))


def test_a_refused_secret_is_not_repeated() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"MICROSOFT_CLIENT_SECRET": "s3cr3t"})
    assert "s3cr3t" not in caught.value.message


def test_manifests_are_written_below_the_current_directory(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    # The test's current directory is its own folder: never the installed package's.
    result = cli("manifests", "--base-url", "https://rc.example.com")
    assert result.code == 0
    assert (tmp_path / "manifests" / "google" / "deployment.json").is_file()
