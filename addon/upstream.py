"""The HTTP session every call to Google or Microsoft goes through.

requests reads the environment (proxies, CA bundle, .netrc) on every call, a fifth of a
millisecond each, twice per card. When the environment names no proxy (the usual case) this
session reads the CA bundle once, when the app starts, and never looks again; when it names
one, requests keeps reading it per call, which is the only way its no_proxy list is honoured.
Its time counts as upstream time in the Server-Timing header (``addon.timing``).

``send`` makes one call through the session's transport (its adapter for the address: requests'
connection pool in production, the workbench's stand-ins in the workbench) without what
``Session.request`` redoes on every call and Raincheck never uses: merging the session's
settings, params and hooks into a new request, cookies, redirects. That is a third of a Google
call's processor time (0.4 of 1.2 ms, measured against a server on loopback).
"""

from __future__ import annotations

import datetime as dt
import json as json_module
import os
import time
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import check_header_validity

from addon import timing


def session() -> requests.Session:
    made = requests.Session()
    made.headers["User-Agent"] = "Raincheck/0.1"
    if not urllib.request.getproxies():
        made.trust_env = False
        made.verify = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
    return timing.measure(made)


def send(
    session: requests.Session,
    method: str,
    url: str,
    headers: Mapping[str, str],
    *,
    params: Mapping[str, str] | None = None,
    json: Any = None,
    timeout: float,
) -> requests.Response:
    """``session.request(method, url, headers=..., params=..., json=..., timeout=...)``, the
    answer read whole, raising what it raises. ``url`` is quoted already (the callers build it
    with ``quote``)."""
    if session.trust_env:  # a proxy in the environment: requests applies no_proxy per call
        return session.request(method, url, headers=dict(headers), params=params, json=json,
                               timeout=timeout)  # fmt: skip
    prepared = requests.PreparedRequest()
    prepared.method = method
    if params:  # after a query the address may have already, as requests joins them
        url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
    prepared.url = url
    own = {k: v.decode("latin-1") if isinstance(v, bytes) else v
           for k, v in session.headers.items()}  # fmt: skip
    prepared.headers = CaseInsensitiveDict({**own, **headers})
    for header in prepared.headers.items():
        check_header_validity(header)  # a line break in a token is refused, never sent
    if json is not None:
        prepared.body = json_module.dumps(json, allow_nan=False).encode("utf-8")
        prepared.headers["Content-Type"] = "application/json"
        prepared.headers["Content-Length"] = str(len(prepared.body))
    elif method not in ("GET", "HEAD"):
        prepared.headers["Content-Length"] = "0"
    started = time.perf_counter()
    verify = True if session.verify is None else session.verify
    response = session.get_adapter(prepared.url).send(
        prepared, stream=False, timeout=timeout, verify=verify, cert=session.cert,
        proxies=session.proxies,
    )  # fmt: skip
    response.elapsed = dt.timedelta(seconds=time.perf_counter() - started)
    for hook in session.hooks["response"]:
        hook(response)
    response.content  # noqa: B018  # read whole, the connection back in its pool
    return response
