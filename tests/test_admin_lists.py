"""Admin lists at archive scale: the same number of queries however many rows, no full
count of a large table, filters and searches that find the right rows (bench/admin_speed.py
measures the time)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin import ArticleAdmin
from articles.models import Article, Bulletin, Directive, Meeting, Tag
from newsroom import estimates
from people.models import Person, Position
from tests.admin_forms import admin_url
from tests.articles.stories import make_story
from tests.factories import make_article, make_bulletin, make_directive, make_person

pytestmark = pytest.mark.django_db

PERSON_AUTOCOMPLETE = {"app_label": "articles", "model_name": "credit", "field_name": "person"}
ARTICLE_AUTOCOMPLETE = {"app_label": "articles", "model_name": "meeting", "field_name": "article"}


def grow(n_from: int, n_to: int, chair) -> None:
    """Stories (article, meeting, directive, people, tags) and bulletins with articles."""
    place = Tag.objects.get_or_create(name="白沙", defaults={"kind": "place"})[0]
    for n in range(n_from, n_to):
        story = make_story(n, chair)
        story.tags.add(place)
        bulletin = make_bulletin()
        make_article(f"简讯{n}", bulletin=bulletin, event_date=dt.date(2023, 1 + n % 12, 1))
        person = make_person(f"林测{n}")
        person.positions.create(title="副区长", last_seen=dt.date(2024, 3, 1))


def pages() -> dict[str, tuple[str, dict]]:
    a, p = admin_url(Article, "changelist"), admin_url(Person, "changelist")
    autocomplete = reverse("admin:autocomplete")
    return {
        "articles": (a, {}),
        "articles filtered": (a, {"status__exact": "published", "tag_kind": "place"}),
        "articles by year": (a, {"event_date_year": "2024", "event_date_month": "3"}),
        "articles searched": (a, {"q": "推进会"}),
        "articles by title": (a, {"o": "1"}),
        "people": (p, {}),
        "people searched": (p, {"q": "林"}),
        "meetings": (admin_url(Meeting, "changelist"), {"q": "推进会"}),
        "directives": (admin_url(Directive, "changelist"), {"article_event_date_year": "2024"}),
        "directives searched": (admin_url(Directive, "changelist"), {"q": "要求"}),
        "bulletins": (admin_url(Bulletin, "changelist"), {}),
        "tags": (admin_url(Tag, "changelist"), {}),
        "positions": (admin_url(Position, "changelist"), {"last_seen_year": "2024"}),
        "person autocomplete": (autocomplete, {**PERSON_AUTOCOMPLETE, "term": "林"}),
        "article autocomplete": (autocomplete, {**ARTICLE_AUTOCOMPLETE, "term": "推进"}),
    }


def queries(client, urls) -> dict[str, int]:
    counts = {}
    for name, (url, params) in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200, name
        counts[name] = len(captured.captured_queries)
    return counts


@pytest.fixture
def chair():
    return make_person("林思远")


def test_queries_do_not_grow_with_rows(admin_client, chair):
    grow(1, 4, chair)
    few = queries(admin_client, pages())
    grow(4, 40, chair)
    assert queries(admin_client, pages()) == few


# A page naming the archive's people (林思远 chairs every story, 林测N hold positions) and
# people it does not know: the preview matches each against the archive.
IMPORT_PAGE = (
    "云湖区召开春耕生产工作推进会\n\n"
    "本报讯 3月11日上午,云湖区召开春耕生产工作推进会。区委书记林思远主持会议并讲话。"
    "副区长林测2、林测3,区领导周明礼等参加会议。\n\n"
    "会议强调,要坚定信心、抢抓进度。\n\n"
    "记者 许文静\n"
)


def preview_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            reverse("admin:articles_bulletin_import"),
            {"text": IMPORT_PAGE, "issue_date": "2024-03-12"},
        )
    assert response.status_code == 200
    assert "云湖区召开春耕生产工作推进会" in response.text and response.context["importable"] == 1
    return len(captured.captured_queries)


def test_import_preview_queries_do_not_grow_with_rows(admin_client, chair):
    grow(1, 4, chair)
    few = preview_queries(admin_client)
    grow(4, 40, chair)
    assert preview_queries(admin_client) == few


def test_a_large_list_is_not_counted(admin_client, chair, monkeypatch):
    grow(1, 4, chair)
    monkeypatch.setattr(estimates, "EXACT_UP_TO", 0)  # every table counts as large
    for url in (admin_url(Article, "changelist"), admin_url(Person, "changelist")):
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.status_code == 200
        counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counts == [], url
        assert response.context["cl"].full_result_count is None


def test_deep_pages_read_the_same_rows(admin_client, chair, monkeypatch):
    grow(1, 8, chair)
    url = admin_url(Article, "changelist")
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 3)

    def listed():
        return [
            [a.pk for a in admin_client.get(url, {"p": p}).context["cl"].result_list]
            for p in (1, 2, 3)
        ]

    plain = listed()
    monkeypatch.setattr(estimates, "DEFERRED_FROM", 0)
    assert listed() == plain
    assert len({pk for page in plain for pk in page}) == 9


def test_tag_kind_filter_lists_each_article_once(admin_client):
    both = make_article("两个地点")
    both.tags.add(
        Tag.objects.create(name="白沙", kind="place"), Tag.objects.create(name="青石", kind="place")
    )
    topic = make_article("只有主题")
    topic.tags.add(Tag.objects.create(name="春耕", kind="topic"))
    result = admin_client.get(admin_url(Article, "changelist"), {"tag_kind": "place"})
    assert [a.pk for a in result.context["cl"].result_list] == [both.pk]


def test_year_and_month_filters(admin_client):
    may = make_article("五月稿件", event_date=dt.date(2023, 5, 20))
    june = make_article("六月稿件", event_date=dt.date(2023, 6, 1))
    make_article("去年稿件", event_date=dt.date(2022, 5, 20))
    url = admin_url(Article, "changelist")

    def choices(**params):
        specs = admin_client.get(url, params).context["cl"].filter_specs
        return {
            spec.title: [c[1] for c in spec.lookup_choices]
            for spec in specs
            if spec.title in ("年份", "月份") and spec.has_output()
        }

    assert choices()["年份"] == ["2023年", "2022年"]
    assert "月份" not in choices()  # months come once a year is chosen
    assert len(choices(event_date_year="2023")["月份"]) == 12

    def listed(**params):
        return {a.pk for a in admin_client.get(url, params).context["cl"].result_list}

    assert listed(event_date_year="2023") == {may.pk, june.pk}
    assert listed(event_date_year="2023", event_date_month="5") == {may.pk}
    assert len(listed(event_date_year="abc", event_date_month="13")) == 3


def test_directive_year_filter_follows_the_article(admin_client):
    old = make_article("旧稿", event_date=dt.date(2021, 4, 1))
    make_directive(old, heading="旧要求")
    make_directive(make_article("新稿"), heading="新要求")
    url = admin_url(Directive, "changelist")
    result = admin_client.get(url, {"article_event_date_year": "2021"})
    assert [d.heading for d in result.context["cl"].result_list] == ["旧要求"]


def test_article_search_finds_words_inside_headlines(admin_client):
    hit = make_article("云湖区召开防汛工作推进会", kicker="未雨绸缪")
    make_article("云湖区部署春耕")
    url = admin_url(Article, "changelist")
    for term in ("防汛工作", "推进", "未雨绸缪"):
        found = admin_client.get(url, {"q": term}).context["cl"].result_list
        assert [a.pk for a in found] == [hit.pk], term
    response = admin_client.get(
        reverse("admin:autocomplete"), {**ARTICLE_AUTOCOMPLETE, "term": "防汛"}
    )
    assert [r["id"] for r in response.json()["results"]] == [str(hit.pk)]


def test_person_search_by_name_start_alias_and_title(admin_client):
    lin = make_person("林思远", aliases=["林四远"])
    lin.positions.create(title="区长")
    make_person("王林")  # 林 inside the name, not at its start
    url = admin_url(Person, "changelist")

    def found(term):
        return [p.name for p in admin_client.get(url, {"q": term}).context["cl"].result_list]

    assert found("林") == ["林思远"]
    assert found("林四远") == ["林思远"]
    assert found("区长") == ["林思远"]
    assert found("思远") == []
    response = admin_client.get(
        reverse("admin:autocomplete"), {**PERSON_AUTOCOMPLETE, "term": "林思"}
    )
    assert [r["text"] for r in response.json()["results"]] == ["林思远"]


@pytest.mark.parametrize("rare", [True, False], ids=["rare word", "common word"])
def test_directive_search_reads_texts(admin_client, monkeypatch, rare):
    article = make_article("推进会", body="会议要求，要守住安全底线。\n\n要抓好防汛。")
    make_directive(article, heading="守住底线", text="要守住安全底线。")
    make_directive(article, order=2, heading="抓好防汛", text="要抓好防汛。")
    # Rare words take the articles' search index first; common ones walk the list.
    monkeypatch.setattr("articles.admin.planner_estimate", lambda qs: 0 if rare else 10**9)
    url = admin_url(Directive, "changelist")
    found = admin_client.get(url, {"q": "安全"}).context["cl"].result_list
    assert [d.heading for d in found] == ["守住底线"]
    assert [d.heading for d in admin_client.get(url, {"q": "防汛"}).context["cl"].result_list] == [
        "抓好防汛"
    ]


def test_counts_in_bulletin_and_tag_lists(admin_client):
    bulletin = make_bulletin()
    for n in range(3):
        make_article(f"第{n}篇", bulletin=bulletin, position=n)
    tag = Tag.objects.create(name="春耕")
    Article.objects.first().tags.add(tag)
    Tag.objects.create(name="空标签")
    rows = admin_client.get(admin_url(Bulletin, "changelist")).context["cl"].result_list
    assert [b.article_count for b in rows] == [3]
    tags = admin_client.get(admin_url(Tag, "changelist")).context["cl"].result_list
    assert {t.name: t.article_count for t in tags} == {"春耕": 1, "空标签": 0}
