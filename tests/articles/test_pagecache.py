"""The page cache: a hit is the same bytes and costs no SQL, staff bypass it, nothing personal
is stored, and every kind of edit reaches a reader who fetched the page before, at once.

Each test runs on the local-memory cache and on the Redis server of REDIS_URL (default
127.0.0.1:6379; skipped when none answers), under a key prefix of its own (the page_cache
fixture, tests/articles/conftest.py).
"""

import datetime as dt
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib import messages
from django.core import checks
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils import timezone

from articles import pagecache
from articles.choices import Status
from articles.models import Article, Directive, Tag
from people.models import Person
from tests.admin_forms import admin_url, submit_change_form
from tests.articles.stories import make_story, reader_pages
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "tongchuan-2023-03-10.txt"
SAMPLE_TITLE = "桐川区召开优化营商环境大会"


def shown(client, url: str, text: str) -> bool:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return response.status_code == 200 and text in response.text


def search_count(client, q: str) -> int:
    return client.get("/search/", {"q": q, "format": "json"}).json()["count"]


def reader_sees(client, urls, text) -> dict[str, bool]:
    return {url: shown(client, url, text) for url in urls}


# -- What a hit is ---------------------------------------------------------------------------


def test_a_hit_is_the_same_bytes_and_costs_no_query(
    client, page_cache, stories, chair, django_assert_num_queries
):
    for name, url in reader_pages(stories[0], chair).items():
        first = client.get(url)
        assert first.status_code == 200, name
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content, name
        # Every response has its own request id (newsroom.middleware); the rest is stored.
        assert again["X-Request-ID"] != first["X-Request-ID"], name
        del again["X-Request-ID"], first["X-Request-ID"]
        assert dict(again.items()) == dict(first.items()), name
        assert "Set-Cookie" not in again.headers and not again.cookies, name
        assert b"csrfmiddlewaretoken" not in again.content, name
        with django_assert_num_queries(0):
            head = client.head(url)
        assert head.status_code == 200 and head["ETag"] == first["ETag"], name
    assert not client.cookies


@pytest.mark.parametrize("url", ["/healthz", "/admin/login/", "/static/css/site.css"])
def test_paths_that_are_never_reader_pages_do_not_ask_the_cache(
    client, page_cache, url, monkeypatch
):
    def find(request):
        raise AssertionError(f"{request.path} looked up in the page cache")

    monkeypatch.setattr(pagecache, "_find", find)
    client.get(url)


