"""``raincheck triage`` over many files: every file gets its own result or its own one-line
error naming it, whatever happens with any other; a bug met by one file is reported for that
file (exit 2 at the end), never a crash of the batch."""

from __future__ import annotations

import json
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


def test_a_bug_met_by_one_file_is_reported_for_it_and_the_batch_goes_on(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # icalendar failing while the answer to one meeting is written, as it did on the rules of
    # real files; every other file's answer is written as usual.
    write = icalendar.Calendar.to_ical

    def fail_for_the_series(calendar: icalendar.Calendar, *args: object, **kw: object) -> bytes:
        text: bytes = write(calendar, *args, **kw)
        if b"RRULE:" in text:
            raise ValueError("Expected frequency, got: WEEKLY\\")
        return text

    monkeypatch.setattr(icalendar.Calendar, "to_ical", fail_for_the_series)
    files = [str(INVITES / f) for f in (REVIEW, SERIES, "people-quoted-mailto.ics")]
    result = cli("triage", *files, "--json", "--me", ME, "--scope", "series")
    assert result.code == 2
    assert [json.loads(line)["file"] for line in result.out.splitlines()] == [files[0], files[2]]
    assert result.err.count("\n") == 1
    assert result.err.startswith(
        f"raincheck: {files[1]}: a bug in Raincheck: unexpected ValueError: Expected frequency"
    )
