"""Every reader page: status, what it shows and must not show, bad parameters."""

import datetime as dt
import itertools
import re

import pytest
from django.utils import timezone

from articles.models import Mention, Tag
from tests.articles.stories import html_pages, make_story
from tests.factories import (
    make_article,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_every_page_renders_with_meta(client, stories, chair):
    for name, url in html_pages(stories[0], chair).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = response.text
        assert '<html lang="zh-Hans">' in text, name
        assert '<link rel="canonical" href="http://testserver/' in text, name
        assert 'property="og:title"' in text and "<title>" in text, name
        assert '<main id="main">' in text, name
        assert text.count("<h1") == 1, name
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", text)]
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert not skips, f"{name}: heading levels skip {skips}"


def test_drafts_and_their_parts_are_invisible(client, chair):
    draft = make_story(9, chair, published=False)
    make_story(1, chair)
    meeting = draft.meetings.get()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404
    for url in ("/", "/meetings/", "/directives/", chair.get_absolute_url(), "/archive/2024/3/"):
        text = client.get(url).text
        assert "第9次推进会" not in text, url
        assert "第9条要求" not in text, url
        assert "第1次推进会" in text or "第1条要求" in text, url


def test_editor_previews_draft_with_banner(admin_client, chair):
    draft = make_story(9, chair, published=False)
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.text
    assert admin_client.get(draft.meetings.get().get_absolute_url()).status_code == 200


def test_article_page_panels(client, stories, chair):
    article = stories[1]
    response = client.get(article.get_absolute_url())
    text = response.text
    assert "聚焦春耕" in text and "云湖区召开第2次推进会" in text
    assert "主持" in text and chair.get_absolute_url() in text
    assert 'id="directive-1"' in text and "第2条要求" in text
    assert Tag.objects.get(name="春耕").get_absolute_url() in text
    # Related articles share the tag and the chair; previous and next by event date.
    assert stories[0].get_absolute_url() in text and stories[2].get_absolute_url() in text
    assert 'rel="prev"' in text and 'rel="next"' in text


def test_person_page_timeline_and_positions(client, stories, chair):
    text = client.get(chair.get_absolute_url()).text
    assert "区长" in text and "2024年3月1日" in text and "2024年3月20日" in text
    for n in (1, 2, 3):
        assert f"第{n}次推进会" in text and f"第{n}条要求" in text
    assert "主持" in text


def test_meeting_list_filters(client, chair):
    make_story(1, chair)
    other = make_person("周明礼")
    make_story(2, other)
    make_article("往年稿件", event_date=dt.date(2023, 5, 1))
    text = client.get("/meetings/", {"person": chair.pk}).text
    assert "第1次推进会" in text and "第2次推进会" not in text
    assert "第1次推进会" in client.get("/meetings/", {"year": 2024, "month": 3}).text
    assert "第1次推进会" not in client.get("/meetings/", {"year": 2023}).text
    assert "第1次推进会" in client.get("/meetings/", {"organizer": "云湖区"}).text
    assert "没有符合条件的会议" in client.get("/meetings/", {"organizer": "别的区"}).text


def test_directive_index_filters(client, chair):
    make_story(1, chair)
    other_tag = Tag.objects.create(name="安全生产")
    make_story(2, make_person("周明礼"), tag=other_tag)
    assert "第2条要求" not in client.get("/directives/", {"person": chair.pk}).text
    assert "第1条要求" in client.get("/directives/", {"person": chair.pk}).text
    text = client.get("/directives/", {"tag": other_tag.slug}).text
    assert "第2条要求" in text and "第1条要求" not in text
    assert "第1条要求" not in client.get("/directives/", {"year": 2023}).text
    assert "#directive-1" in client.get("/directives/").text


def test_tag_list_by_kind(client, stories):
    Tag.objects.create(name="白沙", kind="place")
    stories[0].tags.add(Tag.objects.get(name="白沙"))
    assert "白沙" in client.get("/tags/", {"kind": "place"}).text
    assert "春耕" not in client.get("/tags/", {"kind": "place"}).text
    assert "春耕" in client.get("/tags/", {"kind": "nonsense"}).text


@pytest.mark.parametrize(
    "url",
    [
        "/?page=abc",
        "/?page=0",
        "/?page=99999999999999999999",
        "/meetings/?year=abc&month=13&person=x&page=-1",
        "/meetings/?person=99999999",
        "/directives/?tag=%3Cscript%3E&person=0&year=99999",
        "/tags/?kind=%27&page=2",
        "/people/?page=9999",
    ],
)
def test_bad_parameters_never_500(client, stories, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/articles/99999999/",
        "/meetings/99999999/",
        "/people/99999999/",
        "/archive/2024/13/",
        "/archive/2024/2/30/",
        "/archive/0/",
        "/archive/99999999999/",
        "/tags/没有/",
        "/feeds/tags/没有.rss",
        "/feeds/people/99999999.atom",
    ],
)
def test_unknown_things_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    if not url.startswith("/feeds/"):
        assert "找不到这个页面" in response.text


