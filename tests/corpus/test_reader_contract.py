"""The reader's contract over every invite file we have: each is read, or refused with one
clear line; no Python warning escapes; nothing hangs.

It runs over the fixtures in the repository always, and over a public corpus of real invites
when one is there: ``../shared/corpus/`` beside the repository (where the project keeps data
taken from public projects, with a MANIFEST of each file's repository, path, commit and
licence), or the folder ``RAINCHECK_TEST_CORPUS`` names.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest

from addon.errors import InviteError
from addon.invite import read_invite
from addon.invite.model import Invite
from tests.support.paths import INVITES, ROOT

SUFFIXES = {".ics", ".eml", ".ical", ".vcs"}
HANG = 10.0  # seconds: far beyond any invite; a guard against a hang, not a timing test


def corpus_folder() -> Path | None:
    named = os.environ.get("RAINCHECK_TEST_CORPUS")
    folder = Path(named) if named else ROOT.parent / "shared" / "corpus"
    return folder if folder.is_dir() else None


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def check_contract(path: Path) -> Invite | None:
    data = path.read_bytes()
    started = time.monotonic()
    refusal = ""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning that escapes the reader fails here
        try:
            invite: Invite | None = read_invite(data)
        except InviteError as error:
            invite, refusal = None, error.message
    assert time.monotonic() - started < HANG
    if invite is None:
        assert refusal and "\n" not in refusal and len(refusal) < 200
    return invite


FIXTURES = files(INVITES)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_fixture_keeps_the_contract(path: Path) -> None:
    check_contract(path)


def test_the_public_corpus_keeps_the_contract() -> None:
    folder = corpus_folder()
    if folder is None:
        pytest.skip("no public corpus: ../shared/corpus or RAINCHECK_TEST_CORPUS")
    found = files(folder)
    assert found, f"{folder} holds no invite files"
    read = [p for p in found if check_contract(p) is not None]
    # Most real files are meetings; a corpus the reader mostly refuses means a regression.
    assert len(read) >= len(found) // 2, f"read {len(read)} of {len(found)}"
