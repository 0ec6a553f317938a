"""object_url gives what reverse() gives, for every kind of argument and script prefix."""

from urllib.parse import quote

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from newsroom.links import object_url

SLUGS = ["双清零", "a b", "100%", "a?b#c", "a+b&c=d", "~x:y@z", "é", "🙂", "tag_2", "a'b\"c<d>"]


@pytest.fixture(params=["/", "/news/", "/报纸/"])
def prefix(request):
    set_script_prefix(request.param)
    yield request.param
    clear_script_prefix()


@pytest.mark.parametrize("slug", SLUGS)
def test_str_argument(prefix, slug):
    assert object_url("articles:tag_detail", slug) == reverse("articles:tag_detail", args=[slug])


@pytest.mark.parametrize("pk", [1, 7, 42, 918273645, 10**12])
@pytest.mark.parametrize(
    "name", ["articles:article_detail", "articles:person_detail", "articles:meeting_detail"]
)
def test_int_argument(prefix, name, pk):
    assert object_url(name, pk) == reverse(name, args=[pk])


def test_each_prefix_gets_its_own_urls():
    set_script_prefix("/a/")
    try:
        first = object_url("articles:article_detail", 5)
        set_script_prefix("/b/")
        second = object_url("articles:article_detail", 5)
    finally:
        clear_script_prefix()
    assert (first, second) == ("/a/articles/5/", "/b/articles/5/")


def _served(path: str, script_name: str) -> str:
    """The page at ``path`` as the WSGI application serves it under ``script_name`` (the
    test client sets no script prefix)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    environ = {
        **RequestFactory().get(path).environ,
        "SCRIPT_NAME": script_name.encode().decode("latin-1"),
    }
    started = []
    # Django closes connections left in a transaction when a request starts and ends, the
    # test's own among them; the test client stops that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = WSGIHandler()(environ, lambda status, headers, exc_info=None: started.append(status))
        html = b"".join(body).decode()
        body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert started == ["200 OK"]
    return html


@pytest.mark.django_db
def test_each_request_links_under_its_own_script_prefix():
    """RequestLinks reads the prefix once a request: a request served under another prefix
    must not get an earlier one's links, nor code that runs after the request."""
    import re

    from newsroom import links
    from tests.factories import make_article, make_meeting

    article = make_article("前缀测试稿件")
    make_meeting(article)
    try:
        for script_name in ("/news", "/报纸", "", "/news"):
            html = _served("/", script_name)
            prefix = quote(f"{script_name}/")
            # Every link but the static files' (STATIC_URL is absolute).
            hrefs = re.findall(r'href="(/(?!static/)[^"]*)"', html)
            assert f"{prefix}articles/{article.pk}/" in hrefs
            assert f"{prefix}meetings/" in hrefs  # base.html's {% route %}
            assert all(href.startswith(prefix) for href in hrefs), (script_name, hrefs)
            assert links._request.get() is None  # nothing left behind the request
    finally:
        clear_script_prefix()


@pytest.mark.django_db(transaction=True)
def test_pages_served_over_asgi_link_under_their_prefix():
    """newsroom/asgi.py serves the same site: RequestLinks's middleware hooks run in
    different contexts there, and the page must still come out whole."""
    import re
    import threading

    from asgiref.sync import async_to_sync
    from django.db import connections
    from django.test import AsyncClient

    from newsroom import links
    from tests.factories import make_article

    article = make_article("异步测试稿件")
    # In a thread of its own: an event loop may be running in this one (Playwright's,
    # after the browser tests), where async_to_sync refuses to run. The view's queries
    # then go through that thread's connection, which sees the committed article.
    answered = []

    def serve():
        try:
            answered.append(async_to_sync(AsyncClient().get)("/"))
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve)
    thread.start()
    thread.join()
    (response,) = answered
    assert response.status_code == 200
    hrefs = re.findall(r'href="(/(?!static/)[^"]*)"', response.content.decode())
    assert f"/articles/{article.pk}/" in hrefs and "/meetings/" in hrefs
    assert links._request.get() is None
