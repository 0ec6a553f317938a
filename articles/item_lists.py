"""Pages of article list items read by one statement each: the home page's latest articles,
a person's articles, a tag's and a page of search results.

Each is sliced as a queryset would be (``paginate_uncounted`` reads one page; ``count()``
serves its past-the-end path only) and gives articles as ``as_items()`` would: the list
item's columns, with their tags where ``.all()`` finds them. Through the ORM each page was a
queryset compiled, and sent to PostgreSQL as new text to be planned, on every request; a
statement whose text never changes is planned once per connection (newsroom/prepared.py).
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from newsroom.prepared import server_cursor

from .instances import loaded
from .models import Article
from .querysets import ITEM_FIELDS, PUBLISHED_SQL, TAG_IDS, TAGS_VERSION, attach_tags
from .search.engine import id_array

# A page of list items: the articles whose ids ``ids`` gives, a statement of two columns,
# a sort key and the article's id, ordered by both descending.
_ITEMS = """
SELECT {fields}, {tags}, {version}
FROM ({ids}) page(sort_key, article_id)
JOIN articles_article ON articles_article.id = page.article_id
ORDER BY page.sort_key DESC, page.article_id DESC
"""


def _items_statement(ids: str) -> str:
    fields = ", ".join(f"articles_article.{name}" for name in ITEM_FIELDS)
    return _ITEMS.format(fields=fields, tags=TAG_IDS.sql, version=TAGS_VERSION.sql, ids=ids)


def _read_items(statement: str, params: dict, index: slice, cursor=server_cursor) -> list[Article]:
    params = {
        **params,
        "now": timezone.now(),
        "stop": index.stop,
        "start": index.start,
        "count": index.stop - index.start,
    }
    with cursor() as reading:
        reading.execute(statement, params)
        return _built(ITEM_FIELDS, reading.fetchall())


def _built(fields: tuple[str, ...], rows) -> list[Article]:
    """Articles of rows holding ``fields``, then the tag ids and the tags' version."""
    articles = []
    for *values, tag_ids, tags_version in rows:
        article = loaded(Article, **dict(zip(fields, values, strict=True)))
        article.tag_ids, article.tags_version = tag_ids, tags_version
        articles.append(article)
    attach_tags(articles)
    return articles


# What a search result shows: a list item's columns, the headline (its JSON) and the body
# (the snippet).
RESULT_FIELDS = (*ITEM_FIELDS, "headline", "body")
_BY_ID = "SELECT {fields}, {tags}, {version} FROM articles_article WHERE id = ANY(%s::bigint[])"
BY_ID = _BY_ID.format(
    fields=", ".join(f"articles_article.{name}" for name in RESULT_FIELDS),
    tags=TAG_IDS.sql,
    version=TAGS_VERSION.sql,
)


def search_results(ids: list[int]) -> list[Article]:
    """The articles ``ids`` names, in that order, as a page of search results shows them
    (an id whose article is gone is left out). One prepared statement: the ORM's
    ``in_bulk()`` compiled a queryset and built every field of each article, 1.5 ms of
    Python for a page of twenty (bench/pages.py)."""
    if not ids:
        return []
    with server_cursor() as cursor:
        cursor.execute(BY_ID, [id_array(ids)])
        found = {article.pk: article for article in _built(RESULT_FIELDS, cursor.fetchall())}
    return [found[pk] for pk in ids if pk in found]


class LatestArticles:
    """Published articles, the latest published first (``latest_published()``)."""

    # The page's ids walk the published_at index from the newest: the same plan whatever
    # the page, so PostgreSQL's plan made once serves all.
    STATEMENT = _items_statement(
        f"""SELECT a.published_at, a.id FROM articles_article a
  WHERE {PUBLISHED_SQL.format("a")}
  ORDER BY a.published_at DESC, a.id DESC LIMIT %(count)s OFFSET %(start)s"""
    )

    def __getitem__(self, index: slice) -> list[Article]:
        return _read_items(self.STATEMENT, {}, index)

    def count(self) -> int:
        return Article.objects.published().count()


