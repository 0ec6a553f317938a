"""What a search page shows beside the articles: counts per tag, person and year among the
candidates, and the people, meetings and directives that match the query."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.utils import timezone

from newsroom.prepared import server_cursor
from people.models import Person, Position

from ..instances import attach, from_json, loaded
from ..models import Article, Directive, Meeting
from ..querysets import PUBLISHED_SQL, public_title_sql
from .engine import Match, id_array
from .highlight import holds
from .text import Query

FACET_ROWS = 12
GROUP_SIZE = 5
GROUP_ARTICLES = 100  # meetings and directives are looked for in the best candidates only


FACETS = f"""
SELECT
  (SELECT json_agg(json_build_array(t.slug, t.name, t.kind, c.count)
                   ORDER BY c.count DESC, c.tag_id)
     FROM (SELECT x.tag_id, count(x.tag_id) AS count FROM articles_taggedarticle x
            WHERE x.content_object_id = ANY(%(ids)s::bigint[])
            GROUP BY x.tag_id ORDER BY count DESC, x.tag_id LIMIT {FACET_ROWS}) c
     JOIN articles_tag t ON t.id = c.tag_id)::text,
  (SELECT json_agg(json_build_array(p.id, p.name, c.count)
                   ORDER BY c.count DESC, c.person_id)
     FROM (SELECT m.person_id, count(m.person_id) AS count FROM articles_mention m
            WHERE m.article_id = ANY(%(ids)s::bigint[])
            GROUP BY m.person_id ORDER BY count DESC, m.person_id LIMIT {FACET_ROWS}) c
     JOIN people_person p ON p.id = c.person_id)::text
"""


def facets(candidates: list[Match]) -> dict:
    """Counts per tag, person and year among the candidates (the newest matches, with
    their dates).

    One statement: as five ORM queries (counts, then the names of the few winners) the
    facets were a tenth of a search page's CPU, most of it Django building the SQL
    (bench/pages.py). Each count is taken on the link table alone, then the few winners
    are named: joining names before grouping made PostgreSQL hash the whole people table
    (40 ms at 100,000 articles). Counting the column that groups, not the id, lets the
    unique (article, tag) and (article, person) indexes answer without visiting the table.
    Prepared (``server_cursor``): its text never changes, and PostgreSQL spent 0.6 of its
    4 ms planning it (bench archive). The years are counted here from the candidates'
    dates: in the statement they took 1.2 of its 4.2 ms (the 500 articles' rows probed
    again), here 0.04.
    """
    if not candidates:
        return {"tags": [], "people": [], "years": []}
    with server_cursor() as cursor:
        cursor.execute(FACETS, {"ids": id_array([pk for pk, _ in candidates])})
        tags, people = (from_json(value) or [] for value in cursor.fetchone())
    years = sorted(Counter(day.year for _, day in candidates).items(), reverse=True)
    return {
        "tags": [
            {"tag__slug": slug, "tag__name": name, "tag__kind": kind, "count": count}
            for slug, name, kind, count in tags
        ],
        "people": [
            {"person_id": pk, "person__name": name, "count": count} for pk, name, count in people
        ],
        "years": [
            {"year": year, "count": count, "from": f"{year}-01-01", "to": f"{year}-12-31"}
            for year, count in years
        ],
    }


PEOPLE = f"""
SELECT p.id, p.name,
  -- Their most recent position that a published article gives them (public_positions),
  -- one without a date only when none has one. Walking the person's positions newest
  -- first, the test stops at the first public one (a leader has fifty).
  COALESCE(
    (SELECT json_build_array(o.id, o.title) FROM people_position o
      WHERE o.person_id = p.id AND o.last_seen IS NOT NULL AND {public_title_sql("o", "p.id")}
      ORDER BY o.last_seen DESC, o.id DESC LIMIT 1),
    (SELECT json_build_array(o.id, o.title) FROM people_position o
      WHERE o.person_id = p.id AND o.last_seen IS NULL AND {public_title_sql("o", "p.id")}
      ORDER BY o.id DESC LIMIT 1))::text
FROM people_person p
WHERE p.name ~>=~ %(name)s AND p.name ~<~ %(above)s AND p.name LIKE %(prefix)s AND EXISTS (
      SELECT FROM articles_mention m JOIN articles_article a ON a.id = m.article_id
       WHERE m.person_id = p.id AND {PUBLISHED_SQL.format("a")})
