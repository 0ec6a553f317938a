"""An article page's rows, read in one statement.

The page shows the article with its byline, the people it names, its meetings with their
participants, its directives, its tags, its neighbours by date and its related articles.
Read through the ORM that was ten queries: at 100,000 articles about 17 ms of CPU a page,
two thirds of it compiling SQL and building querysets, where the rows themselves take a
few milliseconds to find (bench/pages.py). Here PostgreSQL builds each list as JSON in one
statement (the tags as ids, taken from tag_cache as lists take them), the related
articles with them. The view gets model instances with their lists where ``.all()`` finds
them, so the template, ``get_absolute_url`` and the models' display methods work unchanged.

What readers may see is ``published_q``'s rule as ``PUBLISHED_SQL`` (tests/articles/
test_article_page.py compares this page with the ORM's answers).
"""

from __future__ import annotations

from functools import cache

from django.utils import timezone

from newsroom.prepared import server_cursor
from people.models import Person

from . import tag_cache
from .instances import MAX_ID, attach, from_json, iso_date, loaded, prefetched
from .models import Article, Credit, Directive, Meeting, Mention, Participation
from .querysets import PUBLISHED_SQL, attach_tags

# Related articles: the articles nearest the article in time (by id, the order of
# ingestion) sharing a tag with it, and those naming a person it names, are candidates, as
# many on each side of it (the cap keeps a very common tag from turning one page view into
# a scan of the archive); each shared tag or person scores one, and the best published ones
# are shown, the nearer first among equals. Until session 21 the candidates were the newest
# of the whole archive, so every article older than a few months listed the same few
# latest ones: a reader of a 2015 report was offered this week's. 100 on each side cost
# what the newest 300 did (bench archive: statement median 2.84 ms against 2.99; 150 on
# each side, 3.35).
RELATED_COUNT = 5
RELATED_CANDIDATES = 200

ARTICLE_FIELDS = (
    "id",
    "kicker",
    "title",
    "subtitle",
    "event_date",
    "date_precision",
    "body",
    "photos",
    "status",
    "published_at",
)

STATEMENT = f"""
SELECT {", ".join(f"a.{name}" for name in ARTICLE_FIELDS)},
  (SELECT json_agg(json_build_array(c.id, c.role, c."order", p.id, p.name)
                   ORDER BY c."order", c.id)
     FROM articles_credit c JOIN people_person p ON p.id = c.person_id
    WHERE c.article_id = a.id)::text,
  (SELECT json_agg(json_build_array(m.id, m.positions, m."order", p.id, p.name)
                   ORDER BY m."order", m.id)
     FROM articles_mention m JOIN people_person p ON p.id = m.person_id
    WHERE m.article_id = a.id)::text,
  (SELECT json_agg(json_build_array(
            g.id, g."order", g.name, g.organizer, g.date,
            (SELECT json_agg(json_build_array(x.id, x.role, x.position, x."order", p.id, p.name)
                             ORDER BY x."order", x.id)
               FROM articles_participation x JOIN people_person p ON p.id = x.person_id
              WHERE x.meeting_id = g.id))
          ORDER BY g."order", g.id)
     FROM articles_meeting g
    WHERE g.article_id = a.id)::text,
  (SELECT json_agg(json_build_array(d.id, d.meeting_id, d."order", d.heading, d.text,
                                    p.id, p.name)
                   ORDER BY d."order", d.id)
     FROM articles_directive d LEFT JOIN people_person p ON p.id = d.issuer_id
    WHERE d.article_id = a.id)::text,
  tags.ids, {tag_cache.TAGS_VERSION},
  -- The neighbours by event date. The redundant bound on event_date is what the date
  -- index can seek to: the OR alone walked the index from the far end (80 ms a page).
  (SELECT json_build_array(n.id, n.title, n.event_date)
     FROM articles_article n
    WHERE {PUBLISHED_SQL.format("n")} AND n.event_date <= a.event_date
      AND (n.event_date < a.event_date OR n.id < a.id)
    ORDER BY n.event_date DESC, n.id DESC LIMIT 1)::text,
  (SELECT json_build_array(n.id, n.title, n.event_date)
     FROM articles_article n
    WHERE {PUBLISHED_SQL.format("n")} AND n.event_date >= a.event_date
      AND (n.event_date > a.event_date OR n.id > a.id)
    ORDER BY n.event_date, n.id LIMIT 1)::text,
  {{related}}
FROM articles_article a
-- The article's tag ids, read once for the page's tags and its related articles' walks
-- (OFFSET 0: pulled up into the query, the subquery was run for each use of its column).
CROSS JOIN LATERAL (SELECT {tag_cache.tag_ids_sql("a")} AS ids OFFSET 0) tags
WHERE a.id = %(pk)s"""

