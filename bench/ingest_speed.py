"""Ingest throughput on synthetic pages: parse only, and parse + load into PostgreSQL.

    .venv/bin/python -m bench.ingest_speed                 # 300 pages, throwaway database
    .venv/bin/python -m bench.ingest_speed --pages 500 --skip-load --jobs 4

Parse-only calls ``articles.ingest.parse.parse`` directly (no Django), in this process; with
``--jobs N`` (default: as the ingest command's) it is measured again in N worker processes,
started and warmed up first. Parse + load runs the ingest command itself on a folder of
page files, into a database created for the run and dropped afterwards (by default
``newsroom_bench_ingest`` on the server of ``DATABASE_URL``, or on 127.0.0.1:5432): half the
pages with ``--jobs 1`` (all in this process), the other half with ``--jobs N`` as
``manage.py ingest DIR`` runs by default, its workers started by the command as on every
run. Goals: parse >= 300 pages/s, parse + load (``load xN``) >= 100 pages/s. This is a
measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

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


def started_pool(jobs: int, warmup: list[Page]):
    """Worker processes started and warmed up (imports, rjieba's dictionary), so that the
    timings are of steady work; starting them costs about a second once per command."""
    from articles.ingest.prepare import prepare_many, worker_pool

    pool = worker_pool(jobs)
    sources = _sources(warmup * jobs, prefix="warmup")
    for _ in prepare_many(sources, warmup[0][0], max_bytes=10**7, jobs=jobs, pool=pool):
        pass
    return pool


def bench_parse_workers(pages: list[Page], warmup: list[Page], jobs: int) -> Row:
    """As the ingest command prepares pages: decode and parse in ``jobs`` processes."""
    from articles.ingest.prepare import prepare_many

    with started_pool(jobs, warmup) as pool:
        start = time.perf_counter()
        failed = 0
        # One issue date for all, as the command's --date: the parse is the same work.
        for _, outcome in prepare_many(
            _sources(pages), pages[0][0], max_bytes=10**7, jobs=jobs, pool=pool
        ):
            failed += not outcome.ok
        seconds = time.perf_counter() - start
    return Row(f"parse x{jobs}", len(pages), sum(len(t) for _, t in pages), seconds, failed)


def _chars(pages: list[Page]) -> int:
    return sum(len(text) for _, text in pages)


def _sources(pages: list[Page], prefix: str = "bench") -> list[tuple[str, bytes]]:
    return [(f"{prefix}-{i:05d}.txt", text.encode("utf-8")) for i, (_, text) in enumerate(pages)]


def bench_load(pages: list[Page], warmup: list[Page], url: str, keep: bool, jobs: int) -> list[Row]:
    db.recreate(url)
    # DEBUG off inside: Django would otherwise record every query and skew the timing.
    db.setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    from articles.ingest.pipeline import ingest

    rows = []
    try:
        call_command("migrate", verbosity=0)
        for i, (day, text) in enumerate(warmup):
            ingest(text.encode("utf-8"), f"warmup-{i:04d}.txt", day)
        half = len(pages) // 2
        # One process (--jobs 1), then as the command runs by default (--jobs N).
        rows.append(bench_command(pages[:half], 1))
        rows.append(bench_command(pages[half:], jobs))
    finally:
        connections.close_all()
        if not keep:
            db.drop(url)
    return rows


def bench_command(pages: list[Page], jobs: int) -> Row:
    """``manage.py ingest --jobs N DIR`` on a folder of the pages, timed from the call to its
    return: reading the files, starting the worker processes (and the server they fork
    from, on the first run in this process), decoding, parsing and indexing there, storing
    on 2N connections."""
    from django.core.management import call_command

    from articles.models import Bulletin

    with tempfile.TemporaryDirectory(prefix="newsroom-bench-ingest-") as folder:
        for i, (_, text) in enumerate(pages):
            Path(folder, f"page-{i:05d}.txt").write_bytes(text.encode("utf-8"))
        before = Bulletin.objects.count()
        # One issue date for all, as --date gives: the parse is the same work.
        options = [folder, "--date", pages[0][0].isoformat(), "--jobs", str(jobs)]
        start = time.perf_counter()
        try:
            call_command("ingest", *options, stdout=io.StringIO(), stderr=io.StringIO())
        except SystemExit:  # exit status 1: some pages failed, counted below
            pass
        seconds = time.perf_counter() - start
        failed = len(pages) - (Bulletin.objects.count() - before)
    return Row(f"load x{jobs}", len(pages), _chars(pages), seconds, failed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--articles", type=int, default=3, help="articles per page")
    parser.add_argument("--chars", type=int, default=3000, help="target characters per page")
    parser.add_argument("--database-url", help=f"default: {BENCH_DB} on DATABASE_URL's server")
    parser.add_argument("--keep-database", action="store_true", help="do not drop it at the end")
    parser.add_argument("--skip-load", action="store_true", help="measure parsing only")
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: as ingest's --jobs)"
    )
    args = parser.parse_args(argv)
    if args.jobs is None:
        from articles.ingest.prepare import default_jobs

        args.jobs = default_jobs()

    pages = make_pages(args.pages, args.seed, args.articles, args.chars)
    warmup = make_pages(10, args.seed + 1_000_003, args.articles, args.chars)
    rows = [bench_parse(pages, warmup)]
    # The command's stages first: the worker processes fork from a server process that the
    # first pool starts and later pools reuse (prepare.worker_pool), and the command is to
    # pay for starting it, as every run of manage.py ingest does.
    if not args.skip_load:
        url = args.database_url or db.default_database_url(BENCH_DB)
        rows.extend(bench_load(pages, warmup, url, args.keep_database, args.jobs))
    if args.jobs > 1:
        rows.insert(1, bench_parse_workers(pages, warmup, args.jobs))

    print(f"{'stage':<12}{'pages':>7}{'chars':>10}{'seconds':>10}{'pages/s':>10}{'failed':>8}")
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
