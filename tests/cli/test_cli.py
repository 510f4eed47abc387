"""The raincheck command line, as a user runs it."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
import time_machine

from tests.conftest import Result
from tests.support.paths import HEAD, INVITES, SAMPLE_CLIENTS

Cli = Callable[..., Result]
REVIEW = str(INVITES / "exchange-quarterly-review.eml")
PITCH = str(INVITES / "google-pitch.eml")


def test_triage_json_has_the_documented_shape(cli: Cli) -> None:
    assert cli("clients", "import", str(SAMPLE_CLIENTS)).code == 0
    result = cli("triage", REVIEW, "--me", "anna@lumen.example", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) >= {"invite", "client", "strategies", "reply", "briefing"}
    assert set(data["invite"]) >= {
        "uid", "summary", "organizer", "attendees", "start", "end", "all_day",
        "duration_minutes", "location", "online_url", "in_person", "serious", "method", "sequence",
    }  # fmt: skip
    assert data["invite"]["start"] == "2026-12-03T14:00:00+01:00"
    assert data["invite"]["organizer"] == {"email": "eva.lind@nordvik.example", "name": "Eva Lind"}
    assert data["client"] == {
        "name": "Nordvik Logistik AB", "tier": "strategic", "weight": "high",
        "revenue_share": 0.24, "account_manager": "anna@lumen.example", "matched_by": "domain",
        "meetings_90d": 0, "ambiguous": [],
        "reasons": ["Strategic client", "24% of revenue", "0 meetings in 90 days",
                    "Matched by the domain nordvik.example", "Account manager: anna@lumen.example"],
    }  # fmt: skip
    assert [s["id"] for s in data["strategies"]] == ["keep", "phone", "shorter"]
    assert [s["rank"] for s in data["strategies"]] == [1, 2, 3]
    assert all(s["why"] for s in data["strategies"])
    reply = data["reply"]
    assert reply["strategy"] == "phone"  # the best offered strategy other than keep
    assert reply["to"] == ["eva.lind@nordvik.example"]
    assert reply["subject"] == "Re: Quarterly account review"
    assert "METHOD:COUNTER" in reply["ics"]
    assert reply["html"].startswith("<div")
    assert data["briefing"] is None


def test_triage_reads_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    assert cli("clients", "import", str(SAMPLE_CLIENTS)).code == 0
    database = tmp_path / "instance" / "raincheck.sqlite3"

    def dump() -> list[str]:
        # Every row, not the file's bytes: in WAL mode a checkpoint moves pages without a write.
        with closing(sqlite3.connect(database)) as connection:
            return list(connection.iterdump())

    before = dump()
    for _ in range(2):
        assert cli("triage", REVIEW, "--json").code == 0
        assert cli("triage", REVIEW, "--strategy", "shorter", "--locale", "sv").code == 0
    assert dump() == before


def test_importing_a_directory_changes_the_classification(cli: Cli) -> None:
    before = json.loads(cli("triage", REVIEW, "--json").out)
    assert before["client"]["name"] is None
    assert (before["client"]["tier"], before["client"]["weight"]) == ("unknown", "unknown")
    assert before["client"]["matched_by"] == "none"
    assert cli("clients", "import", str(SAMPLE_CLIENTS)).out.startswith("imported 12 clients")
    after = json.loads(cli("triage", REVIEW, "--json").out)
    assert (after["client"]["tier"], after["client"]["weight"]) == ("strategic", "high")
    assert after["strategies"][0]["id"] == "keep"


def test_delegate_writes_the_briefing_too(cli: Cli) -> None:
    cli("clients", "import", str(SAMPLE_CLIENTS))
    result = cli(
        "triage", PITCH, "--me", "david@lumen.example", "--reason", "colleague_covers",
        "--brief", "status=Concepts ready", "--brief", "points=Lead with B", "--json",
    )  # fmt: skip
    data = json.loads(result.out)
    assert data["strategies"][0]["id"] == "delegate"
    # Anna organised the pitch: the briefing to her is the one email, with the calendar answer.
    assert data["reply"] is None
    assert data["briefing"]["to"] == ["anna@lumen.example"]
    assert data["briefing"]["ics_method"] == "REPLY"
    assert "Concepts ready" in data["briefing"]["text"]
    assert "Lead with B" in data["briefing"]["text"]


@pytest.mark.parametrize(("locale", "phrase"), [
    # Nordvik weighs high: the trip is not given as the reason.
    ("en", "Would a quick call at the same time work for you instead?"),
    ("sv", "Skulle ett kort samtal på samma tid passa i stället?"),
])  # fmt: skip
def test_triage_prints_a_readable_summary_in_either_language(
    cli: Cli, locale: str, phrase: str
) -> None:
    cli("clients", "import", str(SAMPLE_CLIENTS))
    result = cli("triage", REVIEW, "--locale", locale, "--strategy", "phone",
                 "--tz", "Europe/Stockholm")  # fmt: skip
    assert result.code == 0
    assert phrase in " ".join(result.out.split())
    assert "Nordvik Logistik AB" in result.out


def test_triage_reads_standard_input(cli: Cli) -> None:
    result = cli("triage", "-", "--json", stdin=Path(REVIEW).read_bytes())
    assert json.loads(result.out)["invite"]["summary"] == "Quarterly account review"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["triage", str(INVITES / "no-invite.eml")], "no calendar part"),
        (["triage", str(INVITES / "broken-impossible-date.ics")], "impossible date"),
        (["triage", "/nonexistent/invite.ics"], "No such file or directory"),
        (["triage", REVIEW, "--reason", "bored"], "'bored' is not one of"),
        (["triage", REVIEW, "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["triage", REVIEW, "--locale", "fr"], "locale 'fr' is not supported"),
        (["triage", REVIEW, "--minutes", "2"], "--minutes"),
        (
            ["triage", str(INVITES / "teams-renewal.eml"), "--strategy", "email", "--locale", "en"],
            "'email' is not offered for this meeting: The topic looks serious (contract, renewal)",
        ),
        (  # a Swedish invite, no language asked for: the whole answer is in Swedish
            ["triage", str(INVITES / "teams-renewal.eml"), "--strategy", "email"],
            "'email' erbjuds inte för det här mötet: Ämnet verkar allvarligt (avtal, förnyelse)",
        ),
        (["triage", REVIEW, "--brief", "mood=great"], "--brief takes FIELD=TEXT"),
        (["triage", str(INVITES / "cancel.ics")], "cancellation"),
        (["triage", str(INVITES / "zoom-status.ics")], "give your address with --me"),
        (["triage", REVIEW, "--me", "eva.lind@nordvik.example"], "you are the organizer"),
        (["clients", "import", str(INVITES / "cancel.ics")], "line 1: unknown column"),
        (["nonsense"], "No such command"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("raincheck: ") and result.err.count("\n") == 1
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_strategy_that_is_not_offered_says_why(cli: Cli) -> None:
    cli("clients", "import", str(SAMPLE_CLIENTS))
    result = cli("triage", REVIEW, "--me", "anna@lumen.example", "--strategy", "delegate")
    assert result.err == (
        "raincheck: 'delegate' is not offered for this meeting: You are the client's account "
        "manager: there is nobody to hand it to\n"
    )


def test_clients_export_and_list(cli: Cli) -> None:
    cli("clients", "import", str(SAMPLE_CLIENTS))
    exported = cli("clients", "export").out
    assert exported.splitlines()[0] == (
        "name,tier,annual_revenue,currency,account_manager,domains,contacts,notes"
    )
    assert (
        "Nordvik Logistik AB,strategic,2400000,SEK,anna@lumen.example,nordvik.example" in exported
    )
    listing = cli("clients", "list").out
    assert "Solberg Energi" in listing and "high" in listing and "15%" in listing
    assert (
        cli("clients", "list", "--tenant", "elsewhere").out
        == "no clients in tenant 'elsewhere'; this database has clients in 'local' (12): choose "
        "one with --tenant\n"
    )


def test_the_same_import_twice_reports_nothing_changed(cli: Cli) -> None:
    cli("clients", "import", str(SAMPLE_CLIENTS))
    assert cli("clients", "import", str(SAMPLE_CLIENTS)).out == (
        "imported 12 clients: 0 created, 0 updated, 12 unchanged\n"
    )


def test_clients_history_shows_who_changed_what_from_what(cli: Cli, tmp_path: Path) -> None:
    cli("clients", "import", str(SAMPLE_CLIENTS))
    changed = SAMPLE_CLIENTS.read_text().replace(
        "Nordvik Logistik AB,strategic,2400000", "Nordvik Logistik AB,key,2500000"
    )
    (tmp_path / "changed.csv").write_text(changed)
    cli("clients", "import", "changed.csv")
    lines = cli("clients", "history", "--client", "nordvik logistik ab").out.splitlines()
    assert len(lines) == 2 and "created Nordvik Logistik AB: name: Nordvik" in lines[0]
    assert lines[1].endswith(
        "updated Nordvik Logistik AB: tier: strategic -> key; "
        "annual_revenue: 2400000.00 -> 2500000.00"
    )
    assert "(command line)" in lines[1] or "@" in lines[1]
    [last] = [json.loads(x) for x in cli("clients", "history", "--json").out.splitlines()][-1:]
    assert last["before"] == {"tier": "strategic", "annual_revenue": "2400000.00"}
    assert cli("clients", "history", "--tenant", "elsewhere").out == "no changes recorded\n"


def test_db_upgrade_reports_the_revision(cli: Cli) -> None:
    result = cli("db", "upgrade")
    assert result.code == 0 and result.out.startswith(f"database at revision {HEAD} (sqlite:///")


def test_demo_triages_the_bundled_samples_in_every_language(cli: Cli) -> None:
    from addon.i18n import LANGS

    result = cli("demo")
    assert result.code == 0, result.err
    assert result.out.count("=== ") == 4 * len(LANGS)
    assert "Hej Eva!" in result.out and "Hi Eva," in result.out


def test_the_installed_command_runs_and_fails_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path)
    command = Path(sys.executable).with_name("raincheck")
    ok = subprocess.run(
        [command, "triage", REVIEW, "--json"], env=env, capture_output=True, check=False
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["invite"]["sequence"] == 2
    bad = subprocess.run([command, "triage", str(INVITES / "no-invite.eml")], env=env,
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "raincheck: no calendar part: this email carries no invite\n"


def test_several_files_give_one_json_line_each_and_one_stderr_line_per_refusal(cli: Cli) -> None:
    good = [REVIEW, str(INVITES / "mozilla-floating-end.ics")]
    bad = str(INVITES / "broken-no-dtstart.ics")
    result = cli("triage", good[0], bad, good[1], "--json", "--me", "anna@lumen.example")
    assert result.code == 2
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["file"] for line in lines] == good
    assert lines[1]["invite"]["timezone"] == "US-Eastern"
    assert lines[1]["invite"]["duration_minutes"] == 30
    assert result.err == f"raincheck: {bad}: the invite has no start time (DTSTART)\n"


def test_the_installed_command_prints_nothing_on_stderr_for_a_guessed_zone(tmp_path: Path) -> None:
    """icalendar's GloballyUniqueTZIDGuessed warning becomes a warning of the invite's, in the
    JSON: a real process, where Python would print it to stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAINCHECK_")}
    env["RAINCHECK_INSTANCE_PATH"] = str(tmp_path)
    command = Path(sys.executable).with_name("raincheck")
    fixture = str(INVITES / "globally-unique-tzid.ics")
    ok = subprocess.run([command, "triage", fixture, "--json", "--me", "anna@lumen.example"],
                        env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert (ok.returncode, ok.stderr) == (0, "")
    invite = json.loads(ok.stdout)["invite"]
    assert invite["timezone"] == "Europe/Berlin"
    assert any("read as Europe/Berlin" in w for w in invite["warnings"])


@pytest.mark.parametrize(
    ("fixture", "args", "greeting"),
    [
        ("teams-renewal.eml", [], "Hej Karin!"),  # a Swedish invite gets a Swedish reply
        ("teams-renewal.eml", ["--locale", "en"], "Hi Karin,"),  # unless the user says otherwise
        ("exchange-quarterly-review.eml", [], "Hi Eva,"),
        ("exchange-quarterly-review.eml", ["--locale", "sv"], "Hej Eva!"),
    ],
)
def test_the_reply_is_in_the_invites_language_unless_the_user_chooses(
    cli: Cli, fixture: str, args: list[str], greeting: str
) -> None:
    result = cli("triage", str(INVITES / fixture), "--me", "david@lumen.example",
                 "--strategy", "shorter", "--json", *args)  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(result.out)["reply"]["text"].startswith(greeting)


def test_the_plain_summary_is_entirely_in_the_chosen_language(cli: Cli) -> None:
    assert cli("clients", "import", str(SAMPLE_CLIENTS)).code == 0
    result = cli("triage", str(INVITES / "teams-renewal.eml"), "--me", "david@lumen.example",
                 "--reason", "ill", "--locale", "sv", "--tz", "Europe/Stockholm")  # fmt: skip
    assert result.code == 0, result.err
    for english in ("You (", "reason:", "(not offered)", "Reply (", "To:", "Subject:",
                    "calendar part", "in person", "serious:", "Attend as planned"):  # fmt: skip
        assert english not in result.out
    for swedish in ("Du (david@lumen.example), skäl: Jag är sjuk", "(erbjuds inte)",
                    "Svar: Flytta det till en annan tid",
                    "tisdag den 15 december 2026, 10.00–11.00", "Gå bara om du mår tillräckligt bra."):  # fmt: skip
        assert swedish in result.out


def test_plain_output_and_error_lines_carry_no_terminal_escapes(cli: Cli, tmp_path: Path) -> None:
    invite = (INVITES / "floating.ics").read_text()
    hostile = re.sub(r"SUMMARY:[^\r\n]*", "SUMMARY:Plan\x1b]0;pwned\x07 \x1b[2Jnow", invite)
    (tmp_path / "hostile.ics").write_text(hostile)
    result = cli("triage", "hostile.ics")
    assert result.code == 0 and "Plan" in result.out
    assert "\x1b" not in result.out and "\x07" not in result.out
    missing = cli("triage", "\x1b[31mred.ics")
    assert missing.code == 2 and "\x1b" not in missing.err and "red.ics" in missing.err


def test_the_command_line_reads_no_more_than_an_invite_may_be(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "huge.ics").write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024))
    result = cli("triage", "huge.ics")
    assert result.code == 2
    assert result.err == (
        "raincheck: huge.ics is too large: an invite may be at most 1 MiB (1,048,576 bytes)\n"
    )


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("triage", REVIEW, "--me", "anna"), {}, "--me must be an email address"),
        (("triage", REVIEW), {"RAINCHECK_ME": "anna at lumen"}, "RAINCHECK_ME"),
        (("serve", "--host", "0.0.0.0"), {"RAINCHECK_ENV": "development"}, "this machine only"),
        (("serve", "--host", "no-such-host.invalid"),
         {"RAINCHECK_PUBLIC_URL": "https://rc.example.com"}, "cannot listen on no-such-host"),
        (("serve",), {}, "RAINCHECK_PUBLIC_URL is unset"),
        (("clients", "list"), {"RAINCHECK_DATABASE_URL": "mysql+nosuchdriver://x/y"},
         "RAINCHECK_DATABASE_URL"),
        (("clients", "import", "nul.csv"), {}, "line 2: the notes holds a NUL character"),
    ],
    ids=["me-not-an-address", "env-me-not-an-address", "dev-serve-off-loopback", "bad-host",
         "production-serve-without-public-url",
         "missing-driver", "nul-in-csv"],
)  # fmt: skip
def test_every_failure_is_exit_2_with_one_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...], env: dict[str, str], says: str,
) -> None:  # fmt: skip
    (tmp_path / "nul.csv").write_bytes(b"name,tier,notes\nAcme,key,bad\x00note\n")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli(*args)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and result.err.startswith("raincheck: ")
    assert says in result.err


