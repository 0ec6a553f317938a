"""CachedPagesFirst, the page cache's hits answered around Django (newsroom/wsgi.py): a hit is
the page the middleware stored, headers and all, with no SQL and no Django request handling;
everything it does not answer reaches Django as before, looked up once.

The test client does not go through the WSGI application: these tests call it with the
environ of a request that RequestFactory builds, as gunicorn would."""

import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from articles import pagecache
from newsroom.wsgi import application
from tests.admin_forms import submit_change_form
from tests.articles.stories import reader_pages

pytestmark = pytest.mark.django_db


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], content: bytes):
        self.status_code = int(status.split()[0])
        self.status = status
        self.header_list = headers
        self.headers = {name.lower(): value for name, value in headers}
        self.content = content


def wsgi(method: str, url: str, *, app=application, **headers) -> Answer:
    request = getattr(RequestFactory(), method.lower())(url, headers=headers)
    # The environ as a server hands it over: the request decoded PATH_INFO in place.
    environ = {**request.environ, "PATH_INFO": request.path_info.encode().decode("latin-1")}
    started = []

    def start_response(status, response_headers, exc_info=None):
        started.append((status, response_headers))

    # Django's request handling closes database connections left in a transaction when a
    # request starts and ends, the test's own among them; its test client stops that the
    # same way, for each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = app(environ, start_response)
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    (status, response_headers), *_ = started
    return Answer(status, response_headers, content)


@pytest.fixture
def handled_by_django():
    """The requests that reached Django's request handling."""
    paths = []

    def started(sender, environ, **kwargs):
        paths.append(environ["PATH_INFO"])

    request_started.connect(started)
    yield paths
    request_started.disconnect(started)


def without_request_id(headers: dict) -> dict:
    return {name: value for name, value in headers.items() if name != "x-request-id"}


def test_a_hit_is_the_stored_page_without_django(
    page_cache, stories, chair, handled_by_django, django_assert_num_queries
):
    for name, url in reader_pages(stories[0], chair).items():
        first = wsgi("GET", url)  # rendered by Django, stored by PageCacheMiddleware
        assert first.status_code == 200, name
        handled_by_django.clear()
        with django_assert_num_queries(0):
            again = wsgi("GET", url)
        assert handled_by_django == [], name
        assert again.status == "200 OK", name
        assert again.content == first.content, name
        assert without_request_id(again.headers) == without_request_id(first.headers), name
        assert again.headers["x-request-id"] != first.headers["x-request-id"], name
        assert len([n for n, _ in again.header_list if n.lower() == "x-request-id"]) == 1
        # The headers SecurityMiddleware and the rest add are stored with the page.
        assert again.headers["x-content-type-options"] == "nosniff", name
        assert again.headers["x-frame-options"] == "DENY", name
        assert "content-security-policy" in again.headers, name
        assert again.headers["content-length"] == str(len(again.content)), name


def test_the_test_client_and_the_wsgi_application_share_the_stored_page(
    client, page_cache, stories, handled_by_django
):
    url = stories[0].get_absolute_url()
    stored = client.get(url)
    handled_by_django.clear()
    hit = wsgi("GET", url)
    assert handled_by_django == []
    assert hit.content == stored.content
    assert hit.headers["etag"] == stored["ETag"]


def test_an_edit_reaches_readers_of_the_wsgi_path(admin_client, page_cache, stories, chair):
    article = stories[0]
    pages = reader_pages(article, chair)
    urls = [pages[name] for name in ("article", "home", "tag", "person", "day", "feed_atom")]
    assert not any("云湖区部署春季防汛" in wsgi("GET", url).content.decode() for url in urls)
    submit_change_form(admin_client, article, title="云湖区部署春季防汛")
    seen = {url: "云湖区部署春季防汛" in wsgi("GET", url).content.decode() for url in urls}
    assert all(seen.values()), seen


@pytest.mark.parametrize(
    "method, headers",
    [
        ("HEAD", {}),
        ("GET", {"If-None-Match": "*"}),
        ("GET", {"Cookie": "sessionid=no-such-session"}),
    ],
    ids=["head", "conditional", "session-cookie"],
)
def test_what_it_leaves_to_django(page_cache, stories, handled_by_django, method, headers):
    url = stories[0].get_absolute_url()
    first = wsgi("GET", url)
    handled_by_django.clear()
    answer = wsgi(method, url, **headers)
    assert handled_by_django == [url]
    # Django answers from the same stored page.
    expected = 304 if "If-None-Match" in headers else 200
    assert answer.status_code == expected
    assert answer.headers["etag"] == first.headers["etag"]


def test_a_miss_is_looked_up_once_and_stored(page_cache, stories, monkeypatch, handled_by_django):
    looked_up = []
    find = pagecache._find

    def counted(request):
        looked_up.append(request.path)
        return find(request)

    monkeypatch.setattr(pagecache, "_find", counted)
    url = stories[0].get_absolute_url()
    assert wsgi("GET", url).status_code == 200
    assert looked_up == [url] and handled_by_django == [url]
    assert wsgi("GET", url).status_code == 200
    assert looked_up == [url, url] and handled_by_django == [url]


def test_a_host_not_allowed_is_refused_by_django(page_cache, stories, handled_by_django):
    wsgi("GET", "/")
    assert wsgi("GET", "/", Host="evil.example.com").status_code == 400
    assert handled_by_django == ["/", "/"]


def test_plain_http_is_redirected_when_https_is_required(page_cache, stories, settings):
    wsgi("GET", "/")  # stored for http
    settings.SECURE_SSL_REDIRECT = True
    # SecurityMiddleware reads the setting when the middleware chain is built.
    answer = wsgi("GET", "/", app=pagecache.CachedPagesFirst(WSGIHandler()))
    assert answer.status_code == 301
    assert answer.headers["location"] == "https://testserver/"


def test_a_hit_is_logged_with_its_request_id(page_cache, stories, caplog):
    wsgi("GET", "/")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        hit = wsgi("GET", "/", **{"X-Request-ID": "proxy-42"})
    (record,) = [r for r in caplog.records if r.name == "newsroom.request"]
    assert hit.headers["x-request-id"] == "proxy-42"
    assert (record.method, record.path, record.status) == ("GET", "/", 200)
    assert record.request_id == "proxy-42" and record.duration_ms >= 0
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        hit = wsgi("GET", "/", **{"X-Request-ID": "not an id\n"})
    assert hit.headers["x-request-id"] != "not an id\n"
    assert len(hit.headers["x-request-id"]) == 32


def test_pages_are_served_when_redis_is_down(redis_down, stories):
    answer = wsgi("GET", "/")
    assert answer.status_code == 200
    assert stories[0].title in answer.content.decode()
