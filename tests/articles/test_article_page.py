"""The article page's one statement gives what the ORM gives, and keeps drafts hidden."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import tag_cache
from articles.article_page import RELATED_COUNT, article_page
from articles.models import Article, Credit, Mention, Tag, TaggedArticle
from tests.articles.stories import make_story
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)
from tests.sockets import wait_readable

pytestmark = pytest.mark.django_db


def rows(objects, *fields):
    return [tuple(getattr(obj, field) for field in fields) for obj in objects]


def shown(article, meetings, tags) -> dict:
    """What the page prints of ``article``'s lists, in order."""
    directives = article.directives.all()
    return {
        "credits": rows(article.credits.all(), "pk", "role", "order", "person_id"),
        "mentions": rows(article.mentions.all(), "pk", "positions", "person_id"),
        "meetings": [
            (m.pk, m.name, m.organizer, m.date, [(p.pk, r, pos) for p, r, pos in m.participants()])
            for m in meetings
        ],
        "directives": rows(directives, "pk", "order", "heading", "text", "issuer_id", "meeting_id"),
        "tags": rows(tags, "pk", "name", "slug", "kind"),
        "names": [c.person.name for c in article.credits.all()]
        + [d.issuer.name for d in directives if d.issuer],
        "urls": [d.get_absolute_url() for d in directives],
    }


def test_lists_match_the_orm_in_order_and_content():
    chair, speaker = make_person("林思远"), make_person("周晓梅")
    article = make_story(1, chair)
    later = make_meeting(article, name="调研座谈会", organizer="", date=None, order=2)
    make_participation(later, speaker, "speaker", position="副区长", order=1)
    make_participation(later, speaker, "chair", order=0)
    make_participation(later, chair, "attendee", order=0)
    make_directive(article, order=2, heading="", text="要压实责任。")
    Mention.objects.create(article=article, person=speaker, positions=["副区长", "区委常委"])
    Credit.objects.create(article=article, person=speaker, role="photographer", order=3)
    article.tags.add(
        Tag.objects.create(name="云湖区", kind="place"), Tag.objects.create(name="两个确保")
    )

    tag_cache.forget()
    with CaptureQueriesContext(connection) as queries:
        article_page(article.pk, drafts=False)
    assert len(queries) == 2  # the page with its related articles, its tags' names (not cached)
    with CaptureQueriesContext(connection) as queries:
        got = article_page(article.pk, drafts=False).article
        lists = shown(got, got.meetings.all(), got.tags.all())
    assert len(queries) == 1  # the page, with its related articles

    article = Article.objects.get(pk=article.pk)
    tagged = TaggedArticle.objects.filter(content_object=article).order_by("id")
    assert lists == shown(
        article, article.meetings.order_by("order", "id"), [x.tag for x in tagged]
    )
    # The speaker who also chaired is one participant with both roles, as written first.
    assert lists["meetings"][1][4] == [(speaker.pk, ["主持", "讲话"], ""), (chair.pk, ["参加"], "")]
    assert (got.title, got.body, got.event_date, got.kicker) == (
        article.title,
        article.body,
        article.event_date,
        article.kicker,
    )


def test_an_article_with_nothing_attached_has_empty_lists():
    article = make_article("孤稿")
    page = article_page(article.pk, drafts=False)
    got = page.article
    assert [list(got.credits.all()), list(got.mentions.all()), list(got.meetings.all())] == [
        [],
        [],
        [],
    ]
    assert list(got.directives.all()) == [] and list(got.tags.all()) == []
    assert (page.previous, page.following, page.related) == (None, None, [])


def test_drafts_and_scheduled_articles_are_for_editors_only():
    draft = make_article("草稿", published=False)
    scheduled = make_article("定时稿", published_at=timezone.now() + dt.timedelta(hours=1))
    for article in (draft, scheduled):
        assert article_page(article.pk, drafts=False) is None
        assert article_page(article.pk, drafts=True).article.title == article.title
    assert article_page(999_999, drafts=True) is None


