"""Card actions are declared once; every host handles every action a card can send it."""

from __future__ import annotations

import pytest

from addon.google.actions import GoogleActions
from addon.outlook.actions import OutlookActions
from cards.actions import SERVER_ACTIONS, Act, Handlers


@pytest.mark.parametrize("host", [GoogleActions, OutlookActions], ids=lambda h: h.__name__)
def test_every_host_handles_every_action_a_card_can_send(host: type) -> None:
    handlers: Handlers = host.handlers  # type: ignore[attr-defined]
    assert handlers.missing() == ()
    assert all(handlers.find(act.value) is not None for act in SERVER_ACTIONS)


@pytest.mark.parametrize("name", ["", "drop_table", "signin", "HOME"])
def test_a_name_no_card_sends_finds_no_handler(name: str) -> None:
    assert GoogleActions.handlers.find(name) is None
    assert OutlookActions.handlers.find(name) is None


def test_an_action_cannot_have_two_handlers() -> None:
    handlers: Handlers = Handlers()
    handlers.on(Act.HOME)(lambda: None)
    with pytest.raises(ValueError, match="two handlers"):
        handlers.on(Act.HOME)(lambda: None)


def test_an_action_travels_as_its_plain_name() -> None:
    assert f"{Act.COMPOSE_INSERT}" == "compose_insert"
    assert Act("save_settings") is Act.SAVE_SETTINGS
