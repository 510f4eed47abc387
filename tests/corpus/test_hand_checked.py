"""The reader against the public corpus, file by file, as a careful person reads each file
(``tests/corpus/hand_checked.py``): when the meeting is, whose it is, its series rule, and
whether it is an invitation to answer. Skipped, saying why, when the corpus is not there.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from addon.errors import InviteError
from addon.invite import read_invite
from addon.invite.model import Invite
from addon.triage.assess import answerable
from tests.corpus.hand_checked import CLASSES, READ, ROWS, UNCHECKED, Row
from tests.corpus.test_reader_contract import corpus_folder

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What would put a file in a class the table has no row for (see CLASSES).
_ABSENT_CLASSES = {"vCalendar 1.0": re.compile(rb"^VERSION:1\.0\s*$", re.M)}


def files_folder() -> Path:
    folder = corpus_folder()
    if folder is None:
        pytest.skip("no public corpus: ../shared/corpus or RAINCHECK_TEST_CORPUS")
    return folder / "files" if (folder / "files").is_dir() else folder


def verdict_of(data: bytes) -> tuple[str, Invite | None]:
    """``read``, or ``refused:<kind>`` from the reader or from what the read file turns out to
    be (a cancellation, a reply, a calendar of many events, an event naming nobody)."""
    try:
        invite = read_invite(data)
    except InviteError as error:
        return f"refused:{error.kind}", None
    try:
        answerable(invite)
    except InviteError as error:
        return f"refused:{error.kind}", invite
    return READ, invite


def moment_problem(name: str, expected: str | None, actual: object, *, offset: bool) -> str | None:
    """Why ``actual`` is not the moment ``expected`` writes, or None."""
    if expected is None:
        return None if actual is None else f"{name}: expected none, got {actual!r}"
    if _DATE.match(expected):
        if isinstance(actual, dt.datetime) or actual != dt.date.fromisoformat(expected):
            return f"{name}: expected the date {expected}, got {_iso(actual)}"
        return None
    want = dt.datetime.fromisoformat(expected)
    if not isinstance(actual, dt.datetime):
        return f"{name}: expected {expected}, got {_iso(actual)}"
    if want.tzinfo is None:  # floating: the wall time as written, in no zone
        same = actual.replace(tzinfo=None) == want
    else:
        same = actual.tzinfo is not None and actual == want
        same = same and (not offset or actual.utcoffset() == want.utcoffset())
    return None if same else f"{name}: expected {expected}, got {_iso(actual)}"


def rule_parts(rule: object) -> object:
    """A rule's parts by name: RFC 5545 (3.3.10) lets them come in any order, so a rule read
    back in another order is the same rule. None (no rule) stays None; an empty rule is not."""
    if not isinstance(rule, str):
        return rule
    parts = [part.partition("=") for part in rule.split(";") if part]
    return {name.upper(): value for name, _, value in parts}


def problems(row: Row, verdict: str, invite: Invite | None) -> list[str]:
    found = [] if verdict == row.verdict else [f"verdict: expected {row.verdict}, got {verdict}"]
    if invite is None:
        return found
    actual = {
        "all_day": invite.all_day,
        "zone": None if invite.floating else invite.timezone,
        "organizer": invite.organizer.email if invite.organizer else None,
        "rrule": invite.rrule,
        "cancelled": invite.cancelled,
    }
    for name, value in actual.items():
        want = getattr(row, name)
        same = rule_parts(want) == rule_parts(value) if name == "rrule" else want == value
        if want is not UNCHECKED and not same:
            found.append(f"{name}: expected {want!r}, got {value!r}")
    if isinstance(row.start, str) and not _DATE.match(row.start):
        floating = dt.datetime.fromisoformat(row.start).tzinfo is None
        if floating != invite.floating:
            found.append(f"floating: expected {floating}, got {invite.floating}")
    for name, offset in (("start", True), ("end", False)):
        want = getattr(row, name)
        if want is not UNCHECKED:
            problem = moment_problem(name, want, getattr(invite, name), offset=offset)
            found += [problem] if problem else []
    return found


def _iso(moment: object) -> str:
    return moment.isoformat() if isinstance(moment, dt.date) else repr(moment)


@pytest.mark.parametrize("row", ROWS, ids=[row.path for row in ROWS])
def test_the_file_reads_as_a_careful_person_reads_it(row: Row) -> None:
    path = files_folder() / row.path
    assert path.is_file(), f"{row.path} is not in the corpus"
    verdict, invite = verdict_of(path.read_bytes())
    found = problems(row, verdict, invite)
    why = f" ({row.note})" if row.note else ""
    assert not found, f"{row.path}{why}:\n  " + "\n  ".join(found)


def test_the_table_names_each_file_once_and_every_folder_of_the_corpus() -> None:
    folder = files_folder()
    paths = [row.path for row in ROWS]
    assert len(paths) == len(set(paths)), "a file is in the table twice"
    assert len(paths) >= 80
    folders = {p.name for p in folder.iterdir() if p.is_dir()}
    assert folders <= {path.split("/")[0] for path in paths}, "a folder has no row"
    listed = set()
    manifest = folder.parent / "MANIFEST.tsv"
    if manifest.is_file():
        listed = {
            line.split("\t")[0].removeprefix("files/")
            for line in manifest.read_text(encoding="utf-8").splitlines()[1:]
        }
        assert set(paths) <= listed, "a row names a file the MANIFEST does not list"


def test_every_class_of_issue_26_has_rows_or_no_file_in_the_corpus() -> None:
    folder = files_folder()
    paths = {row.path for row in ROWS}
    for name, rows in CLASSES.items():
        assert set(rows) <= paths, f"{name}: a file with no row in the table"
        if rows:
            continue
        marker = _ABSENT_CLASSES[name]
        found = [p for p in folder.rglob("*") if p.is_file() and marker.search(p.read_bytes())]
        assert not found, f"{name}: the corpus holds {found[0]}, which needs a row"
