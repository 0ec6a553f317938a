"""The meeting list's pages, read by one statement each.

Each item is a published meeting with its article's title and the people who chaired it,
newest first (``-date, -id``, the model's order: PostgreSQL sorts meetings without a date
first). Through the ORM a page was two querysets compiled on every request, the meetings
with their article (``select_related``, the article's text deferred) and the chairs
(``prefetch_related``): 2.7 ms of Python of the page's 10 at 100,000 articles, where the
rows took 0.9 ms to find (bench/pages.py). Here the chairs come as a JSON column of the
meetings' statement, and the instances are built as ``loaded`` builds them.

Sliced as a queryset would be (``paginate_uncounted``); ``count()`` serves the past-the-end
path only. Readers' rule is ``published_q``'s (``PUBLISHED_SQL``); tests/articles/
test_meeting_list.py compares every filter with the ORM's answers.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from newsroom.prepared import server_cursor
from people.models import Person

from .choices import ParticipationRole, Status
from .instances import attach, from_json, loaded
from .models import Article, Meeting, Participation
from .querysets import PUBLISHED_SQL

_ROWS = """
SELECT g.id, g.name, g.organizer, g.date, a.id, a.title,
  (SELECT json_agg(json_build_array(x.id, p.id, p.name) ORDER BY x."order", x.id)
     FROM articles_participation x JOIN people_person p ON p.id = x.person_id
    WHERE x.meeting_id = g.id AND x.role = %(chair)s)::text
FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
WHERE {where}
ORDER BY g.date DESC, g.id DESC
LIMIT %(count)s OFFSET %(start)s"""

_COUNT = """
SELECT count(*) FROM articles_meeting g JOIN articles_article a ON a.id = g.article_id
WHERE {where}"""

# The filters, each a fixed piece of text: a page's statement is one of eight texts.
_PUBLISHED = PUBLISHED_SQL.format("a")
_DATED = "g.date >= %(start_date)s AND g.date < %(end_date)s"
_ORGANIZER = "g.organizer = %(organizer)s"
_PERSON = """EXISTS (SELECT FROM articles_participation x
               WHERE x.meeting_id = g.id AND x.person_id = %(person)s)"""


class MeetingItems:
    """Published meetings, newest first; of the days from ``span``'s start to before its
    end, of ``organizer``, of ``person`` (any role), where given."""

    def __init__(
        self,
        span: tuple[dt.date, dt.date] | None = None,
        organizer: str = "",
        person: Person | None = None,
    ) -> None:
        where = [_PUBLISHED]
        self.params: dict = {"published": Status.PUBLISHED}
        if span:
            where.append(_DATED)
            self.params["start_date"], self.params["end_date"] = span
        if organizer:
            where.append(_ORGANIZER)
            self.params["organizer"] = organizer
        if person:
            where.append(_PERSON)
            self.params["person"] = person.pk
        self.where = " AND ".join(where)
        # The newest meetings, of a year or not, come from the date index whatever the
        # values: one plan serves every page, and PostgreSQL keeps the one it makes per
        # connection. How to find an organizer's or a person's depends on how many they
        # have (a district leader chairs one meeting in ten); those are planned for their
        # values, as the ORM's were (Django's cursors bind on the client).
        self._cursor = connection.cursor if organizer or person else server_cursor

    def __getitem__(self, index: slice) -> list[Meeting]:
        params = {
            **self.params,
            "now": timezone.now(),
            "chair": ParticipationRole.CHAIR,
            "start": index.start,
            "count": index.stop - index.start,
        }
        with self._cursor() as cursor:
            cursor.execute(_ROWS.format(where=self.where), params)
            return [_meeting(*row) for row in cursor.fetchall()]

    def count(self) -> int:
        with self._cursor() as cursor:
            cursor.execute(_COUNT.format(where=self.where), {**self.params, "now": timezone.now()})
            return cursor.fetchone()[0]


def _meeting(pk, name, organizer, date, article_id, title, chairs) -> Meeting:
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
