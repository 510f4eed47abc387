"""A stand-in for Microsoft's identity platform on loopback: the JWKS the access tokens are
checked against, with a record of every fetch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, jsonify, request

JWKS_PATH = "/common/discovery/v2.0/keys"


@dataclass
class MicrosoftStandIn:
    keys: list[dict[str, Any]] = field(default_factory=list)
    fetches: list[str] = field(default_factory=list)
    url: str = ""

    def app(self) -> Flask:
        app = Flask("microsoft-stand-in")

        @app.get(JWKS_PATH)
        def jwks() -> Any:
            self.fetches.append(request.path)
            return jsonify({"keys": self.keys})

        return app
