"""The home page's side columns give what the ORM gives, newest first, drafts hidden."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.home_page import SIDE, side_columns
from articles.models import Directive, Meeting
from tests.factories import make_article, make_directive, make_meeting

pytestmark = pytest.mark.django_db


def test_side_columns_match_the_orm_and_keep_drafts_out():
    for n in range(SIDE + 2):
        article = make_article(f"第{n}篇", event_date=dt.date(2024, 3, 1 + n % 5))
        # One meeting without a date: the ORM's "-date" puts it first, as PostgreSQL does.
        meeting = make_meeting(
            article, name=f"会议{n}", date=None if n == 3 else article.event_date
        )
        make_directive(article, heading=f"要求{n}", meeting=meeting if n % 2 else None)
        make_directive(article, order=2, heading=f"再要求{n}")
    later = timezone.now() + dt.timedelta(hours=1)
    for hidden in (make_article(published=False), make_article(published_at=later)):
        hidden.event_date = dt.date(2030, 1, 1)
        hidden.save()
        make_directive(
            hidden, meeting=make_meeting(hidden, name="未发布会议", date=hidden.event_date)
        )

    with CaptureQueriesContext(connection) as queries:
        meetings, directives = side_columns()
    assert len(queries) == 1
    expected_meetings = Meeting.objects.published().order_by("-date", "-id")[:SIDE]
    assert [(m.pk, m.name, m.date) for m in meetings] == [
        (m.pk, m.name, m.date) for m in expected_meetings
    ]
    assert (
        meetings[0].date is None
        and meetings[1].get_absolute_url() == f"/meetings/{meetings[1].pk}/"
    )
    expected = Directive.objects.published().order_by(
        "-article__event_date", "-article_id", "order"
    )
    assert [
        (d.pk, d.heading, d.article.title, d.meeting and d.meeting.name, d.get_absolute_url())
        for d in directives
    ] == [
        (d.pk, d.heading, d.article.title, d.meeting and d.meeting.name, d.get_absolute_url())
        for d in expected[:SIDE]
    ]
    assert "未发布会议" not in {m.name for m in meetings}


def test_an_empty_archive_has_empty_columns(client):
    assert side_columns() == ([], [])
    assert "近期会议" not in client.get("/").text
