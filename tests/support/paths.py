"""Where the test data lives."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from addon.directory.store import alembic_config

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
INVITES = FIXTURES / "invites"
SCHEMAS = TESTS / "schemas"
SAMPLES = ROOT / "addon" / "samples"
SAMPLE_CLIENTS = SAMPLES / "clients.csv"
OFFICE_SIM = ROOT / "addon" / "workbench" / "static" / "office" / "office-sim.js"
AJAX_SIM = ROOT / "addon" / "workbench" / "static" / "office" / "microsoft-ajax-sim.js"
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def invite_bytes(name: str) -> bytes:
    return (INVITES / name).read_bytes()
