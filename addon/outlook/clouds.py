"""Microsoft's clouds, in one place: where Entra ID signs in and issues tokens, where Graph is,
and which Outlook web origins frame the pane.

Sign-in and Graph hosts are from Microsoft's "National clouds" (Entra identity platform) and
"Microsoft Graph national cloud deployments" pages. The v1 token issuer (sts.windows.net) is
documented for the global cloud only, and Microsoft names no Outlook web origins for the
national clouds: there, tokens must be v2 (the app registration's accessTokenAcceptedVersion
2) and the frame origins are a setting (RAINCHECK_OUTLOOK_FRAME_ORIGINS), required at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cloud:
    login: str  # Entra ID: the authority, and the host of v2 token issuers
    graph: str
    v1_issuer: str | None  # the v1 token issuer's host, where documented
    outlook_origins: tuple[str, ...]  # where Outlook on the web hosts the pane's frame

    @property
    def jwks_url(self) -> str:
        return f"{self.login}/common/discovery/v2.0/keys"

    def issuers(self, tenant: str) -> tuple[str, ...]:
        v2 = f"{self.login}/{tenant}/v2.0"
        return (v2, f"{self.v1_issuer}/{tenant}/") if self.v1_issuer else (v2,)


CLOUDS = {
    "public": Cloud(
        login="https://login.microsoftonline.com",
        graph="https://graph.microsoft.com",
        v1_issuer="https://sts.windows.net",
        # Microsoft documents no list; these host the pane today (office-js #3835, #5224).
        outlook_origins=(
            "https://outlook.office.com",
            "https://outlook.office365.com",
            "https://outlook.cloud.microsoft",
            "https://outlook.live.com",
        ),
    ),
    "usgov": Cloud(
        login="https://login.microsoftonline.us",
        graph="https://graph.microsoft.us",
        v1_issuer=None,
        outlook_origins=(),
    ),
    "china": Cloud(
        login="https://login.partner.microsoftonline.cn",
        graph="https://microsoftgraph.chinacloudapi.cn",
        v1_issuer=None,
        outlook_origins=(),
    ),
}
