"""Running a reader's query against PostgreSQL.

Matching uses the GIN indexes on ``search_vector`` and ``title_vector``. Ranking is
bounded: it orders at most ``CANDIDATES`` of the newest matches plus the newest title
matches, and ranks the first ``RANKED`` of those with the small ``rank_vector`` (title +
lead), so a common term costs the same as a rare one (research-chinese-search.md,
section 4: ranking every match of a frequent term took hundreds of milliseconds). Title
matches come first, then more and closer matches, then newer articles.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    F,
    Field,
    ForeignKey,
    Func,
    Lookup,
    Max,
    Min,
    Value,
)
from django.db.models.expressions import RawSQL

from newsroom.estimates import element_shares, planner_estimate, table_rows
from newsroom.prepared import server_cursor

from .text import Query, all_of, is_prefix

CANDIDATES = 500
# Of the candidates, how many are ranked for the relevance order: more than a reader pages
# through, far fewer than the candidates of a common word.
RANKED = 300
# Walk the date index when a word is in so many articles that the newest CANDIDATES come
# within a few hundred rows: estimate² > WALK_FACTOR × limit × rows, where reading a row's
# vector costs about 40 times what listing it from the GIN bitmap does; the bitmap's rows
# are read in a window of recent dates only (WINDOW_MARGIN). At 100,000 articles: a word
# in half of them walks (~10 ms), one in a fifth takes the bitmap (~8 ms instead of 30).
WALK_FACTOR = 40
# The GIN bitmap lists matches in table order, and finding the newest of them reads the
# row of each (for its date): for a word in 30% of articles that is every page of the
# table. So the bitmap is first cut to the newest stretch of dates expected to hold
# WINDOW_MARGIN times the rows wanted (a B-tree bitmap on published_at, ANDed with the GIN
# one); only when that stretch holds too few is the whole bitmap read.
WINDOW_MARGIN = 3
# A lexeme in this share of the articles is left out of the GIN condition of a phrase that
# is checked row by row anyway, unless it is one of the phrase's two rarest.
COMMON_LEXEME = 0.2
# A phrase is found through the rows holding its lexemes, and each of those is checked for
# the phrase itself, reading its searched text (about 11 µs a row at 100,000 articles).
# Where the lexemes come together far more often than the phrase, that was most of the
# archive: 与并结与森, its bigrams together in 17,000 of 100,000 articles and itself in
# 84, checked them all, 0.2-0.6 s, and 1.5 s at 1,000,000 articles (bench/inproc.py). A
# search checks at most this many rows (a few tens of milliseconds); past them it lists
# what it found and says how far back it looked, and the reader continues from there
# (``before``) if they wish.
MAX_CHECKED = 3000
PER_PAGE = 20
MAX_PER_PAGE = 100


class TsQuery(Func):
    """A tsquery built by articles.search.text, cast as is: no parser, no dictionary."""

    template = "CAST(%(expressions)s AS tsquery)"
    output_field = SearchVectorField()

    def __init__(self, text: str):
        super().__init__(Value(text))


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, vector: str, query: str):
        super().__init__(F(vector), TsQuery(query))


class Ids:
    """Ids for ``field__any``, kept whole on their way to PostgreSQL. Given a list, Django
    resolves and type-checks each element as it builds the filter, and psycopg dumps each
    element of a list parameter in Python: with the hundreds of ids a search passes to its
    facets and groups, that was about a tenth of a search page's CPU (bench/pages.py)."""

    __slots__ = ("values",)

    def __init__(self, values) -> None:
        self.values = values


@Field.register_lookup
class AnyOf(Lookup):
    """``field__any=Ids([...])`` (or a list) for an integer column: ``field = ANY(...)``
    with the ids as one array parameter. The id lists here run to hundreds, and building an
    ``IN (%s, %s, …)`` list of them cost Django more than PostgreSQL spent on the query."""

    lookup_name = "any"
    prepare_rhs = False  # a list of ids, passed as it is

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.rhs.values if isinstance(self.rhs, Ids) else self.rhs
        kind = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{kind}[])", [*lhs_params, id_array(values)]


def id_array(values) -> str:
    """The literal of an integer array, passed as one text parameter; int() lets nothing
    but digits in."""
    return "{" + ",".join([str(int(value)) for value in values]) + "}"


