"""The meeting list's and the directive index's pages, read by one statement each.

Through the ORM a page of either compiled querysets on every request (the items with their
article, its text deferred, through ``select_related``; the meeting list's chairs through
``prefetch_related``): 2.7 ms of Python of the meeting list's 10 at 100,000 articles, 1.9 of
the directive index's 5.3, where the rows took 0.9 and 1.0 ms to find (bench/pages.py).
Here each page is one statement written out, the chairs a JSON column of it, and the
instances are built as ``loaded`` builds them.

A statement is made of fixed pieces, one per filter given. Those whose plan serves every
value (the newest items, of a year or not: the date index) run prepared, planned once per
connection; an organizer's, a person's or a tag's items are planned for their values, as
the ORM's were (Django's cursors bind on the client): walking the newest items, or sorting
all of theirs, depends on how many they have. Sliced as a queryset would be
(``paginate_uncounted``); ``count()`` serves the past-the-end path only. Readers' rule is
``published_q``'s (``PUBLISHED_SQL``); tests/articles/test_filtered_lists.py compares every
filter with the ORM's answers.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from newsroom.prepared import server_cursor
from people.models import Person

from .choices import ParticipationRole
from .instances import attach, from_json, loaded
from .models import Article, Directive, Meeting, Participation, Tag
from .querysets import PUBLISHED_SQL

Span = tuple[dt.date, dt.date]


class _FilteredList:
    """A list of items whose statement is ``ROWS`` with the conditions added."""

    ROWS: str
    COUNT: str

    def __init__(self) -> None:
        self.where = [PUBLISHED_SQL.format("a")]
        self.params: dict = {"chair": ParticipationRole.CHAIR}
        self.prepared = True

    def _add(self, condition: str, prepared: bool, **params) -> None:
        self.where.append(condition)
        self.params.update(params)
        self.prepared = self.prepared and prepared

    def _add_span(self, column: str, span: Span) -> None:
        # The date index serves any span with the same plan.
        condition = f"{column} >= %(start_date)s AND {column} < %(end_date)s"
        self._add(condition, True, start_date=span[0], end_date=span[1])

    def _run(self, statement: str, **params) -> list[tuple]:
        params = {**self.params, **params, "now": timezone.now()}
        with (server_cursor if self.prepared else connection.cursor)() as cursor:
            cursor.execute(statement.format(where=" AND ".join(self.where)), params)
            return cursor.fetchall()

    def __getitem__(self, index: slice) -> list:
        rows = self._run(self.ROWS, start=index.start, count=index.stop - index.start)
        return [self._item(*row) for row in rows]

    def count(self) -> int:
        return self._run(self.COUNT)[0][0]


class MeetingItems(_FilteredList):
    """Published meetings, newest first (``-date, -id``, the model's order: PostgreSQL
    sorts meetings without a date first), each with its article's title and the people
    who chaired it; of the days from ``span``'s start to before its end, of
    ``organizer``, of ``person`` (any role), where given."""

    ROWS = """
SELECT g.id, g.name, g.organizer, g.date, a.id, a.title,
  (SELECT json_agg(json_build_array(x.id, p.id, p.name) ORDER BY x."order", x.id)
     FROM articles_participation x JOIN people_person p ON p.id = x.person_id
    WHERE x.meeting_id = g.id AND x.role = %(chair)s)::text
FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
WHERE {where}
ORDER BY g.date DESC, g.id DESC
LIMIT %(count)s OFFSET %(start)s"""
    COUNT = """
SELECT count(*) FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
WHERE {where}"""

    def __init__(
        self, span: Span | None = None, organizer: str = "", person: Person | None = None
    ) -> None:
        super().__init__()
        if span:
            self._add_span("g.date", span)
        if organizer:
            self._add("g.organizer = %(organizer)s", False, organizer=organizer)
        if person:
            self._add(
                """EXISTS (SELECT FROM articles_participation x
                WHERE x.meeting_id = g.id AND x.person_id = %(person)s)""",
                False,
                person=person.pk,
            )

    @staticmethod
    def _item(pk, name, organizer, date, article_id, title, chairs) -> Meeting:
        meeting = loaded(Meeting, id=pk, name=name, organizer=organizer, date=date)
        attach(meeting, article=loaded(Article, id=article_id, title=title))
        meeting.chairs = [
            attach(
                loaded(Participation, id=xpk, role=ParticipationRole.CHAIR),
                meeting=meeting,
                person=loaded(Person, id=person_id, name=person_name),
            )
            for xpk, person_id, person_name in from_json(chairs) or ()
        ]
        return meeting


class DirectiveItems(_FilteredList):
    """Published directives, their article's newest first and then in the article's order,
    each with its article's title and date, its meeting's name and its issuer's; of
    articles dated within ``span``, with ``tag``, issued by ``person`` or at a meeting they
    chaired (``for_person``), where given."""

    ROWS = """
SELECT d.id, d."order", d.heading, d.text, a.id, a.title, a.event_date,
       g.id, g.name, p.id, p.name
FROM articles_directive d JOIN articles_article a ON a.id = d.article_id
LEFT JOIN articles_meeting g ON g.id = d.meeting_id
LEFT JOIN people_person p ON p.id = d.issuer_id
WHERE {where}
ORDER BY a.event_date DESC, d.article_id DESC, d."order"
LIMIT %(count)s OFFSET %(start)s"""
    COUNT = """
SELECT count(*) FROM articles_directive d JOIN articles_article a ON a.id = d.article_id
WHERE {where}"""

    def __init__(
        self, span: Span | None = None, tag: Tag | None = None, person: Person | None = None
    ) -> None:
        super().__init__()
        if span:
            self._add_span("a.event_date", span)
        if tag:
            self._add(
                """EXISTS (SELECT FROM articles_taggedarticle x
                WHERE x.content_object_id = d.article_id AND x.tag_id = %(tag)s)""",
                False,
                tag=tag.pk,
            )
        if person:
            # A union of two index scans: with OR the planner read every directive (0.5 s
            # at 100,000 articles; DirectiveQuerySet.for_person).
            self._add(
                """d.id IN (SELECT mine.id FROM articles_directive mine
                         WHERE mine.issuer_id = %(person)s
                        UNION
                        SELECT chaired.id FROM articles_directive chaired
                          JOIN articles_participation x ON x.meeting_id = chaired.meeting_id
                         WHERE x.person_id = %(person)s AND x.role = %(chair)s)""",
                False,
                person=person.pk,
            )

    @staticmethod
    def _item(pk, order, heading, text, article_id, title, date, mid, name, iid, iname):
        directive = loaded(Directive, id=pk, order=order, heading=heading, text=text)
        return attach(
            directive,
            article=loaded(Article, id=article_id, title=title, event_date=date),
            meeting=loaded(Meeting, id=mid, name=name) if mid is not None else None,
            issuer=loaded(Person, id=iid, name=iname) if iid is not None else None,
        )
