"""What a search page shows beside the articles: counts per tag, person and year among the
candidates, and the people, meetings and directives that match the query."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Exists, OuterRef

from ..instances import from_json
from .engine import Ids, id_array
from .text import Query, normalise

FACET_ROWS = 12
GROUP_SIZE = 5
GROUP_ARTICLES = 100  # meetings and directives are looked for in the best candidates only
DIRECTIVE_FIELDS = ("id", "article", "meeting", "issuer", "order", "heading", "text")


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
     JOIN people_person p ON p.id = c.person_id)::text,
  (SELECT json_agg(json_build_array(y.year, y.count) ORDER BY y.year DESC)
     FROM (SELECT extract(year FROM a.event_date)::int AS year, count(*) AS count
             FROM articles_article a WHERE a.id = ANY(%(ids)s::bigint[])
            GROUP BY 1) y)::text
"""


def facets(candidate_ids: list[int]) -> dict:
    """Counts per tag, person and year among the candidates (the newest matches).

    One statement: as five ORM queries (counts, then the names of the few winners) the
    facets were a tenth of a search page's CPU, most of it Django building the SQL
    (bench/pages.py). Each count is taken on the link table alone, then the few winners
    are named: joining names before grouping made PostgreSQL hash the whole people table
    (40 ms at 100,000 articles). Counting the column that groups, not the id, lets the
    unique (article, tag) and (article, person) indexes answer without visiting the table.
    """
    if not candidate_ids:
        return {"tags": [], "people": [], "years": []}
    with connection.cursor() as cursor:
        cursor.execute(FACETS, {"ids": id_array(candidate_ids)})
        tags, people, years = (from_json(value) or [] for value in cursor.fetchone())
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


def groups(query: Query, candidate_ids: list[int]) -> dict:
    """People, meetings and directives matching the query, shown above the articles.

    People are matched by the start of their name, exact names first (丁丽 also finds
    丁丽敏; the name index serves a prefix); meetings and directives among those of the
    candidate articles."""
    from people.models import Person

    from ..models import Directive, Meeting, Mention
    from ..querysets import attach_public_positions

    names = [t.text for t in query.include if 2 <= len(t.text) <= 8 and not t.title_only]
    people = []
    if len(query.include) == 1 and names:
        visible = Mention.objects.published().filter(person=OuterRef("pk"))
        found = Person.objects.filter(Exists(visible), name__startswith=names[0]).prefetch_related(
            "positions"
        )[:50]
        people = sorted(found, key=lambda p: (p.name != names[0], len(p.name), p.name))[:GROUP_SIZE]
        attach_public_positions(people)

    meetings = _matching(
        Meeting.objects.filter(article_id__any=Ids(candidate_ids[:GROUP_ARTICLES])).order_by(
            "-date", "-id"
        ),
        query,
        "name",
    )
    directives = _matching(
        Directive.objects.filter(article_id__any=Ids(candidate_ids[:GROUP_ARTICLES]))
        # The article's title and address only: not its body and search vectors.
        .select_related("article")
        .only(*DIRECTIVE_FIELDS, "article__id", "article__title", "article__event_date")
        .order_by("-article__event_date", "order"),
        query,
        "heading",
        "text",
    )
    return {"people": people, "meetings": meetings, "directives": directives}


def _matching(rows, query: Query, *fields: str) -> list:
    """The first GROUP_SIZE of ``rows`` whose ``fields``, run together and folded, hold
    every term of ``query``.

    The test reads the fields alone, and only the rows that pass are built as objects:
    building the hundred candidates' meetings and directives (about 500) to test them was
    a fifth of a search page's CPU. (Testing in SQL, PostgreSQL's normalize() took 20 µs a
    row.)"""
    found = []
    for pk, *texts in rows.values_list("pk", *fields):
        folded = normalise("".join(texts))
        if all(re.search(pattern, folded) for pattern in query.patterns):
            found.append(pk)
            if len(found) == GROUP_SIZE:
                break
    if not found:
        return []
    chosen = rows.in_bulk(found)
    return [chosen[pk] for pk in found]
