"""Reading the app's settings the same way everywhere."""

from __future__ import annotations


def config_list(value: object) -> tuple[str, ...]:
    """A setting that holds several values: a list, or a comma-separated string from the
    environment."""
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(v.strip() for v in str(value or "").split(",") if v.strip())