def test_pagination_edges(client, chair):
    for n in range(25):
        make_article(f"稿件{n:02d}", published_at=timezone.now() - dt.timedelta(minutes=100 - n))
    first = client.get("/").text
    assert "稿件24" in first and "下一页" in first and "上一页" not in first
    last = client.get("/", {"page": 2}).text
    assert "稿件00" in last and "上一页" in last and "下一页" not in last
    assert "稿件00" in client.get("/", {"page": 999}).text


def test_filters_survive_pagination(client, chair):
    for n in range(35):
        make_story(n, chair)
    text = client.get("/directives/", {"person": chair.pk}).text
    assert f"?person={chair.pk}&amp;page=2" in text


def test_conditional_get(client, stories):
    response = client.get("/")
    etag = response["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_scheduled_articles_wait(client):
    make_article("明天发布", published_at=timezone.now() + dt.timedelta(days=1))
    assert "明天发布" not in client.get("/").text


def test_server_error_page_is_friendly_and_standalone(client):
    from django.template.loader import render_to_string

    # Django renders 500.html with no context (the database may be what failed).
    html = render_to_string("500.html")
    assert '<html lang="zh-Hans">' in html and "服务器暂时出错" in html
    assert "{%" not in html


def test_people_and_tags_seen_only_in_drafts_stay_hidden(client, admin_client):
    draft = make_article("内部稿件", published=False)
    insider = make_person("秦内部")
    insider.positions.create(title="区长")
    Mention.objects.create(article=draft, person=insider, positions=["区长"])
    secret = Tag.objects.create(name="内部标签")
    draft.tags.add(secret)
    for url in (
        insider.get_absolute_url(),
        secret.get_absolute_url(),
        f"/feeds/people/{insider.pk}.rss",
        f"/feeds/tags/{secret.slug}.atom",
    ):
        assert client.get(url).status_code == 404, url
    assert admin_client.get(insider.get_absolute_url()).status_code == 200
    # A position known only from a draft is not shown once the person is public.
    public = make_article("公开稿件")
    Mention.objects.create(article=public, person=insider, positions=[])
    page = client.get(insider.get_absolute_url())
    assert page.status_code == 200 and "区长" not in page.text


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?person=%C2%B2",
        "/search/?q=%E7%8E%8B%00&per_page=%C2%B2",
        "/tags/%00/",
        "/meetings/?organizer=%00",
        "/directives/?tag=%00",
    ],
)
def test_odd_characters_in_parameters_never_500(client, stories, url):
    assert client.get(url).status_code in (200, 404)


def test_lists_show_only_positions_from_published_articles(client):
    person = make_person("秦公开")
    person.positions.create(title="区长")
    person.positions.create(title="副区长")
    Mention.objects.create(article=make_article("公开稿件"), person=person, positions=["副区长"])
    Mention.objects.create(
        article=make_article("草稿", published=False), person=person, positions=["区长"]
    )
    listing = client.get("/people/").text
    assert "副区长" in listing and "（区长）" not in listing
    search = client.get("/search/", {"q": "秦公开"}).text
    assert "副区长" in search and ">区长<" not in search
