"""The workbench: Raincheck's real Gmail card and Outlook pane side by side on one local page,
against in-process stand-ins for Google and Microsoft, with tokens from a development key.
It exists only when ``RAINCHECK_ENV=development``."""
