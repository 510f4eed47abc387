"""MSAL's applications, one per Microsoft tenant (each with its token cache), are kept for the
tenants used most recently only, at most RAINCHECK_MICROSOFT_TENANT_APPS of them: a worker that
serves ever more tenants does not grow without end, and a tenant dropped from the cache signs in
again as before, against Microsoft's stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from addon.config import Config
from addon.errors import ConfigError
from addon.outlook.api import GraphApi, GraphItem
from addon.workbench.standins.microsoft import CLIENT_SECRET, MicrosoftStandIn
from tests.support.server import serve
from tests.support.tls import loopback_certificate

BOUND = 3
EVENT = {
    "id": "AAMkAGI2-event", "subject": "Review", "iCalUId": "uid-1",
    "start": {"dateTime": "2026-11-30T09:00:00.0000000", "timeZone": "UTC"},
    "end": {"dateTime": "2026-11-30T10:00:00.0000000", "timeZone": "UTC"},
}  # fmt: skip
ITEM = GraphItem("appointment", "AAMkAGI2-event")


@dataclass
class Graph:
    stand_in: MicrosoftStandIn
    api: GraphApi
    paths: list[str]  # every path the client's session was answered for, in order

    def discoveries(self, tenant: str) -> int:
        """How often an MSAL application was made for ``tenant``: each new one reads the
        tenant's OpenID configuration first (MSAL's exchanges themselves are not cached)."""
        return self.paths.count(f"/{tenant}/v2.0/.well-known/openid-configuration")


@pytest.fixture
def graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Graph]:
    tls = loopback_certificate(tmp_path / "tls")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls[0])
    with serve(MicrosoftStandIn(events={ITEM.rest_id: EVENT}), tls=tls) as stand_in:
        session = requests.Session()
        session.verify = tls[0]
        paths: list[str] = []
        session.hooks["response"].append(lambda answer, **_: paths.append(answer.request.path_url))
        api = GraphApi(client_id="client", credential=CLIENT_SECRET, session=session,
                       authority=stand_in.url, graph_url=stand_in.url, timeout=3,
                       tenant_apps=BOUND)  # fmt: skip
        yield Graph(stand_in, api, paths)


def test_more_tenants_than_the_bound_leave_only_the_most_recent_in_the_cache(graph: Graph):
    tenants = [f"tenant-{n}" for n in range(BOUND + 4)]
    for tenant in tenants:
        assert graph.api.event("assertion", tenant, ITEM)["iCalUId"] == "uid-1"
        assert len(graph.api.tenants) <= BOUND
    assert graph.api.tenants == tuple(tenants[-BOUND:])


def test_a_tenant_still_cached_keeps_its_application_and_an_evicted_one_works_again(
    graph: Graph,
):
    api = graph.api
    for n in range(BOUND + 1):
        api.event("assertion", f"tenant-{n}", ITEM)
    api.event("assertion", f"tenant-{BOUND}", ITEM)
    assert graph.discoveries(f"tenant-{BOUND}") == 1  # the same application, used again
    # The first was dropped: used again it works, through a new application.
    assert "tenant-0" not in api.tenants
    assert api.event("assertion", "tenant-0", ITEM)["iCalUId"] == "uid-1"
    assert graph.discoveries("tenant-0") == 2
    assert api.tenants[-1] == "tenant-0" and len(api.tenants) == BOUND
    assert [o["tenant"] for o in graph.stand_in.obo].count("tenant-0") == 2


def test_using_a_tenant_keeps_it_from_being_the_next_evicted(graph: Graph):
    for n in range(BOUND):
        graph.api.event("assertion", f"tenant-{n}", ITEM)
    graph.api.event("assertion", "tenant-0", ITEM)  # now the most recently used
    graph.api.event("assertion", "tenant-new", ITEM)
    assert "tenant-0" in graph.api.tenants and "tenant-1" not in graph.api.tenants


@pytest.mark.parametrize(("value", "expected"), [(None, 500), ("40", 40), ("1", 1)])
def test_the_bound_is_a_setting(value, expected):
    given = {} if value is None else {"MICROSOFT_TENANT_APPS": value}
    assert Config.from_mapping(given).microsoft_tenant_apps == expected


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_bound_that_is_not_a_positive_number_stops_the_start(value):
    with pytest.raises(ConfigError, match="RAINCHECK_MICROSOFT_TENANT_APPS"):
        Config.from_mapping({"MICROSOFT_TENANT_APPS": value})


def test_the_app_gives_its_graph_client_the_configured_bound(make_app_with_graph):
    assert make_app_with_graph(tenant_apps="7").tenant_apps == 7


@pytest.fixture
def make_app_with_graph(tmp_path: Path):
    from addon.app import create_app
    from addon.outlook.resources import outlook

    def make(*, tenant_apps: str) -> GraphApi:
        app = create_app({
            "INSTANCE_PATH": str(tmp_path), "TESTING": "1",
            "MICROSOFT_CLIENT_ID": "client", "MICROSOFT_CLIENT_SECRET": CLIENT_SECRET,
            "PUBLIC_URL": "https://raincheck.example", "MICROSOFT_TENANT_APPS": tenant_apps,
        })  # fmt: skip
        graph = outlook(app).actions.graph
        assert graph is not None
        return graph

    return make
