"""A small archive of linked stories, and the URL of every reader page that shows them."""

import datetime as dt

from articles.models import Credit, Mention, Tag
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)


def make_story(n: int, chair, *, published=True, tag=None):
    """An article with a meeting chaired by ``chair``, an attendee, a directive and tags."""
    article = make_article(
        f"云湖区召开第{n}次推进会",
        kicker="聚焦春耕",
        event_date=dt.date(2024, 3, 1) + dt.timedelta(days=n % 28),
        published=published,
        body=f"本报讯 云湖区召开第{n}次推进会。\n\n区领导出席。",
    )
    meeting = make_meeting(article, name=f"第{n}次推进会", date=article.event_date)
    make_participation(meeting, chair, "chair", position="区长")
    make_participation(meeting, make_person(), "attendee")
    make_directive(article, meeting=meeting, heading=f"第{n}条要求", issuer=chair)
    Mention.objects.create(article=article, person=chair, positions=["区长"])
    Credit.objects.create(article=article, person=make_person(), role="reporter")
    article.tags.add(tag or Tag.objects.get_or_create(name="春耕", defaults={"kind": "topic"})[0])
    return article


def html_pages(article, chair) -> dict[str, str]:
    """The server-rendered pages that show ``article`` or its chair."""
    meeting = article.meetings.get()
    tag = Tag.objects.get(name="春耕")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "meeting_list": "/meetings/",
        "meeting": meeting.get_absolute_url(),
        "directives": "/directives/",
        "people": "/people/",
        "person": chair.get_absolute_url(),
        "tags": "/tags/",
        "tag": tag.get_absolute_url(),
        "year": "/archive/2024/",
        "month": "/archive/2024/3/",
        "day": f"/archive/2024/3/{article.event_date.day}/",
    }


def reader_pages(article, chair) -> dict[str, str]:
    """Every reader URL: the HTML pages, search and its JSON, feeds, sitemaps, robots.txt."""
    tag = Tag.objects.get(name="春耕")
    return {
        **html_pages(article, chair),
        "search": "/search/?q=推进会",
        "search_newest": "/search/?q=推进会&order=newest",
        "search_json": "/search/?q=推进会&format=json",
        "feed_rss": "/feeds/latest.rss",
        "feed_atom": "/feeds/latest.atom",
        "feed_tag": f"/feeds/tags/{tag.slug}.rss",
        "feed_person": f"/feeds/people/{chair.pk}.atom",
        "sitemap": "/sitemap.xml",
        "sitemap_articles": "/sitemap-articles.xml",
        "robots": "/robots.txt",
    }
