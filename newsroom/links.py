"""Object URLs at the cost of a string join rather than a reverse() per link, and the
site's fixed addresses (its navigation, feeds) at the cost of a dictionary lookup.

A list page links every article, tag and person it shows: the home page alone holds about
two hundred links, and ``django.urls.reverse`` (resolver lookup, converter checks, quoting,
thread-local script prefix) was a tenth of its rendering time. ``object_url`` reverses each
route once per script prefix with a placeholder argument and fills the placeholder in after,
quoted as reverse() quotes it, so the two give the same string (tests/newsroom/test_links.py).
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# What reverse() leaves unquoted in a path (django/urls/resolvers.py, _reverse_with_prefix).
SAFE = RFC3986_SUBDELIMS + "/~:@"
INT_PLACEHOLDER = 918273645
STR_PLACEHOLDER = "placeholder-d41d8cd9"


# The script prefix and URLconf of the request whose view is running (RequestLinks), or
# None: each is read from an asgiref.Local, about a microsecond a read, and a list page
# wrote some eighty links, each reading the prefix and its routes the URLconf too.
_request: ContextVar[tuple[str, str] | None] = ContextVar("newsroom_links", default=None)


def _read() -> tuple[str, str]:
    return get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)


def _current() -> tuple[str, str]:
    """The script prefix and URLconf: the request's, or read now outside a view."""
    current = _request.get()
    return _read() if current is None else current


def script_prefix() -> str:
    """``get_script_prefix()``, read once per request."""
    return _current()[0]


class RequestLinks:
    """Middleware: reads the script prefix and the URLconf once a request, when the view
    is about to run (Django has set both by then, a request's own ``urlconf`` included),
    for every link the view and its templates write. Outside a view (a 404 before any
    view, a management command, a test calling these functions) they are read each time.

    Cleared, not reset to a token, when the request ends: under ASGI Django runs a sync
    middleware's process_view and __call__ in different copies of the context, where a
    token from one cannot reset the other (each request's task has a context of its own
    there, so nothing is left for another request either)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            _request.set(None)

    def process_view(self, request, view_func, view_args, view_kwargs):
        _request.set(_read())


@lru_cache(maxsize=128)
def _halves(prefix: str, name: str, numeric: bool) -> tuple[str, str]:
    # ``prefix`` is reverse()'s own script prefix: part of the key, not passed on.
    placeholder = INT_PLACEHOLDER if numeric else STR_PLACEHOLDER
    head, found, tail = reverse(name, args=[placeholder]).partition(str(placeholder))
    assert found, name
    return head, tail


@lru_cache(maxsize=4096)
def _str_url(prefix: str, name: str, value: str) -> str:
    # Quoting Han characters is most of a tag link's cost, and a list page repeats its tags.
    head, tail = _halves(prefix, name, False)
    return f"{head}{quote(value, safe=SAFE)}{tail}"


def object_url(name: str, value: int | str) -> str:
    """``reverse(name, args=[value])`` for a route with one int or str argument."""
    if isinstance(value, int):
        head, tail = _halves(script_prefix(), name, True)
        return f"{head}{value}{tail}"
    return _str_url(script_prefix(), name, value)


@lru_cache(maxsize=256)
def _route(prefix: str, urlconf: str, name: str) -> str:
    # ``prefix`` is reverse()'s own script prefix: part of the key, not passed on.
    return reverse(name, urlconf=urlconf)


def route_url(name: str) -> str:
    """``reverse(name)`` for a route without arguments. Every page links the site's
    sections and feeds (eleven addresses in base.html), and a reverse() was 15 µs: a
    tenth of the article page's rendering (bench/pages.py)."""
    return _route(*_current(), name)
