"""The Gmail and Google Calendar add-on (HTTP runtime): the same roles, in the same module
names, as ``addon.outlook``.

    verify      the system and user ID tokens on every request
    invites     read the open item: the Gmail message's invite, or the Calendar event
                (helpers: messages, a Gmail message's parts; events, a Calendar event as
                an Invite)
    api         the Gmail and Calendar APIs (helpers: failures, what Google's refusals
                mean; calendar_items, events.list and freeBusy answers as plain data)
    calendar    the user's own calendar for calendar-aware advice
    actions     what each trigger and card button does (helpers: request, the event object
                Google POSTs; responses, the JSON answered)
    resources   everything above made once from the config in ``init_app``

Below ``resources`` nothing imports Flask; only ``addon.views`` reads the request.
"""
