"""Request ids and the access log: one line per request, with method, path, status and time."""

import logging
import re
import time
import uuid

from . import logs

logger = logging.getLogger("newsroom.request")

# An id from the proxy in front (nginx's $request_id, a load balancer's trace id) is kept so
# that its log lines and ours can be joined; anything else is replaced, so a client cannot
# write arbitrary text into the logs.
INCOMING_ID = re.compile(r"[A-Za-z0-9._:;=/+-]{1,128}")


def take_request_id(incoming: str) -> str:
    """The id of a request whose X-Request-ID header is ``incoming`` ("" when absent)."""
    return incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex


def log_request(request, status: int, rid: str, started: float) -> None:
    """The access log line of ``request``, answered with ``status``; ``started`` is the
    time.perf_counter() reading taken when it came in."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "request_id": rid,
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
        },
    )


class RequestLogMiddleware:
    """Outermost middleware: takes or makes the request id, returns it in X-Request-ID, and
    logs the request when its response is ready (duration in milliseconds until then).

    The page cache's hits answered before Django (articles.pagecache.CachedPagesFirst) get
    the same id and line from the same two functions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = take_request_id(request.headers.get("X-Request-ID", ""))
        request.request_id = rid
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            log_request(request, response.status_code, rid, started)
            return response
        finally:
            logs.request_id.reset(token)
