"""What a command that only reads the directory needs, without the app: the settings and the
store, each made once per invocation when first asked for.

``raincheck triage`` runs on these alone, so it never imports Flask, the hosts' modules or
what they call Google and Microsoft with: a user waits for its start on every run. It opens the
app's own database (``addon.storage.open_store``: RAINCHECK_DATABASE_URL, else SQLite in
RAINCHECK_INSTANCE_PATH, else in Flask's instance folder) and fails with the same lines.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from addon import storage
from addon.config import Config, default_instance_path
from addon.directory.store import Store
from addon.writing import templating

_SETTINGS, _STORE = "raincheck.settings", "raincheck.store"


def settings(ctx: click.Context) -> Config:
    """The settings from ``RAINCHECK_*`` variables, as the app reads them."""
    found = ctx.meta.get(_SETTINGS)
    if found is None:
        found = ctx.meta[_SETTINGS] = Config.from_environ(os.environ)
    assert isinstance(found, Config)
    return found


def store(ctx: click.Context) -> Store:
    """The app's database, closed when the command ends (a test runs many in one process)."""
    found = ctx.meta.get(_STORE)
    if found is None:
        found = ctx.meta[_STORE] = storage.open_store(settings(ctx))
        ctx.call_on_close(found.dispose)
    assert isinstance(found, Store)
    return found


def tenant(ctx: click.Context, given: str | None) -> str:
    return given or settings(ctx).tenant


def keep_compiled_templates(ctx: click.Context) -> None:
    """Letters' templates compiled once, kept in the instance folder for the next run (beside
    the database, where RAINCHECK_INSTANCE_PATH puts it), for as long as the command runs."""
    config = settings(ctx)
    folder = Path(config.instance_path or default_instance_path()) / "compiled-templates"
    before = templating.keep_compiled(folder)
    ctx.call_on_close(lambda: templating.keep_compiled(before))
