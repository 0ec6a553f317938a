import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.item_lists import PersonArticles, TagArticles, search_results
from articles.models import Article, Credit, Directive, Meeting, Mention, Participation, Status, Tag
from articles.querysets import (
    PUBLISHED_SQL,
    is_public_tag,
    organizer_counts,
    tag_by_slug,
    years_of,
)
from newsroom.prepared import PREPARE_THRESHOLD
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
    published = make_article("已发布")
    draft = make_article("草稿", published=False)
    scheduled = make_article("定时发布", published_at=timezone.now() + dt.timedelta(days=1))
    return published, draft, scheduled


def test_published_excludes_drafts_and_scheduled(archive):
    published, draft, scheduled = archive
    assert list(Article.objects.published()) == [published]
    assert scheduled.status == "published"
    assert list(Article.objects.drafts()) == [draft]


def test_visible_to_readers_and_editors(archive):
    published, draft, scheduled = archive
    editor = User.objects.create_user("editor", is_staff=True)
    assert set(Article.objects.visible_to(AnonymousUser())) == {published}
    assert set(Article.objects.visible_to(editor)) == {published, draft, scheduled}


def test_latest_published_orders_by_publication():
    older = make_article(published_at=timezone.now() - dt.timedelta(days=2))
    newer = make_article(published_at=timezone.now() - dt.timedelta(days=1))
    assert list(Article.objects.latest_published()) == [newer, older]


def test_for_person_finds_credits_mentions_and_meetings():
    person = make_person("林思远")
    credited, mentioned, met, unrelated = (make_article() for _ in range(4))
    Credit.objects.create(article=credited, person=person, role="reporter")
    Mention.objects.create(article=mentioned, person=person)
    make_participation(make_meeting(met), person, "chair")
    make_participation(make_meeting(unrelated), make_person(), "chair")
    Mention.objects.create(article=met, person=person)  # twice related, listed once
    assert set(Article.objects.for_person(person)) == {credited, mentioned, met}
    assert Article.objects.for_person(person).count() == 3


def test_for_tag_and_for_date():
    tagged = make_article(event_date=dt.date(2023, 12, 28))
    make_article(event_date=dt.date(2024, 1, 2))
    tag = Tag.objects.create(name="安全生产")
    tagged.tags.add(tag)
    assert list(Article.objects.for_tag(tag)) == [tagged]
    assert list(Article.objects.for_date(2023)) == [tagged]
    assert list(Article.objects.for_date(2023, 12, 28)) == [tagged]
    assert not Article.objects.for_date(2023, 11).exists()


def test_parts_follow_their_article_visibility():
    person = make_person()
    shown = make_article()
    hidden = make_article(published=False)
    for article in (shown, hidden):
        meeting = make_meeting(article)
        make_participation(meeting, person, "attendee")
        make_directive(article, issuer=person)
        Credit.objects.create(article=article, person=person, role="reporter")
    assert Meeting.objects.published().get().article == shown
    assert Participation.objects.published().get().meeting.article == shown
    assert Directive.objects.published().issued_by(person).get().article == shown
    assert Credit.objects.published().get().article == shown
    assert Meeting.objects.for_person(person).count() == 2
    assert Meeting.objects.for_organizer("云湖区").count() == 2


def test_a_persons_directives_are_those_issued_and_those_of_meetings_chaired():
    person, other = make_person("林思远"), make_person("周明礼")
    chaired = make_meeting()
    make_participation(chaired, person, role="chair")
    attended = make_meeting()
    make_participation(attended, person, role="attendee")
    make_participation(attended, other, role="chair")
    issued = make_directive(make_article(), issuer=person)
    of_chaired = make_directive(chaired.article, meeting=chaired)
    make_directive(attended.article, meeting=attended)  # another's meeting
    make_directive(make_article(), order=2, issuer=other)
    assert set(Directive.objects.for_person(person)) == {issued, of_chaired}
    assert set(Directive.objects.published().for_person(other)) == {
        *Directive.objects.filter(issuer=other),
        *Directive.objects.filter(meeting=attended),
    }