# Related articles, a column of the page's statement: the RELATED_CANDIDATES / 2 nearest
# on each side of the article sharing one of its tags, walked from the article's own place
# in the (article, tag) index, and the nearest naming one of its people, each person's
# nearest on each side from the (person, article) index, then the nearest of those (with
# ANY over the people, PostgreSQL read every mention of a district leader, thousands, to
# sort them). Walking the (article, tag) index once for all the article's tags stops
# sooner than taking each tag's nearest would. Candidates are read from the
# tag and mention indexes alone; whether a candidate is published is asked only of the
# best, in order, until RELATED_COUNT are found. Asking it of every candidate cost an index
# probe each, a third of the work (1.5 -> 1.0 ms at 100,000 articles); the price is that a
# draft or scheduled article among the candidates takes a place that a farther published
# one had, where unpublished articles are few and new.
#
# Until session 15 this was a statement of its own with the article's tags and people
# written in as values: PostgreSQL planned it for every page (0.4-0.6 ms of its 1.2-1.6 at
# 100,000 articles) in a second round trip. In the page's prepared statement it is planned
# once per connection (README, "Performance"). The ORDER BY inside ``ranked`` is what keeps
# the generic plan asking only the best: without it, that plan asked all 400 candidates
# whether they are published and sorted after (0.9 ms of the statement's 1.7 ms of
# execution; 0.76 ms in all with it).
RELATED = """
  (SELECT json_agg(json_build_array(best.id, best.title, best.event_date)
                   ORDER BY best.score DESC, best.distance, best.id DESC)
     FROM (SELECT ranked.score, ranked.distance, r.id, r.title, r.event_date
             FROM (SELECT shared.id, count(*) AS score, abs(shared.id - a.id) AS distance
                     FROM ({tagged}
                           UNION ALL
                           (SELECT p.id FROM articles_mention named
                             CROSS JOIN LATERAL ({mentioned}) p
                             WHERE named.article_id = a.id
                             ORDER BY abs(p.id - a.id), p.id DESC LIMIT {limit})) shared
                    GROUP BY shared.id
                    ORDER BY score DESC, distance, shared.id DESC) ranked
            CROSS JOIN LATERAL (SELECT r.id, r.title, r.event_date FROM articles_article r
                                 WHERE r.id = ranked.id AND {published}) r
            ORDER BY ranked.score DESC, ranked.distance, ranked.id DESC
            LIMIT {count}) best)::text"""


# The ``half`` ids nearest article ``a`` on each side, in ``column``, among the rows of
# ``table`` (aliased ``x``) that pass ``where``: two walks of an index holding ``column``,
# outward from ``a.id``.
NEAREST = """
  (SELECT x.{column} AS id FROM {table} x
    WHERE {where} AND x.{column} < a.id ORDER BY x.{column} DESC LIMIT {half})
  UNION ALL
  (SELECT x.{column} AS id FROM {table} x
    WHERE {where} AND x.{column} > a.id ORDER BY x.{column} LIMIT {half})"""