def test_doctor_says_what_google_and_microsoft_must_match_and_what_is_missing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = cli("doctor")
    assert missing.code == 2
    assert "problem: RAINCHECK_GOOGLE_OAUTH_CLIENT_ID is unset: take oauthClientId from" in (
        missing.err
    )
    for name, value in {
        "PUBLIC_URL": "https://rc.example.com",
        "GOOGLE_SERVICE_ACCOUNT": "service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
        "GOOGLE_OAUTH_CLIENT_ID": "123.apps.googleusercontent.com",
        "MICROSOFT_CLIENT_ID": "11111111-1111-1111-1111-111111111111",
    }.items():
        monkeypatch.setenv(f"RAINCHECK_{name}", value)
    result = cli("doctor")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert (
        "  APIs to enable: gsuiteaddons.googleapis.com, gmail.googleapis.com, calendar-json.googleapis.com"
        in lines
    )
    assert "  endpoint and system token audience: https://rc.example.com/calendar/event" in lines
    assert any("api://rc.example.com/11111111-1111-1111-1111-111111111111" in x for x in lines)
    assert "  Calendar event access: METADATA (the event itself read with events.readonly)" in lines
    assert any(x.startswith("  links the cards may open:") and "Zoom" in x for x in lines)
    assert (
        "  app registration, single-page application redirect URIs, in this order: "
        "https://rc.example.com/outlook/signin (the sign-in window where Office cannot sign "
        "in), brk-multihub://rc.example.com (nested app authentication)"
    ) in lines
    assert (
        "  admin consent: https://login.microsoftonline.com/TENANT_ID/adminconsent?client_id="
        "11111111-1111-1111-1111-111111111111"
    ) in lines
    assert lines[-1] == "ok: nothing missing"
    # The audience can be another address than the public one, when Google calls it there.
    monkeypatch.setenv("RAINCHECK_GOOGLE_AUDIENCE_URL", "https://internal.example.com")
    moved = cli("doctor").out
    assert "audience: https://internal.example.com/gmail/message" in moved
    # Google and Microsoft call add-ons over HTTPS only; an id URI on another host fails SSO.
    monkeypatch.setenv("RAINCHECK_PUBLIC_URL", "http://localhost:8000")
    monkeypatch.setenv("RAINCHECK_MICROSOFT_APP_ID_URI", "api://other.example.com/1111")
    plain = cli("doctor")
    assert plain.code == 2
    assert "problem: RAINCHECK_PUBLIC_URL http://localhost:8000 is not https" in plain.err
    assert "names other.example.com, but the pane is served from localhost:8000" in plain.err