def test_years_of_equals_distinct_years_with_filters_and_joins():
    dates = [dt.date(2019, 5, 1), dt.date(2021, 1, 1), dt.date(2021, 12, 31), dt.date(2024, 3, 1)]
    for day in dates:
        article = make_article(event_date=day)
        make_meeting(article, date=day)
        if day.year != 2021:
            make_directive(article)
    hidden = make_article(published=False, event_date=dt.date(2016, 6, 1))
    make_meeting(hidden, date=dt.date(2016, 6, 1))
    make_directive(hidden)
    make_meeting(make_article(event_date=dt.date(2018, 1, 1)), date=None)

    for queryset, field in [
        (Meeting.objects.published(), "date"),
        (Meeting.objects.all(), "date"),
        (Meeting.objects.published().filter(organizer="云湖区"), "date"),
        (Meeting.objects.published().filter(organizer="没有"), "date"),
        (Article.objects.published().filter(directives__isnull=False), "event_date"),
        (Article.objects.published(), "event_date"),
    ]:
        expected = list(queryset.dates(field, "year", order="DESC"))
        assert years_of(queryset, field) == expected, (queryset.query, field)
    assert years_of(Meeting.objects.published(), "date") == [
        dt.date(2024, 1, 1),
        dt.date(2021, 1, 1),
        dt.date(2019, 1, 1),
    ]
    assert [d.year for d in years_of(Meeting.objects.all(), "date")] == [2024, 2021, 2019, 2016]
    directive_years = Article.objects.published().filter(directives__isnull=False)
    assert [d.year for d in years_of(directive_years, "event_date")] == [2024, 2019]


def test_years_of_is_prepared_and_sees_each_call_anew():
    # Prepared once per connection (newsroom/prepared.py), planned for its values or by a
    # generic plan, its answer still follows the data and the time of each call.
    make_meeting(make_article(event_date=dt.date(2024, 3, 1)), date=dt.date(2024, 3, 1))
    later = make_article(event_date=dt.date(2020, 5, 1), published_at=timezone.now())
    Article.objects.filter(pk=later.pk).update(published_at=timezone.now() + dt.timedelta(days=1))
    make_meeting(later, date=dt.date(2020, 5, 1))
    for _ in range(PREPARE_THRESHOLD + 2):
        assert [d.year for d in years_of(Meeting.objects.published(), "date")] == [2024]
    Article.objects.filter(pk=later.pk).update(published_at=timezone.now())
    assert [d.year for d in years_of(Meeting.objects.published(), "date")] == [2024, 2020]
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    Article.objects.filter(pk=later.pk).update(status=Status.DRAFT)
    assert [d.year for d in years_of(Meeting.objects.published(), "date")] == [2024]
    assert connection.connection.execute(
        "SELECT count(*), sum(generic_plans) FROM pg_prepared_statements"
        " WHERE statement LIKE 'WITH RECURSIVE years%'"
    ).fetchone() == (1, 1)


def test_a_generic_plan_asks_the_published_ids_index_whether_an_article_is_published():
    # The pages' statements run prepared, on generic plans (newsroom/prepared.py). Such a
    # plan may use the partial index of published ids only where the statement's text
    # names the status; then "is this article published?" is answered without reading
    # the article's row. With every other way of reading the table turned off, the plan
    # shows which way is open.
    article = make_article()
    raw = connection.connection
    for setting in ("plan_cache_mode = force_generic_plan", "enable_seqscan = off",
                    "enable_indexscan = off", "enable_bitmapscan = off"):  # fmt: skip
        raw.execute(f"SET LOCAL {setting}")  # undone with the test's transaction
    sql = f"SELECT a.id FROM articles_article a WHERE a.id = %(pk)s AND {PUBLISHED_SQL.format('a')}"
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", sql)))
    types = {"pk": "bigint", "now": "timestamptz", "published": "text"}
    sql = re.sub(r"%\((\w+)\)s", lambda m: f"${names.index(m[1]) + 1}", sql)
    values = {"pk": article.pk, "now": timezone.now(), "published": Status.PUBLISHED}
    arguments = [values[n] for n in names]
    placeholders = ", ".join(["%s"] * len(names))
    # A prepared statement outlives the transaction: deallocated even when a step fails,
    # from a savepoint that the failure leaves usable.
    raw.execute(f"PREPARE published_probe({', '.join(types[n] for n in names)}) AS {sql}")
    try:
        with transaction.atomic():
            explained = raw.execute(f"EXPLAIN EXECUTE published_probe({placeholders})", arguments)
            plan = "\n".join(row[0] for row in explained)
            found = raw.execute(f"EXECUTE published_probe({placeholders})", arguments).fetchall()
    finally:
        raw.execute("DEALLOCATE published_probe")
    assert "Index Only Scan using article_published_ids" in plan, plan
    assert found == [(article.pk,)]