class PersonArticles:
    """A person's published articles, newest event first.

    ``Article.objects.for_person`` is one IN over the ids of every article the person is in:
    for a district leader named in one article in ten, PostgreSQL read the whole article
    table to sort 10,000 matches for 21 rows (70 ms at 100,000 articles, bench/pages.py).
    Here each way of being in an article (byline, mention, meeting) gives only its newest
    ``stop`` articles, through its own index on the person, and the page is taken from the
    union of those.
    """

    # Written out rather than as three ORM querysets in a union: building that union's SQL
    # was a quarter of a person page's CPU. Each part reads the person's rows newest first
    # through their article_date index and stops at the ``stop``-th published one; sorting
    # all of a person's rows, or walking the articles to find theirs, read hundreds or
    # thousands of rows for a person in one article in a hundred (10 ms at 100,000
    # articles, now 1-3 ms; bench/pages.py). UNION, not UNION ALL: an article that credits
    # and names the person is listed once. Every part is the same walk of one person's
    # index whoever the person is, so the plan made once per connection suits all
    # (planning was half the time). The items came from in_bulk(), a second round trip.
    NEWEST = """
(SELECT c.article_date, c.article_id FROM articles_credit c
   JOIN articles_article a ON a.id = c.article_id
  WHERE c.person_id = %(person)s AND {published}
  ORDER BY c.article_date DESC, c.article_id DESC LIMIT %(stop)s)
UNION
(SELECT m.article_date, m.article_id FROM articles_mention m
   JOIN articles_article a ON a.id = m.article_id
  WHERE m.person_id = %(person)s AND {published}
  ORDER BY m.article_date DESC, m.article_id DESC LIMIT %(stop)s)
UNION
(SELECT x.article_date, g.article_id FROM articles_participation x
   JOIN articles_meeting g ON g.id = x.meeting_id JOIN articles_article a ON a.id = g.article_id
  WHERE x.person_id = %(person)s AND {published}
  ORDER BY x.article_date DESC, g.article_id DESC LIMIT %(stop)s)
ORDER BY 1 DESC, 2 DESC LIMIT %(count)s OFFSET %(start)s
""".format(published=PUBLISHED_SQL.format("a"))
    STATEMENT = _items_statement(NEWEST)

    def __init__(self, person) -> None:
        self.person = person

    def __getitem__(self, index: slice) -> list[Article]:
        return _read_items(self.STATEMENT, {"person": self.person.pk}, index)

    def count(self) -> int:
        return Article.objects.published().for_person(self.person).count()


class TagArticles:
    """Published articles with ``tag``, the latest published first (``latest_published()
    .for_tag(tag)``).

    Written out, a page costs a third of the Python the queryset's compiling did (0.8 ms
    at 100,000 articles, bench/pages.py), but it is still planned on every call (Django's
    cursor binds on the client): whether to walk the newest articles asking each for the
    tag, or to sort all of the tag's articles, depends on how many the tag has, which one
    plan kept for every tag could not weigh."""

    STATEMENT = _items_statement(
        f"""SELECT a.published_at, a.id FROM articles_article a
  JOIN articles_taggedarticle x ON x.content_object_id = a.id
  WHERE x.tag_id = %(tag)s AND {PUBLISHED_SQL.format("a")}
  ORDER BY a.published_at DESC, a.id DESC LIMIT %(count)s OFFSET %(start)s"""
    )

    def __init__(self, tag) -> None:
        self.tag = tag

    def __getitem__(self, index: slice) -> list[Article]:
        return _read_items(self.STATEMENT, {"tag": self.tag.pk}, index, connection.cursor)

    def count(self) -> int:
        return Article.objects.published().for_tag(self.tag).count()
