"""Every card the user sees, described once and rendered for each host.

``cards.model`` holds the host-neutral description (sections of facts, choices, inputs and
buttons); ``cards.build`` makes the cards from triage results; ``cards.gmail`` renders them as
Google Card v1 JSON. Nothing here knows about requests or tokens.
"""