def test_a_hit_answers_if_none_match_with_304(
    client, page_cache, stories, django_assert_num_queries
):
    etag = client.get("/")["ETag"]
    with django_assert_num_queries(0):
        assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_query_strings_and_hosts_are_pages_of_their_own(client, page_cache, stories, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.cn"]
    assert shown(client, "/search/?q=第1次推进会", "第1次推进会")
    assert not shown(client, "/search/?q=第2次推进会", "第1次推进会")
    other_host = client.get("/", HTTP_HOST="news.example.cn").text
    assert 'href="http://news.example.cn/"' in other_host
    assert 'href="http://testserver/"' in client.get("/").text


def test_staff_get_fresh_pages_and_leave_the_cache_alone(
    client, admin_client, page_cache, stories, chair
):
    article = stories[0]
    url = article.get_absolute_url()
    assert "编辑后台" in admin_client.get("/").text
    assert "编辑后台" not in client.get("/").text  # the editor's page was not stored
    client.get(url)
    # A write the cache cannot know about: the reader keeps the stored copy, the editor not.
    Article.objects.filter(pk=article.pk).update(title="悄悄改过的标题")
    assert "悄悄改过的标题" in admin_client.get(url).text
    assert "悄悄改过的标题" not in client.get(url).text


def test_a_draft_previewed_by_staff_stays_hidden(client, admin_client, page_cache, chair):
    draft = make_story(9, chair, published=False)
    assert "预览" in admin_client.get(draft.get_absolute_url()).text
    assert client.get(draft.get_absolute_url()).status_code == 404


# -- Every kind of edit ----------------------------------------------------------------------


def test_publish_and_unpublish_in_the_change_form(client, admin_client, page_cache, chair):
    make_story(1, chair)
    draft = make_story(9, chair, published=False)
    title = "云湖区召开第9次推进会"
    urls = ["/", chair.get_absolute_url(), "/meetings/", "/directives/", "/feeds/latest.rss"]
    urls += ["/archive/2024/3/", "/tags/春耕/"]

    def visible() -> dict[str, bool]:
        seen = reader_sees(client, urls, title)
        seen["article"] = shown(client, draft.get_absolute_url(), title)
        seen["sitemap"] = shown(client, "/sitemap-articles.xml", draft.get_absolute_url())
        seen["search"] = search_count(client, "第9次推进会") == 1
        return seen

    assert not any(visible().values())
    submit_change_form(admin_client, draft, status=Status.PUBLISHED)
    seen = visible()
    assert all(seen.values()), seen
    submit_change_form(admin_client, draft, status=Status.DRAFT)
    seen = visible()
    assert not any(seen.values()), seen


def edits(article, chair) -> dict:
    """What an editor changes, and the reader pages that show it."""
    meeting = article.meetings.get()
    pages = reader_pages(article, chair)
    where = [article.get_absolute_url(), meeting.get_absolute_url(), chair.get_absolute_url()]
    return {
        "headline": (
            article,
            {"title": "云湖区部署春季防汛"},
            [pages[name] for name in ("article", "home", "tag", "person", "day", "feed_atom")],
        ),
        "person name": (chair, {"name": "林思源"}, [*where, "/meetings/", "/people/"]),
        "meeting": (meeting, {"name": "防汛调度会"}, [*where, "/meetings/", "/directives/"]),
        "directive": (
            Directive.objects.get(article=article),
            {"heading": "守住底线"},
            [*where, "/directives/"],
        ),
    }


@pytest.mark.parametrize("what", ["headline", "person name", "meeting", "directive"])
def test_an_edit_reaches_every_page_that_shows_it(
    client, admin_client, page_cache, stories, chair, what
):
    obj, changes, urls = edits(stories[0], chair)[what]
    (new,) = changes.values()
    assert not any(reader_sees(client, urls, new).values())
    submit_change_form(admin_client, obj, **changes)
    seen = reader_sees(client, urls, new)
    assert all(seen.values()), seen


def test_tag_edits(client, admin_client, page_cache, stories, chair):
    article = stories[0]
    urls = [article.get_absolute_url(), "/tags/", "/"]
    assert not any(reader_sees(client, urls, "防汛").values())
    submit_change_form(admin_client, article, tags="春耕, 防汛")
    seen = reader_sees(client, urls, "防汛")
    assert all(seen.values()), seen
    assert shown(client, Tag.objects.get(name="防汛").get_absolute_url(), article.title)

    submit_change_form(admin_client, Tag.objects.get(name="春耕"), name="春播")
    seen = reader_sees(client, urls, "春播")
    assert all(seen.values()), seen

    article.tags.remove(Tag.objects.get(name="防汛"))
    assert not any(reader_sees(client, urls, "防汛").values())


def test_delete_in_the_admin(client, admin_client, page_cache, stories, chair):
    article = stories[0]
    urls = ["/", "/meetings/", "/directives/", chair.get_absolute_url(), "/feeds/latest.rss"]
    assert all(reader_sees(client, urls, article.title).values())
    assert shown(client, article.get_absolute_url(), article.title)
    response = admin_client.post(admin_url(article, "delete", article.pk), {"post": "yes"})
    assert response.status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not any(reader_sees(client, urls, article.title).values())


def test_inline_delete_in_the_admin(client, admin_client, page_cache, stories):
    article = stories[0]
    assert shown(client, article.get_absolute_url(), "第1条要求")
    directive = Directive.objects.get(article=article)
    response = admin_client.post(admin_url(directive, "delete", directive.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not shown(client, article.get_absolute_url(), "第1条要求")


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete_selected"])
def test_bulk_admin_actions(client, admin_client, page_cache, chair, action):
    live = make_story(1, chair)
    draft = make_story(2, chair, published=False)
    for url in ("/", "/meetings/", live.get_absolute_url(), draft.get_absolute_url()):
        client.get(url)
    data = {"action": action, "_selected_action": [live.pk, draft.pk]}
    if action == "delete_selected":
        data["post"] = "yes"
    response = admin_client.post(admin_url(Article, "changelist"), data)
    assert response.status_code == 302
    expected = {"publish": True, "unpublish": False, "delete_selected": False}[action]
    for article in (live, draft):
        assert shown(client, "/", article.title) is expected, article.title
        assert shown(client, "/meetings/", article.title) is expected, article.title
        assert shown(client, article.get_absolute_url(), article.title) is expected


def test_ingest_publish_and_replace(client, page_cache):
    make_article("早先的稿件")
    urls = ["/", "/meetings/", "/feeds/latest.rss"]
    assert not any(reader_sees(client, urls, SAMPLE_TITLE).values())
    assert search_count(client, "营商环境") == 0
    call_command("ingest", str(SAMPLE), "--date", "2023-03-10", "--publish", stderr=StringIO())
    seen = reader_sees(client, urls, SAMPLE_TITLE)
    assert all(seen.values()), seen
    assert search_count(client, "营商环境") > 0

    # A replace rewrites the article in place: a reader holding the page before sees the
    # re-parsed text after. (An unrecorded change stands for what the old parse said.)
    old = Article.objects.get(title=SAMPLE_TITLE)
    Article.objects.filter(pk=old.pk).update(title="旧的解析结果")
    pagecache.content_changed()
    assert shown(client, old.get_absolute_url(), "旧的解析结果")
    call_command(
        "ingest", str(SAMPLE), "--date", "2023-03-10", "--publish", "--replace", stderr=StringIO()
    )
    assert Article.objects.get(title=SAMPLE_TITLE).pk == old.pk
    assert shown(client, old.get_absolute_url(), SAMPLE_TITLE)
    assert not shown(client, "/", "旧的解析结果")


def test_a_scheduled_article_appears_on_time(client, page_cache):
    make_article("早先的稿件")
    make_article("定时发布的稿件", published_at=timezone.now() + dt.timedelta(seconds=2))
    assert not shown(client, "/", "定时发布的稿件")
    time.sleep(2.1)  # waiting for the release, not measuring anything
    assert shown(client, "/", "定时发布的稿件")


# -- Transactions and failures -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_generation_moves_again_when_the_transaction_commits(page_cache):
    # A reader on another connection may cache the old rows after the first bump; the bump
    # at commit makes that copy unreachable. One commit bump per transaction, however many
    # rows changed.
    with transaction.atomic():
        make_article("甲")
        make_article("乙")
        inside = pagecache.generation()
    assert pagecache.generation() == inside + 1


def test_pages_are_served_and_edits_saved_when_redis_is_down(client, redis_down, stories):
    assert shown(client, "/", stories[0].title)
    stories[0].title = "缓存停了也能保存"
    stories[0].save()
    assert shown(client, "/", "缓存停了也能保存")


def test_deploy_check_warns_about_a_per_process_cache(settings):
    def warnings():
        found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])
        return [message.id for message in found]

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300  # asked for without Redis
    assert "newsroom.W001" in warnings()
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    assert "newsroom.W001" not in warnings()


# -- Nothing personal is stored --------------------------------------------------------------

calls: list[str] = []


def _counted(name, body):
    def view(request):
        calls.append(name)
        return body(request)

    return pagecache.reader_page(view)


def _csrf(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


def _cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("seen", "1")
    return response


def _message(request):
    list(messages.get_messages(request))  # a page that shows the visitor's messages
    return HttpResponse("messages")


def _private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


def _not_found(request):
    return HttpResponse("missing", status=404)


def _plain(request):
    return HttpResponse("plain")


VIEWS = {
    "csrf": _csrf,
    "cookie": _cookie,
    "message": _message,
    "private": _private,
    "not_found": _not_found,
    "plain": _plain,
}
urlpatterns = [path(f"{name}/", _counted(name, view)) for name, view in VIEWS.items()]
urlpatterns.append(path("", include("newsroom.urls")))


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", VIEWS)
def test_personal_responses_are_never_stored(client, page_cache, name):
    calls.clear()
    for _ in range(2):
        client.cookies.clear()
        client.get(f"/{name}/")
    # Only the plain page is served from the cache the second time.
    expected = [name] if name == "plain" else [name, name]
    assert calls == expected


def test_logged_in_users_bypass_the_cache(client, page_cache, stories, chair, django_user_model):
    url = stories[0].get_absolute_url()
    assert shown(client, url, "林思远")
    Person.objects.filter(pk=chair.pk).update(name="未通知的改名")  # sends no signal
    assert not shown(client, url, "未通知的改名")
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 12))
    assert shown(client, url, "未通知的改名")


def test_a_reader_with_a_session_cookie_gets_the_same_stored_page(
    client, page_cache, stories, django_assert_num_queries
):
    # A session cookie sends the request past PageCacheMiddleware (it may be an editor's);
    # once the user is known to be anonymous, reader_page answers from the same entry.
    url = stories[0].get_absolute_url()
    first = client.get(url)
    client.cookies["sessionid"] = "no-such-session"
    with django_assert_num_queries(1):  # the session lookup, then the stored page
        again = client.get(url)
    assert again.content == first.content
    assert again["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in again
    assert again["ETag"] == first["ETag"]