def test_ahead_moves_a_past_example_by_whole_weeks_to_still_come(cli: Cli) -> None:
    # The README's example is a fixture with a date: once it has passed, --ahead still shows
    # the advice, on the same weekday and time.
    args = ("triage", REVIEW, "--json", "--tz", "Europe/Stockholm")
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=dt.UTC), tick=False):
        past = json.loads(cli(*args).out)
        ahead = json.loads(cli(*args, "--ahead").out)
    assert past["strategies"] == []
    assert ahead["invite"]["start"] == "2027-01-21T14:00:00+01:00"  # a Thursday, as written
    assert ahead["strategies"]


def test_an_empty_directory_says_which_tenants_have_clients(cli: Cli) -> None:
    # The workbench keeps its directory in its own tenant: a new user exporting the default
    # one got a header and nothing else.
    assert cli("clients", "import", str(SAMPLE_CLIENTS), "--tenant", "lumen.example").code == 0
    exported = cli("clients", "export")
    assert exported.out.count("\n") == 1  # the header: still a CSV an import reads
    assert "no clients in tenant 'local'" in exported.err
    assert "'lumen.example' (12): choose one with --tenant" in exported.err
    listed = cli("clients", "list")
    assert "'lumen.example' (12)" in listed.out


@pytest.mark.parametrize(
    ("locale", "says"),
    [
        ("de", "raincheck: Diese Nachricht enthält keine Termineinladung. (no calendar part: "),
        ("nb", "raincheck: Meldingen inneholder ingen møteinvitasjon. (no calendar part: "),
        ("en", "raincheck: no calendar part: this email carries no invite\n"),
    ],
)
def test_a_refused_invite_is_said_in_the_language_asked_for(
    cli: Cli, locale: str, says: str
) -> None:
    result = cli("triage", str(INVITES / "no-invite.eml"), "--locale", locale)
    assert result.code == 2 and result.err.startswith(says)
