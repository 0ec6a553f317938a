"""The home page's side columns, the newest meetings and directives, in one statement.

As two ORM querysets they were built and compiled afresh for every home page: 0.6 ms of
its 4 ms of CPU at 100,000 articles (bench/pages.py), where PostgreSQL finds the rows in a
fraction of that. The statement's text never changes, so it is prepared (see
article_page.py). Readers' rule is ``published_q``'s, written as ``PUBLISHED_SQL``
(tests/articles/test_home_page.py compares the columns with the ORM's answers).
"""

from __future__ import annotations

from django.utils import timezone

from newsroom.prepared import server_cursor

from .instances import from_json, iso_date, loaded
from .models import Directive, Meeting
from .person_page import linked_directive
from .querysets import PUBLISHED_SQL

# Meetings and directives each column lists.
SIDE = 6

STATEMENT = f"""
SELECT
  (SELECT json_agg(json_build_array(t.id, t.name, t.date) ORDER BY t.date DESC, t.id DESC)
     FROM (SELECT g.id, g.name, g.date
             FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
            WHERE {PUBLISHED_SQL.format("a")}
            ORDER BY g.date DESC, g.id DESC LIMIT {SIDE}) t)::text,
  (SELECT json_agg(json_build_array(t.id, t."order", t.heading, t.issuer_id, t.article_id,
                                    t.title, t.event_date, t.meeting_id, t.meeting)
                   ORDER BY t.event_date DESC, t.article_id DESC, t."order")
     FROM (SELECT d.id, d."order", d.heading, d.issuer_id, d.article_id, a.title,
                  a.event_date, d.meeting_id, g.name AS meeting
             FROM articles_directive d JOIN articles_article a ON a.id = d.article_id
             LEFT JOIN articles_meeting g ON g.id = d.meeting_id
            WHERE {PUBLISHED_SQL.format("a")}
            ORDER BY a.event_date DESC, d.article_id DESC, d."order" LIMIT {SIDE}) t)::text
"""


def side_columns() -> tuple[list[Meeting], list[Directive]]:
    """The newest published meetings (by their date) and directives (by their article's
    date, then their order in it), SIDE of each; a directive's article and meeting carry
    the names the column shows."""
    with server_cursor() as cursor:
        cursor.execute(STATEMENT, {"now": timezone.now()})
        meetings, directives = (from_json(value) or [] for value in cursor.fetchone())
    return (
        [loaded(Meeting, id=pk, name=name, date=iso_date(day)) for pk, name, day in meetings],
        [linked_directive(*values) for values in directives],
    )