def test_neighbours_are_published_articles_by_event_date_then_id():
    day = dt.date(2024, 3, 11)
    first = make_article("第一篇", event_date=day - dt.timedelta(days=2))
    make_article("草稿", published=False, event_date=day - dt.timedelta(days=1))
    make_article("定时稿", event_date=day, published_at=timezone.now() + dt.timedelta(days=1))
    same_day_a = make_article("同日甲", event_date=day)
    same_day_b = make_article("同日乙", event_date=day)
    last = make_article("最后一篇", event_date=day + dt.timedelta(days=5))

    def around(article):
        page = article_page(article.pk, drafts=False)
        return tuple(n and (n.pk, n.title, n.event_date) for n in (page.previous, page.following))

    def link(article):
        return (article.pk, article.title, article.event_date)

    assert around(same_day_a) == (link(first), link(same_day_b))
    assert around(same_day_b) == (link(same_day_a), link(last))
    assert around(first) == (None, link(same_day_a))
    assert around(last) == (link(same_day_b), None)


def test_related_articles_rank_shared_tags_and_people(client):
    tag, other_tag = Tag.objects.create(name="春耕备耕"), Tag.objects.create(name="安全生产")
    person = make_person("郑晓明")
    article = make_article("主稿")
    article.tags.add(tag, other_tag)
    article.mentions.create(person=person, positions=[])
    both = make_article("同标签同人物")
    both.tags.add(tag)
    both.mentions.create(person=person, positions=[])
    two_tags = make_article("两个标签")
    two_tags.tags.add(tag, other_tag)
    one_tag_old = make_article("一个标签旧稿")
    one_tag_old.tags.add(other_tag)
    one_tag_new = make_article("一个标签新稿")
    one_tag_new.tags.add(other_tag)
    make_article("草稿", published=False).tags.add(tag, other_tag)
    make_article("定时稿", published_at=timezone.now() + dt.timedelta(days=1)).tags.add(tag)
    make_article("无关")

    related = article_page(article.pk, drafts=False).related
    # Score 2 each (two tags; a tag and a person), then score 1: the nearer first.
    assert [a.title for a in related] == [
        "同标签同人物",
        "两个标签",
        "一个标签旧稿",
        "一个标签新稿",
    ]
    assert related[1].get_absolute_url() == two_tags.get_absolute_url()
    page = client.get(article.get_absolute_url()).text
    assert "同标签同人物" in page and "无关" not in page and "草稿" not in page


def test_related_articles_are_the_best_few_nearest_first():
    tag = Tag.objects.create(name="营商环境")
    article = make_article("主稿")
    article.tags.add(tag)
    for n in range(RELATED_COUNT + 2):
        make_article(f"后续{n}").tags.add(tag)
    related = article_page(article.pk, drafts=False).related
    assert [a.title for a in related] == [f"后续{n}" for n in range(RELATED_COUNT)]


def test_an_older_article_is_related_to_its_own_time_not_the_newest():
    tag = Tag.objects.create(name="招商引资")
    before = [make_article(f"此前{n}") for n in range(2)]
    article = make_article("主稿")
    after = [make_article(f"此后{n}") for n in range(2)]
    newest = [make_article(f"近期{n}") for n in range(RELATED_COUNT + 3)]
    for each in (*before, article, *after, *newest):
        each.tags.add(tag)
    related = article_page(article.pk, drafts=False).related
    # Equally near on both sides: the later first.
    assert [a.title for a in related] == ["此后0", "此前1", "此后1", "此前0", "近期0"]


