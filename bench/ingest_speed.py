"""Ingest throughput on synthetic pages: parse only, and parse + load into PostgreSQL.

    .venv/bin/python -m bench.ingest_speed                 # 300 pages, throwaway database
    .venv/bin/python -m bench.ingest_speed --pages 500 --skip-load

Parse-only calls ``articles.ingest.parse.parse`` directly (no Django). Parse + load runs
``articles.ingest.pipeline.ingest`` per page (decode, parse, one transaction of inserts) into
a database created for the run and dropped afterwards: by default ``newsroom_bench_ingest`` on
the server of ``DATABASE_URL`` (or on 127.0.0.1:5432). Goals: parse >= 300 pages/s,
parse + load >= 100 pages/s. This is a measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import dataclass

from bench import db
from bench.synthetic import generate_pages

BENCH_DB = "newsroom_bench_ingest"


@dataclass
class Row:
    stage: str
    pages: int
    chars: int
    seconds: float
    failed: int = 0

    def line(self) -> str:
        rate = self.pages / self.seconds if self.seconds else float("inf")
        return (
            f"{self.stage:<12}{self.pages:>7}{self.chars:>10}{self.seconds:>10.3f}{rate:>10.1f}"
            f"{self.failed:>8}"
        )


Page = tuple[dt.date, str]


def make_pages(n: int, seed: int, articles: int, chars: int) -> list[Page]:
    return [
        (day, text)
        for day, text, _ in generate_pages(n, seed, articles=articles, target_chars=chars)
    ]


def bench_parse(pages: list[Page], warmup: list[Page]) -> Row:
    from articles.ingest.parse import parse

    # Warm up on other pages: the first call loads rjieba's dictionary, and measuring on the
    # same pages again would only time the parser's caches.
    for day, text in warmup:
        parse(text, day)
    start = time.perf_counter()
    for day, text in pages:
        parse(text, day)
    seconds = time.perf_counter() - start
    return Row("parse", len(pages), sum(len(t) for _, t in pages), seconds)


def bench_load(pages: list[Page], warmup: list[Page], url: str, keep: bool) -> Row:
    db.recreate(url)
    # DEBUG off inside: Django would otherwise record every query and skew the timing.
    db.setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    from articles.ingest.pipeline import ingest

    try:
        call_command("migrate", verbosity=0)
        for i, (day, text) in enumerate(warmup):
            ingest(text.encode("utf-8"), f"warmup-{i:04d}.txt", day)
        failed = 0
        start = time.perf_counter()
        for i, (day, text) in enumerate(pages):
            outcome = ingest(text.encode("utf-8"), f"bench-{i:05d}.txt", day)
            failed += not outcome.ok
        seconds = time.perf_counter() - start
    finally:
        connections.close_all()
        if not keep:
            db.drop(url)
    return Row("parse+load", len(pages), sum(len(t) for _, t in pages), seconds, failed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--articles", type=int, default=3, help="articles per page")
    parser.add_argument("--chars", type=int, default=3000, help="target characters per page")
    parser.add_argument("--database-url", help=f"default: {BENCH_DB} on DATABASE_URL's server")
    parser.add_argument("--keep-database", action="store_true", help="do not drop it at the end")
    parser.add_argument("--skip-load", action="store_true", help="measure parsing only")
    args = parser.parse_args(argv)

    pages = make_pages(args.pages, args.seed, args.articles, args.chars)
    warmup = make_pages(10, args.seed + 1_000_003, args.articles, args.chars)
    rows = [bench_parse(pages, warmup)]
    if not args.skip_load:
        url = args.database_url or db.default_database_url(BENCH_DB)
        rows.append(bench_load(pages, warmup, url, args.keep_database))

    print(f"{'stage':<12}{'pages':>7}{'chars':>10}{'seconds':>10}{'pages/s':>10}{'failed':>8}")
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
