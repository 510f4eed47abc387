"""``python -m addon.cli``: the same as the ``raincheck`` command."""

from addon.cli.launch import main

main()
