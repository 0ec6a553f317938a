"""The search page and its JSON: groups, filters, highlighting, escaping, odd inputs."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Credit, Mention, Tag
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    chair = make_person("林思远")
    chair.positions.create(title="区长")
    namesake = make_person("林思远长")
    tag = Tag.objects.create(name="防汛")
    first = make_article(
        "云湖区部署防汛工作",
        body="本报讯 3月11日,云湖区召开防汛工作推进会。区长林思远主持会议。\n\n要压实防汛责任。",
        event_date=dt.date(2024, 3, 11),
    )
    first.tags.add(tag)
    meeting = make_meeting(first, name="防汛工作推进会")
    make_participation(meeting, chair, "chair")
    make_directive(first, meeting=meeting, heading="压实防汛责任", text="要压实防汛责任。")
    Mention.objects.create(article=first, person=chair)
    second = make_article(
        "林思远长到社区调研",
        body="本报讯 近日,林思远长到白沙社区调研防汛准备。",
        event_date=dt.date(2023, 7, 1),
    )
    Mention.objects.create(article=second, person=namesake)
    Credit.objects.create(article=second, person=make_person("许文静"), role="reporter")
    make_article("草稿防汛", published=False, body="防汛草稿不应出现。")
    return first, second, chair, namesake, tag, meeting


def test_results_with_highlight_and_groups(client, archive):
    first, second, chair, namesake, tag, meeting = archive
    response = client.get("/search/", {"q": "林思远"})
    assert response.status_code == 200
    text = response.text
    assert "共 2 篇" in text
    assert "<mark>林思远</mark>" in text
    people = response.context["groups"]["people"]
    assert people == [chair, namesake]  # the exact name first
    assert "草稿" not in text


def test_meetings_and_directives_groups(client, archive):
    first, second, chair, namesake, tag, meeting = archive
    response = client.get("/search/", {"q": "防汛"})
    assert response.context["groups"]["meetings"] == [meeting]
    assert [d.heading for d in response.context["groups"]["directives"]] == ["压实防汛责任"]
    assert "共 2 篇" in response.text
    assert "防汛草稿" not in response.text


def test_groups_match_the_folded_text_and_every_term(client):
    article = make_article("云湖区部署水利工作", body="本报讯 云湖区部署水利和ＡＩ应用工作。")
    # A Kangxi radical (U+2F54) where 水 belongs, as some document converters write it.
    kangxi = make_meeting(article, name="\u2f54利工作会议", order=1)
    make_meeting(article, name="安全生产会议", order=2)
    across = make_directive(article, heading="推进ＡＩ应用", text="在水利工程中推广。")
    make_directive(article, order=2, heading="推进ＡＩ应用", text="在农业中推广。")
    make_directive(article, order=3, heading="其他工作", text="水利工程要抓紧。")

    def groups(q):
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        return response.context["groups"]

    assert groups("水利")["meetings"] == [kangxi]
    assert [d.pk for d in groups("ai 水利")["directives"]] == [across.pk]
    assert groups("ai 水利")["meetings"] == []


def test_groups_list_the_newest_first_and_at_most_five(client):
    """Meetings by their date, directives by their article's date and then their order
    in it; the first GROUP_SIZE that match."""
    from articles.search.groups import GROUP_SIZE

    articles = [
        make_article(f"水利稿件{n}", body="本报讯 水利工作。", event_date=dt.date(2020 + n, 5, 1))
        for n in range(4)
    ]
    meetings = [
        make_meeting(article, name=f"水利会议{n}", date=article.event_date)
        for n, article in enumerate(articles)
    ]
    directives = [
        make_directive(article, order=order, heading=f"水利要求{n}-{order}", text="抓紧。")
        for n, article in enumerate(articles)
        for order in (1, 2)
    ]
    response = client.get("/search/", {"q": "水利"})
    groups = response.context["groups"]
    assert groups["meetings"] == meetings[::-1]
    newest_first = sorted(directives, key=lambda d: (-d.article.event_date.year, d.order))
    assert [d.heading for d in groups["directives"]] == [
        d.heading for d in newest_first[:GROUP_SIZE]
    ]
    assert groups["directives"][0].article.title == "水利稿件3"


def test_filters(client, archive):
    first, second, chair, namesake, tag, meeting = archive

    def titles(**params):
        response = client.get("/search/", {"q": "防汛", **params})
        return [a.title for a, _, _ in response.context["items"]]

    assert titles(tag=tag.slug) == [first.title]
    assert titles(person=chair.pk) == [first.title]
    assert titles(meeting=meeting.pk) == [first.title]
    assert titles(**{"from": "2024-01-01"}) == [first.title]
    assert titles(to="2023-12-31") == [second.title]
    assert titles(order="newest") == [first.title, second.title]


def test_facets_link_to_filters(client, archive):
    response = client.get("/search/", {"q": "防汛"})
    facets = response.context["facets"]
    assert {t["tag__name"]: t["count"] for t in facets["tags"]} == {"防汛": 1}
    assert {y["year"]: y["count"] for y in facets["years"]} == {2024: 1, 2023: 1}
    assert "tag=%E9%98%B2%E6%B1%9B" in response.text or "tag=防汛" in response.text


def test_facets_count_the_most_common_first_and_keep_the_first_twelve():
    from articles.search.groups import FACET_ROWS, facets

    people = [make_person(f"人物{n}") for n in range(FACET_ROWS + 2)]
    tags = [Tag.objects.create(name=f"标签{n}", kind="place") for n in range(FACET_ROWS + 2)]
    articles = [make_article(f"第{n}篇", event_date=dt.date(2020 + n % 3, 1, 1)) for n in range(3)]
    for n, (person, tag) in enumerate(zip(people, tags, strict=True)):
        # The first person and tag are in all three articles, the second in two.
        for article in articles[: 3 if n == 0 else 2 if n == 1 else 1]:
            Mention.objects.create(article=article, person=person)
            article.tags.add(tag)
    found = facets([(a.pk, a.event_date) for a in articles])
    assert len(found["people"]) == len(found["tags"]) == FACET_ROWS
    assert [(p["person__name"], p["count"]) for p in found["people"][:3]] == [
        ("人物0", 3),
        ("人物1", 2),
        ("人物2", 1),  # equal counts in the order people were added
    ]
    assert found["people"][0]["person_id"] == people[0].pk
    assert found["tags"][0] == {
        "tag__slug": tags[0].slug,
        "tag__name": "标签0",
        "tag__kind": "place",
        "count": 3,
    }
    assert found["years"] == [
        {"year": year, "count": 1, "from": f"{year}-01-01", "to": f"{year}-12-31"}
        for year in (2022, 2021, 2020)
    ]
    assert facets([]) == {"tags": [], "people": [], "years": []}


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "&|!:*",
        "' OR 1=1 --",
        "a" * 5000,
        "<script>alert(1)</script>",
        "（）",
        "-防汛",
        "'\\",
        "汛",
    ],
)
def test_odd_queries_are_friendly(client, archive, q):
    response = client.get("/search/", {"q": q, "page": "x", "per_page": "-3", "from": "bad"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    json_response = client.get("/search/", {"q": q, "format": "json"})
    assert json_response.status_code == 200
    assert isinstance(json_response.json()["results"], list)


def test_query_is_escaped_in_the_page(client, archive):
    response = client.get("/search/", {"q": '"><script>alert(1)</script>'})
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_json(client, archive):
    first, *_ = archive
    data = client.get("/search/", {"q": "防汛", "format": "json", "per_page": 1}).json()
    assert data["query"] == "防汛" and data["count"] == 2
    assert data["page"] == 1 and data["per_page"] == 1
    (result,) = data["results"]
    assert set(result) == {"id", "url", "headline", "title", "date", "snippet"}
    assert result["id"] == first.pk
    assert result["url"] == f"http://testserver{first.get_absolute_url()}"
    assert "防汛" in result["snippet"]
    page2 = client.get("/search/", {"q": "防汛", "format": "json", "per_page": 1, "page": 2})
    assert page2.json()["page"] == 2
    assert (
        client.get("/search/", {"q": "防汛", "format": "json", "per_page": 1000}).json()["per_page"]
        == 100
    )


def test_json_says_the_search_was_complete(client, archive):
    data = client.get("/search/", {"q": "防汛工作", "format": "json"}).json()
    assert data["complete"] is True and "older" not in data


@pytest.fixture
def stops_early(monkeypatch):
    """Searches that check at most 8 rows, their first batch 5."""
    from articles.search import engine

    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    monkeypatch.setattr(engine, "MAX_CHECKED", 8)
    return engine


def test_a_search_that_stops_links_to_the_older_articles(client, stops_early):
    """A phrase whose bigrams come together far more often than it does stops after
    MAX_CHECKED rows; the page says up to which publication date it checked and links to
    the rest, which continues below the last article checked, says so and links back to
    the newest; the JSON does the same."""
    from tests.articles.search.test_engine import rare_phrase_archive

    phrase = rare_phrase_archive(dt.datetime.now(dt.UTC))
    response = client.get("/search/", {"q": "防汛工作", "order": "newest", "page": "1"})
    assert "已找到 1 篇" in response.text
    stopped = Article.objects.get(pk=response.context["results"].stopped[1])
    assert f'datetime="{timezone.localdate(stopped.published_at).isoformat()}"' in response.text
    older = response.context["older"]
    assert older == f"?q=%E9%98%B2%E6%B1%9B%E5%B7%A5%E4%BD%9C&order=newest&before={stopped.pk}"
    assert f'<a href="{older.replace("&", "&amp;")}">继续查找更早的稿件</a>' in response.text
    assert "这里接着查找" not in response.text
    seen = [a.pk for a in response.context["page_obj"].object_list]
    while "older" in response.context:
        response = client.get("/search/" + response.context["older"])
        seen += [a.pk for a in response.context["page_obj"].object_list]
        assert "这里接着查找" in response.text
        assert (
            '<a href="?q=%E9%98%B2%E6%B1%9B%E5%B7%A5%E4%BD%9C&amp;order=newest">回到最新的结果</a>'
            in response.text
        )
    assert seen == [a.pk for a in phrase]
    assert "共 2 篇" in response.text and "继续查找" not in response.text

    data = client.get("/search/", {"q": "防汛工作", "format": "json", "order": "newest"}).json()
    assert data["complete"] is False and data["count"] == 1
    assert data["searched_to"] == timezone.localdate(stopped.published_at).isoformat()
    assert data["older"] == (
        "http://testserver/search/?q=%E9%98%B2%E6%B1%9B%E5%B7%A5%E4%BD%9C&format=json"
        f"&order=newest&before={stopped.pk}"
    )
    assert client.get(data["older"]).json()["results"][0]["id"] == phrase[1].pk


def test_the_link_to_older_articles_is_on_the_last_page_of_the_results(client, stops_early):
    from tests.articles.search.test_engine import rare_phrase_archive

    stops_early.MAX_CHECKED = 12  # finds two
    rare_phrase_archive(dt.datetime.now(dt.UTC))
    first = client.get("/search/", {"q": "防汛工作", "per_page": 1})
    assert first.context["results"].stopped and "继续查找更早的稿件</a>" not in first.text
    assert "可以在最后一页继续查找更早的稿件" in first.text
    last = client.get("/search/", {"q": "防汛工作", "per_page": 1, "page": 2})
    assert "继续查找更早的稿件</a>" in last.text
    assert last.context["older"].endswith(f"&before={first.context['results'].stopped[1]}")
    assert "page" not in QueryDict(last.context["older"][1:])  # the continuation's first


def test_before_narrows_any_search_with_the_other_filters(client):
    now = dt.datetime(2024, 3, 12, tzinfo=dt.UTC)
    tag = Tag.objects.create(name="防汛")
    articles = []
    for n in range(4):
        article = make_article(
            f"防汛稿件{n}",
            body="防汛。",
            published_at=now - dt.timedelta(days=n),
            event_date=(now - dt.timedelta(days=n)).date(),
        )
        if n != 2:
            article.tags.add(tag)
        articles.append(article)

    def listed(**params):
        response = client.get("/search/", {"q": "防汛", "order": "newest", **params})
        return [a.pk for a in response.context["page_obj"].object_list]

    assert listed(before=articles[1].pk) == [articles[2].pk, articles[3].pk]
    assert listed(before=articles[1].pk, tag=tag.slug) == [articles[3].pk]
    assert listed(before=articles[0].pk, to="2024-03-10") == [articles[2].pk, articles[3].pk]


def test_search_box_on_every_page(client, archive):
    assert 'role="search"' in client.get("/").text
    assert 'role="search"' in client.get(archive[0].get_absolute_url()).text


def test_query_count_does_not_grow(client, archive):
    with CaptureQueriesContext(connection) as few:
        client.get("/search/", {"q": "防汛"})
    for n in range(15):
        article = make_article(f"防汛稿件{n}", body="防汛工作。")
        article.tags.add(Tag.objects.get(name="防汛"))
    with CaptureQueriesContext(connection) as many:
        client.get("/search/", {"q": "防汛"})
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_people_group_exact_names_first_each_with_their_latest_public_position():
    from articles.search import parse_query
    from articles.search.groups import GROUP_SIZE, groups

    def named(name, *titles):
        person = make_person(name)
        Mention.objects.create(article=make_article(), person=person, positions=list(titles))
        return person

    longer = named("丁丽敏", "副区长")
    longer.positions.create(title="副区长", last_seen=None)
    named("丁丽娟")
    exact = named("丁丽", "区长", "副区长")
    exact.positions.create(title="副区长", last_seen=dt.date(2024, 1, 1))
    exact.positions.create(title="区长", last_seen=dt.date(2024, 5, 1))
    exact.positions.create(title="区委书记", last_seen=dt.date(2024, 9, 1))  # drafts' only
    Mention.objects.create(
        article=make_article(published=False), person=exact, positions=["区委书记"]
    )
    drafted = make_person("丁丽芳")
    Mention.objects.create(article=make_article(published=False), person=drafted)
    for n in range(GROUP_SIZE):
        named(f"丁丽{'甲乙丙丁戊'[n]}{n}")

    people = groups(parse_query("丁丽"), [])["people"]
    assert [p.name for p in people] == ["丁丽", "丁丽娟", "丁丽敏", "丁丽丁3", "丁丽丙2"]
    assert people[0].public_position.title == "区长"
    assert people[2].pk == longer.pk and people[2].public_position.title == "副区长"
    assert people[1].public_position is None


def test_people_group_reads_the_names_that_start_with_the_query_and_no_other():
    """The prepared statement reads the name index between the query and a string above
    all its continuations: names going on with characters beyond the BMP, or with the
    greatest one, are in; names that sort between but start otherwise are out; and a plan
    kept for the connection gives each query its own people."""
    from articles.search import parse_query
    from articles.search.groups import NAME_LENGTH, groups
    from newsroom.prepared import PREPARE_THRESHOLD

    def named(name):
        Mention.objects.create(article=make_article(), person=make_person(name))

    for name in ("丁丽", "丁丽𠀀", "丁丽\U0010ffff", "丁丽%", "丁丽" + "丽" * (NAME_LENGTH - 2)):
        named(name)
    for name in ("丁丁", "丁丿", "丁", "丁 丽", "丁%", "王丽"):
        named(name)
    for _ in range(PREPARE_THRESHOLD + 3):  # custom plans, then the one kept
        found = {p.name for p in groups(parse_query("丁丽"), [])["people"]}
        assert found == {"丁丽", "丁丽𠀀", "丁丽\U0010ffff", "丁丽%", "丁丽" + "丽" * 38}
        assert [p.name for p in groups(parse_query("王丽"), [])["people"]] == ["王丽"]
        assert [p.name for p in groups(parse_query("丁丽%"), [])["people"]] == ["丁丽%"]
