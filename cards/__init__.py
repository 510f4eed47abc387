"""Every card the user sees, described once and rendered for each host.

``model`` holds the host-neutral description (sections of facts, choices, inputs, buttons);
``actions`` declares every action a button can ask for; ``triage`` and ``home`` make the cards
from plain data (triage results, settings, errors); ``gmail`` renders them as Google Card v1
JSON and ``html`` as HTML for the Outlook pane. Nothing here knows about requests, tokens or
hosts: it may import the core (``addon.i18n``, ``addon.vocabulary``, ``addon.triage``,
``addon.writing``, ``addon.directory``), never ``addon.views``, ``addon.cardflow`` or a host
package.
"""
