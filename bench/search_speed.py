"""Search latency at archive scale: build N synthetic articles, time the search page's queries.

    .venv/bin/python -m bench.search_speed                       # 100,000 articles
    .venv/bin/python -m bench.search_speed --articles 2000 --queries 40   # a quick look
    .venv/bin/python -m bench.search_speed --reuse --keep-database        # skip the build

The archive is written with COPY from the synthetic generator's ground truth (articles with
their search vectors, people and mentions, tags, meetings, directives), into a database
created for the run (``newsroom_bench_search`` on DATABASE_URL's server) and dropped at the
end unless --keep-database. Queries mix names, places, quoted terms, two-character words,
three-to-five-character substrings and very common words. For each it times
``articles.search.engine.search`` (the page's SQL) in relevance and newest-first order, and
the whole search page through Django's test client; it prints median and p95 per class,
the GIN index and table sizes, and the time of ``manage.py search_index`` over the archive.
Goal on a 2-core machine: p95 <= 50 ms in both orders at 100,000 articles. A measurement,
not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import statistics
import time
from collections import Counter
from multiprocessing import Pool

from bench import db
from bench.synthetic import generate_pages
from bench.synthetic.vocabulary import Lexicon

BENCH_DB = "newsroom_bench_search"
HAN_RUN = re.compile("[\u4e00-\u9fff]{2,}")
# Words of the bulletins' own phrasing, in nearly every article: a few in the mix.
FREQUENT = ["工作", "会议", "发展", "推进", "要求"]
# Lexicon ranks whose words are in a few percent of the articles each.
COMMON_RANKS = range(1000, 5000)


def _vectors(item: tuple[str, str]) -> tuple[str, str]:
    from articles.search import document_fields

    return document_fields(*item)


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def build(n_articles: int, seed: int) -> dict:
    """Write the archive; return what the query mix is drawn from."""
    from django.db import connection
    from django.utils.text import slugify

    from articles.ingest.load import ARTICLE_FIELDS

    started = time.perf_counter()
    records, lexicon = corpus_records(n_articles, seed)
    generated = time.perf_counter() - started

    items = [
        (" ".join(p for p in (r.kicker, r.title, r.subtitle) if p), "\n\n".join(r.paragraphs))
        for _, r in records
    ]
    started = time.perf_counter()
    with Pool(2) as pool:
        vectors = pool.map(_vectors, items, chunksize=500)
    vectorised = time.perf_counter() - started

    people: dict[str, int] = {}
    tags: dict[str, tuple[int, str]] = {}
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        # Building the GIN indexes once after loading is many times faster than updating
        # them row by row during COPY.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = 'articles_article' AND indexdef LIKE '%USING gin%'"
        )
        gin_indexes = cursor.fetchall()
        for name, _ in gin_indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for _, record in records:
            for mention in record.people:
                people.setdefault(mention.name, len(people) + 1)
            for name, kind in (
                *((t, "topic") for t in record.tags),
                *((t, "place") for t in record.places),
                *((t, "term") for t in record.terms),
            ):
                if name not in tags and len(name) <= 100:
                    tags[name] = (len(tags) + 1, kind)
        _copy(
            cursor,
            "people_person",
            ["id", "name", "aliases", "disambiguation", "note", "created_at", "updated_at"],
            ((pk, name, [], "", "", now, now) for name, pk in people.items()),
        )
        slugs: set[str] = set()

        def unique_slug(name: str) -> str:
            base = slugify(name, allow_unicode=True) or "tag"
            slug, n = base, 1
            while slug in slugs:
                n += 1
                slug = f"{base}_{n}"
            slugs.add(slug)
            return slug

        _copy(
            cursor,
            "articles_tag",
            ["id", "name", "slug", "kind"],
            ((pk, name, unique_slug(name), kind) for name, (pk, kind) in tags.items()),
        )
        _copy(
            cursor,
            "articles_article",
            # The columns ingest writes (field names are column names here), but the bulletin.
            ["id", *(name for name in ARTICLE_FIELDS if name != "bulletin")],
            (
                (
                    pk,
                    0,
                    r.headline,
                    r.kicker,
                    r.title,
                    r.subtitle,
                    r.date,
                    r.date_precision,
                    body,
                    r.photos,
                    "published",
                    dt.datetime.combine(day, dt.time(8), dt.UTC) + dt.timedelta(seconds=pk),
                    now,
                    now,
                    *vector_literals,
                )
                for pk, ((day, r), (_, body), vector_literals) in enumerate(
                    zip(records, items, vectors, strict=True), start=1
                )
            ),
        )
        _copy(
            cursor,
            "articles_mention",
            ["article_id", "person_id", "positions", '"order"'],
            (
                (pk, people[m.name], m.positions, order)
                for pk, (_, r) in enumerate(records, start=1)
                for order, m in enumerate({m.name: m for m in r.people}.values())
            ),
        )
        _copy(
            cursor,
            "articles_taggedarticle",
            ["content_object_id", "tag_id"],
            (
                (pk, tags[name][0])
                for pk, (_, r) in enumerate(records, start=1)
                for name in dict.fromkeys((*r.tags, *r.places, *r.terms))
                if name in tags
            ),
        )
        meeting_ids = {}
        _copy(
            cursor,
            "articles_meeting",
            ["id", "article_id", '"order"', "name", "organizer", "date"],
            (
                (
                    meeting_ids.setdefault((pk, order), len(meeting_ids) + 1),
                    pk,
                    order,
                    m.name,
                    m.organizer,
                    m.date,
                )
                for pk, (_, r) in enumerate(records, start=1)
                for order, m in enumerate(r.meetings)
            ),
        )
        _copy(
            cursor,
            "articles_directive",
            ["article_id", "meeting_id", '"order"', "heading", "text"],
            (
                (
                    pk,
                    meeting_ids.get((pk, d.meeting)) if d.meeting is not None else None,
                    order,
                    d.heading[:200],
                    d.text,
                )
                for pk, (_, r) in enumerate(records, start=1)
                for order, d in enumerate(r.directives, start=1)
            ),
        )
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, definition in gin_indexes:
            cursor.execute(definition)
        for table in ("people_person", "articles_tag", "articles_article", "articles_meeting"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    loaded = time.perf_counter() - started
    print(
        f"built {len(records)} articles: generate {generated:.1f} s, vectors {vectorised:.1f} s"
        f" (2 processes), COPY + ANALYZE {loaded:.1f} s"
    )
    return {"records": [r for _, r in records], "people": list(people), "lexicon": lexicon}


def corpus_records(n_articles: int, seed: int):
    """(issue date, record) pairs of the archive, each article's body lengthened with
    varied prose (bench/synthetic/vocabulary.py) to about 2,500 characters, so that words
    are spread over articles as in a real archive; and the lexicon of that prose."""
    rng = random.Random(seed + 7)
    lexicon = Lexicon(rng)
    records = []
    for day, _, truth in generate_pages((n_articles + 2) // 3, seed):
        for record in truth:
            length = sum(map(len, record.paragraphs))
            extra = [
                lexicon.paragraph(rng, rng.randint(150, 300))
                for _ in range(max(1, (2500 - length) // 220))
            ]
            # After the dateline paragraph, before the directives and the closing ones.
            record.paragraphs[1:1] = extra
            records.append((day, record))
    return records[:n_articles], lexicon


def query_mix(corpus: dict, n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    records = corpus["records"]
    places = sorted({p for r in records for p in r.places})
    terms = sorted({t for r in records for t in r.terms if 2 <= len(t) <= 12})
    bodies = [p for r in rng.sample(records, min(2000, len(records))) for p in r.paragraphs]
    runs = [run for p in bodies for run in HAN_RUN.findall(p)]

    def substring(length: int) -> str:
        run = rng.choice([r for r in rng.sample(runs, 50) if len(r) >= length] or ["工作会议"])
        start = rng.randint(0, len(run) - length)
        return run[start : start + length]

    share = max(1, n // 6)
    mix = [("name", rng.choice(corpus["people"])) for _ in range(share)]
    mix += [("place", rng.choice(places)) for _ in range(share)] if places else []
    mix += [("term", f"“{rng.choice(terms)}”") for _ in range(share)] if terms else []
    mix += [("2 chars", substring(2)) for _ in range(share)]
    mix += [("3-5 chars", substring(rng.randint(3, 5))) for _ in range(share)]
    mix += [("frequent", rng.choice(FREQUENT)) for _ in range(max(1, n // 20))]
    common = corpus["lexicon"].words[COMMON_RANKS.start : COMMON_RANKS.stop]
    mix += [("common", rng.choice(common)) for _ in range(n - len(mix))]
    rng.shuffle(mix)
    return mix


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(mix: list[tuple[str, str]]) -> None:
    from django.test import Client

    from articles.models import Article
    from articles.search import engine, parse_query

    timings: dict[tuple[str, str], list[float]] = {}
    matches: dict[str, list[int]] = {}
    client = Client()
    for kind, raw in mix:
        query = parse_query(raw)
        for order in ("relevance", "newest"):
            for _attempt in range(2):  # the second run is timed: caches as in steady state
                start = time.perf_counter()
                results = engine.search(Article.objects.published(), query, order=order, page=1)
                list(results.page.object_list)
                elapsed = (time.perf_counter() - start) * 1000
            timings.setdefault((order, kind), []).append(elapsed)
            timings.setdefault((order, "all"), []).append(elapsed)
        matches.setdefault(kind, []).append(results.count)
        client.get("/search/", {"q": raw})
        start = time.perf_counter()
        response = client.get("/search/", {"q": raw})
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, raw
        timings.setdefault(("page", kind), []).append(elapsed)
        timings.setdefault(("page", "all"), []).append(elapsed)

    print(
        f"\n{'order':<10}{'class':<11}{'queries':>8}{'median ms':>11}{'p95 ms':>9}"
        f"{'median matches':>16}"
    )
    for (order, kind), values in sorted(timings.items()):
        found = statistics.median(matches[kind]) if kind in matches else ""
        if kind == "all":
            found = statistics.median([m for ms in matches.values() for m in ms])
        print(
            f"{order:<10}{kind:<11}{len(values):>8}{statistics.median(values):>11.1f}"
            f"{percentile(values, 95):>9.1f}{found:>16}"
        )


def sizes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('article_search_vector')),"
            " pg_size_pretty(pg_total_relation_size('articles_article')),"
            " pg_size_pretty(pg_database_size(current_database()))"
        )
        gin, table, database = cursor.fetchone()
    print(f"\nGIN index {gin}; articles table with TOAST and indexes {table}; database {database}")


def rebuild() -> None:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("search_index", stdout=io.StringIO(), stderr=io.StringIO())
    print(f"search_index rebuild: {time.perf_counter() - start:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    db.add_arguments(parser, BENCH_DB)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-rebuild", action="store_true", help="do not time search_index")
    args = parser.parse_args(argv)

    url = db.open_database(args, BENCH_DB)
    from django.core.management import call_command
    from django.db import connections

    try:
        if args.reuse:
            corpus = _corpus_only(args.articles, args.seed)
        else:
            call_command("migrate", verbosity=0)
            corpus = build(args.articles, args.seed)
        measure(query_mix(corpus, args.queries, args.seed))
        sizes()
        if not args.skip_rebuild:
            rebuild()
    finally:
        connections.close_all()
        if not args.keep_database:
            db.drop(url)


def _corpus_only(n_articles: int, seed: int) -> dict:
    pairs, lexicon = corpus_records(n_articles, seed)
    records = [r for _, r in pairs]
    counts = Counter(m.name for r in records for m in r.people)
    return {"records": records, "people": list(counts), "lexicon": lexicon}


if __name__ == "__main__":
    main()
