"""Domain queries, written once and shared by views, feeds, sitemaps and the admin."""

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Exists, Func, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils import timezone

from newsroom.prepared import server_cursor

from . import tag_cache
from .choices import Status
from .instances import prefetched


def published_q(prefix: str = "") -> Q:
    """The one rule of what readers may see: published, and not scheduled for later."""
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


# published_q() for statements written in SQL (article_page.py, person_page.py): ``{0}`` is
# the article table's alias; the statement's parameters give ``now``. The status is written
# into the text: the pages' statements are prepared and run on a generic plan, which may use
# the partial index of published ids (migration 0009) only where the statement itself says
# 'published'. Given as a parameter, every "is this article published?" probe read the
# article's row (a person page asks it of each position, 57 for a district leader: 1.7 of
# the statement's 2.7 ms, 0.5 from the index alone).
PUBLISHED_SQL = f"{{0}}.status = '{Status.PUBLISHED}' AND {{0}}.published_at <= %(now)s"


def public_title_sql(position: str, person: str) -> str:
    """SQL that holds when a published article gives person ``person`` (an SQL expression)
    the title of position row ``position`` (an alias): ``public_positions``' rule.

    A position's last_seen is the date of the newest article giving it and first_seen of
    the oldest, so the articles of those days are looked at first, and the person's other
    mentions only when none of those is published (or an editor changed the dates).
    Reading all of a leader's 6,000 mentions for a title took up to 15 ms at 100,000
    articles; this takes a few dozen probes. (The first day too: where the newest article
    giving a title is a draft, reading the other mentions took 2 ms a title for a leader;
    PostgreSQL evaluates OR's operands in order and stops at the first true one.)"""
    published = PUBLISHED_SQL.format("a")
    # The person's mentions of that day come from their (person, article date) index: one
    # probe, where the day's articles from the date index were two or three, each then
    # probed for the person (session 18: the person page's statement 1.03 -> 0.94 ms a
    # page over the bench's people, whose positions are seventeen on average).
    on_day = """EXISTS (
      SELECT FROM articles_mention m JOIN articles_article a ON a.id = m.article_id
       WHERE m.person_id = {person} AND m.article_date = {position}.{day}
         AND m.positions @> ARRAY[{position}.title] AND {published})"""
    first, last = (
        on_day.format(position=position, day=day, person=person, published=published)
        for day in ("first_seen", "last_seen")
    )
    return f"""({last} OR {first}
    OR EXISTS (
      SELECT FROM articles_mention m JOIN articles_article a ON a.id = m.article_id
       WHERE m.person_id = {person} AND m.positions @> ARRAY[{position}.title]
         AND {published}))"""