def test_person_articles_page_through_bylines_mentions_and_meetings_newest_first():
    person = make_person("钱卫东")
    day = dt.date(2024, 5, 1)
    expected = []
    for n in range(12):
        article = make_article(f"第{n}篇", event_date=day - dt.timedelta(days=n % 6))
        way = n % 3
        if way == 0:
            Credit.objects.create(article=article, person=person, role="reporter")
        elif way == 1:
            Mention.objects.create(article=article, person=person, positions=[])
        else:
            make_participation(make_meeting(article), person, "chair")
        if n == 4:  # in it twice, listed once
            Credit.objects.create(article=article, person=person, role="photographer")
        expected.append(article)
    draft = make_article("草稿", published=False, event_date=day)
    Mention.objects.create(article=draft, person=person, positions=[])
    later = make_article("定时", published_at=timezone.now() + dt.timedelta(hours=1))
    Mention.objects.create(article=later, person=person, positions=[])
    Mention.objects.create(article=make_article("别人的稿件"), person=make_person(), positions=[])
    expected.sort(key=lambda a: (a.event_date, a.pk), reverse=True)

    articles = PersonArticles(person)
    assert [a.title for a in articles[0:50]] == [a.title for a in expected]
    assert [a.pk for a in articles[5:9]] == [a.pk for a in expected[5:9]]
    assert articles[12:20] == []
    assert articles.count() == 12
    assert list(articles[0:1][0].tags.all()) == []  # tags come with the items


def test_attach_public_positions_gives_each_the_latest_title_a_published_article_gives():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.querysets import attach_public_positions
    from people.models import Person

    leader, undated, unknown = make_person("甲"), make_person("乙"), make_person("丙")
    published, draft = make_article(), make_article(published=False)
    Mention.objects.create(article=published, person=leader, positions=["区长", "副区长", "委员"])
    Mention.objects.create(article=draft, person=leader, positions=["区委书记"])
    leader.positions.create(title="副区长", last_seen=dt.date(2024, 1, 1))
    leader.positions.create(title="区长", last_seen=dt.date(2024, 5, 1))
    leader.positions.create(title="区委书记", last_seen=dt.date(2024, 9, 1))  # drafts only
    leader.positions.create(title="委员", last_seen=None)
    Mention.objects.create(article=published, person=undated, positions=["主任", "副主任"])
    undated.positions.create(title="副主任")
    undated.positions.create(title="主任")  # the later one of two without a date
    unknown.positions.create(title="局长", last_seen=dt.date(2024, 1, 1))  # never published

    people = list(Person.objects.filter(name__in=["甲", "乙", "丙"]).prefetch_related("positions"))
    with CaptureQueriesContext(connection) as queries:
        attach_public_positions(people)
    assert len(queries) == 1
    found = {p.name: p.public_position and p.public_position.title for p in people}
    assert found == {"甲": "区长", "乙": "主任", "丙": None}


def test_organizer_counts_subtract_what_readers_may_not_see():
    # Drafts and scheduled articles are subtracted from counts taken over every meeting: an
    # organizer left with none is not offered, and one with a meeting in an article that a
    # draft shares still counts its published ones.
    for n in range(3):
        make_meeting(make_article(f"甲稿{n}"), organizer="甲单位")
    make_meeting(make_article("乙稿"), organizer="乙单位")
    make_meeting(make_article("乙草稿", published=False), organizer="乙单位")
    make_meeting(make_article("乙草稿二", published=False), organizer="乙单位", name="会二")
    later = make_article("丙定时", published_at=timezone.now() + dt.timedelta(hours=1))
    make_meeting(later, organizer="丙单位")
    make_meeting(make_article("无单位"), organizer="")
    assert organizer_counts(30) == [
        {"organizer": "甲单位", "count": 3},
        {"organizer": "乙单位", "count": 1},
    ]
    # Once the scheduled article's time has come, it counts without any write.
    Article.objects.filter(pk=later.pk).update(published_at=timezone.now())
    assert {"organizer": "丙单位", "count": 1} in organizer_counts(30)


