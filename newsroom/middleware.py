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


class RequestLogMiddleware:
    """Outermost middleware: takes or makes the request id, returns it in X-Request-ID, and
    logs the request when its response is ready (duration in milliseconds until then)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = rid
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            logs.request_id.reset(token)
