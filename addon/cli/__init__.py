"""The ``raincheck`` command line.

Bad input of any kind exits 2 with one line ``raincheck: <what is wrong>`` on stderr. ``base``
holds the group and what every command shares; ``triage``, ``clients`` and ``admin`` each add
their commands to it.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence

import click

from addon.cli import admin, clients, triage  # noqa: F401 - they add their commands to cli
from addon.cli.base import _debug, _fail, _os_error, cli
from addon.errors import RaincheckError

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="raincheck",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.ClickException as error:
        _fail(error.format_message(), 2)
    except RaincheckError as error:
        _fail(error.message, 2)
    except OSError as error:
        _fail(_os_error(error), 2)
    except Exception as error:
        if _debug():
            traceback.print_exc()
        _fail(f"internal error ({type(error).__name__}); set RAINCHECK_DEBUG=1 for details", 1)
