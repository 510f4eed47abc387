"""The user's own calendar, read with their consent (issue: calendar-aware advice): plain data
in, plain data out. ``history`` counts meetings with a client; each host's module turns its
API's events into ``CalendarEvent``."""
