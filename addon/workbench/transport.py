"""A requests transport that hands requests to a WSGI app in this process: the stand-ins answer
the app's calls to "Google" and "Microsoft" without a socket."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import Client

GOOGLE_URL = "http://google.stand-in.invalid"
# https: MSAL accepts no other authority; nothing is encrypted, the adapter answers in process.
MICROSOFT_URL = "https://microsoft.stand-in.invalid"


class WSGIAdapter(BaseAdapter):
    """Answers requests to ``base_url`` from the WSGI ``app``."""

    def __init__(self, app: Any, base_url: str) -> None:
        super().__init__()
        self.client = Client(app)
        self.base_url = base_url

    def send(  # type: ignore[override]  # requests' signature takes these as keywords
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        url = str(request.url)
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        answer = self.client.open(
            url.removeprefix(self.base_url),
            method=request.method or "GET",
            headers=dict(request.headers),
            data=body,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(dict(answer.headers.items()))
        response.raw = BytesIO(answer.get_data())
        response.url = url
        response.request = request
        response.encoding = answer.mimetype_params.get("charset")
        return response

    def close(self) -> None:
        pass