ForeignKey.register_lookup(AnyOf)  # related fields keep their own lookups


@dataclass
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tag: object | None = None
    person: object | None = None
    meeting: object | None = None
    # The article below which a search continues (in the order of publication): the oldest
    # one an earlier search checked before it stopped (Results.stopped).
    before: Place | None = None

    def apply(self, articles):
        if self.before is not None:
            articles = below(articles, self.before)
        if self.date_from:
            articles = articles.filter(event_date__gte=self.date_from)
        if self.date_to:
            articles = articles.filter(event_date__lte=self.date_to)
        if self.tag is not None:
            articles = articles.for_tag(self.tag)
        if self.person is not None:
            articles = articles.for_person(self.person)
        if self.meeting is not None:
            articles = articles.filter(pk=self.meeting.article_id)
        return articles


# A matching article's id and event date. The date comes with the id from the row that
# the search reads anyway to order by publication, so the year facet counts the candidates
# without probing each one again (groups.facets).
Match = tuple[int, dt.date]
# An article's place in the order a search reads them, newest first: (published_at, id).
Place = tuple[dt.datetime, int]


def below(articles, place: Place):
    """``articles`` after ``place`` in the order of publication, newest first: published
    before it, or at the same moment with a lower id."""
    published, pk = place
    return articles.filter(published_at__lte=published).exclude(published_at=published, id__gte=pk)


def above(articles, place: Place):
    """``articles`` up to ``place`` (itself included), in the order of publication."""
    published, pk = place
    return articles.filter(published_at__gte=published).exclude(published_at=published, id__lt=pk)


def place_of(model, pk: int) -> Place:
    return model.objects.values_list("published_at", flat=True).get(pk=pk), pk


@dataclass
class Results:
    query: Query
    order: str
    page: object  # django.core.paginator.Page of Article
    count: int  # exact, or the planner's estimate when ``capped``
    capped: bool = False  # more than CANDIDATES matches: only the newest are listed
    candidates: list[Match] = field(default_factory=list)  # in the page's order
    # Where the search stopped, after MAX_CHECKED rows, before reaching the oldest article
    # that might match: the place of the last article it checked (every match up to there,
    # in the order of publication, is among the candidates). None: it looked through all.
    stopped: Place | None = None

    @property
    def candidate_ids(self) -> list[int]:
        return [pk for pk, _ in self.candidates]


def matching(articles, query: Query):
    """Articles matching every term. Terms that may be anywhere go to the full vector;
    one-character terms and the title test go to the title vector, whose GIN index
    answers them without reading any article's full vector."""
    if query.body_tsquery:
        articles = articles.filter(Matches("search_vector", query.body_tsquery))
    elif query.exclude:
        articles = articles.filter(Matches("search_vector", query.exclusion_tsquery))
    if query.title_only_tsquery:
        articles = articles.filter(Matches("title_vector", query.title_only_tsquery))
    return articles


def in_title(articles, query: Query):
    """Articles with every term in the title (and none of the excluded ones anywhere)."""
    articles = articles.filter(Matches("title_vector", query.title_tsquery))
    if query.exclude:
        articles = articles.filter(Matches("search_vector", query.exclusion_tsquery))
    return articles


def search(
    articles, query: Query, *, order: str, page, per_page: int = PER_PAGE, before=None
) -> Results:
    """One page of published ``articles`` matching ``query``, in ``order``; ``before``,
    the Place that ``articles`` were cut below (Filters.before), if they were.

    Both orders work on the newest ``CANDIDATES`` matches (plus, for relevance, the newest
    title matches): their ids come from one query that stops early for common words, and
    their number is the count unless there are more. Counting every match of a word found
    in most articles reads the whole table (half a second at 100,000 articles), so past
    the cap the count is the planner's estimate and the page says so."""
    matches = matching(articles, query)
    newest, estimate, stopped = newest_matches(articles, query, CANDIDATES + 1, before=before)
    capped = len(newest) > CANDIDATES
    newest = newest[:CANDIDATES]
    if capped:
        count = max(estimate if estimate is not None else planner_estimate(matches), CANDIDATES + 1)
    else:
        count = len(newest)
    if order == "newest":
        ordered = newest
    else:
        # Title matches past where the search stopped would be listed again below it.
        ordered = _best_first(
            articles if stopped is None else above(articles, stopped), query, newest
        )
        if not capped:
            count = len(ordered)
    from ..item_lists import search_results  # item_lists imports models, which import this

    result_page = Paginator([pk for pk, _ in ordered], per_page).get_page(page)
    result_page.object_list = search_results(result_page.object_list)
    return Results(
        query, order, result_page, count, capped=capped, candidates=ordered, stopped=stopped
    )


