"""Reader pages timed in process, beside the baseline's own in-process timing.

    .venv/bin/python -m bench.inproc                          # every page, and the baseline
    .venv/bin/python -m bench.inproc --pages article,person --sql   # DB time by call site
    .venv/bin/python -m bench.inproc --pages search --slowest 15    # the slowest paths
    .venv/bin/python -m bench.inproc --pages article --profile      # cProfile, by own time

Runs on the archive that ``make bench`` leaves running (``make bench
BENCH_ARGS="--prepare-only"``, or a run with ``--keep-pg``), over the paths its wrk
rotates through (``<root>/newsroom-paths.json``). Each request goes through Django's test
client, as the baseline's ``bench_tools.py inproc`` times its own pages: the whole
middleware stack and the view, without HTTP, gunicorn or wrk, so a change of a tenth of a
millisecond shows where a wrk run cannot resolve it. Production settings, page cache off.

For each page: median and p95 milliseconds of wall time, CPU milliseconds of this process
per page, and the time and number of SQL statements per page as the app waits for them.
With ``--sql``, that time by the line of our code that ran each statement, from one more
round of its own (finding the lines costs time, which the timed rounds do not pay). The
baseline's ``/list``, ``/detail`` and ``/search`` are timed by its own tool in the same
minutes, and each page's median is held against its page's as make bench holds req/s
(``bench.pages.PAGES``): in process, a ratio above 1 means faster than the baseline. A
measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from bench import db
from bench.pages import ARCHIVE_DB, DEFAULT_BASELINE, PAGES
from bench.search_speed import percentile

REPO = Path(__file__).resolve().parent.parent


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: at least 1")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--pages", default=",".join(PAGES), help="comma-separated subset of: " + ", ".join(PAGES))
    add("--requests", type=positive, default=300, help="timed requests per page and round")
    add("--rounds", type=positive, default=2, help="rounds per page; the fastest median is kept")
    add("--sql", action="store_true", help="DB time per page by the line that ran it")
    add("--slowest", type=int, default=0, help="print the N slowest paths of each page")
    add("--profile", action="store_true", help="cProfile one round of each page instead")
    add("--top", type=int, default=40, help="lines of --profile and --sql")
    add("--baseline", type=Path, default=DEFAULT_BASELINE)
    add("--no-baseline", action="store_true", help="do not time the baseline")
    add("--articles", type=int, default=100_000, help="the baseline's archive (its /detail ids)")
    add("--root", default=os.environ.get("PERFBASE_ROOT", "/tmp/perfbase"))
    add("--pg-port", type=int, default=55502)
    add("--database", help=f"default: {ARCHIVE_DB} on --pg-port")
    return parser.parse_args(argv)


class Statements:
    """Time spent in SQL statements while installed (``connection.execute_wrapper``), in
    all and, with ``by_line``, by the line of the project's code that ran each."""

    def __init__(self, by_line: bool = False) -> None:
        self.by_line = by_line
        self.count = 0
        self.seconds = 0.0
        self.lines: dict[str, list] = defaultdict(lambda: [0, 0.0, ""])

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            self.count += 1
            self.seconds += elapsed
            if self.by_line:
                line = self.lines[_caller()]
                line[0] += 1
                line[1] += elapsed
                line[2] = " ".join(str(sql).split())[:100]


def _caller() -> str:
    """Up to three frames of the project's own code that led to a statement, innermost
    first (the helper that ran it, then what called it)."""
    frames = []
    for frame in reversed(traceback.extract_stack()[:-3]):
        path = Path(frame.filename)
        if path.is_relative_to(REPO) and not any(
            path.is_relative_to(REPO / skipped) for skipped in (".venv", "bench")
        ):
            frames.append(f"{path.relative_to(REPO)}:{frame.lineno} {frame.name}")
            if len(frames) == 3:
                break
    return " < ".join(frames) or "(outside the project)"


# Requests before timing: more than newsroom.prepared.PREPARE_THRESHOLD, so that the
# statements a page runs are prepared and on the plan they keep, as in a busy worker.
WARM_REQUESTS = 20


def get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return response


def cycle(paths: list[str], count: int) -> list[str]:
    """``count`` requests through ``paths`` in turn."""
    return [paths[i % len(paths)] for i in range(count)]


def warm(client, paths: list[str]) -> None:
    for path in cycle(paths, WARM_REQUESTS):
        get(client, path)


def time_page(client, paths: list[str], args) -> dict:
    """The page's paths, ``args.requests`` at a time, ``args.rounds`` times; the round with
    the fastest median is reported (the others were disturbed by something else). With
    ``args.sql``, one more round finds the lines that ran the statements (``lines``)."""
    from django.db import connection

    warm(client, paths)
    rotation = cycle(paths, args.requests)
    best = None
    for _ in range(args.rounds):
        statements = Statements()
        walls = []
        cpu = time.process_time()
        with connection.execute_wrapper(statements):
            for path in rotation:
                start = time.perf_counter()
                get(client, path)
                walls.append((time.perf_counter() - start) * 1000)
        cpu = (time.process_time() - cpu) * 1000 / len(rotation)
        result = {
            "median_ms": statistics.median(walls),
            "p95_ms": percentile(walls, 95),
            "cpu_ms": cpu,
            "db_ms": statements.seconds * 1000 / len(rotation),
            "statements": statements.count / len(rotation),
            "lines": {},
        }
        if best is None or result["median_ms"] < best["median_ms"]:
            best = result
    if args.sql:
        by_line = Statements(by_line=True)
        with connection.execute_wrapper(by_line):
            for path in rotation:
                get(client, path)
        best["lines"] = dict(by_line.lines)
    return best


