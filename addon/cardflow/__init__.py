"""The host-neutral card flow: what every mail host's sidebar does with an invite once read.

``flow.CardFlow`` builds the homepage, the advice, the reply being written, the one-click tier,
the settings and the problem cards, and logs decisions; ``inputs`` reads what the user chose and
typed from any host's request. Gmail, Calendar and Outlook all call it, so the same cards come
out everywhere. May import the core, ``cards`` and the store; never Flask or a host package.
"""
