"""A person page's rows, read in one statement (see article_page.py for why).

The page shows the person, their positions, the meetings they chaired or attended, the
directives they issued or that meetings they chaired issued, their bylines, and their
articles (``PersonArticles``, paged by the view). Through the ORM the first five were eight
queries, 28 ms of CPU a page at 100,000 articles (bench/pages.py). Each list is limited
through its own index on the person before anything is joined (a leader has thousands of
directives); readers' rule is ``published_q``'s (tests/articles/test_person_page.py
compares the page with the ORM).
"""

from __future__ import annotations

from django.utils import timezone

from newsroom.prepared import server_cursor
from people.models import Person, Position

from .choices import ParticipationRole
from .instances import MAX_ID, attach, from_json, iso_date, loaded
from .models import Article, Credit, Directive, Meeting
from .querysets import PUBLISHED_SQL, public_title_sql

# Meetings, directives and bylines a page lists, newest first; one more of each tells the
# page to link to the rest. A meeting lists each role the person had in it: a few rows more.
LATEST = 20
_MORE = LATEST + 1
_PARTICIPATIONS = LATEST * 4


def _published(alias: str) -> str:
    return PUBLISHED_SQL.format(alias)


def _statement(editor: bool) -> str:
    # Readers see positions that a published article gives the person (import records
    # drafts' too), and only people a published article names, credits or seats.
    public_position = "" if editor else f" AND {public_title_sql('o', '%(pk)s')}"
    public_person = (
        "true"
        if editor
        else f"""(EXISTS (SELECT FROM articles_mention m JOIN articles_article a
                            ON a.id = m.article_id
                  WHERE m.person_id = %(pk)s AND {_published("a")})
      OR EXISTS (SELECT FROM articles_credit c JOIN articles_article a ON a.id = c.article_id
                  WHERE c.person_id = %(pk)s AND {_published("a")})
      OR EXISTS (SELECT FROM articles_participation x
                   JOIN articles_meeting g ON g.id = x.meeting_id
                   JOIN articles_article a ON a.id = g.article_id
                  WHERE x.person_id = %(pk)s AND {_published("a")}))"""
    )
    directive_order = 'a.event_date DESC, d.article_id DESC, d."order"'
    # The directives a person issued come newest first from the issuer's index, which holds
    # each one's article date (models.article_date_field); those of the meetings they
    # chaired, from the chair's participations newest first: a directive's meeting is one
    # its own article reports (migration 0012), so the participation's article date is
    # the directive's.
    return f"""
SELECT p.id, p.name, p.disambiguation, {public_person},
  (SELECT json_agg(json_build_array(o.id, o.title, o.first_seen, o.last_seen)
                   ORDER BY o.last_seen DESC, o.id DESC)
     FROM people_position o
    WHERE o.person_id = %(pk)s{public_position})::text,
  (SELECT json_agg(json_build_array(t.meeting_id, t.name, t.date, t.role)
                   ORDER BY t.date DESC, t.meeting_id DESC, t."order", t.id)
     FROM (SELECT x.meeting_id, g.name, g.date, x.role, x."order", x.id
             FROM articles_participation x
             JOIN articles_meeting g ON g.id = x.meeting_id
             JOIN articles_article a ON a.id = g.article_id
            WHERE x.person_id = %(pk)s AND {_published("a")}
            ORDER BY x.meeting_date DESC, x.meeting_id DESC, x."order", x.id
            LIMIT {_PARTICIPATIONS}) t)::text,
  -- Issued by the person, or at a meeting they chaired: each part the newest few through
  -- its own index, then the newest of both (a leader has thousands).
  (SELECT json_agg(json_build_array(d.id, d."order", d.heading, d.issuer_id,
                                    a.id, a.title, a.event_date, g.id, g.name)
                   ORDER BY {directive_order})
     FROM (SELECT u.id FROM (
             (SELECT d.id, d.article_date AS event_date, d.article_id, d."order"
                FROM articles_directive d JOIN articles_article a ON a.id = d.article_id
               WHERE d.issuer_id = %(pk)s AND {_published("a")}
               ORDER BY d.article_date DESC, d.article_id DESC, d."order" LIMIT {_MORE})
             UNION
             (SELECT d.id, x.article_date, d.article_id, d."order"
                FROM articles_participation x
                JOIN articles_directive d ON d.meeting_id = x.meeting_id
                JOIN articles_article a ON a.id = d.article_id
               WHERE x.person_id = %(pk)s AND x.role = %(chair)s AND {_published("a")}
               ORDER BY x.article_date DESC, d.article_id DESC, d."order" LIMIT {_MORE})) u
            ORDER BY u.event_date DESC, u.article_id DESC, u."order" LIMIT {_MORE}) newest
     JOIN articles_directive d ON d.id = newest.id
     JOIN articles_article a ON a.id = d.article_id
     LEFT JOIN articles_meeting g ON g.id = d.meeting_id)::text,
  (SELECT json_agg(json_build_array(t.id, t.role, t.article_id, t.title)
                   ORDER BY t.event_date DESC, t.article_id DESC, t.id)
     FROM (SELECT c.id, c.role, c.article_id, a.title, a.event_date
             FROM articles_credit c JOIN articles_article a ON a.id = c.article_id
            WHERE c.person_id = %(pk)s AND {_published("a")}
            ORDER BY c.article_date DESC, c.article_id DESC, c.id LIMIT {_MORE}) t)::text
FROM people_person p
WHERE p.id = %(pk)s
"""


