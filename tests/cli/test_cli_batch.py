"""``raincheck triage`` over many files: every file gets its own result or its own one-line
error naming it, whatever happens with any other; a bug met by one file is reported for that
file (exit 2 at the end), never a crash of the batch."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

import icalendar
import pytest

from tests.conftest import Result
from tests.support.paths import INVITES

Cli = Callable[..., Result]
ME = "anna@lumen.example"
SERIES = "tuesday-series.ics"
REVIEW = "exchange-quarterly-review.eml"


@pytest.mark.parametrize(
    ("files", "read", "errors"),
    [
        # The rule that crashed the writer ("unexpected ValueError: Expected frequency") is
        # refused for its own file; the series before and after it are answered.
        ([SERIES, "kinds-bad-rule-until.ics", REVIEW], [SERIES, REVIEW],
         {"kinds-bad-rule-until.ics": "the series' rule cannot be read (RRULE:FREQ=WEEKLY;"
                                      "UNTIL=29/06/2027;BYDAY=TU): Raincheck cannot answer about "
                                      "the whole series"}),
        # What is not an invitation is named, and nothing is drafted for it.
        (["kinds-holiday-feed.ics", SERIES, "kinds-lone-event.ics"], [SERIES],
         {"kinds-holiday-feed.ics": "a calendar of 3 events, not an invitation: there is "
                                    "nothing to answer",
          "kinds-lone-event.ics": "an event that names no organizer and no attendees, not an "
                                  "invitation: there is nobody to answer"}),
        (["people-no-organizer-address.ics", "people-quoted-mailto.ics"],
         ["people-quoted-mailto.ics"],
         {"people-no-organizer-address.ics": "the invite gives no address for its organizer: "
                                             "there is nobody to answer"}),
        # A cancelled meeting is a result (said cancelled, nothing to send), not an error.
        (["kinds-cancelled-status.ics", SERIES], ["kinds-cancelled-status.ics", SERIES], {}),
        (["no-such-file.ics", SERIES], [SERIES], {"no-such-file.ics": "no-such-file.ics"}),
    ],
    ids=["bad-rule", "not-invitations", "no-organizer", "cancelled", "missing-file"],
)  # fmt: skip
def test_every_file_gets_its_result_or_its_own_line(
    cli: Cli, files: list[str], read: list[str], errors: dict[str, str]
) -> None:
    paths = [str(INVITES / f) for f in files]
    result = cli("triage", *paths, "--json", "--me", ME, "--scope", "series")
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["file"] for line in lines] == [str(INVITES / f) for f in read]
    assert all(line["reply"] is None or line["reply"]["to"] for line in lines)
    told = result.err.splitlines()
    assert len(told) == len(errors), result.err
    for said, (name, what) in zip(told, errors.items(), strict=True):
        assert said.startswith(f"raincheck: {INVITES / name}: ")
        assert what in said
    assert result.code == (2 if errors else 0)


def test_a_cancelled_meeting_prints_that_it_is_cancelled_and_no_reply(cli: Cli) -> None:
    result = cli("triage", str(INVITES / "kinds-cancelled-status.ics"), "--me", ME)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "This meeting has been cancelled."
    assert "Reply:" not in result.out
    data = json.loads(
        cli("triage", str(INVITES / "kinds-cancelled-status.ics"), "--me", ME, "--json").out
    )
    assert data["invite"]["cancelled"] is True
    assert data["strategies"] == [] and data["reply"] is None


def _same_day(text: str) -> str:
    """Output as compared between runs: the moment each answer was written (DTSTAMP) aside."""
    return re.sub(r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:-", text)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "summary"])
def test_a_batch_shared_among_processes_prints_what_one_process_prints(
    cli: Cli, as_json: bool
) -> None:
    files = sorted(str(f) for f in INVITES.iterdir() if f.is_file())
    files.insert(5, str(INVITES / "no-such-file.ics"))
    extra = ["--json"] if as_json else []
    alone = cli("triage", *files, "--me", ME, "--jobs", "1", *extra)
    shared = cli("triage", *files, "--me", ME, "--jobs", "3", *extra)
    assert alone.code == shared.code == 2  # some fixtures are no invitations
    assert _same_day(shared.out) == _same_day(alone.out)
    assert shared.err == alone.err
    assert len(alone.out.splitlines()) > 20 and alone.err.count("\n") > 5


@pytest.fixture
def series_writer_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """icalendar failing while the answer to a series is written, as it did on the rules of
    real files; every other answer is written as usual."""
    write = icalendar.Calendar.to_ical

    def fail_for_the_series(calendar: icalendar.Calendar, *args: object, **kw: object) -> bytes:
        text: bytes = write(calendar, *args, **kw)
        if b"RRULE:" in text:
            raise ValueError("Expected frequency, got: WEEKLY\\")
        return text

    monkeypatch.setattr(icalendar.Calendar, "to_ical", fail_for_the_series)


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["one-process", "two-processes"])
@pytest.mark.parametrize("debug", [False, True], ids=["quiet", "debugging"])
@pytest.mark.usefixtures("series_writer_fails")
def test_a_bug_met_by_one_file_is_reported_for_it_and_the_batch_goes_on(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, jobs: str, debug: bool
) -> None:
    if debug:
        monkeypatch.setenv("RAINCHECK_DEBUG", "1")
    files = [str(INVITES / f) for f in (REVIEW, SERIES, "people-quoted-mailto.ics")]
    result = cli("triage", *files, "--json", "--me", ME, "--scope", "series", "--jobs", jobs)
    assert result.code == 2
    assert [json.loads(line)["file"] for line in result.out.splitlines()] == [files[0], files[2]]
    trace, _, said = result.err.rpartition("raincheck: ")
    assert said.startswith(f"{files[1]}: a bug in Raincheck: unexpected ValueError: Expected")
    assert said.count("\n") == 1
    # The traceback, when asked for, comes from the process that met the bug, before its line.
    assert trace.startswith("Traceback (most recent call last):") is debug
    assert ("ValueError: Expected frequency" in trace) is debug


def _database_fails(monkeypatch: pytest.MonkeyPatch, *, only_in_workers: bool = False) -> list[int]:
    """Every statement of the files' triage refused by the database (the schema's revision is
    still read, as it is); ``only_in_workers``: only in a batch's worker processes. The pids
    of the processes it refused in, one per statement refused."""
    from sqlalchemy import exc
    from sqlalchemy.engine import Connection

    execute = Connection.execute
    command, refused = os.getpid(), []

    def failing(self: Connection, statement: object, *args: object, **kw: object) -> object:
        if "alembic_version" in str(statement) or (only_in_workers and os.getpid() == command):
            return execute(self, statement, *args, **kw)  # type: ignore[call-overload]
        refused.append(os.getpid())
        raise exc.ProgrammingError("SELECT", {}, Exception("no such column: clients.tier"))

    monkeypatch.setattr(Connection, "execute", failing)
    return refused


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_database_failing_stops_the_batch_with_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    files = [str(INVITES / f) for f in (REVIEW, SERIES, "people-quoted-mailto.ics")] * 3
    cli("db", "upgrade")  # the schema first: the failure is met by the files, not before
    refused = _database_fails(monkeypatch)
    result = cli("triage", *files, "--json", "--me", ME, "--jobs", jobs)
    assert (result.code, result.out) == (2, "")
    assert result.err == "raincheck: the database refused: no such column: clients.tier\n"
    if jobs == "1":  # one process: the file that met it is not read a second time
        assert len(refused) == 1


def test_a_file_a_worker_could_not_read_from_the_database_is_read_by_the_command(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(INVITES / f) for f in (REVIEW, SERIES, "people-quoted-mailto.ics")] * 2
    alone = cli("triage", *files, "--json", "--me", ME, "--jobs", "1")
    _database_fails(monkeypatch, only_in_workers=True)
    shared = cli("triage", *files, "--json", "--me", ME, "--jobs", "2")
    assert shared.code == alone.code == 0, shared.err
    assert _same_day(shared.out) == _same_day(alone.out)
    assert "None" not in shared.out and shared.err == ""


@pytest.mark.usefixtures("series_writer_fails")
def test_a_bug_met_by_a_single_file_names_the_file(cli: Cli) -> None:
    result = cli("triage", str(INVITES / SERIES), "--me", ME, "--scope", "series")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        f"raincheck: {INVITES / SERIES}: a bug in Raincheck: unexpected ValueError: Expected"
    )
