"""Every action a card can ask for, declared once.

The card builders name actions with ``Act`` members; each host (``addon.google.actions``,
``addon.outlook.actions``) registers one handler per action with ``Handlers.on``, and a test
checks that every host handles every action a card can send it. Adding a button is one member
here, its handler in each host and its texts.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Generic, TypeVar


class Act(StrEnum):
    HOME = "home"  # the homepage: time saved, settings
    TRIAGE = "triage"  # the advice for the open invite, for the reason chosen
    PREVIEW = "preview"  # the reply for one strategy, redrawn with what the user typed
    INSERT = "insert"  # the reply into a draft, or the host's compose window
    BRIEF = "brief"  # the briefing to the account manager and the note to the organizer
    COMPOSE_INSERT = "compose_insert"  # the reply into the email being written
    SET_TIER = "set_tier"  # an unknown client gets its tier, for the whole organisation
    CHANGE_TIER = "change_tier"  # a known client gets another tier, old and new shown, recorded
    UNDO_TIER = "undo_tier"  # a client the user added moments ago is taken back
    SAVE_SETTINGS = "save_settings"
    SIGN_IN = "signin"  # the Outlook pane asks Office for a token again; never sent to us


# What a card can send to the backend: every action but the one the pane handles itself.
SERVER_ACTIONS: tuple[Act, ...] = tuple(a for a in Act if a is not Act.SIGN_IN)

F = TypeVar("F", bound=Callable[..., object])


class Handlers(Generic[F]):
    """A host's handler for each action, registered with ``@handlers.on(Act.X)``."""

    def __init__(self) -> None:
        self._by_act: dict[Act, F] = {}

    def on(self, act: Act) -> Callable[[F], F]:
        def register(handler: F) -> F:
            if act in self._by_act:
                raise ValueError(f"two handlers for the action {act.value!r}")
            self._by_act[act] = handler
            return handler

        return register

    def find(self, name: str) -> F | None:
        """The handler for an action's name as a card sent it back; None for an unknown one."""
        try:
            return self._by_act.get(Act(name))
        except ValueError:
            return None

    def missing(self) -> tuple[Act, ...]:
        return tuple(a for a in SERVER_ACTIONS if a not in self._by_act)
