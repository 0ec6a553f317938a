"""Structured logs: one JSON object per line, each tagged with the id of its request.

Used by the LOGGING setting and by gunicorn.conf.py, so everything the web container writes
to stdout parses line by line. Imports nothing from Django: gunicorn loads it before the app.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextvars import ContextVar

# The id of the request being served in this thread (set by RequestLogMiddleware).
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is
# written out as a field of its own.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def record_request_id(record: logging.LogRecord) -> str | None:
    """The id of the request a record is about: its own, the one being served, or — for
    Django's 4xx/5xx lines, logged after the middleware has returned — its request's."""
    return (
        getattr(record, "request_id", None)
        or request_id.get()
        or getattr(getattr(record, "request", None), "request_id", None)
    )


class RequestIdFilter(logging.Filter):
    """Give every record a ``request_id`` attribute (None outside requests), for text logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = record_request_id(record)
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, the record's extra fields, and a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry["request_id"] = record_request_id(record)
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: Django puts the request object and similar on its records.
        return json.dumps(entry, ensure_ascii=False, default=str)
