"""Raincheck: back out of client meetings without hurting the relationship.

The layers, lowest first. A module imports from its own layer and lower ones only; nothing
below the line imports Flask, and only ``views`` read ``request`` (``tests/app/test_layers.py``
checks all three)::

    errors, config, i18n, vocabulary   words and settings
    invite                             .ics/.eml bytes -> Invite
    directory.records                  a client as plain data
    strategies, triage, calendar       one record per strategy; match, weigh, apply the
                                       rules; count meetings, find free times: pure functions
    writing                            letters, briefings, iCalendar parts, MIME
    directory, manifests, keys         clients, settings and decisions in SQL, per tenant;
                                       manifests for a base URL; providers' signing keys
    triage.service, triage.report      the whole job: directory + rules + letters; pieces,
                                       what each language and strategy must provide
    cards (top-level package)          every card, host-neutral; Card v1 JSON and HTML
    cardflow                           what any sidebar does with an invite once read
    google, outlook, standins          each host's token checks, API clients and actions;
                                       the stand-ins for Google, Microsoft and Office.js
    ----------------------------------------------------------------- Flask from here down
    storage, security, */resources     resources made in init_app from the Config
    workbench                          development mode: the dev key, stand-ins in process
    views                              one blueprint per surface
    app                                create_app: settings once, then every init_app
    cli                                the raincheck command

Errors: every error a user can cause is an ``errors.RaincheckError`` with a status code;
``app`` turns them into responses, each host's actions into cards, ``cli`` into one line.
"""