def date_span(year: int, month: int | None = None, day: int | None = None):
    """[start, end) of a year, a month or a day; ValueError for dates that do not exist."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if day is None:
        start = dt.date(year, month, 1)
        return start, (start + dt.timedelta(days=32)).replace(day=1)
    start = dt.date(year, month, day)
    return start, start + dt.timedelta(days=1)


# An upper bound no real date reaches; its placeholder becomes the recursion's bound.
_NO_BOUND = dt.date(9999, 12, 31)


def years_of(queryset, field: str) -> list[dt.date]:
    """``queryset.dates(field, "year", order="DESC")``, read by a loose index scan.

    PostgreSQL has no skip scan, so DISTINCT over a year reads every row: 190 ms for the
    meeting list's year menu at 100,000 articles. Here a recursive query asks the index on
    ``field`` for the newest row before the start of the last year found, once per year
    (https://wiki.postgresql.org/wiki/Loose_indexscan), so the cost grows with the number
    of years, not of rows. ``queryset`` may filter and join as it likes.
    """
    probe = (
        queryset.filter(**{f"{field}__lt": _NO_BOUND})
        .order_by(f"-{field}")
        .values_list(field, flat=True)[:1]
    )
    sql, params = probe.query.get_compiler(queryset.db).as_sql()
    parts = sql.split("%s")
    bound = params.index(_NO_BOUND)
    step = "%s".join(parts[: bound + 1]) + "years.start" + "%s".join(parts[bound + 1 :])
    step_params = (*params[:bound], *params[bound + 1 :])
    year = "make_date(EXTRACT(YEAR FROM ({}))::int, 1, 1)"
    # The text is the same on every call from a page, so it is prepared: parsed and
    # analysed once per connection. PostgreSQL plans its first five runs for their values
    # and then keeps one generic plan if that is not costlier (PREPARE, "Notes"); the
    # directive index's menu went generic and the meeting list's stayed custom. The statuses
    # of published_q() are parameters, so a generic plan cannot use the partial index on
    # published articles, and reads the primary key instead: 0.9 of the directive index's
    # 2.7 ms here was planning, and the prepared menu took 3.0 ms where it took 4.4.
    with server_cursor(queryset.db) as cursor:
        cursor.execute(
            f"WITH RECURSIVE years(start) AS (SELECT {year.format(sql)}"
            f" UNION ALL SELECT {year.format(step)} FROM years WHERE years.start IS NOT NULL)"
            " SELECT start FROM years WHERE start IS NOT NULL",
            (*params, *step_params),
        )
        return [start for (start,) in cursor.fetchall()]


# The columns a link to an article needs, and those a list item adds.
LINK_FIELDS = ("id", "title", "event_date", "status", "published_at")
ITEM_FIELDS = (*LINK_FIELDS, "kicker", "subtitle")


# Each article's tag ids, in the order ingest added them (topics, places, terms), and the
# tags' version, as columns of the articles' own query; the tags come from tag_cache.
# (taggit's prefetch_related("tags") builds its query through extra() and DISTINCT and made
# tags twice as costly as the articles on the home page; a second query for plain columns
# still cost a round trip and a compiled queryset per list; the tags as JSON in the column
# cost PostgreSQL twice what the articles did.) They name the outer table as
# articles_article: with_tags() is for the outermost query.
TAG_IDS = RawSQL(tag_cache.TAG_IDS, (), output_field=ArrayField(models.IntegerField()))
TAGS_VERSION = RawSQL(tag_cache.TAGS_VERSION, (), output_field=models.BigIntegerField())


def attach_tags(articles: list, using: str = DEFAULT_DB_ALIAS) -> None:
    """Put the tags whose ids came with each article (``with_tags()``'s columns,
    ``tag_ids`` and ``tags_version``) where ``article.tags.all()`` finds them."""
    from .models import Tag

    ids, version = [], None
    for article in articles:
        ids.append(article.__dict__.pop("tag_ids", None) or ())
        version = article.__dict__.pop("tags_version", None)  # one statement's: all equal
    if version is None:  # no articles
        return
    tags = tag_cache.tags_by_id({pk for row in ids for pk in row}, version, using)
    for article, row in zip(articles, ids, strict=True):
        prefetched(article, "tags", Tag, [tags[pk] for pk in row if pk in tags])


class ArticleQuerySet(models.QuerySet):
    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if (
            fetching
            and "tag_ids" in self.query.annotations  # with_tags()
            and issubclass(self._iterable_class, ModelIterable)
        ):
            attach_tags(self._result_cache, using=self.db)

    def published(self):
        return self.filter(published_q())

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def visible_to(self, user):
        """Readers see published articles; editors also preview drafts."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def latest_published(self):
        return self.published().order_by("-published_at", "-id")

    def for_person(self, person):
        # One IN over the UNION of three index scans. (Three INs joined by OR made
        # PostgreSQL test every published article against hashed subplans: 160 ms to count
        # a district leader's articles at 100,000, bench/pages.py.)
        from .models import Credit, Mention, Participation

        # (order_by(): the models' default ordering would join and sort each part.)
        ids = (
            Credit.objects.filter(person=person)
            .order_by()
            .values("article_id")
            .union(
                Mention.objects.filter(person=person).order_by().values("article_id"),
                Participation.objects.filter(person=person)
                .order_by()
                .values("meeting__article_id"),
            )
        )
        return self.filter(pk__in=ids)

    def for_tag(self, tag):
        return self.filter(tagged_items__tag=tag)

    def for_date(self, year: int, month: int | None = None, day: int | None = None):
        """Articles whose event falls in a year, month or day; a range, so the date index
        serves it (EXTRACT(month) could not use it)."""
        start, end = date_span(year, month, day)
        return self.filter(event_date__gte=start, event_date__lt=end)

    def with_tags(self):
        """Fetch each article's tags along with it (see attach_tags)."""
        return self.annotate(tag_ids=TAG_IDS, tags_version=TAGS_VERSION)

    def as_items(self):
        """What a list item shows (the article_items tag): headline parts, date and
        tags, without the body."""
        return self.only(*ITEM_FIELDS).with_tags()


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("article__"))

    def for_person(self, person):
        return self.filter(participations__person=person).distinct()

    def for_organizer(self, organizer: str):
        return self.filter(organizer=organizer)


# Organizers with their published meetings, most first, then by code point (the meeting
# list's filter). Every meeting is tallied per organizer by the database
# (models.OrganizerTally, migration 0013); those readers may not see are subtracted here.
# Drafts and articles scheduled for later are a few, found through article_draft_ids and
# the published_at index, and their meetings through the article id. Counting every meeting
# on each page view instead was 16 ms of the page's 26 ms of SQL at 100,000 articles, and
# grew with the archive (bench/pages.py). The statuses are written into the text
# (constants, not input) so that a plan made once for the prepared statement still matches
# the partial index; the constraints on Article leave no other way to be unpublished.
ORGANIZER_COUNTS = f"""
WITH hidden AS (
  SELECT g.organizer, count(*) AS n FROM articles_meeting g
   WHERE g.organizer <> '' AND g.article_id = ANY(ARRAY(
           SELECT a.id FROM articles_article a WHERE a.status = '{Status.DRAFT}'
           UNION ALL
           SELECT a.id FROM articles_article a
            WHERE a.status = '{Status.PUBLISHED}' AND a.published_at > %(now)s))
   GROUP BY g.organizer)
SELECT c.organizer, c.n - coalesce(h.n, 0) AS n
  FROM (SELECT organizer, sum(meetings) AS n FROM articles_organizertally
         GROUP BY organizer) c
  LEFT JOIN hidden h ON h.organizer = c.organizer
 WHERE c.n > coalesce(h.n, 0)
 ORDER BY n DESC, c.organizer COLLATE "C"
 LIMIT %(limit)s
"""


