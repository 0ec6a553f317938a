"""Request ids and the access log: one line per request, with method, path, status and time."""

import logging
import re
import time
import uuid

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

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
        # META, not request.headers: that builds a dict of every header first.
        rid = take_request_id(request.META.get("HTTP_X_REQUEST_ID", ""))
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


# What django-csp's decorators leave on a response to change its policy for that response.
_POLICY_OVERRIDES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the headers of the settings' policies built once.

    django-csp builds both policies (enforced and report-only) from the settings for every
    response, copying each directive and turning a dataclass of the response's overrides
    into a dict twice: 42-47 µs a response in process on session 19's machine, where this
    takes 10-16 (an uncached article page took 3.0-3.4 ms). A response that no django-csp
    decorator changed, to a request whose nonce nothing asked for, gets the headers built
    once for the settings in force, and built again when the settings objects change
    (``override_settings``); any other response goes through django-csp's own
    ``process_response``. What is set where is django-csp's rule: a header the response
    has already is kept, ``EXCLUDE_URL_PREFIXES`` paths get none, nor do 404 and 500
    responses under DEBUG."""

    def __init__(self, get_response):
        super().__init__(get_response)
        # The settings' two policy objects and what was built from them. Held, not their
        # ids: an id may be reused by a later object once the first is gone.
        self._built: tuple | None = None  # (enforced, report_only, [(header, policy, excluded)])

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _POLICY_OVERRIDES
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for header, policy, excluded in self._policies():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _policies(self) -> list[tuple[str, str, tuple]]:
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        if self._built is None or not (
            self._built[0] is enforced and self._built[1] is report_only
        ):
            built = []
            for header, config, ro in (
                (HEADER, enforced, False),
                (HEADER_REPORT_ONLY, report_only, True),
            ):
                policy = build_policy(report_only=ro)
                if policy:
                    excluded = tuple((config or {}).get("EXCLUDE_URL_PREFIXES") or ())
                    built.append((header, policy, excluded))
            self._built = (enforced, report_only, built)
        return self._built[2]
