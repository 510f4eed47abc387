"""What a message-open asks of the database (issue 27): one connection for the whole card, the
proposals it may answer read with the settings, and no COMMIT; a second connection only to
record an answer the first time it is seen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from addon.directory.store import Store
from addon.storage import store
from tests.support.google_addon import Google


@contextmanager
def counted(found: Store) -> Iterator[dict[str, int]]:
    """Connections taken from the pool, statements sent and COMMITs made while the block runs."""
    seen = {"checkouts": 0, "statements": 0, "commits": 0}

    def count(name: str) -> Any:
        def counter(*_: Any) -> None:
            seen[name] += 1

        return counter

    listeners = [
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


def test_a_message_open_takes_one_connection_and_commits_nothing(google: Google) -> None:
    google.open_message()  # the directory's cache is warm from here on
    with counted(store(google.app)) as seen:
        card = google.open_message()
    assert "Nordvik" in str(card)
    # The settings with the directory's head and the proposals the invite may answer; the
    # meetings with the client; the client's last answers to a shorter meeting. The clients
    # and their keys come from the cache of this directory version.
    assert seen == {"checkouts": 1, "statements": 3, "commits": 0}
