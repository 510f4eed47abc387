"""The Outlook add-in's task pane API: the same roles, in the same module names, as
``addon.google``.

    verify      the Microsoft access token on every request (helper: clouds, each
                Microsoft cloud's sign-in, keys, Graph and Outlook origins)
    invites     read the open item: the raw message, else Office.js's fields, else Graph
                (helpers: events, a Graph event as an Invite; exchange_ids, the meeting's
                own UID and SEQUENCE)
    api         Microsoft Graph on the user's behalf (helper: calendar_items,
                calendarView and getSchedule answers as plain data)
    calendar    the user's own calendar for calendar-aware advice
    actions     what each card action does (helpers: request, what the pane POSTs;
                tickets, short-lived links to a reply's calendar part)
    resources   everything above made once from the config in ``init_app``

Below ``resources`` nothing imports Flask; only ``addon.views`` reads the request.
"""