def test_organizer_counts_order_ties_by_code_point_and_limit():
    # Most meetings first, then by code point (Python's order of str), whatever the
    # database's collation; the limit keeps the first ones.
    for organizer in ("区政府", "a局", "区委", "B局"):
        make_meeting(make_article(), organizer=organizer)
    make_meeting(make_article(), organizer="区委", name="第二次会议")
    expected = [("区委", 2), ("B局", 1), ("a局", 1), ("区政府", 1)]
    assert [(o["organizer"], o["count"]) for o in organizer_counts(30)] == expected
    assert [o["organizer"] for o in organizer_counts(2)] == ["区委", "B局"]


def test_person_articles_follow_an_edited_date():
    # A person's articles sort by the date their rows copy from the article: an editor's
    # change of date, even through QuerySet.update(), reorders them at once.
    person = make_person()
    older = make_article("旧稿", event_date=dt.date(2024, 1, 5))
    newer = make_article("新稿", event_date=dt.date(2024, 2, 5))
    Mention.objects.create(article=older, person=person)
    Credit.objects.create(article=newer, person=person, role="reporter")
    assert PersonArticles(person)[0:2] == [newer, older]
    Article.objects.filter(pk=older.pk).update(event_date=dt.date(2024, 3, 5))
    assert PersonArticles(person)[0:2] == [older, newer]
    meeting_article = make_article("会稿", event_date=dt.date(2023, 12, 1))
    make_participation(make_meeting(meeting_article), person)
    assert PersonArticles(person)[0:3] == [older, newer, meeting_article]
    meeting_article.event_date = dt.date(2024, 4, 1)
    meeting_article.save()
    assert PersonArticles(person)[0:3] == [meeting_article, older, newer]


def test_search_results_are_the_articles_in_the_order_given_with_their_tags():
    first, second, third = (make_article(f"结果{n}", body=f"正文{n}") for n in range(3))
    second.tags.add("防汛", "水利")
    gone = make_article("已删除")
    gone_id = gone.pk
    gone.delete()
    with CaptureQueriesContext(connection) as queries:
        found = search_results([third.pk, gone_id, second.pk, first.pk])
        shown = [(a.pk, a.title, a.headline, a.body, [t.name for t in a.tags.all()]) for a in found]
    assert len(queries) == 2  # the articles, then the tags this process has not seen
    assert shown == [
        (third.pk, "结果2", "结果2", "正文2", []),
        (second.pk, "结果1", "结果1", "正文1", ["防汛", "水利"]),
        (first.pk, "结果0", "结果0", "正文0", []),
    ]
    assert search_results([]) == []


def test_tag_articles_page_through_the_tags_published_articles_latest_first():
    tag = Tag.objects.create(name="河长制")
    other = Tag.objects.create(name="防汛")
    now = timezone.now()
    expected = []
    for n in range(11):
        # Ties in published_at go by id, as latest_published() orders them.
        article = make_article(f"第{n}篇", published_at=now - dt.timedelta(hours=n // 2))
        article.tags.add(tag, *([other] if n % 2 else []))
        expected.append(article)
    make_article("草稿", published=False).tags.add(tag)
    make_article("定时", published_at=now + dt.timedelta(hours=1)).tags.add(tag)
    make_article("别的标签").tags.add(other)
    orm = list(Article.objects.latest_published().for_tag(tag))
    assert [a.pk for a in orm] == [a.pk for a in sorted(
        expected, key=lambda a: (a.published_at, a.pk), reverse=True
    )]  # fmt: skip

    articles = TagArticles(tag)
    assert [a.pk for a in articles[0:50]] == [a.pk for a in orm]
    assert [a.pk for a in articles[3:8]] == [a.pk for a in orm[3:8]]
    assert articles[11:20] == []
    assert articles.count() == 11
    # n=1 and n=0 share a time: the later id first. The odd ones have both tags.
    shown = articles[0:2]
    assert [sorted(t.name for t in a.tags.all()) for a in shown] == [["河长制", "防汛"], ["河长制"]]


def test_tag_by_slug_says_whether_readers_may_see_the_tag(archive):
    published, draft, scheduled = archive
    seen, unseen = Tag.objects.create(name="乡村振兴"), Tag.objects.create(name="河长制")
    published.tags.add(seen)
    draft.tags.add(unseen)
    scheduled.tags.add(unseen)
    for tag, public in ((seen, True), (unseen, False)):
        found, says = tag_by_slug(tag.slug)
        assert (found.pk, found.name, found.slug, found.kind, says) == (
            tag.pk, tag.name, tag.slug, tag.kind, public
        )  # fmt: skip
        assert says == is_public_tag(tag)
    assert tag_by_slug("没有这个") is None
