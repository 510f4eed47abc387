"""``raincheck triage`` on the organizer's answer to a proposal the user made in Gmail: the same
decision log, the same line as the card, the outcome recorded once; another user's or another
tenant's proposal is never matched."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from addon.workbench.standins import organizer
from tests.conftest import Result
from tests.google.test_gmail_answers import REVIEW, SOONER, outcome, propose
from tests.support.google_addon import Google
from tests.support.paths import invite_bytes

Cli = Callable[..., Result]
ANNA = ("--me", "anna@lumen.example")


@pytest.mark.parametrize(
    ("answer", "kind", "line"),
    [
        (lambda i, c: organizer.accepts(i, c, "exchange"), "accepted",
         "Eva accepted your proposal: 30 minutes on Thursday 3 December, 14:00."),
        (lambda i, c: organizer.declines(i, c), "declined",
         "Eva declined your proposal; the meeting stays Thursday 3 December, 14:00–15:30."),
        (lambda i, c: organizer.counters(i, SOONER, SOONER + dt.timedelta(hours=1), "google"),
         "countered", "Eva suggested another time: Friday 4 December, 10:00–11:00."),
        (lambda i, c: organizer.cancels(i, "exchange"), "cancelled", "Eva cancelled the meeting."),
    ],
)  # fmt: skip
def test_the_command_line_says_the_answer_and_records_it(
    google: Google,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: Callable[[bytes, str], bytes],
    kind: str,
    line: str,
) -> None:
    counter = propose(google, "shorter")
    monkeypatch.setenv("RAINCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'addon.sqlite3'}")
    file = tmp_path / "answer.eml"
    file.write_bytes(answer(invite_bytes(REVIEW), counter))
    args = (str(file), *ANNA, "--tenant", "lumen.example", "--tz", "Europe/Stockholm")
    shown = cli("triage", *args, "--locale", "en-GB")
    assert (shown.code, shown.out.replace("\u202f", " ")) == (0, line + "\n")
    assert outcome(google) == kind
    found = json.loads(cli("triage", *args, "--json").out)["answer"]
    assert (found["outcome"], found["strategy"]) == (kind, "shorter")


@pytest.mark.parametrize(
    "who",
    [
        ("--me", "per@lumen.example", "--tenant", "lumen.example"),
        (*ANNA, "--tenant", "other.example"),
    ],
)
def test_another_user_or_tenant_gets_no_answer(
    google: Google, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: tuple[str, ...]
) -> None:
    counter = propose(google, "shorter")
    monkeypatch.setenv("RAINCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'addon.sqlite3'}")
    file = tmp_path / "answer.eml"
    file.write_bytes(organizer.accepts(invite_bytes(REVIEW), counter, "google"))
    found = json.loads(cli("triage", str(file), *who, "--json").out)
    assert "answer" not in found and found["invite"]["sequence"] == 3
    assert outcome(google) is None
