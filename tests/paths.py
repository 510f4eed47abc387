"""Where the test data lives."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from addon.directory.store import alembic_config

FIXTURES = Path(__file__).parent / "fixtures"
INVITES = FIXTURES / "invites"
SAMPLE_CLIENTS = Path(__file__).parent.parent / "addon" / "samples" / "clients.csv"
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def invite_bytes(name: str) -> bytes:
    return (INVITES / name).read_bytes()