def _best_first(articles, query: Query, newest: list[Match]) -> list[Match]:
    """``newest`` matches and the newest title matches, in relevance order.

    Only the first RANKED of them (the newest title matches, then the newest others) are
    ranked: ranking reads each one's rank vector out of TOAST storage. The rest follow by
    date, title matches still first."""
    titles = list(
        in_title(articles, query)
        .order_by("-published_at", "-id")
        .values_list("id", "event_date")[:RANKED]
    )
    dates = dict(titles + newest)  # in order: title matches first, then the newest others
    candidates = list(dates)
    ranked, rest = candidates[:RANKED], candidates[RANKED:]
    with server_cursor(articles.db) as cursor:
        cursor.execute(RANKED_SQL, [id_array(ranked), query.title_tsquery, query.tsquery])
        ordered = [pk for (pk,) in cursor.fetchall()]
        if len(titles) == RANKED and rest:  # older title matches may be among the rest
            cursor.execute(REST_SQL, [id_array(rest), query.title_tsquery])
            rest = [pk for (pk,) in cursor.fetchall()]
    # Otherwise every title match was ranked, and the rest are ``newest``'s, newest first.
    return [(pk, dates[pk]) for pk in ordered + rest]


# The candidates in relevance order, and the rest by date, title matches first in both.
# Prepared (newsroom/prepared.py): the same text for every query, where the ORM compiled
# each. Rank weights {D, C, B, A}: body text is D, titles A, so a title hit counts ten
# times a body hit; cover density favours matches close together. Normalisation 1 divides
# by log(length), so short texts don't lose to long ones merely for having fewer words.
RANKED_SQL = """
SELECT id FROM articles_article WHERE id = ANY(%s::bigint[])
ORDER BY title_vector @@ CAST(%s AS tsquery) DESC,
  ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', rank_vector, CAST(%s AS tsquery), 1) DESC,
  published_at DESC, id DESC
"""
REST_SQL = """
SELECT id FROM articles_article WHERE id = ANY(%s::bigint[])
ORDER BY title_vector @@ CAST(%s AS tsquery) DESC, published_at DESC, id DESC
"""


