"""Evaluation over our own bulletins: the result set of every query equals the set of
published articles whose (mended) text contains it."""

import datetime as dt
import random
import re
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.ingest.pipeline import ingest
from articles.models import Article
from articles.search import engine, normalise, parse_query
from articles.search.text import HAN
from tests.factories import make_article

ROOT = Path(settings.BASE_DIR)
CORPUS = sorted((ROOT / "demo").glob("*.txt")) + sorted((ROOT / "tests" / "samples").glob("*.txt"))


@pytest.fixture
def corpus(db):
    for path in CORPUS:
        outcome = ingest(path.read_bytes(), path.name, dt.date(2024, 3, 12), publish=True)
        assert outcome.ok, outcome.error
    make_article("未发布的防汛稿件", published=False, body="疫情防控 防汛 目标导向")
    return list(Article.objects.published())


def text_of(article) -> str:
    return normalise(article.headline_text + "\n" + article.body)


def found(raw: str, order: str = "relevance") -> set[int]:
    query = parse_query(raw)
    results = engine.search(Article.objects.published(), query, order=order, page=1, per_page=100)
    assert results.count == len(results.page.object_list) or results.count > 100
    return {a.pk for a in results.page.object_list}


def expected(corpus, contains) -> set[int]:
    return {a.pk for a in corpus if contains(text_of(a), normalise(a.headline_text))}


def substring(*words, without=()):
    return lambda text, title: (
        all(normalise(w) in text for w in words) and not any(normalise(w) in text for w in without)
    )


QUERIES = {
    # names, places, terms, two-character words, substrings, slogans, ASCII and numbers
    "林思远": substring("林思远"),
    "白沙": substring("白沙"),
    "开门红": substring("开门红"),
    "安全": substring("安全"),
    "推进会": substring("推进会"),
    "春耕备耕": substring("春耕备耕"),
    "“小事不出网格、大事不出社区”": substring("小事不出网格、大事不出社区"),
    '"排查不留死角"': substring("排查不留死角"),
    "议事 居民": substring("议事", "居民"),
    "社区 -文化节": substring("社区", without=["文化节"]),
    "区委书记": substring("区委书记"),
    "3月11日": lambda text, title: bool(re.search(r"(?<![0-9])3月11日", text)),
    "湖": lambda text, title: "湖" in title,  # one character: titles only
    "社区 湖": lambda text, title: "社区" in text and "湖" in title,
}


@pytest.fixture(params=["walk", "bitmap", "window", "narrow"])
def plan(request, monkeypatch):
    """The ways newest_matches finds matches: walking the date index, or the GIN bitmap of
    lexemes with phrases checked afterwards, first cut to the newest few dates ("window":
    far too few, so the whole bitmap follows whenever that stretch holds too few), or with
    only the two rarest lexemes of a phrase ANDed ("narrow"). They must find the same
    articles."""
    monkeypatch.setattr(engine, "WALK_FACTOR", 0 if request.param == "walk" else 10**12)
    if request.param == "window":
        monkeypatch.setattr(engine, "WINDOW_MARGIN", 10**-6)
    if request.param == "narrow":
        monkeypatch.setattr(engine, "COMMON_LEXEME", 0)
    return request.param


@pytest.mark.parametrize("order", ["relevance", "newest"])
@pytest.mark.parametrize("raw", list(QUERIES))
def test_curated_queries_find_exactly_the_containing_articles(corpus, raw, order, plan):
    assert found(raw, order) == expected(corpus, QUERIES[raw]), raw


def test_random_substrings_find_exactly_the_containing_articles(corpus, plan):
    rng = random.Random(20261126)
    runs = [run for a in corpus for run in re.findall(f"[{HAN}]{{2,}}", text_of(a))]
    for _ in range(150):
        run = rng.choice(runs)
        length = rng.randint(2, min(6, len(run)))
        start = rng.randint(0, len(run) - length)
        word = run[start : start + length]
        assert found(word) == expected(corpus, substring(word)), word


def test_page_break_mend_is_searchable(db):
    page = (
        "云湖区召开工作推进会\n\n本报讯 近日,云湖区召开工作推进会。会议强调,要坚持目标导\n\n"
        "向、问题导向,扎实推进各项工作。\n"
    ).encode()
    assert ingest(page, "mend.txt", dt.date(2024, 3, 12), publish=True).ok
    assert len(found("目标导向")) == 1


