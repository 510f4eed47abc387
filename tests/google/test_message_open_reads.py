"""What a message-open asks of the database (issue 27): one connection for the whole card, one
statement when the process has seen the client before (the settings, the proposals the invite
may answer, the client's meetings and last answers), and no COMMIT; a second connection only to
record an answer the first time it is seen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from addon.directory.store import Store
from addon.storage import store
from addon.workbench.standins import organizer
from tests.google.test_gmail_answers import REVIEW, open_answer, propose
from tests.support.google_addon import Google
from tests.support.paths import invite_bytes


@contextmanager
def counted(found: Store) -> Iterator[dict[str, Any]]:
    """Connections taken from the pool, statements sent (their number, and their text under
    ``texts``) and COMMITs made while the block runs."""
    seen = {"checkouts": 0, "statements": 0, "commits": 0}

    def count(name: str) -> Any:
        def counter(*_: Any) -> None:
            seen[name] += 1

        return counter

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        texts.append(" ".join(sql.split()))

    texts: list[str] = []
    seen["texts"] = texts  # type: ignore[assignment]
    listeners = [
        (found.engine, "before_cursor_execute", statement),
        (found.engine.pool, "checkout", count("checkouts")),
        (found.engine, "before_cursor_execute", count("statements")),
        (found.engine, "commit", count("commits")),
    ]
    for target, name, fn in listeners:
        sa.event.listen(target, name, fn)
    try:
        yield seen
    finally:
        for target, name, fn in listeners:
            sa.event.remove(target, name, fn)


@pytest.mark.parametrize(
    ("seen_before", "statements"),
    [
        # The settings with the directory's head and the proposals the invite may answer;
        # the candidates and their keys; then the client's meetings and last answers.
        (False, 4),
        # The client is foreseen from the directory this process read: its meetings and last
        # answers come with the settings, the head and the proposals; the clients and their
        # keys from the cache of this directory version.
        (True, 1),
    ],
)
def test_a_message_open_takes_one_connection_and_commits_nothing(
    google: Google, seen_before: bool, statements: int
) -> None:
    if seen_before:
        # The directory's cache is warm from here on, if this open read it: one that Google's
        # stand-in failed (a timeout on a loaded machine) read nothing, so the next is cold.
        assert "Nordvik" in str(google.open_message())
    with counted(store(google.app)) as seen:
        card = google.open_message()
    assert "Nordvik" in str(card)
    del seen["texts"]
    assert seen == {"checkouts": 1, "statements": statements, "commits": 0}


def test_an_answer_that_asks_nothing_more_reads_no_client(google: Google) -> None:
    """A DECLINECOUNTER is said in one line: nothing is advised, so the client is not weighed
    (its meetings, its last answers), and only the answer's outcome is written."""
    counter = propose(google, "shorter")
    with counted(store(google.app)) as seen:
        card = open_answer(google, organizer.declines(invite_bytes(REVIEW), counter))
    assert "declined" in str(card)
    texts = " | ".join(seen["texts"])
    assert "FROM meetings" not in texts and "decided_at DESC" not in texts
    assert seen["checkouts"] == 2  # the read, and the write of the outcome