def newest_matches(
    articles, query: Query, limit: int, *, before: Place | None = None
) -> tuple[list[Match], int | None, Place | None]:
    """The ``limit`` newest articles matching ``query`` (id and event date); the planner's
    estimate of all matches when it was needed to choose the plan (None otherwise); and
    the place of the last row checked if the search stopped at MAX_CHECKED rows before
    finding ``limit`` (None when it looked through every row that might match).
    ``before``: the Place ``articles`` were cut below, where their newest dates end.

    PostgreSQL's planner does not count the cost of reading an article's full vector out of
    TOAST storage, which every row-level check of ``@@`` does (about 11 µs a row here). So
    it walks the date index and checks row after row even for a word in 5% of articles:
    17,000 rows read for 1,000 matches, 200 ms at 100,000 articles (bench/search_speed.py).
    We choose instead: for words in a large share of articles that walk is short and stays;
    otherwise the GIN index alone lists the rows holding every lexeme (no row is read for
    that), the newest of those are kept, and only they are checked for the exact phrase."""
    matches = matching(articles, query).order_by("-published_at", "-id")
    if not query.lexeme_tsquery:  # only one-character title terms: the small rank vector is cheap
        return list(matches.values_list("id", "event_date")[:limit]), None, None
    # How far the walk goes depends on how many rows match exactly (the planner's guess).
    estimate = planner_estimate(matches)
    rows = table_rows(articles.model)
    end = before[0] if before is not None else None
    lexemes, share = _narrowing_lexemes(articles.model, query)
    if not query.needs_recheck:  # the lexemes are the query: the bitmap's rows all match
        # No more rows match than hold the rarest lexeme, which bounds the planner's guess.
        if min(estimate, share * rows) ** 2 > WALK_FACTOR * limit * rows:
            return list(matches.values_list("id", "event_date")[:limit]), estimate, None
        candidates = _holding(articles, query, query.index_lexemes)
        newest = _bitmap_newest(candidates, limit, share=estimate / rows, end=end)
        return newest, estimate, None
    # A phrase (a term of several lexemes, checked row by row) never walks: the planner
    # counts it as the rows holding all its lexemes, and those can be many where the
    # phrase is rare. 与并结与森 (its four bigrams in 18,000 of 100,000 articles, the
    # phrase in 84) walked the whole date index at 1,000,000 articles, over a minute; and
    # a name whose middle bigram is rare (祅蛸遜祩: 68,000 rows guessed, 600 found)
    # walked 85,000 rows at 100,000. A common phrase loses nothing: the newest rows
    # holding its lexemes, below, already hold enough of it.
    batch = limit + limit // 4
    # Rows holding the lexemes, of which the bitmap reads the newest ``batch``. The
    # planner multiplies the lexemes' shares as if they were independent, but the bigrams
    # of one phrase come together (早发 & 发现 & 早处 & 处置: 2,100 estimated, 29,000
    # found): the rarest lexeme's share is the closer guess.
    holding = max(estimate, share * rows)
    # One row more than the batch says whether older rows remain.
    found = _bitmap_newest(
        _holding(articles, query, lexemes), batch + 1, share=holding / rows, end=end
    )
    found, more = found[:batch], len(found) > batch
    newest = _exact(articles, query, found)
    checked = len(found)
    # While the phrase is rarer than its lexemes together and older rows remain, the next
    # older rows holding every lexeme, from where the last batch stopped, as many as the
    # share of the phrase seen so far says the rest needs (all the rows left to check when
    # none matched). That reads at most the rows holding the lexemes, never the rows
    # between them: walking the date index instead read 100,000 rows' vectors for a phrase
    # whose newest matches were not where the share promised (20 s at 1,000,000 articles).
    while more and len(newest) < limit:
        last = place_of(articles.model, found[-1][0])
        if checked >= MAX_CHECKED:
            return newest, estimate, last
        batch = MAX_CHECKED - checked
        if newest:
            wanted = (limit - len(newest)) * checked / len(newest) * 1.25
            batch = min(batch, max(int(wanted) + 1, limit // 4))
        older = below(_holding(articles, query, query.index_lexemes), last)
        found = _bitmap_newest(older, batch + 1, share=holding / rows, end=last[0])
        found, more = found[:batch], len(found) > batch
        newest += _exact(articles, query, found)
        checked += len(found)
    return newest[:limit], estimate, None


def _exact(articles, query: Query, found: list[Match]) -> list[Match]:
    """Those of ``found`` (rows of ``articles`` holding every lexeme) that match ``query``
    exactly, in their order."""
    rows = articles.model.objects.filter(pk__any=Ids([pk for pk, _ in found]))
    # (order_by(): the model's default ordering would sort the rows only kept here.)
    exact = set(_exactly(rows, query).order_by().values_list("id", flat=True))
    return [match for match in found if match[0] in exact]


def _holding(articles, query: Query, lexemes: list[str]):
    """``articles`` holding every one of ``lexemes`` and the one-character title terms,
    which the GIN indexes answer without reading a row's vector."""
    articles = articles.filter(Matches("search_vector", all_of(lexemes)))
    if query.title_only_tsquery:  # small title vectors: checking them row by row is cheap
        articles = articles.filter(Matches("title_vector", query.title_only_tsquery))
    return articles


def _narrowing_lexemes(model, query: Query) -> tuple[list[str], float]:
    """The lexemes worth ANDing in the GIN index for a query whose rows are checked
    afterwards, and the share of articles holding the rarest (pg_stats, no EXPLAIN).

    The index reads every posting of a lexeme it ANDs (about 2 ms for one in 70% of
    100,000 articles), and a lexeme that common narrows little. So the rarest two are
    kept, and others only while they are in fewer than COMMON_LEXEME of the articles:
    钉子精神推 ANDs 2 of its 4 bigrams (6 ms instead of 10), and a phrase of common
    bigrams that rarely come together (结将准可) keeps its rarer ones."""
    shares, floor = element_shares(model, "search_vector")

    def share(lexeme: str) -> float:
        # A lone Han character is matched as a prefix (text._lexeme): assume it narrows
        # nothing rather than sum the shares of the lexemes it begins.
        return 1.0 if is_prefix(lexeme) else shares.get(lexeme, floor)

    ordered = sorted(query.index_lexemes, key=share)
    kept = ordered[:2] + [lexeme for lexeme in ordered[2:] if share(lexeme) < COMMON_LEXEME]
    return kept, share(ordered[0])


def _exactly(rows, query: Query):
    """``rows`` (which hold every lexeme) that match ``query`` exactly.

    Checking a phrase reads the row's whole search vector out of TOAST storage; finding
    the term in the row's searched text (``search_text``, a third of the size, stored
    uncompressed) costs half as much, and for a term of Han characters only it is the
    same test (Term.is_han). Other terms read the vector where the text test fails
    (8-16 for 8·16)."""
    if query.exclude or any(term.title_only for term in query.include):
        return matching(rows, query)
    for term in query.include:
        if term.is_han:
            sql, params = "strpos(search_text, %s) > 0", [term.text]
        else:
            sql = "(strpos(search_text, %s) > 0 OR search_vector @@ CAST(%s AS tsquery))"
            params = [term.text, term.phrase()]
        rows = rows.filter(RawSQL(sql, params, output_field=BooleanField()))
    return rows


def _bitmap_newest(queryset, limit: int, *, share: float = 0.0, end=None) -> list[Match]:
    """The newest ``limit`` rows of ``queryset`` (id and event date), read through the
    GIN index's bitmap; ``share`` is the expected share of the table that matches (0:
    unknown), ``end`` the newest date ``queryset`` can hold (None: the newest article's)."""
    since = _window_start(queryset.model, WINDOW_MARGIN * limit / share, end) if share else None
    ordered = queryset.order_by("-published_at", "-id").values_list("id", "event_date")
    found = []
    if since is not None:
        found = _through_bitmap(ordered.filter(published_at__gte=since)[:limit])
    if len(found) < limit:  # the newest stretch holds too few: the whole bitmap
        found = _through_bitmap(ordered[:limit])
    return found


# For one statement, the planner is made to take the bitmap of the GIN index rather than a
# walk that reads every row's vector. The settings travel in the statement's own message:
# PostgreSQL runs the statements of one message as one transaction where none is open, so
# SET LOCAL ends with it; inside an open one (a test, ATOMIC_REQUESTS) the RESETs after the
# statement undo them, or on an error the rollback does. As BEGIN, SET, the statement,
# RESET and COMMIT this was five round trips. (Django's cursors bind parameters on the
# client, which lets one message hold several statements; with OPTIONS
# "server_side_binding", which this project does not set, they could not.)
_BITMAP_ONLY = (
    "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; {};"
    " RESET enable_indexscan; RESET enable_seqscan"
)


def _through_bitmap(rows) -> list[tuple]:
    """The rows of the ``values_list()`` queryset ``rows``, planned with
    ``_BITMAP_ONLY``'s settings."""
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:  # a filter that nothing passes: no statement to run
        return []
    connection = connections[rows.db]
    # Inside a transaction, a savepoint: an error here rolls back to it and leaves the
    # transaction usable.
    nested = transaction.atomic(using=rows.db) if connection.in_atomic_block else nullcontext()
    with nested, connection.cursor() as cursor:
        cursor.execute(_BITMAP_ONLY.format(sql), params)
        cursor.nextset()  # past the two settings' results
        cursor.nextset()
        return cursor.fetchall()


def _window_start(model, rows: float, end=None) -> dt.datetime | None:
    """The date after which about ``rows`` articles were published up to ``end`` (None:
    the newest article), assuming an even pace between the first and the last (None when
    that reaches back over most of the table). A guess only: a stretch that holds too few
    matches is followed by the whole bitmap."""
    total = table_rows(model)
    if rows >= total / 2:
        return None
    span = model.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return None
    since = (end or span["last"]) - (span["last"] - span["first"]) * (rows / total)
    return since if since > span["first"] else None