STATEMENTS = {editor: _statement(editor) for editor in (False, True)}


class PersonPage:
    """What a person page shows besides their articles: ``person``, ``positions``,
    ``meetings`` as (meeting, role labels), ``directives`` (with their article, meeting
    and issuer_id) and ``credits`` (with their article), newest first, up to LATEST each;
    ``more_*`` when there are more."""

    def __init__(self, row: tuple) -> None:
        pk, name, disambiguation = row[:3]
        self.person = loaded(Person, id=pk, name=name, disambiguation=disambiguation)
        positions, participations, directives, credits = (from_json(v) for v in row[4:])
        self.positions = [
            loaded(Position, id=position_id, person_id=pk, title=title,
                   first_seen=iso_date(first), last_seen=iso_date(last))
            for position_id, title, first, last in positions or ()
        ]  # fmt: skip
        labels = dict(ParticipationRole.choices)
        timeline: dict[int, tuple[Meeting, list[str]]] = {}
        for meeting_id, name, date, role in participations or ():
            meeting = loaded(Meeting, id=meeting_id, name=name, date=iso_date(date))
            timeline.setdefault(meeting_id, (meeting, []))[1].append(labels.get(role, role))
        meetings = list(timeline.values())
        self.meetings, self.more_meetings = meetings[:LATEST], len(meetings) > LATEST
        directives = [linked_directive(*values) for values in directives or ()]
        self.directives, self.more_directives = directives[:LATEST], len(directives) > LATEST
        self.credits = [_credit(*values) for values in credits or ()][:LATEST]


def _credit(pk, role, article_id, title) -> Credit:
    credit = loaded(Credit, id=pk, role=role)
    return attach(credit, article=loaded(Article, id=article_id, title=title))


def linked_directive(
    pk, order, heading, issuer_id, article_id, title, date, meeting_id, name
) -> Directive:
    """A directive as a list shows it: with its article's title and date and its meeting's
    name (the home page's side column reads the same columns)."""
    directive = loaded(Directive, id=pk, order=order, heading=heading, issuer_id=issuer_id)
    return attach(
        directive,
        article=loaded(Article, id=article_id, title=title, event_date=iso_date(date)),
        meeting=loaded(Meeting, id=meeting_id, name=name) if meeting_id else None,
    )


def person_page(pk: int, *, editor: bool) -> PersonPage | None:
    """The page of person ``pk``; None if there is none, or no published article names,
    credits or seats them and ``editor`` is false."""
    if pk > MAX_ID:
        return None
    params = {
        "pk": pk,
        "now": timezone.now(),
        "chair": ParticipationRole.CHAIR,
    }
    # Prepared: every list walks its own index on the person newest first and stops after
    # a page, which is the best plan for a leader in thousands of articles and for a
    # person in two, so the plan PostgreSQL makes once per connection serves everyone.
    # Planned per call, planning took as long as running it (3 ms of 6, bench/pages.py).
    with server_cursor() as cursor:
        cursor.execute(STATEMENTS[editor], params)
        row = cursor.fetchone()
    if not row or not row[3]:
        return None
    return PersonPage(row)
