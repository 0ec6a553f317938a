"""The page cache for anonymous readers, and what invalidates it.

Reader views wrapped in ``reader_page`` (see the URLconfs) are answered from Django's cache
for anonymous GET and HEAD requests: a plain GET by ``CachedPagesFirst`` around the WSGI
application, before Django handles the request; the rest by ``PageCacheMiddleware``, before
the rest of the middleware runs. The key is the absolute URL with its query string; the
cache *version* is a site-wide generation number kept in the same cache. Every change to
content increments the generation, which makes every page cached before unreachable at once;
the old entries are left to expire (``NEWSROOM_PAGE_CACHE_SECONDS``).

One number for the whole site rather than keys per object: an article's headline appears on
the home page, archives, tag, person and meeting pages, search, feeds and sitemaps, and a
rule of "which pages show what" would be one more thing to get wrong. Edits are rare next
to reads, so dropping everything on each edit costs little.

What counts as a change: a save or delete of any model of the articles and people apps
(signals, connected in ``ArticlesConfig.ready``), and the writes that send no signals —
``QuerySet.update()`` in admin actions, ``bulk_create`` in ingest, ``bulk_update`` in
``search_index`` — which call ``content_changed()`` themselves.

Staff and any logged-in user never read from the cache and never write to it. A response is
stored only if nothing in it can be personal: no cookie set, no CSRF token rendered, no
message shown, status 200, not private.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    get_max_age,
    set_response_etag,
)
from django.utils.translation import get_language_from_request
from redis.exceptions import RedisError

from newsroom.middleware import log_request, take_request_id

from .choices import Status

log = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NEXT_RELEASE_KEY = "pagecache:next-release"
# v2: pages stored with the security headers (before, SecurityMiddleware added them to each
# hit); a page stored by an older release is never read.
PAGE_KEY_PREFIX = "pagecache:page:v2:"
CONTENT_APPS = ("articles", "people")
# Headers a stored page may vary on: the key already covers both (anonymous readers only,
# one language per URL).
VARY_ALLOWED = {"cookie", "accept-language"}
NOT_STORED = {"private", "no-store", "no-cache"}


# -- The generation ------------------------------------------------------------------------


def _fresh_generation() -> int:
    # Milliseconds: a generation created after the key was lost (evicted, Redis restarted
    # empty) is larger than any value counted up before, so no old page comes back.
    return time.time_ns() // 1_000_000


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump() -> None:
    """Make every page cached so far unreachable."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet, or it was lost
            if not cache.add(GENERATION_KEY, _fresh_generation(), timeout=None):
                cache.incr(GENERATION_KEY)  # a reader created it meanwhile
    except RedisError:
        # Saving content must not fail because the cache is down; pages cached before may
        # then be served until they expire.
        log.exception("Page cache not invalidated: the cache server did not answer")


def content_changed(using: str | None = None) -> None:
    """Call after any write that readers may see.

    Bumps now, so that later reads on this connection (inside the same transaction) miss,
    and once more when the transaction commits: a page that another connection rendered from
    the old rows in between and cached under the new generation is dropped as well.
    """
    bump()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not _bump_pending(connection):
        transaction.on_commit(bump, using=using)


def _bump_pending(connection) -> bool:
    # One bump per transaction is enough; a bulk delete sends a signal per row. The list is
    # Django's own (entries are (savepoint ids, callback, robust)); a savepoint rolled back
    # removes its entries, so a later change registers again.
    return any(entry[1] is bump for entry in connection.run_on_commit)


def _on_write(sender, using=None, **kwargs) -> None:
    content_changed(using)


