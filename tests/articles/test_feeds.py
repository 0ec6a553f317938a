"""Feeds parse with a real feed parser; the sitemap is valid XML with the expected URLs."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from articles.models import Mention, Tag
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def archive():
    person = make_person("林思远")
    tag = Tag.objects.create(name="春耕")
    shown = make_article('云湖区召开"春耕"推进会<b>', body="本报讯 第一段 & 更多。\n\n第二段。")
    shown.tags.add(tag)
    Mention.objects.create(article=shown, person=person)
    other = make_article("另一篇稿件")
    hidden = make_article("草稿不应出现", published=False)
    hidden.tags.add(tag)
    Mention.objects.create(article=hidden, person=person)
    return shown, other, hidden, person, tag


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_latest_feed(client, archive, suffix):
    shown, other, hidden, person, tag = archive
    response = client.get(f"/feeds/latest.{suffix}")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if suffix == "rss" else "atom10")
    titles = [entry.title for entry in feed.entries]
    assert titles == ['云湖区召开"春耕"推进会<b>', "另一篇稿件"]
    first = feed.entries[0]
    assert first.link == f"http://testserver{shown.get_absolute_url()}"
    # The summary is HTML: the text's own & arrives escaped, to show as &.
    assert "本报讯 第一段 &amp; 更多。" in first.summary
    assert [t.term for t in first.tags] == ["春耕"]


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_tag_and_person_feeds(client, archive, suffix):
    shown, other, hidden, person, tag = archive
    for url in (f"/feeds/tags/{tag.slug}.{suffix}", f"/feeds/people/{person.pk}.{suffix}"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, (url, feed.bozo_exception)
        assert [e.title for e in feed.entries] == [shown.title], url


def test_feeds_are_linked_from_pages(client, archive):
    shown, other, hidden, person, tag = archive
    assert 'type="application/rss+xml"' in client.get("/").text
    feed_url = reverse("articles:feed_tag_rss", args=[tag.slug])
    assert feed_url in client.get(tag.get_absolute_url()).text
    assert f"/feeds/people/{person.pk}.rss" in client.get(person.get_absolute_url()).text


def test_sitemap_index_and_sections(client, archive):
    shown, other, hidden, person, tag = archive
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert "http://testserver/sitemap-articles.xml" in sections
    urls = set()
    for section in sections:
        path = section.removeprefix("http://testserver")
        response = client.get(path)
        assert response.status_code == 200, path
        root = ET.fromstring(response.content)
        urls |= {loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)}
    base = "http://testserver"
    assert {
        base + "/",
        base + shown.get_absolute_url(),
        base + other.get_absolute_url(),
        base + person.get_absolute_url(),
        base + tag.get_absolute_url(),
    } <= urls
    assert base + hidden.get_absolute_url() not in urls


def test_descriptions_escape_markup(client):
    make_article("标题", body='本报讯 <script>alert("x")</script> 正文。')
    summary = feedparser.parse(client.get("/feeds/latest.rss").content).entries[0].summary
    assert "<script>" not in summary
    assert "&lt;script&gt;" in summary  # shown as text by feed readers
