"""The meeting list's statement gives what the ORM gives, for every filter and page."""

import datetime as dt
import itertools
import random

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.meeting_list import MeetingItems
from articles.models import Meeting, Participation
from articles.querysets import date_span
from newsroom.prepared import PREPARE_THRESHOLD
from tests.factories import make_article, make_meeting, make_participation, make_person

pytestmark = pytest.mark.django_db

ORGANIZERS = ["云湖区", "区委", "区政府", ""]


@pytest.fixture
def archive():
    """Meetings of published, draft and scheduled articles; some on the same day, some
    without a date; chaired by none, one or two people, who also attend others."""
    rng = random.Random(7)
    people = [make_person(f"测试{n}") for n in range(6)]
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
