"""Raincheck: back out of client meetings without hurting the relationship.

The layers, lowest first. A module imports from its own layer and lower ones only; nothing
below the line imports Flask, and only ``views`` (and the workbench's own) read ``request``
(``tests/app/test_layers.py`` checks all three)::

    errors, config, i18n, vocabulary,  words and settings; the languages (i18n/languages/)
      hosts, forks, slowclients        and the mail hosts (an enum); what a forked worker
                                       renews (its connections); the server's worker, which
                                       reads a request whole before a thread takes it
    invite                             .ics/.eml bytes -> Invite
    directory.records                  a client as plain data
    strategies, triage, calendar       one record per strategy; match, weigh, apply the
                                       rules; count meetings, find free times: pure functions
    writing                            letters, briefings, iCalendar parts, MIME
    directory, manifests, keys         clients, settings and decisions in SQL, per tenant;
                                       manifests for a base URL; providers' signing keys
    triage.request, triage.service,    what the user asks for; the whole job: directory +
      triage.report                    rules + letters
    pieces                             what each language and strategy must provide
    cards (top-level package)          every card, host-neutral; Card v1 JSON and HTML
    cardflow                           what any sidebar does with an invite once read
    google, outlook                    each host, in the same roles and module names:
                                       verify, invites, api, calendar, actions, resources
    ----------------------------------------------------------------- Flask from here down
    storage, security, */resources     resources made in init_app from the Config
    views                              one blueprint per surface
    workbench                          development only, left out of the production wheel:
                                       the stand-ins, the dev key, the workbench's page
    app                                create_app: settings once, then every init_app
    cli, workbench.serve               the raincheck command; the workbench's start

Errors: every error a user can cause is an ``errors.RaincheckError`` with a status code;
``app`` turns them into responses, each host's actions into cards, ``cli`` into one line.
"""
