"""The ``raincheck`` command line, run in this process.

Every failure exits 2 with one line ``raincheck: <what is wrong>`` on stderr (130 when
interrupted), whatever its cause: bad input, the database, the disk, or a bug of ours. ``base``
holds the group and what every command shares; ``triage``, ``clients``, ``admin`` and ``doctor``
each add their commands to it, imported only when one of theirs runs.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence

import click

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
        if _from_the_database(error):
            # The database's own words (a driver that is missing, a value it refuses), not ours.
            _trace()
            _fail(f"the database refused: {_first_line(getattr(error, 'orig', None) or error)}", 2)
        # Still one line and exit 2: a command that fails is the user's to read, not a crash.
        _trace()
        _fail(
            f"unexpected {type(error).__name__}: {_first_line(error)} "
            "(set RAINCHECK_DEBUG=1 for details)",
            2,
        )


def _from_the_database(error: Exception) -> bool:
    # By name: importing SQLAlchemy to catch its errors would cost every command its import.
    return any(
        c.__module__ == "sqlalchemy.exc" and c.__name__ == "SQLAlchemyError"
        for c in type(error).__mro__
    )


def _trace() -> None:
    if _debug():
        traceback.print_exc()


def _first_line(error: object) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else "no details"