def test_title_matches_rank_first_then_newer(db):
    now = dt.datetime(2024, 3, 12, tzinfo=dt.UTC)
    body_only = make_article("区里开会", body="会议研究了防汛工作。", published_at=now)
    title = make_article(
        "防汛工作部署会召开", body="会议部署工作。", published_at=now - dt.timedelta(days=30)
    )
    twice = make_article(
        "另一篇", body="防汛防汛，防汛工作要抓紧。防汛。", published_at=now - dt.timedelta(days=1)
    )
    results = engine.search(
        Article.objects.published(), parse_query("防汛"), order="relevance", page=1
    )
    ranked = list(results.page.object_list)
    assert ranked[0] == title
    assert ranked.index(twice) < ranked.index(body_only)
    newest = engine.search(Article.objects.published(), parse_query("防汛"), order="newest", page=1)
    assert list(newest.page.object_list) == [body_only, twice, title]


def test_ranking_is_bounded_and_title_matches_stay_first(db, monkeypatch):
    """Past the first RANKED candidates (the newest title matches, then the newest others)
    articles follow by date: a title match still before every body-only match."""
    now = dt.datetime(2024, 3, 12, tzinfo=dt.UTC)

    def article(title, body, days):
        return make_article(title, body=body, published_at=now - dt.timedelta(days=days))

    newer_title = article("防汛工作部署会", "会议部署工作。", 1)
    older_title = article("再谈防汛", "会议部署工作。", 2)
    oldest_title = article("防汛旧闻", "会议部署工作。", 9)
    newest_body = article("区里开会", "会议研究了防汛工作。", 0)
    older_body = article("另一篇", "防汛防汛，防汛工作要抓紧。防汛。", 5)

    def ranked():
        results = engine.search(
            Article.objects.published(), parse_query("防汛"), order="relevance", page=1
        )
        assert results.count == 5
        return list(results.page.object_list)

    assert ranked()[3:] == [older_body, newest_body]  # all ranked: more matches first
    monkeypatch.setattr(engine, "RANKED", 4)  # the titles and the newest body-only match
    assert ranked()[3:] == [newest_body, older_body]
    monkeypatch.setattr(engine, "RANKED", 2)
    assert set(ranked()[:2]) == {newer_title, older_title}
    assert ranked()[2:] == [oldest_title, newest_body, older_body]


def test_index_follows_edits(db):
    article = make_article("云湖区召开会议", body="研究春耕工作。")
    assert found("春耕") == {article.pk}
    article.body = "研究防汛工作。"
    article.save()
    assert found("春耕") == set()
    assert found("防汛") == {article.pk}


def test_rebuild_command(db):
    from io import StringIO

    from django.core.management import call_command

    article = make_article("云湖区召开会议", body="研究春耕工作。")
    Article.objects.update(search_vector=None, rank_vector=None)
    assert found("春耕") == set()
    out, err = StringIO(), StringIO()
    call_command("search_index", stdout=out, stderr=err)
    assert "1 篇" in out.getvalue()
    assert found("春耕") == {article.pk}


def test_many_matches_list_the_newest_and_estimate_the_count(db, monkeypatch, plan):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    now = dt.datetime(2024, 3, 12, tzinfo=dt.UTC)
    articles = [
        make_article(f"稿件{n}", body="防汛工作。", published_at=now - dt.timedelta(days=n))
        for n in range(6)
    ]
    for order in ("relevance", "newest"):
        results = engine.search(
            Article.objects.published(), parse_query("防汛工作"), order=order, page=1
        )
        assert results.capped
        assert results.count >= 4  # the planner's estimate, at least past the cap
        assert {a.pk for a in results.page.object_list} == {a.pk for a in articles[:3]}
    few = engine.search(Article.objects.published(), parse_query("稿件1"), order="newest", page=1)
    assert not few.capped and few.count == 1


