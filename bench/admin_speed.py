"""Admin pages at archive scale: changelists, filters, sorting, search, autocomplete and
the import preview.

    .venv/bin/python -m bench.admin_speed                          # 100,000 articles, 20,000 people
    .venv/bin/python -m bench.admin_speed --articles 3000 --people 1000 --reps 3   # a quick look
    .venv/bin/python -m bench.admin_speed --reuse --keep-database --explain

Builds the archive of bench/archive.py (bulletins, articles, people, positions, credits,
mentions, tags, meetings, participants, directives; one draft in 37) in
``newsroom_bench_admin`` on DATABASE_URL's server, then adds people (with positions) up to
--people. Each admin URL is fetched (the import form posted) through Django's test client
as a superuser, once to warm up and --reps times timed; printed are the median and slowest
time, the number of SQL queries and the slowest query (its plan with --explain). Goal:
changelists of Article and Person under 300 ms at 100,000 articles. A measurement, not a
test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import time
from functools import partial

from bench import db
from bench.synthetic.names import GIVEN, GIVEN_SINGLE, SURNAMES

BENCH_DB = "newsroom_bench_admin"
TITLES = ["区长", "副区长", "区委书记", "区委副书记", "街道党工委书记", "镇长", "局长", "主任"]


def enlarge(n_people: int, seed: int) -> None:
    """More people, up to ``n_people``, with positions."""
    from django.db import connection
    from django.utils import timezone

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM people_person")
        names = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT max(id) FROM people_person")
        (known,) = cursor.fetchone()
        now = timezone.now()
        new = []
        while len(names) + len(new) < n_people:
            given = (
                rng.choice(GIVEN_SINGLE) if rng.random() < 0.25 else "".join(rng.sample(GIVEN, 2))
            )
            name = rng.choice(SURNAMES) + given
            if name not in names:
                names.add(name)
                new.append(name)
        with cursor.cursor.copy(
            "COPY people_person (name, aliases, disambiguation, note, created_at, updated_at)"
            " FROM STDIN"
        ) as copy:
            for name in new:
                copy.write_row((name, [], "", "", now, now))
        cursor.execute(
            "INSERT INTO people_position (person_id, title, first_seen, last_seen)"
            " SELECT p.id, t.title, date '2019-01-01' + (p.id %% 900)::int,"
            " date '2019-01-01' + (p.id %% 900)::int + 400"
            " FROM people_person p, LATERAL (SELECT (%s::text[])[1 + (p.id + k) %% %s] AS title"
            " FROM generate_series(0, p.id %% 2) k) t WHERE p.id > %s",
            [TITLES, len(TITLES), known],
        )
        cursor.execute("VACUUM ANALYZE")


def urls() -> list[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), count(*) FROM articles_article")
        article, count = cursor.fetchone()
        cursor.execute("SELECT min(id) FROM people_person")
        (person,) = cursor.fetchone()
    article_ac = "app_label=articles&model_name=meeting&field_name=article"
    person_ac = "app_label=articles&model_name=credit&field_name=person"
    a, p = "/admin/articles/article/", "/admin/people/person/"
    m, d = "/admin/articles/meeting/", "/admin/articles/directive/"
    return [
        ("article list", a),
        ("article drafts", f"{a}?status__exact=draft"),
        ("article photos", f"{a}?photos__exact=1"),
        ("article approximate", f"{a}?date_precision__exact=approximate"),
        ("article place tags", f"{a}?tag_kind=place"),
        ("article year", f"{a}?event_date_year=2020"),
        ("article month", f"{a}?event_date_year=2020&event_date_month=5"),
        ("article by title", f"{a}?o=1"),
        ("article by published", f"{a}?o=-4"),
        # The admin numbers its pages from 1, 100 rows to a page.
        ("article last page", f"{a}?p={max(1, -(-count // 100))}"),
        ("article search", f"{a}?q=推进"),
        ("article change", f"{a}{article}/change/"),
        ("person list", p),
        ("person search", f"{p}?q=林"),
        ("person search title", f"{p}?q=区长"),
        ("person change", f"{p}{person}/change/"),
        ("meeting list", m),
        ("meeting published", f"{m}?article__status__exact=published"),
        ("meeting search", f"{m}?q=推进"),
        ("directive list", d),
        ("directive year", f"{d}?article_event_date_year=2021"),
        ("directive search", f"{d}?q=安全"),
        ("bulletin list", "/admin/articles/bulletin/"),
        ("tag list", "/admin/articles/tag/"),
        ("position list", "/admin/people/position/"),
        ("autocomplete person", f"/admin/autocomplete/?{person_ac}&term=林"),
        ("autocomplete article", f"/admin/autocomplete/?{article_ac}&term=推进"),
        # Posted, not fetched: the preview of a pasted page (parsed, nothing stored).
        ("import preview", "/admin/articles/bulletin/import/", import_page()),
    ]


def import_page() -> dict:
    """The import form's fields for a synthetic page of five articles, about 6,000
    characters (two or three times a usual bulletin page)."""
    from bench.synthetic import generate_page

    day = dt.date(2024, 7, 1)
    text, _ = generate_page(random.Random(19), day, articles=5, target_chars=6000)
    return {"text": text, "issue_date": day.isoformat()}


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(f"      {line}" for (line,) in cursor.fetchall())


def timings(reps: int, show_plans: bool = False):
    """(page, median ms, p95 ms, slowest ms, queries, slowest query ms) per admin URL, each
    fetched once to warm up and ``reps`` times timed."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.search_speed import percentile

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench").first()
    if user is None:
        user = user_model.objects.create_superuser("bench", password=None)
    client = Client()
    client.force_login(user)
    for name, url, *form in urls():
        fetch = partial(client.post, url, form[0]) if form else partial(client.get, url)
        response = fetch()
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            fetch()
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch()
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        yield (
            name,
            statistics.median(times),
            percentile(times, 95),
            max(times),
            len(queries.captured_queries),
            float(slowest["time"]) * 1000,
        )
        if show_plans and not slowest["sql"].startswith("DECLARE"):
            print(f"    {slowest['sql'][:300]}")
            print(explain(slowest["sql"]))


def measure(reps: int, show_plans: bool) -> None:
    print(
        f"\n{'page':<22}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}{'queries':>8}"
        f"{'slowest query ms':>18}"
    )
    for name, median, p95, slowest, queries, query in timings(reps, show_plans):
        print(f"{name:<22}{median:>10.1f}{p95:>8.1f}{slowest:>8.1f}{queries:>8}{query:>18.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    db.add_arguments(parser, BENCH_DB)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the slowest query's plan")
    args = parser.parse_args(argv)

    url = db.open_database(args, BENCH_DB)
    from django.core.management import call_command
    from django.db import connections

    from bench.archive import build

    try:
        if not args.reuse:
            call_command("migrate", verbosity=0, stdout=io.StringIO())
            build(args.articles, args.seed, drafts_every=37)
            started = time.perf_counter()
            enlarge(args.people, args.seed)
            print(f"more people: {time.perf_counter() - started:.1f} s")
        measure(args.reps, args.explain)
    finally:
        connections.close_all()
        if not args.keep_database:
            db.drop(url)


if __name__ == "__main__":
    main()
