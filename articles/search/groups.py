"""What a search page shows beside the articles: counts per tag, person and year among the
candidates, and the people, meetings and directives that match the query."""

from __future__ import annotations

import re

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncYear

from .engine import Ids
from .text import Query, normalise

FACET_ROWS = 12
GROUP_SIZE = 5
GROUP_ARTICLES = 100  # meetings and directives are looked for in the best candidates only
DIRECTIVE_FIELDS = ("id", "article", "meeting", "issuer", "order", "heading", "text")


def facets(candidate_ids: list[int]) -> dict:
    """Counts per tag, person and year among the candidates (the newest matches)."""
    from people.models import Person

    from ..models import Article, Mention, Tag, TaggedArticle

    if not candidate_ids:
        return {"tags": [], "people": [], "years": []}
    ids = Ids(candidate_ids)
    # Count on the link tables alone, then name the few winners: joining names before
    # grouping made PostgreSQL hash the whole people table (40 ms at 100,000 articles).
    # Counting the column that groups, not the id, lets the unique (article, tag) and
    # (article, person) indexes answer without visiting the table.
    tag_counts = (
        TaggedArticle.objects.filter(content_object_id__any=ids)
        .values("tag_id")
        .annotate(count=Count("tag_id"))
        .order_by("-count", "tag_id")[:FACET_ROWS]
    )
    tag_rows = {t.pk: t for t in Tag.objects.filter(pk__in=[r["tag_id"] for r in tag_counts])}
    tags = [
        {"tag__slug": tag.slug, "tag__name": tag.name, "tag__kind": tag.kind, "count": r["count"]}
        for r in tag_counts
        if (tag := tag_rows.get(r["tag_id"]))
    ]
    person_counts = (
        Mention.objects.filter(article_id__any=ids)
        .values("person_id")
        .annotate(count=Count("person_id"))
        .order_by("-count", "person_id")[:FACET_ROWS]
    )
    names = dict(
        Person.objects.filter(pk__in=[r["person_id"] for r in person_counts]).values_list(
            "pk", "name"
        )
    )
    people = [
        {"person_id": r["person_id"], "person__name": names[r["person_id"]], "count": r["count"]}
        for r in person_counts
        if r["person_id"] in names
    ]
    years = (
        Article.objects.filter(pk__any=ids)
        .annotate(year=TruncYear("event_date"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )
    years = [
        {
            "year": row["year"].year,
            "count": row["count"],
            "from": f"{row['year'].year}-01-01",
            "to": f"{row['year'].year}-12-31",
        }
        for row in years
    ]
    return {"tags": tags, "people": people, "years": years}


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