def test_planner_settings_do_not_leak(db, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    make_article("云湖区召开会议", body="研究春耕工作。")
    assert found("春耕工作") and found("春耕")
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone() == ("on",)


def test_phrases_rarer_than_their_lexemes_look_further_back(db, monkeypatch):
    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    now = dt.datetime(2024, 3, 12, tzinfo=dt.UTC)
    # The newest articles hold both lexemes of 防汛工作 but not the phrase.
    for n in range(8):
        make_article(f"新稿{n}", body="工作防汛。", published_at=now - dt.timedelta(hours=n))
    old = [
        make_article(f"旧稿{n}", body="防汛工作。", published_at=now - dt.timedelta(days=10 + n))
        for n in range(3)
    ]
    results = engine.search(
        Article.objects.published(), parse_query("防汛工作"), order="newest", page=1
    )
    assert [a.pk for a in results.page.object_list] == [old[0].pk, old[1].pk]
    assert results.capped


def test_words_may_walk_the_date_index_phrases_never(db, monkeypatch):
    """The planner counts a phrase as the rows holding its lexemes, which may be many
    more than hold the phrase: a phrase always takes the GIN bitmap."""
    monkeypatch.setattr(engine, "WALK_FACTOR", 0)  # walk whenever allowed
    make_article("稿件", body="防汛工作。")
    bitmaps = []
    real = engine._bitmap_newest
    monkeypatch.setattr(
        engine, "_bitmap_newest", lambda *a, **k: bitmaps.append(1) or real(*a, **k)
    )
    for raw, bitmap in (("防汛", False), ("防汛 工作", False), ("防汛工作", True)):
        bitmaps.clear()
        found, _, stopped = engine.newest_matches(Article.objects.published(), parse_query(raw), 10)
        assert len(found) == 1 and bool(bitmaps) == bitmap and stopped is None, raw


@pytest.mark.parametrize("margin", [3, 10**-6, 10**6])
def test_phrase_rarer_than_its_lexemes_continues_below_the_newest_rows(db, monkeypatch, margin):
    """When the newest rows holding a phrase's lexemes hold too few of the phrase, the
    older ones are checked from where they stopped: none listed twice, none skipped, ties
    of date included, whether the window of dates holds enough (3), too few (10**-6) or
    reaches back over the whole table (10**6)."""
    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    monkeypatch.setattr(engine, "CANDIDATES", 3)  # 4 wanted, 5 read in the first round
    monkeypatch.setattr(engine, "WINDOW_MARGIN", margin)
    now = timezone.now()

    def article(n, body, days):
        return make_article(f"稿件{n}", body=body, published_at=now - dt.timedelta(days=days))

    # Newest first: the phrase, two rows with its three bigrams apart, then four of one date
    # (listed by descending id: the bigrams apart, then the phrase three times), the first
    # round reading the newest five and so stopping inside that date; then older phrases.
    phrase = [article(99, "防汛工作。", 0.05)]
    for n in range(2):
        article(n, "防汛不松，汛工不停，工作不止。", 0.1 * (n + 1))
    tie = now - dt.timedelta(days=1)
    phrase += [make_article(f"同日{n}", body="防汛工作。", published_at=tie) for n in range(3)]
    make_article("同日", body="防汛不松，汛工不停，工作不止。", published_at=tie)
    phrase += [article(10 + n, "部署防汛工作。", 2 + n) for n in range(3)]
    newest = sorted(phrase, key=lambda a: (a.published_at, a.pk), reverse=True)
    results = engine.search(
        Article.objects.published(), parse_query("防汛工作"), order="newest", page=1
    )
    assert results.capped
    assert [a.pk for a in results.page.object_list] == [a.pk for a in newest[:3]]
    found, _, stopped = engine.newest_matches(
        Article.objects.published(), parse_query("防汛工作"), 10
    )
    assert found == [(a.pk, a.event_date) for a in newest] and stopped is None


def rare_phrase_archive(now):
    """Twenty articles an hour apart, newest first, all holding the three bigrams of
    防汛工作; the phrase itself in five of them (two of those published in the same
    second), the oldest with it in its title too. Returns the five, newest first."""
    phrase = []
    for n in range(20):
        published = now - dt.timedelta(hours=min(n, 15))  # 15-19: one moment
        body = "部署防汛工作。" if n in (2, 9, 15, 16, 19) else "防汛不松，汛工不停，工作不止。"
        title = "防汛工作会议" if n == 19 else f"稿件{n}"
        article = make_article(title, body=body, published_at=published)
        if "防汛工作" in body:
            phrase.append(article)
    return sorted(phrase, key=lambda a: (a.published_at, a.pk), reverse=True)


@pytest.mark.parametrize("order", ["newest", "relevance"])
def test_a_phrase_stops_after_max_checked_rows_and_continues_from_there(db, monkeypatch, order):
    """Past MAX_CHECKED rows checked, a search lists what it found and the place of the
    last row it checked; continued below that row (Filters.before) as often as it stops,
    it finds every match once (a title match too, in the search that reaches it), newest
    first within each search."""
    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    monkeypatch.setattr(engine, "CANDIDATES", 3)  # 4 wanted, the first batch 5 rows
    monkeypatch.setattr(engine, "MAX_CHECKED", 8)
    phrase = rare_phrase_archive(timezone.now())
    filters, pages, stops = engine.Filters(), [], []
    while True:
        results = engine.search(
            filters.apply(Article.objects.published()),
            parse_query("防汛工作"),
            order=order,
            page=1,
            before=filters.before,
        )
        pages.append([a.pk for a in results.page.object_list])
        assert not results.capped and results.count == len(pages[-1])
        if results.stopped is None:
            break
        stops.append(results.stopped)
        stopped = Article.objects.get(pk=results.stopped[1])
        assert results.stopped == (stopped.published_at, stopped.pk)
        filters.before = results.stopped
    # Each search checked 8 rows, the last the 4 left.
    assert len(stops) == 2
    listed = [pk for page in pages for pk in page]
    assert sorted(listed) == sorted(a.pk for a in phrase)  # each once
    if order == "newest":
        assert listed == [a.pk for a in phrase]
    assert pages[0] == [phrase[0].pk]


def test_a_search_that_stops_checked_the_newest_rows_first(db, monkeypatch):
    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    monkeypatch.setattr(engine, "MAX_CHECKED", 8)
    now = timezone.now()
    rare_phrase_archive(now)
    found, _, stopped = engine.newest_matches(
        Article.objects.published(), parse_query("防汛工作"), 4
    )
    checked = Article.objects.order_by("-published_at", "-id")[7]  # the eighth newest
    assert stopped == (checked.published_at, checked.pk)
    assert len(found) == 1
    # Enough checks, and it looks through all of them.
    monkeypatch.setattr(engine, "MAX_CHECKED", 20)
    found, _, stopped = engine.newest_matches(
        Article.objects.published(), parse_query("防汛工作"), 10
    )
    assert len(found) == 5 and stopped is None


@pytest.mark.parametrize("days", [2.5, 0.5])
def test_newest_dates_first_then_the_whole_bitmap(db, monkeypatch, days):
    """The bitmap is first cut to the newest dates; a stretch holding too few matches
    (half a day here) is followed by the whole bitmap, and both give the newest."""
    monkeypatch.setattr(engine, "WALK_FACTOR", 10**12)
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    now = timezone.now()
    articles = [
        make_article(f"稿件{n}", body="防汛工作。", published_at=now - dt.timedelta(days=n))
        for n in range(6)
    ]
    starts = []

    def window_start(model, rows, end=None):
        starts.append(rows)
        return now - dt.timedelta(days=days)

    monkeypatch.setattr(engine, "_window_start", window_start)
    for raw in ("防汛", "防汛工作"):
        results = engine.search(
            Article.objects.published(), parse_query(raw), order="newest", page=1
        )
        assert [a.pk for a in results.page.object_list] == [articles[0].pk, articles[1].pk]
        assert results.capped
    assert starts


@pytest.mark.django_db
def test_any_takes_ids_whole_or_as_a_list_and_nothing_but_integers():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, TaggedArticle
    from articles.search.engine import Ids

    first, second, third = (make_article(f"第{n}篇") for n in range(3))
    wanted = [third.pk, first.pk]
    with CaptureQueriesContext(connection) as queries:
        by_ids = set(Article.objects.filter(pk__any=Ids(wanted)).values_list("pk", flat=True))
    assert by_ids == set(Article.objects.filter(pk__any=wanted).values_list("pk", flat=True))
    assert by_ids == {first.pk, third.pk}
    # One array parameter, however many ids: the statement does not grow with the list.
    assert f"'{{{third.pk},{first.pk}}}'::bigint[]" in queries[0]["sql"]
    assert not TaggedArticle.objects.filter(content_object_id__any=Ids([])).exists()
    with pytest.raises(ValueError):
        list(Article.objects.filter(pk__any=Ids(["1}; DROP TABLE x; --"])))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [False, True])
def test_bitmap_settings_end_with_their_statement_even_on_an_error(in_transaction):
    """Outside a transaction the settings end with the message that carries them; inside
    one, with the RESETs after the statement, or on an error with the savepoint."""
    from django.db import DatabaseError, connection, transaction
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    def planner_settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan')"
            )
            return cursor.fetchone()

    article = make_article("云湖区召开会议", body="研究春耕工作。")
    ids = Article.objects.values_list("id", flat=True)
    failing = ids.filter(RawSQL("1 / (id - %s) = 1", [article.pk], output_field=BooleanField()))
    outer = transaction.atomic() if in_transaction else nullcontext()
    with outer:
        assert engine._through_bitmap(ids[:5]) == [(article.pk,)]
        assert engine._through_bitmap(ids.filter(pk__in=[])[:5]) == []  # no statement
        assert planner_settings() == ("on", "on")
        with pytest.raises(DatabaseError):
            engine._through_bitmap(failing[:5])
        assert planner_settings() == ("on", "on")  # and the transaction goes on
    assert planner_settings() == ("on", "on")