def connect_signals() -> None:
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """A per-process cache cannot hear about edits made in other processes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.NEWSROOM_PAGE_CACHE_SECONDS > 0 and backend.endswith(".LocMemCache"):
        return [
            checks.Warning(
                "The page cache is kept in each process's memory: edits made in another "
                "worker or by manage.py ingest reach readers only when pages expire "
                f"(NEWSROOM_PAGE_CACHE_SECONDS={settings.NEWSROOM_PAGE_CACHE_SECONDS}).",
                hint="Set REDIS_URL, or NEWSROOM_PAGE_CACHE_SECONDS=0 to turn the cache off.",
                id="newsroom.W001",
            )
        ]
    return []


# -- Scheduled articles --------------------------------------------------------------------


def _seconds_to_next_release(version: int) -> float:
    """Seconds until the next scheduled article goes live (inf when none is scheduled).

    Publishing on schedule writes nothing (readers see articles whose published_at has
    passed), so no signal fires: pages must not outlive the moment. Looked up once per
    generation and release, not per page.
    """
    now = time.time()
    at = cache.get(NEXT_RELEASE_KEY, version=version)
    if at is None:
        from .models import Article

        upcoming = Article.objects.filter(
            status=Status.PUBLISHED, published_at__gt=timezone.now()
        ).aggregate(at=Min("published_at"))["at"]
        at = upcoming.timestamp() if upcoming else 0.0
        keep = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if at:
            keep = min(keep, math.floor(at - now))
        if keep >= 1:
            cache.set(NEXT_RELEASE_KEY, at, timeout=keep, version=version)
    return at - now if at else math.inf


# -- The middleware, the WSGI wrapper and the view decorator --------------------------------
#
# A hit is answered before the view: sessions, locale, CSRF, auth, messages, URL resolving
# and the view never run, and were most of a hit's cost when the lookup sat in the view
# (bench/pages.py). So a page is stored as the whole stack finished it, with every header
# the middleware below the request log added (security headers, CSP, X-Frame-Options, Vary,
# Content-Language, ETag), by PageCacheMiddleware on the way out; reader_page only marks
# which responses are reader pages and for how long they may be kept. A plain GET is
# answered by CachedPagesFirst around Django (newsroom/wsgi.py); HEAD, conditional requests
# and the test client's requests, by PageCacheMiddleware.

_UNAVAILABLE = object()
# The environ key under which CachedPagesFirst hands its lookup to PageCacheMiddleware (a
# client's headers all become HTTP_* keys, so none can set it).
FOUND = "newsroom.pagecache.found"


class PageCacheMiddleware:
    """Answer anonymous GET and HEAD requests from the page cache; store the reader pages
    that the rest of the stack answered them with.

    A request with a session cookie may be an editor's: it goes through the whole stack,
    where reader_page looks the page up once the user is known. Placed second, after the
    request log only, so that a stored page has every header but its request id, the
    security headers included: CachedPagesFirst serves it without running any middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.readable = Readable()

    def __call__(self, request):
        if not self.readable(request):
            return self.get_response(request)
        if FOUND in request.environ:  # looked up by CachedPagesFirst, which missed
            found = request.environ.pop(FOUND)
        else:
            found = _find(request)
        if found is None:
            request._pagecache = _UNAVAILABLE
            return self.get_response(request)
        key, version, entry = found
        if entry is not None:
            return _hit(request, entry)
        request._pagecache = (key, version)
        response = self.get_response(request)
        seconds = getattr(response, "_pagecache_seconds", 0)
        if seconds > 0 and _storable(request, response):
            _store(key, version, response, seconds)
        return response


class Readable:
    """Whether a request may be answered from the page cache: an anonymous GET or HEAD of a
    path that can be a reader page, with the cache on."""

    def __init__(self):
        # Paths that are never reader pages, so not worth a cache round trip: static files
        # (WhiteNoise's, further in), the admin (its login page to anonymous visitors) and
        # the health check that load balancers poll.
        self.not_pages = (settings.STATIC_URL, reverse("admin:index"), reverse("healthz"))

    def __call__(self, request) -> bool:
        return not (
            request.method not in ("GET", "HEAD")
            or request.path_info.startswith(self.not_pages)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or max(settings.NEWSROOM_PAGE_CACHE_SECONDS, settings.NEWSROOM_SEARCH_CACHE_SECONDS)
            <= 0
            # SecurityMiddleware, further in, redirects it to HTTPS.
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        )


