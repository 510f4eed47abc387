"""A requests transport that hands requests to a WSGI app in this process: the workbench's
stand-in answers the app's calls to "Google" and "Microsoft" without a socket."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import Client

STAND_IN_URL = "http://stand-in.workbench.invalid"


class WSGIAdapter(BaseAdapter):
    def __init__(self, app: Any) -> None:
        super().__init__()
        self.client = Client(app)

    def send(  # type: ignore[override]  # requests' signature takes these as keywords
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        url = str(request.url)
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        answer = self.client.open(
            url.removeprefix(STAND_IN_URL),
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