-- Exact names first, then shorter ones, then in code point order (as Python sorts).
ORDER BY p.name <> %(name)s, length(p.name), p.name COLLATE "C"
LIMIT {GROUP_SIZE}
"""


# The candidates' meetings and directives, newest first: the columns tested, then those
# shown. Prepared: as ORM queries, PostgreSQL planned each for every search page (the
# directives' 0.9 ms of planning against 1.6 of execution, bench archive). A directive's
# article_date is its article's event date (models.article_date_field).
MEETINGS = """
SELECT g.name, g.id, g.date FROM articles_meeting g
 WHERE g.article_id = ANY(%(ids)s::bigint[])
 ORDER BY g.date DESC, g.id DESC
"""
DIRECTIVES = """
SELECT d.heading, d.text, d.id, d."order", d.article_id, a.title
  FROM articles_directive d JOIN articles_article a ON a.id = d.article_id
 WHERE d.article_id = ANY(%(ids)s::bigint[])
 ORDER BY d.article_date DESC, d.article_id DESC, d."order"
"""


def groups(query: Query, candidate_ids: list[int]) -> dict:
    """People, meetings and directives matching the query, shown above the articles.

    People are matched by the start of their name, exact names first (丁丽 also finds
    丁丽敏; the name index serves a prefix), among those a published article names;
    meetings and directives among those of the candidate articles."""
    names = [t.text for t in query.include if 2 <= len(t.text) <= 8 and not t.title_only]
    people = []
    if len(query.include) == 1 and names:
        people = _people(names[0])
    meetings, directives = [], []
    if candidate_ids:
        ids = id_array(candidate_ids[:GROUP_ARTICLES])
        meetings = _matching(MEETINGS, ids, query, 1, _meeting)
        directives = _matching(DIRECTIVES, ids, query, 2, _directive)
    return {"people": people, "meetings": meetings, "directives": directives}


# The longest name a person can have.
NAME_LENGTH = Person._meta.get_field("name").max_length


def _people(name: str) -> list:
    """Up to GROUP_SIZE people whose name starts with ``name``, each with the
    ``public_position`` attach_public_positions would give them, in one statement.

    Prepared: PostgreSQL planned it for 1.3 ms and ran it in 0.2 (bench archive). A plan
    made once serves every name only where the index range is in the text: for ``LIKE``
    with a parameter the planner derives none, so the range between the name and a string
    above all its continuations (the pattern operators compare bytes, and U+10FFFF is
    the greatest character in UTF-8) is written out, and ``LIKE`` stays for exactness."""
    params = {
        "prefix": connection.ops.prep_for_like_query(name) + "%",
        "name": name,
        # Above every name that starts with ``name``: what the prefix index is read up to.
        "above": name + "\U0010ffff" * (NAME_LENGTH + 1 - len(name)),
        "now": timezone.now(),
    }
    with server_cursor() as cursor:
        cursor.execute(PEOPLE, params)
        rows = cursor.fetchall()
    people = []
    for pk, person_name, position in rows:
        person = loaded(Person, id=pk, name=person_name)
        position = from_json(position)
        person.public_position = (
            loaded(Position, id=position[0], person_id=pk, title=position[1]) if position else None
        )
        people.append(person)
    return people


def _meeting(name, pk, day) -> Meeting:
    return loaded(Meeting, id=pk, name=name, date=day)


def _directive(heading, text, pk, order, article_id, title) -> Directive:
    directive = loaded(Directive, id=pk, order=order, heading=heading, text=text)
    return attach(directive, article=loaded(Article, id=article_id, title=title))


def _matching(statement: str, ids: str, query: Query, tested: int, build) -> list:
    """The first GROUP_SIZE rows of ``statement`` for the articles ``ids`` whose first
    ``tested`` columns, run together and folded, hold every term of ``query``, built by
    ``build(*row)``.

    The test reads the columns alone, and only the rows that pass are built as objects:
    building the hundred candidates' meetings and directives (about 500) to test them was
    a fifth of a search page's CPU. (Testing in SQL, PostgreSQL's normalize() took 20 µs a
    row.) The columns the group shows come with them, so the few that pass need no second
    query."""
    found = []
    with server_cursor() as cursor:
        cursor.execute(statement, {"ids": ids})
        for row in cursor:
            if holds("".join(row[:tested]), query):
                found.append(build(*row))
                if len(found) == GROUP_SIZE:
                    break
    return found
