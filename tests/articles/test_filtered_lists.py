"""The meeting list's and the directive index's statements give what the ORM gives, for every
filter and page."""

import datetime as dt
import itertools
import random

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.filtered_lists import DirectiveItems, MeetingItems
from articles.models import Article, Directive, Meeting, Participation, Tag
from articles.querysets import date_span
from newsroom.prepared import PREPARE_THRESHOLD
from tests.factories import (
    make_article,
    make_directive,
    make_meeting,
    make_participation,
    make_person,
)

pytestmark = pytest.mark.django_db

ORGANIZERS = ["云湖区", "区委", "区政府", ""]


@pytest.fixture
def archive():
    """Meetings of published, draft and scheduled articles; some on the same day, some
    without a date; chaired by none, one or two people, who also attend others. Their
    directives, issued by a person, by the meeting or by neither; tags on some articles."""
    rng = random.Random(7)
    people = [make_person(f"测试{n}") for n in range(6)]
    tags = [Tag.objects.create(name=name) for name in ("河长制", "防汛")]
    for n in range(40):
        kind = rng.choice(["published"] * 6 + ["draft", "scheduled"])
        article = make_article(
            f"第{n}篇",
            published=kind != "draft",
            **(
                {"published_at": timezone.now() + dt.timedelta(days=1)}
                if kind == "scheduled"
                else {}
            ),
        )
        for order in range(rng.randint(1, 2)):
            day = None if rng.random() < 0.15 else dt.date(2023 + rng.randint(0, 1), 3, 1 + n % 5)
            meeting = make_meeting(
                article, order=order, name=f"第{n}-{order}次会议", date=day,
                organizer=rng.choice(ORGANIZERS),
            )  # fmt: skip
            for person in rng.sample(people, rng.randint(0, 3)):
                role = rng.choice(["chair", "chair", "attendee", "speaker"])
                make_participation(meeting, person, role, order=rng.randint(0, 2))
        article.tags.add(*rng.sample(tags, rng.randint(0, 2)))
        meetings = list(article.meetings.all())
        for order in range(rng.randint(0, 3)):
            make_directive(
                article, order=order + 1, heading=f"第{n}篇第{order + 1}条",
                text=f"要抓好第{n}项工作。" * rng.randint(1, 30),
                meeting=rng.choice([None, *meetings]),
                issuer=rng.choice([None, None, *people]),
            )  # fmt: skip
    return people


def orm_page(span, organizer, person, start, stop):
    meetings = (
        Meeting.objects.published()
        .select_related("article")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(role="chair").select_related("person"),
                to_attr="chairs",
            )
        )
    )
    if span:
        meetings = meetings.filter(date__gte=span[0], date__lt=span[1])
    if organizer:
        meetings = meetings.for_organizer(organizer)
    if person:
        meetings = meetings.for_person(person)
    return list(meetings.order_by("-date", "-id")[start:stop])


def shown(meetings):
    return [
        (
            m.pk, m.name, m.organizer, m.date, m.article.pk, m.article.title,
            [(c.pk, c.person.pk, c.person.name) for c in m.chairs],
        )
        for m in meetings
    ]  # fmt: skip


def test_every_filter_and_page_as_the_orm_gives_it(archive):
    spans = [None, date_span(2023), date_span(2024, 3), date_span(2022)]
    people = [None, *archive[:3]]
    for span, organizer, person in itertools.product(spans, ORGANIZERS, people):
        items = MeetingItems(span, organizer, person)
        expected = orm_page(span, organizer, person, 0, 1000)
        assert items.count() == len(expected)
        for start in (0, 7, 14):
            assert shown(items[start : start + 7]) == shown(expected[start : start + 7]), (
                span,
                organizer,
                person,
                start,
            )
    assert MeetingItems().count() > 20  # the archive has enough to page through


def test_drafts_and_scheduled_articles_meetings_are_left_out():
    draft = make_meeting(make_article("草稿", published=False), name="草稿的会议")
    later = make_article("定时", published_at=timezone.now() + dt.timedelta(hours=1))
    make_meeting(later, name="定时的会议")
    shown_ = make_meeting(make_article("已发布"), name="已发布的会议")
    make_participation(draft, make_person("周立新"), "chair")
    assert [m.pk for m in MeetingItems()[0:20]] == [shown_.pk]


def test_a_page_is_one_prepared_statement():
    make_participation(make_meeting(name="推进会"), make_person("周立新"), "chair")
    items = MeetingItems()
    for _ in range(PREPARE_THRESHOLD + 1):
        with CaptureQueriesContext(connection) as queries:
            page = items[0:21]
        assert len(queries.captured_queries) == 1
    assert page[0].chairs[0].person.name == "周立新"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%FROM articles_meeting g JOIN articles_article a%"],
        )
        assert cursor.fetchone()[0] == 1


def orm_directives(span, tag, person):
    directives = Directive.objects.published().select_related("article", "meeting", "issuer")
    if tag:
        directives = directives.filter(article__tagged_items__tag=tag)
    if person:
        directives = directives.for_person(person)
    if span:
        directives = directives.filter(
            article__in=Article.objects.published().for_date(span[0].year).values("pk")
        )
    return list(directives.order_by("-article__event_date", "-article_id", "order"))


def shown_directives(directives):
    return [
        (
            d.pk, d.order, d.heading, d.text, d.get_absolute_url(),
            d.article.pk, d.article.title, d.article.event_date,
            d.meeting and (d.meeting.pk, d.meeting.name),
            d.issuer and (d.issuer.pk, d.issuer.name),
        )
        for d in directives
    ]  # fmt: skip


def test_every_directive_filter_and_page_as_the_orm_gives_it(archive):
    tags = [None, *Tag.objects.order_by("pk")]
    people = [None, *archive[:3]]
    for year, tag, person in itertools.product([None, 2023, 2024, 2022], tags, people):
        span = date_span(year) if year else None
        items = DirectiveItems(span, tag, person)
        expected = orm_directives(span, tag, person)
        assert items.count() == len(expected)
        for start in (0, 9, 18):
            page = shown_directives(items[start : start + 9])
            assert page == shown_directives(expected[start : start + 9]), (year, tag, person)
    assert DirectiveItems().count() > 20


def test_the_directive_index_is_one_prepared_statement():
    article = make_article("推进会")
    make_directive(article, issuer=make_person("周立新"))
    items = DirectiveItems()
    for _ in range(PREPARE_THRESHOLD + 1):
        with CaptureQueriesContext(connection) as queries:
            page = items[0:31]
        assert len(queries.captured_queries) == 1
    assert page[0].issuer.name == "周立新" and page[0].meeting is None
