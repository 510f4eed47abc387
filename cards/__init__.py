"""Every card the user sees, described once and rendered for each host.

    model       the host-neutral description: sections of facts, choices, inputs, buttons
    actions     every action a button can ask for (``Act``), and each host's handler table
    view        who is looking: language, locale, time zone, host
    advice      the advice card for an open invite; client, its client section and tiers
    reply       the reply card for one strategy; compose, the same in a compose window
                without the invite; inputs, what each strategy's reply asks
    home        the homepage, settings and the cards that say what went wrong
    gmail       rendered as Google Card v1 JSON; html, as HTML for the Outlook pane

Plain data in, a card out: nothing here knows about requests, tokens or hosts' APIs. May import
the core (``addon.i18n``, ``addon.vocabulary``, ``addon.strategies``, ``addon.triage``,
``addon.writing``, ``addon.directory``, ``addon.hosts``), never ``addon.views``,
``addon.cardflow`` or a host package.
"""