@cache
def _statement(candidates: int, drafts: bool) -> str:
    half = candidates // 2
    related = RELATED.format(
        tagged=NEAREST.format(
            table="articles_taggedarticle",
            column="content_object_id",
            where="x.tag_id = ANY(tags.ids)",
            half=half,
        ),
        mentioned=NEAREST.format(
            table="articles_mention",
            column="article_id",
            where="x.person_id = named.person_id",
            half=half,
        ),
        limit=candidates,
        published=PUBLISHED_SQL.format("r"),
        count=RELATED_COUNT,
    )
    where = "" if drafts else f" AND {PUBLISHED_SQL.format('a')}"
    return STATEMENT.replace("{related}", related) + where


class ArticlePage:
    """What an article page shows: ``article`` with its credits, mentions, meetings (and
    their participations), directives and tags where ``.all()`` finds them; ``previous``
    and ``following`` published neighbours by event date, or None; ``related``."""

    def __init__(self, row: tuple) -> None:
        fields, rest = row[: len(ARTICLE_FIELDS)], row[len(ARTICLE_FIELDS) :]
        *lists, tag_ids, tags_version, previous, following, related = rest
        credits, mentions, meetings, directives = (from_json(value) for value in lists)
        self.article = article = loaded(Article, **dict(zip(ARTICLE_FIELDS, fields, strict=True)))
        self._people: dict[int, Person] = {}
        person = self._person
        prefetched(article, "credits", Credit, [
            attach(loaded(Credit, id=pk, role=role, order=order),
                   article=article, person=person(pid, name))
            for pk, role, order, pid, name in credits or ()
        ])  # fmt: skip
        prefetched(article, "mentions", Mention, [
            attach(loaded(Mention, id=pk, positions=positions, order=order),
                   article=article, person=person(pid, name))
            for pk, positions, order, pid, name in mentions or ()
        ])  # fmt: skip
        by_id = {pk: self._meeting(pk, *rest) for pk, *rest in meetings or ()}
        prefetched(article, "meetings", Meeting, by_id.values())
        prefetched(article, "directives", Directive, [
            # A directive's meeting is one of its article's, or none.
            attach(loaded(Directive, id=pk, order=order, heading=heading, text=text,
                          meeting_id=mid),
                   article=article, issuer=person(iid, iname) if iid is not None else None,
                   **({"meeting": by_id[mid]} if mid in by_id else {}))
            for pk, mid, order, heading, text, iid, iname in directives or ()
        ])  # fmt: skip
        article.tag_ids, article.tags_version = tag_ids, tags_version
        attach_tags([article])
        self.previous = _link(from_json(previous))
        self.following = _link(from_json(following))
        self.related = [_link(values) for values in from_json(related) or ()]

    def _person(self, pk: int, name: str) -> Person:
        """One Person per person, however many lists name them (the page shows names)."""
        found = self._people.get(pk)
        if found is None:
            found = self._people[pk] = loaded(Person, id=pk, name=name)
        return found

    def _meeting(self, pk, order, name, organizer, date, participants) -> Meeting:
        meeting = loaded(
            Meeting, id=pk, order=order, name=name, organizer=organizer, date=iso_date(date)
        )
        attach(meeting, article=self.article)
        prefetched(meeting, "participations", Participation, [
            attach(loaded(Participation, id=xpk, role=role, position=position, order=xorder),
                   meeting=meeting, person=self._person(pid, pname))
            for xpk, role, position, xorder, pid, pname in participants or ()
        ])  # fmt: skip
        return meeting


def article_page(pk: int, *, drafts: bool) -> ArticlePage | None:
    """The page of article ``pk``; None if there is none, or it is not published and
    ``drafts`` (an editor's preview) is false."""
    if pk > MAX_ID:
        return None  # bound as numeric, it would compare every row's id as one
    params = {"pk": pk, "now": timezone.now()}
    # The page's statement is the same text for every article: prepared, PostgreSQL plans
    # it once per connection (planning was 2 of its 2.5 ms).
    with server_cursor() as cursor:
        cursor.execute(_statement(RELATED_CANDIDATES, drafts), params)
        row = cursor.fetchone()
    return ArticlePage(row) if row else None


def _link(values: list | None) -> Article | None:
    if values is None:
        return None
    pk, title, date = values
    return loaded(Article, id=pk, title=title, event_date=iso_date(date))