def organizer_counts(limit: int) -> list[dict]:
    """The ``limit`` organizers with the most published meetings, as dicts of
    ``organizer`` and ``count``."""
    with server_cursor() as cursor:
        cursor.execute(ORGANIZER_COUNTS, {"now": timezone.now(), "limit": limit})
        return [{"organizer": name, "count": n} for name, n in cursor.fetchall()]


class DirectiveQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("article__"))

    def issued_by(self, person):
        return self.filter(issuer=person)

    def for_person(self, person):
        """Issued by the person, or by a meeting they chaired."""
        from .models import Participation

        chaired = Participation.objects.filter(person=person, role="chair").values("meeting_id")
        # A union of two index scans: with OR the planner read every directive (0.5 s at
        # 100,000 articles).
        issued = self.model.objects.filter(issuer=person).values("pk")
        return self.filter(
            pk__in=issued.union(self.model.objects.filter(meeting__in=chaired).values("pk"))
        )


def is_public_person(person) -> bool:
    """Whether a published article names, credits or seats ``person``: people met only in
    drafts stay unknown to readers."""
    from .models import Credit, Mention, Participation

    return (
        Mention.objects.published().filter(person=person).exists()
        or Credit.objects.published().filter(person=person).exists()
        or Participation.objects.published().filter(person=person).exists()
    )


def _published_with_title():
    """Published mentions of OuterRef("person_id") that give it OuterRef("title")."""
    from .models import Mention

    title = Func(
        OuterRef("title"), function="ARRAY", template="ARRAY[%(expressions)s]::varchar(200)[]"
    )
    return Mention.objects.published().filter(
        person_id=OuterRef("person_id"), positions__contains=title
    )


def public_positions(positions):
    """The positions that a published article gives their person (import also records
    drafts'). As in public_title_sql(), the articles of the position's last_seen and
    first_seen days are looked at first and the person's other mentions only when none of
    those gives it: probing along a leader's mentions alone took 35-55 ms for a page of the
    person list at 100,000 articles (reading every published mention of a leader, 55 ms for
    one)."""
    on_last_day, on_first_day = (
        Exists(_published_with_title().filter(article_date=OuterRef(day)))
        for day in ("last_seen", "first_seen")
    )
    return positions.filter(on_last_day | on_first_day | Exists(_published_with_title()))


def attach_public_positions(people) -> None:
    """Set ``public_position`` on each person: their most recent position that a published
    article gives them, one without a date only when none has one (the order of the
    person's positions; one query for the whole list). Each person's positions are tested
    newest first and the test stops at the first public one: testing all of them took
    17 ms for a page of the person list at 100,000 articles."""
    from people.models import Person, Position

    def newest_public(**dated):
        positions = public_positions(Position.objects.filter(person=OuterRef("pk"), **dated))
        return Subquery(positions.order_by("-last_seen", "-pk").values("pk")[:1])

    chosen = dict(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .annotate(
            position_id=Coalesce(
                newest_public(last_seen__isnull=False), newest_public(last_seen__isnull=True)
            )
        )
        .values_list("pk", "position_id")
    )
    for person in people:
        positions = {position.pk: position for position in person.positions.all()}
        person.public_position = positions.get(chosen.get(person.pk))


def is_public_tag(tag) -> bool:
    return tag.tagged_articles.filter(published_q("content_object__")).exists()


# A tag by its slug, and whether a published article has it: what a tag page asks first, in
# one prepared statement where get_object_or_404() and is_public_tag() compiled a queryset
# each (0.75 ms of Python at 100,000 articles, bench/pages.py).
TAG_BY_SLUG = f"""
SELECT t.id, t.name, t.slug, t.kind,
  EXISTS (SELECT FROM articles_taggedarticle x JOIN articles_article a
            ON a.id = x.content_object_id
           WHERE x.tag_id = t.id AND {PUBLISHED_SQL.format("a")})
FROM articles_tag t WHERE t.slug = %(slug)s"""


def tag_by_slug(slug: str):
    """(the tag with ``slug``, whether it is public: ``is_public_tag``), or None."""
    from .instances import loaded
    from .models import Tag

    params = {"slug": slug, "now": timezone.now()}
    with server_cursor() as cursor:
        cursor.execute(TAG_BY_SLUG, params)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, slug, kind, public = row
    return loaded(Tag, id=pk, name=name, slug=slug, kind=kind), public


class ArticlePartQuerySet(models.QuerySet):
    """Credits and mentions: rows that hang off an article."""

    article_path = "article__"

    def published(self):
        return self.filter(published_q(self.article_path))


class ParticipationQuerySet(ArticlePartQuerySet):
    article_path = "meeting__article__"
