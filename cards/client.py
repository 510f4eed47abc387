"""The client part of the advice card: who the client is and how much they weigh, and the two
ways to set a tier. An unknown client gets one in one click (a new client, never a change to an
existing one); a known client's tier changes only through buttons that name the old and the new
tier, and the change is recorded (``raincheck clients history``).
"""

from __future__ import annotations

from addon.i18n import gettext
from addon.triage.weigh import ClientProfile
from addon.vocabulary import TIER_LABELS, TIERS, label
from cards.actions import Act
from cards.model import Button, Buttons, Paragraph, Section, TextField, Widget
from cards.view import View


def client_sections(
    profile: ClientProfile, view: View, *, new_client_name: str, new_client_key: str
) -> list[Section]:
    lang = view.lang
    widgets: list[Widget] = [Paragraph(reason.render(lang)) for reason in profile.reasons]
    sections = [Section(tuple(widgets), header=gettext("Client", lang))]
    if not profile.known and new_client_key and not profile.ambiguous:
        sections[0] = Section(
            (
                *widgets,
                TextField("client_name", gettext("Client name", lang), value=new_client_name),
                Paragraph(
                    gettext("Set its tier; everyone in your organisation will see it.", lang)
                ),
                Buttons(
                    tuple(
                        Button(
                            label(TIER_LABELS, tier, lang),
                            view.action(Act.SET_TIER, tier=tier, key=new_client_key),
                        )
                        for tier in TIERS
                    )
                ),
            ),
            header=gettext("Client", lang),
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