def test_related_articles_pass_over_unpublished_ones_however_well_they_score():
    tag, other_tag = Tag.objects.create(name="乡村振兴"), Tag.objects.create(name="人居环境")
    article = make_article("主稿")
    article.tags.add(tag, other_tag)
    for n in range(RELATED_COUNT + 1):  # nearer, and sharing both tags
        make_article(f"草稿{n}", published=False).tags.add(tag, other_tag)
        later = timezone.now() + dt.timedelta(days=1)
        make_article(f"定时稿{n}", published_at=later).tags.add(tag, other_tag)
    for n in range(RELATED_COUNT):
        make_article(f"后续{n}").tags.add(tag)
    related = article_page(article.pk, drafts=False).related
    assert [a.title for a in related] == [f"后续{n}" for n in range(RELATED_COUNT)]


def test_related_candidates_are_the_nearest_naming_any_of_the_people(monkeypatch):
    # Each person's nearest on each side, then the nearest of all of them: not a few of each.
    monkeypatch.setattr("articles.article_page.RELATED_CANDIDATES", 4)
    often, seldom = make_person("高频人物"), make_person("低频人物")
    early = [make_article(f"少见前{n}") for n in range(2)]
    for n in range(3):
        make_article(f"常见前{n}").mentions.create(person=often, positions=[])
    article = make_article("主稿")
    for person in (often, seldom):
        article.mentions.create(person=person, positions=[])
    for n in range(3):
        make_article(f"常见后{n}").mentions.create(person=often, positions=[])
    for each in early:
        each.mentions.create(person=seldom, positions=[])
    related = article_page(article.pk, drafts=False).related
    # Candidates: 常见前1-2 and 常见后0-1 (often's two nearest each side), 少见前0-1
    # (seldom's); the four nearest of those six are shown.
    assert [a.title for a in related] == ["常见后0", "常见前2", "常见后1", "常见前1"]


def test_the_page_statement_is_prepared_once_the_connection_has_run_it_often():
    article = make_article("常读稿件")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%FROM articles_credit c JOIN people_person%"],
            )
            return cursor.fetchone()[0]

    for _ in range(6):
        assert article_page(article.pk, drafts=False).article.title == "常读稿件"
    # Once for readers' text, whatever ran on this connection before.
    assert prepared() == 1


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_as_django_would():
    import psycopg

    article = make_article("断线重连")
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend])
    wait_readable(connection)
    # What a new request does with CONN_HEALTH_CHECKS on (django.db.close_old_connections).
    connection.health_check_enabled, connection.health_check_done = True, False
    try:
        assert article_page(article.pk, drafts=False).article.title == "断线重连"
    finally:
        connection.health_check_enabled = False


def test_related_articles_by_people_alone_or_tags_alone(client):
    person, tag = make_person("郑晓明"), Tag.objects.create(name="安全生产")
    named = make_article("只有人物")
    named.mentions.create(person=person, positions=[])
    make_article("同一人物").mentions.create(person=person, positions=[])
    tagged = make_article("只有标签")
    tagged.tags.add(tag)
    make_article("同一标签").tags.add(tag)
    assert [a.title for a in article_page(named.pk, drafts=False).related] == ["同一人物"]
    assert [a.title for a in article_page(tagged.pk, drafts=False).related] == ["同一标签"]
    assert "同一人物" in client.get(named.get_absolute_url()).text


def test_ids_past_a_bigint_are_not_found(client, admin_client):
    assert article_page(2**63, drafts=True) is None
    assert client.get(f"/articles/{10**30}/").status_code == 404
    assert admin_client.get(f"/people/{10**30}/").status_code == 404


def test_the_description_is_the_first_paragraph_cut_and_escaped(client):
    from django.template.defaultfilters import truncatechars
    from django.utils import translation
    from django.utils.html import escape

    article = make_article("摘要", body="本报讯 <b>“双报到”</b>" + "要" * 200 + "\n\n第二段。")
    page = client.get(article.get_absolute_url()).text
    with translation.override("zh-hans"):  # the page's language; the ellipsis is translated
        shown = escape(truncatechars(article.paragraphs[0], 120))
    assert shown.startswith("本报讯 &lt;b&gt;") and len(shown) < 160
    assert f'<meta name="description" content="{shown}">' in page
    assert f'<meta property="og:description" content="{shown}">' in page
