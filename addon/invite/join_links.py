"""The online-meeting services whose join links Raincheck recognises: one list, read both by the
invite reader (is this link a meeting link, and whose?) and by the Google deployment (which links
the Join button may open).

Google blocks an add-on's ``OpenLink`` to any URL that matches none of the deployment's
``openLinkUrlPrefixes`` ("Allowlist URLs", developers.google.com/apps-script/manifest/
allowlist-url); so a service the reader recognises but the deployment does not list is a Join
button that does nothing in Gmail and Calendar. Deriving both from this table keeps them equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class JoinService:
    name: str  # as people know it: "Online (Teams)"
    # Hosts of its join links; "*." also takes any subdomain (a company's own "acme.zoom.us").
    hosts: tuple[str, ...]
    # Paths under which a link is a meeting link ("j/" for Zoom), literal; "" is any path.
    paths: tuple[str, ...] = ("",)
    tail: str = r"\S+"  # what follows the path in a join link, as a regular expression


JOIN_SERVICES: tuple[JoinService, ...] = (
    JoinService("Teams", ("*.teams.microsoft.com",), ("l/meetup-join/", "meet/")),
    JoinService("Teams", ("*.teams.live.com",), ("meet/",)),
    JoinService(
        "Zoom",
        ("*.zoom.us", "*.zoom.com", "*.zoomgov.com", "*.zoomgov.us"),
        ("j/", "my/", "w/", "s/", "wc/"),
    ),
    JoinService("Google Meet", ("meet.google.com",), tail=r"[a-z]{3,4}-[a-z]{4}-[a-z]{3,4}\S*"),
    JoinService("Webex", ("*.webex.com",)),
    JoinService("GoTo Meeting", ("gotomeeting.com", "global.gotomeeting.com"), ("join/",)),
    JoinService("GoTo Meeting", ("meet.goto.com",)),
    JoinService("Jitsi", ("meet.jit.si",)),
    JoinService("Whereby", ("whereby.com",)),
    JoinService("Skype", ("join.skype.com", "meet.lync.com")),
    JoinService("Amazon Chime", ("*.chime.aws",)),
    JoinService("BlueJeans", ("*.bluejeans.com",), tail=r"\d+\S*"),
    JoinService("RingCentral", ("meetings.ringcentral.com",), ("j/",)),
    JoinService("join.me", ("join.me",)),
    JoinService("Lifesize", ("*.lifesize.com",)),
)


def _host_pattern(host: str) -> str:
    if host.startswith("*."):
        return rf"(?:[\w-]+\.)*{re.escape(host[2:])}"
    return re.escape(host)


def _link_pattern(service: JoinService) -> str:
    hosts = "|".join(_host_pattern(h) for h in service.hosts)
    paths = "|".join(re.escape(p) for p in service.paths)
    return rf"(?:{hosts})/(?:{paths}){service.tail}"


# A known service's join link, anywhere in a text.
JOIN_LINK = re.compile(
    r"https://(?:" + "|".join(_link_pattern(s) for s in JOIN_SERVICES) + ")", re.IGNORECASE
)


def service_of_host(host: str) -> str | None:
    """The service whose join links live on ``host`` ("acme.zoom.us" -> "Zoom"), or None."""
    host = host.lower().rstrip(".")
    for service in JOIN_SERVICES:
        for known in service.hosts:
            bare = known.removeprefix("*.")
            if host == bare or (known.startswith("*.") and host.endswith(f".{bare}")):
                return service.name
    return None


def join_link_prefixes() -> tuple[str, ...]:
    """Every service's join links as ``openLinkUrlPrefixes`` entries. Google's rules: https,
    a full domain, a non-empty path, a ``*`` for subdomains; a wildcard host is listed bare too,
    as the docs do not say that ``*.zoom.us`` takes ``zoom.us`` itself."""
    out: list[str] = []
    for service in JOIN_SERVICES:
        for host in service.hosts:
            hosts = (host.removeprefix("*."), host) if host.startswith("*.") else (host,)
            for each in hosts:
                for path in service.paths:
                    prefix = f"https://{each}/{path}"
                    if prefix not in out:
                        out.append(prefix)
    return tuple(out)
