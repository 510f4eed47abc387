"""Logs as one JSON object per line, for a log collector to read without parsing prose.

Only what the code chose to log goes out: our messages never carry tokens or mail content
(ids, counts and our own words), and the access log names the path without its query string.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access":
            # gunicorn's access line is itself JSON (gunicorn_conf.access_log_format): its
            # fields become the entry's, so one line is one flat object.
            try:
                entry |= json.loads(entry.pop("message"))
            except ValueError:
                entry["message"] = record.getMessage()
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def config(level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` that writes JSON lines to standard error."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"console": handler},
        "root": {"level": level.upper(), "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