class CachedPagesFirst:
    """WSGI application around Django's: a GET that PageCacheMiddleware would answer from
    the cache is answered here, before Django handles the request at all.

    A hit in the middleware still paid for what Django does around every request: the
    request_started and request_finished signals (each closing stale database
    connections), the middleware chain, and an HttpResponse that validates every stored
    header again; that was over a third of a hit's CPU (bench/pages.py). Here a hit is the
    stored status, headers and bytes, with the request id and the access log line that
    RequestLogMiddleware would add. Everything else goes to Django: misses (with the lookup
    passed along, so the page is not looked up twice), HEAD, conditional requests (the
    middleware answers them with 304), requests with a session cookie, a host not allowed.
    """

    def __init__(self, application):
        self.application = application
        self.readable = Readable()

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
        ):
            return self.application(environ, start_response)
        started = time.perf_counter()
        # A copy: WSGIRequest decodes PATH_INFO in the environ it is given, and Django's
        # handler decodes it again from the environ when the request goes on.
        request = WSGIRequest(environ.copy())
        if not self.readable(request):
            return self.application(environ, start_response)
        try:
            found = _find(request)
        except DisallowedHost:  # Django answers it with 400, and logs it
            return self.application(environ, start_response)
        if found is None or found[2] is None:
            environ[FOUND] = found
            return self.application(environ, start_response)
        status, headers, content = found[2]
        rid = take_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, ("X-Request-ID", rid)])
        log_request(request, status, rid, started)
        return [content]


def reader_page(view: Callable, *, ttl_setting: str = "NEWSROOM_PAGE_CACHE_SECONDS"):
    """Serve ``view`` to anonymous readers from the page cache.

    ``ttl_setting`` names the setting with the seconds a page is kept (0 turns the cache off
    for the view); search uses a shorter one.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = getattr(settings, ttl_setting)
        if seconds <= 0 or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        looked_up = getattr(request, "_pagecache", None)
        if looked_up is None:
            # Not looked up above (a session cookie, of a reader who is not logged in).
            found = _find(request)
            if found is not None and found[2] is not None:
                return _hit(request, found[2])
        response = view(request, *args, **kwargs)
        if looked_up is not None and looked_up is not _UNAVAILABLE:
            response._pagecache_seconds = seconds  # PageCacheMiddleware stores it
        return response

    return cached_view


def _find(request):
    """(key, generation, stored page or None) for ``request``; None, logged, when the cache
    does not answer (the page is then rendered)."""
    key = _page_key(request)
    try:
        version, entry = _lookup(key)
    except RedisError:
        log.warning("Page cache unavailable; rendering %s", request.path, exc_info=True)
        return None
    return key, version, entry


def _lookup(key: str):
    """(the generation, the page stored under it or None)."""
    if hasattr(cache, "get_versioned"):  # newsroom.cache.RedisCache: one round trip
        version, entry = cache.get_versioned(GENERATION_KEY, key)
        if version is not None:
            return version, entry
    version = generation()
    return version, cache.get(key, version=version)


def _page_key(request) -> str:
    # The host and scheme are part of the page (canonical links); build_absolute_uri has
    # already checked the host against ALLOWED_HOSTS.
    url = request.build_absolute_uri()
    # As LocaleMiddleware will choose it: the middleware looks pages up before it runs.
    language = get_language_from_request(request)
    return PAGE_KEY_PREFIX + hashlib.sha256(f"{language} {url}".encode()).hexdigest()


def _storable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        request.method == "GET"  # a HEAD response may come without its body
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was rendered
        and not (messages is not None and messages.used)
        and not _directives(response, "Cache-Control") & NOT_STORED
        and get_max_age(response) != 0
        and _directives(response, "Vary") <= VARY_ALLOWED
    )


def _directives(response, header: str) -> set[str]:
    values = cc_delim_re.split(response.get(header, ""))
    return {value.split("=", 1)[0].strip().lower() for value in values if value.strip()}


def _store(key: str, version: int, response, seconds: int) -> None:
    # The ETag is computed once here, the way ConditionalGetMiddleware would compute it, and
    # stored with the page: a hit answers If-None-Match without hashing the body again, and
    # since the tag depends only on the bytes, a bump that leaves a page unchanged still
    # lets browsers keep their copy (304).
    if not response.has_header("ETag"):
        set_response_etag(response)
    try:
        seconds = min(seconds, _seconds_to_next_release(version))
        if seconds >= 1:
            entry = (response.status_code, list(response.items()), response.content)
            cache.set(key, entry, timeout=math.floor(seconds), version=version)
    except RedisError:
        log.warning("Page cache unavailable; %s not stored", key, exc_info=True)


def _hit(request, entry) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # What ConditionalGetMiddleware does for a rendered page: 304 to a matching If-None-Match.
    return get_conditional_response(request, etag=response.get("ETag"), response=response)
