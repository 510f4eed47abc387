"""The user's own calendar, read with their consent (README, "Calendar-aware advice"): plain
data in, plain data out, no I/O and no Flask.

    history   meetings with a client counted from ``CalendarEvent``s (90 days back, 30 ahead)
    slots     the earliest free times in working hours, from busy intervals

Each host turns its API's answers into these (``google.calendar_items``,
``outlook.calendar_items``) and reads them through its ``calendar`` module;
``cardflow.calendar`` decides when to read and keeps the results for minutes."""
