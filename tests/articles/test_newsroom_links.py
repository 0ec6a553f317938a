"""The tags that write what list pages print many times over."""

import datetime as dt

import pytest

from articles.templatetags.newsroom_links import options
from tests.factories import make_article, make_directive, make_meeting


def test_options_mark_the_selected_value_and_escape_labels():
    html = options([2024, 2023], 2023)
    assert html == '<option value="2024">2024</option><option value="2023" selected>2023</option>'
    pairs = options([("甲&乙", "<b>甲</b>"), ("丙", "丙")], "丙")
    assert pairs == (
        '<option value="甲&amp;乙">&lt;b&gt;甲&lt;/b&gt;</option>'
        '<option value="丙" selected>丙</option>'
    )
    assert options([], None) == ""


@pytest.mark.django_db
def test_year_and_month_filters_list_the_archives_years(client):
    for year in (2019, 2024):
        article = make_article(event_date=dt.date(year, 3, 1))
        make_directive(article, meeting=make_meeting(article, date=dt.date(year, 3, 1)))
    page = client.get("/meetings/", {"year": 2024, "month": 3}).text
    assert '<option value="2024" selected>2024</option><option value="2019">2019</option>' in page
    assert '<option value="3" selected>3月</option>' in page
    page = client.get("/directives/").text
    assert '<option value="2024">2024</option><option value="2019">2019</option>' in page


ROUTES = [
    "articles:home",
    "articles:meeting_list",
    "articles:directive_list",
    "articles:person_list",
    "articles:tag_list",
    "articles:search",
    "articles:feed_latest_rss",
    "articles:feed_latest_atom",
    "admin:index",
]


def test_route_gives_what_reverse_gives_under_any_script_prefix():
    from django.urls import reverse, set_script_prefix

    from newsroom.links import route_url

    try:
        for prefix in ("/", "/报社/"):
            set_script_prefix(prefix)
            for name in ROUTES:
                assert route_url(name) == reverse(name), (prefix, name)
            assert route_url("articles:home").startswith(
                prefix.replace("报社", "%E6%8A%A5%E7%A4%BE")
            )
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_pages_link_the_sections_and_feeds(client):
    page = client.get("/").text
    for href in ("/meetings/", "/directives/", "/people/", "/tags/", "/feeds/latest.rss"):
        assert f'href="{href}"' in page
    assert 'action="/search/"' in page
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and 'href="/meetings/"' in missing.text


def test_tag_links_are_written_from_what_they_show():
    from articles.models import Tag
    from articles.templatetags.newsroom_links import tag_links

    place = Tag(name="云湖<区>", slug="云湖区", kind="place")
    html = tag_links([place, Tag(name="河长制", slug="河长制", kind="term")])
    assert html == (
        f'<a class="tag tag-place" href="{place.get_absolute_url()}">云湖&lt;区&gt;</a>'
        '<a class="tag tag-term" href="/tags/%E6%B2%B3%E9%95%BF%E5%88%B6/">河长制</a>'
    )
    # A renamed tag shows its new name at once: links are kept by what they show.
    place.name = "云湖新区"
    assert ">云湖新区</a>" in tag_links([place])
