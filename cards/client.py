"""The client part of the advice card: who the client is and how much they weigh, in one
fact, and the two ways to set a tier.

An unknown client gets one in two steps, so a stray tap sets nothing: the tier is chosen in a
list, then "Add this client" confirms, and the redrawn card offers Undo for an hour (a new
client, never a change to an existing one). A known client's tier changes only through buttons
that name the old and the new tier, and the change is recorded (``raincheck clients history``).
"""

from __future__ import annotations

from addon.i18n import gettext, msg
from addon.triage.report import header_line
from addon.triage.weigh import ClientProfile
from addon.vocabulary import TIER_LABELS, TIERS, label
from cards.actions import Act
from cards.model import Button, Buttons, Choice, Fact, Paragraph, Section, TextField
from cards.options import tier_choice_options
from cards.view import View


def client_sections(
    profile: ClientProfile,
    view: View,
    *,
    new_client_name: str,
    new_client_key: str,
    added: int | None = None,
    header: str | None = None,
) -> list[Section]:
    """``header``: the card's subtitle for a known client (``header_line``), when the caller
    has it already: it is made once per card."""
    lang = view.lang
    # The card's header already says the tier, the share and the meetings: say the rest once.
    if profile.known and header is None:
        header = header_line(profile, lang, name=False)
    said = set(header.split(" · ")) if profile.known and header is not None else set()
    lines = [text for text in (r.render(lang) for r in profile.reasons) if text not in said]
    facts = Fact(gettext("Client", lang), "\n".join(lines)) if lines else None
    sections = [Section((facts,) if facts else ())]
    if not profile.known and new_client_key and not profile.ambiguous:
        sections[0] = Section(
            (
                *sections[0].widgets,
                TextField("client_name", gettext("Client name", lang), value=new_client_name),
                Choice(
                    "tier",
                    gettext("Tier", lang),
                    tier_choice_options(lang),
                ),
                Paragraph(gettext("Everyone in your organisation will see it.", lang), muted=True),
                Buttons(
                    (
                        Button(
                            gettext("Add this client", lang),
                            view.action(Act.SET_TIER, key=new_client_key),
                        ),
                    )
                ),
            ),
            header=gettext("Add this client", lang),
        )
    elif profile.known and profile.client_id is not None and profile.client_id == added:
        sections.append(
            Section(
                (
                    Paragraph(
                        msg("You added {name} just now.", name=profile.name or "").render(lang)
                    ),
                    Buttons(
                        (
                            Button(
                                gettext("Undo", lang),
                                view.action(Act.UNDO_TIER, client=str(profile.client_id)),
                            ),
                        )
                    ),
                )
            )
        )
    elif profile.known and profile.client_id is not None and profile.tier in TIERS:
        now = label(TIER_LABELS, profile.tier, lang)
        sections.append(
            Section(
                (
                    Paragraph(
                        gettext(
                            "The change is for everyone in your organisation, and is recorded.",
                            lang,
                        ),
                        muted=True,
                    ),
                    Buttons(
                        tuple(
                            Button(
                                f"{now} → {label(TIER_LABELS, tier, lang)}",
                                view.action(
                                    Act.CHANGE_TIER,
                                    client=str(profile.client_id),
                                    was=profile.tier,
                                    tier=tier,
                                ),
                            )
                            for tier in TIERS
                            if tier != profile.tier
                        )
                    ),
                ),
                header=gettext("Change this client's tier", lang),
                collapsible=True,
            )
        )
    return sections
