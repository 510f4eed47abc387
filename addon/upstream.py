"""The HTTP session every call to Google or Microsoft goes through.

requests reads the environment (proxies, CA bundle, .netrc) on every call, a fifth of a
millisecond each, twice per card. When the environment names no proxy (the usual case) this
session reads the CA bundle once, when the app starts, and never looks again; when it names
one, requests keeps reading it per call, which is the only way its no_proxy list is honoured.
Its time counts as upstream time in the Server-Timing header (``addon.timing``).
"""

from __future__ import annotations

import os
import urllib.request

import requests

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