def slowest(client, paths: list[str], count: int) -> list[tuple[float, str]]:
    """Each distinct path once more after a first request (timed as a warm one)."""
    timed = []
    for path in dict.fromkeys(paths):
        get(client, path)
        start = time.perf_counter()
        get(client, path)
        timed.append(((time.perf_counter() - start) * 1000, unquote(path)))
    return sorted(timed, reverse=True)[:count]


def profile(client, paths: list[str], args) -> None:
    rotation = cycle(paths, args.requests)
    warm(client, paths)
    profiler = cProfile.Profile()
    profiler.enable()
    for path in rotation:
        client.get(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


def baseline_files(args) -> tuple[Path, Path]:
    """The baseline's Python and its search terms, as make bench left them in <root>."""
    root = Path(args.root)
    python, queries = root / "venv" / "bin" / "python", root / "run" / "queries.json"
    if not python.exists() or not queries.exists():
        raise SystemExit(f"no baseline in {root}: make bench BENCH_ARGS=--prepare-only")
    return python, queries


def baseline(args) -> dict[str, float]:
    """The baseline's medians in ms by endpoint, from its own ``bench_tools.py inproc`` on
    its archive (started by make bench in <root>)."""
    python, queries = baseline_files(args)
    # Its own environment only, as bench.pages.run_baseline gives run.sh.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "TZ")
    }
    env.update(
        PGHOST="127.0.0.1",
        PGPORT=str(args.pg_port),
        PGUSER="postgres",
        PGDATABASE="perfbase",
        BENCH_MIDDLEWARE="default",
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "baseline.json"
        subprocess.run(
            [python, "bench_tools.py", "inproc", queries, str(args.articles),
             str(args.requests), out],
            cwd=args.baseline, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        endpoints = json.loads(out.read_text(encoding="utf-8"))["endpoints"]
    return {name: values["median_ms"] for name, values in endpoints.items()}


def report(results: dict[str, dict], base: dict[str, float] | None) -> list[str]:
    lines = [
        f"{'page':<12}{'median ms':>10}{'p95 ms':>9}{'CPU ms':>8}{'DB ms':>8}{'SQL':>6}"
        + (f"{'baseline':>16}{'ratio':>7}" if base else "")
    ]
    for page, r in results.items():
        line = (
            f"{page:<12}{r['median_ms']:>10.2f}{r['p95_ms']:>9.2f}{r['cpu_ms']:>8.2f}"
            f"{r['db_ms']:>8.2f}{r['statements']:>6.1f}"
        )
        if base:
            theirs = base[PAGES[page]]
            line += f"{'/' + PAGES[page]:>9}{theirs:>7.2f}{theirs / r['median_ms']:>7.2f}"
        lines.append(line)
    if base:
        lines.append(
            "baseline medians (ms): " + ", ".join(f"/{k} {v:.2f}" for k, v in base.items())
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    pages = [page.strip() for page in args.pages.split(",") if page.strip()]
    unknown = sorted(set(pages) - set(PAGES))
    if unknown:
        raise SystemExit(f"unknown pages: {', '.join(unknown)}")
    paths_file = Path(args.root) / "newsroom-paths.json"
    if not paths_file.exists():
        raise SystemExit(f"no {paths_file}: make bench BENCH_ARGS=--prepare-only")
    paths = json.loads(paths_file.read_text(encoding="utf-8"))
    missing = [page for page in pages if not paths.get(page)]
    if missing:
        raise SystemExit(f"{paths_file} has no paths for {', '.join(missing)}: rebuild the archive")
    if not args.no_baseline:
        baseline_files(args)  # before minutes of timing, not after
    # The page cache off, as in make bench's uncached pass (REDIS_URL would turn it on).
    os.environ.pop("REDIS_URL", None)
    os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = os.environ["NEWSROOM_SEARCH_CACHE_SECONDS"] = "0"
    db.setup_django(args.database or f"postgres://postgres@127.0.0.1:{args.pg_port}/{ARCHIVE_DB}")
    from django.test import Client

    client = Client()
    if args.profile:
        for page in pages:
            print(f"== {page}")
            profile(client, paths[page], args)
        return
    results = {}
    for page in pages:
        results[page] = time_page(client, paths[page], args)
        if args.slowest:
            print(f"== {page}: the slowest paths (ms)")
            for ms, path in slowest(client, paths[page], args.slowest):
                print(f"{ms:9.1f}  {path}")
    if args.sql:
        for page, r in results.items():
            print(f"== {page}: DB ms per page by the line that ran the statement")
            ranked = sorted(r["lines"].items(), key=lambda item: -item[1][1])[: args.top]
            for line, (count, seconds, sql) in ranked:
                per_page = args.requests  # the lines come from one round
                print(f"{seconds * 1000 / per_page:8.2f} ms {count / per_page:5.2f}×  {line}")
                print(f"{'':20}{sql}")
    base = None if args.no_baseline else baseline(args)
    print("\n".join(report(results, base)))


if __name__ == "__main__":
    main(sys.argv[1:])
