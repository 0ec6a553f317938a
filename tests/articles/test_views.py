"""Reader pages show published content only; editors preview drafts with a banner."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Credit, Tag
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = make_article("云湖区召开一季度重点工作推进会", kicker="聚焦春耕备耕")
    chair = make_person("林思远")
    meeting = make_meeting(article, name="一季度重点工作推进会")
    make_participation(meeting, chair, "chair", position="区长")
    make_directive(article, meeting=meeting, heading="坚定信心、抢抓进度")
    Credit.objects.create(article=article, person=make_person("许文静"), role="reporter")
    article.tags.add(Tag.objects.create(name="春耕备耕"))
    return article


def test_home_lists_published_not_drafts(client, story):
    make_article("尚未发布的稿件", published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in response.text
    assert "云湖区召开一季度重点工作推进会" in response.text
    assert "尚未发布的稿件" not in response.text
    assert "一季度重点工作推进会" in response.text  # recent meetings


def test_home_bad_page_number_gives_a_page(client, story):
    assert client.get("/", {"page": "abc"}).status_code == 200
    assert client.get("/", {"page": "99999"}).status_code == 200


def test_article_page_shows_meeting_directives_byline_tags(client, story):
    response = client.get(story.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert "聚焦春耕备耕" in text
    assert 'id="directive-1"' in text and "坚定信心、抢抓进度" in text
    assert "主持" in text and "林思远" in text
    assert "记者" in text and "许文静" in text
    assert "春耕备耕" in text


def test_draft_is_404_for_readers_and_previewed_for_editors(client, admin_client):
    draft = make_article("草稿稿件", published=False)
    meeting = make_meeting(draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.text


def test_unknown_ids_are_404(client):
    assert client.get("/articles/999999/").status_code == 404
    assert client.get("/people/999999/").status_code == 404
    assert client.get("/meetings/999999/").status_code == 404
    assert client.get("/tags/没有这个标签/").status_code == 404


def test_person_page_shows_only_published_activity(client, story):
    chair = story.meetings.get().participations.get().person
    hidden = make_article("内部草稿", published=False)
    make_participation(make_meeting(hidden, name="内部会议"), chair, "chair")
    response = client.get(chair.get_absolute_url())
    assert response.status_code == 200
    assert "一季度重点工作推进会" in response.text
    assert "内部会议" not in response.text


def test_tag_page_lists_tagged_articles(client, story):
    response = client.get(Tag.objects.get().get_absolute_url())
    assert response.status_code == 200
    assert story.title in response.text


def test_ingested_markup_is_escaped(client):
    article = make_article('<script>alert("x")</script>标题', body='正文<b>加粗</b>"引号"')
    response = client.get(article.get_absolute_url())
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "&lt;b&gt;加粗" in response.text


def test_person_page_lists_the_latest_twenty_and_links_to_the_rest(client):
    chair = make_person("周立新")
    for day in range(1, 23):
        article = make_article(f"第{day}次会议报道", event_date=dt.date(2024, 3, day))
        meeting = make_meeting(article, name=f"第{day}次推进会", date=dt.date(2024, 3, day))
        make_participation(meeting, chair, "chair")
        make_directive(article, meeting=meeting, heading=f"第{day}条要求", issuer=chair)
    page = client.get(chair.get_absolute_url()).text
    assert "第22次推进会" in page and "第3次推进会" in page
    assert "第2次推进会" not in page and "第1次推进会" not in page
    assert "第22条要求" in page and "第2条要求" not in page
    assert f'href="/directives/?person={chair.pk}"' in page
    assert f'href="/meetings/?person={chair.pk}"' in page
    rest = client.get(f"/directives/?person={chair.pk}").text
    assert "第1条要求" in rest and "第22条要求" in rest


def test_home_pages_through_the_archive_without_counting_it(client):
    for n in range(45):
        make_article(f"第{n:02d}篇")  # published one minute apart, 第00篇 newest
    first = client.get("/").text
    assert "第00篇" in first and "第19篇" in first and "第20篇" not in first
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert "第 1 页" in first  # no total: the archive is not counted
    third = client.get("/?page=3").text
    assert "第40篇" in third and "第44篇" in third and "第39篇" not in third
    assert 'href="?page=2" rel="prev"' in third and 'rel="next"' not in third
    # Past the end: the last page, as Django's get_page gives it.
    assert "第44篇" in client.get("/?page=9").text
    assert "第00篇" in client.get("/?page=abc").text
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/?page=2")
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_list_items_link_their_tags_escaped(client):
    article = make_article("带标签的稿件")
    article.tags.add(
        Tag.objects.create(name="<b>双清零</b>", kind="term"), Tag.objects.create(name="春耕")
    )
    page = client.get("/").text
    assert 'class="tag tag-term" href="/tags/' in page
    assert "&lt;b&gt;双清零&lt;/b&gt;</a>" in page and "<b>双清零" not in page
    assert '<a class="tag tag-topic" href="/tags/%E6%98%A5%E8%80%95/">春耕</a>' in page


def test_list_items_show_headline_parts_escaped_under_the_right_heading(client):
    article = make_article(
        "标题<i>一</i>",
        kicker="引题&<b>",
        subtitle='副题"二"',
        event_date=dt.date(2024, 3, 5),
    )
    person = make_person("韩若愚")
    article.mentions.create(person=person, positions=[])
    link = f'<a href="/articles/{article.pk}/">标题&lt;i&gt;一&lt;/i&gt;</a>'
    for url in ("/", "/archive/2024/", "/archive/2024/3/", "/archive/2024/3/5/"):
        page = client.get(url).text
        assert f'<h2 class="item-title">{link}</h2>' in page, url
        assert '<p class="kicker">引题&amp;&lt;b&gt;</p>' in page, url
        assert '<p class="subtitle">副题&quot;二&quot;</p>' in page, url
        assert '<time datetime="2024-03-05">2024年3月5日</time>' in page, url
    # A person page lists its articles under its own h2 sections.
    page = client.get(person.get_absolute_url()).text
    assert f'<h3 class="item-title"><a href="/articles/{article.pk}/">' in page


def test_meeting_list_counts_each_organizers_published_meetings(client):
    for n in range(3):
        make_meeting(make_article(f"区委稿{n}"), name=f"区委会议{n}", organizer="区委")
    make_meeting(make_article("政府稿"), name="政府会议", organizer="区政府")
    make_meeting(make_article("草稿", published=False), name="草稿会议", organizer="区政府")
    scheduled = make_article("定时稿", published_at=timezone.now() + dt.timedelta(days=1))
    make_meeting(scheduled, name="定时会议", organizer="区政协")
    make_meeting(make_article("无单位稿"), name="无单位会议", organizer="")
    page = client.get("/meetings/").text
    assert '<option value="区委">区委（3）</option>' in page
    assert '<option value="区政府">区政府（1）</option>' in page
    assert "区政协" not in page and '<option value="">全部</option>' in page
    assert page.index("区委（3）") < page.index("区政府（1）")
