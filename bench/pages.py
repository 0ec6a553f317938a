"""Reader pages at archive scale, side by side with bare Django (``make bench``).

    make bench                                              # 100,000 articles, ~45 min
    make bench BENCH_ARGS="--articles 3000 --duration 5s --reps 1"    # a quick look
    .venv/bin/python -m bench.pages --help

The run, in order:

1. The bare-Django baseline of ``../shared/bench/baseline/`` prepares its throwaway
   PostgreSQL cluster (127.0.0.1:``--pg-port``, under ``--root``) and its own 100,000 rows.
2. The archive of bench/archive.py — articles with a cast of a few thousand people, their
   meetings, directives and tags, one draft in 37 — is built in the database
   ``newsroom_bench_pages`` of that cluster, so that run.sh counts our database's CPU as it
   counts the baseline's. It is kept between runs, rebuilt when the arguments change and
   migrated when the migrations do.
3. The admin changelists are timed in process (bench/admin_speed.py).
4. run.sh serves the baseline and the app (``newsroom.wsgi`` under production settings:
   DEBUG off, manifest static files; only the HTTPS redirect is off, on loopback) with the
   same gunicorn flags, and drives both with the same wrk command line, reps interleaved:
   once with the page cache off ("uncached") and once with Redis behind it ("cached").
   Each app page is a rotating list of paths: home, articles, people, the meeting list,
   the directive index, tags, search queries and the same queries as JSON.
5. It prints, per page: req/s, p50/p95/p99, CPU ms per request (gunicorn + PostgreSQL),
   the baseline page it is compared with and the ratio of req/s; the largest RSS a worker
   reached; the sizes of the largest indexes. Everything is also written to ``--out``.

Goals (issue #7): uncached home, article and person pages >= 1.0x the baseline's /list or
/detail; cached pages >= 0.5x the baseline's /plain; search p95 <= 50 ms and >= 1.0x the
baseline's /search; <= 120 MB RSS per worker; admin lists under 300 ms. A measurement, not
a test: nothing is asserted (tests/bench/test_pages.py runs it on a tiny archive).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench import db, report, wrk

REPO = Path(__file__).resolve().parents[1]
GUNICORN_CONF = REPO / "gunicorn.conf.py"
DEFAULT_BASELINE = REPO.parent / "shared" / "bench" / "baseline"
ARCHIVE_DB = "newsroom_bench_pages"
ARCHIVE_ID = "newsroom bench archive"
# run.sh's names for the two sides of a config: the baseline's startproject middleware
# stack, and the app.
SIDES = ("default", "target")
# Our page -> the baseline page it is held against (issue #7).
PAGES = {
    "home": "list",
    "article": "detail",
    "person": "list",
    "meetings": "list",
    "directives": "list",
    "tag": "list",
    "search": "search",
    "search_json": "search",
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--articles", type=int, default=100_000)
    add("--cast", type=int, default=3000, help="people in the archive (default 3000)")
    add("--seed", type=int, default=0)
    add("--queries", type=int, default=200, help="search queries in the rotation")
    add(
        "--workers",
        default="sync:2",
        help="gunicorn configs, comma-separated: sync:N or gthread:WxT (default sync:2)",
    )
    add("--pages", default=",".join(PAGES), help="comma-separated subset of: " + ", ".join(PAGES))
    add(
        "--scale",
        type=int,
        default=1,
        help="measure an archive this many times larger, copied from the built one in SQL"
        " (bench/scale.py): --scale 10 for 1,000,000 articles",
    )
    add("--uncached-only", action="store_true", help="skip the pass with the page cache on")
    add("--skip-admin", action="store_true", help="do not time the admin lists")
    add("--duration", default="15s")
    add("--warmup", default="3s")
    add("--reps", type=int, default=3)
    add("--connections", type=int, default=16)
    add("--quiet-wait", type=int, default=30, help="s to wait for a quiet machine before a run")
    add("--admin-reps", type=int, default=20)
    add("--baseline", type=Path, default=DEFAULT_BASELINE)
    add("--root", default=os.environ.get("PERFBASE_ROOT", "/tmp/perfbase"))
    add("--pg-port", type=int, default=55502)
    add("--app-port", type=int, default=55580)
    add("--redis-url", default="redis://127.0.0.1:6379/14", help="for the cached pass")
    add("--out", type=Path, help="default: var/bench/<time>")
    add("--keep-pg", action="store_true", help="leave the benchmark PostgreSQL running")
    add(
        "--prepare-only",
        action="store_true",
        help="build the baseline and the archive, leave PostgreSQL running, measure nothing",
    )
    args = parser.parse_args(argv)
    # run.sh works in its own directory: every path it is given must be absolute.
    args.root = str(Path(args.root).resolve())
    args.baseline = args.baseline.resolve()
    return args


def run_baseline(args, phase: str, log, **env) -> None:
    """run.sh with our knobs; its own environment only (no DJANGO_* or DATABASE_URL)."""
    # (TZ: django.setup() sets it to TIME_ZONE in this process.)
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("DATABASE_URL", "TZ")
    }
    clean.update(
        PERFBASE_ROOT=args.root,
        PGPORT=str(args.pg_port),
        APP_PORT=str(args.app_port),
        ARTICLES=str(args.articles),
        DURATION=args.duration,
        WARMUP=args.warmup,
        REPS=str(args.reps),
        CONNS=str(args.connections),
        # At least 1: run.sh reads the last busy reading after its wait loop.
        QUIET_WAIT=str(max(1, args.quiet_wait)),
        FRESH_DB="0",
        INPROC_N="0",
        KEEP_PG="1",
    )
    clean.update(env)
    print(f"\n== {phase}", flush=True)
    with subprocess.Popen(
        [str(args.baseline / "run.sh")],
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        for line in proc.stdout:
            log.write(line)
            if "] " in line[:12]:  # run.sh's progress lines; its tables are in the log
                print("  " + line.rstrip(), flush=True)
    if proc.returncode:
        sys.exit(f"run.sh failed ({phase}, exit {proc.returncode}); see {log.name}")


def archive_marker(args) -> str:
    return (
        f"{ARCHIVE_ID}: articles={args.articles} cast={args.cast} seed={args.seed}"
        f" queries={args.queries}"
    )


def stored_marker(url: str) -> str | None:
    import psycopg

    server, name = db.server_and_name(url)
    with psycopg.connect(server) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return row[0] if row else None


def build_archive(args, url: str, paths_file: Path) -> dict[str, list[str]]:
    """The archive and the paths each page rotates through; built only when missing or
    built with other arguments or migrations."""
    from django.core.management import call_command
    from django.db import connection, connections

    marker = archive_marker(args)
    if stored_marker(url) == marker and paths_file.exists():
        print(f"archive: reusing {ARCHIVE_DB} ({marker.split(': ')[1]})")
        # Migrations added since it was built apply to it as to any database.
        out = io.StringIO()
        call_command("migrate", stdout=out)
        if "Applying" in out.getvalue():
            print(out.getvalue().strip())
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        return wrk.load(paths_file)
    from bench.archive import build

    connections.close_all()
    db.recreate(url)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    corpus = build(args.articles, args.seed, cast=args.cast, drafts_every=37)
    paths = page_paths(corpus, args)
    wrk.save(paths_file, paths)
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON DATABASE {ARCHIVE_DB} IS %s", [marker])
        cursor.execute("VACUUM ANALYZE")
    print(f"archive: built in {time.perf_counter() - started:.0f} s")
    return paths


def scale_archive(args, url: str, paths: dict[str, list[str]]) -> tuple[str, dict]:
    """Switch to the archive --scale times larger (bench/scale.py), copying it from the
    built one when missing; article paths are drawn from all of it."""
    from django.core.management import call_command
    from django.db import connection, connections

    from bench.scale import multiply

    name = f"{ARCHIVE_DB}_x{args.scale}"
    scaled = f"{url.rsplit('/', 1)[0]}/{name}"
    marker = f"{archive_marker(args)} scale={args.scale}"
    connections.close_all()
    if stored_marker(scaled) == marker:
        print(f"archive: reusing {name}")
    else:
        multiply(url, scaled, args.scale, marker)
    connection.settings_dict["NAME"] = name
    # The copy has the migrations of its source when made; later ones apply as they do there.
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM articles_article WHERE status = 'published' ORDER BY id")
        articles = [pk for (pk,) in cursor.fetchall()]
    rng = random.Random(args.seed)
    article_paths = [f"/articles/{pk}/" for pk in rng.sample(articles, min(500, len(articles)))]
    return scaled, {**paths, "article": article_paths}


def page_paths(corpus: dict, args) -> dict[str, list[str]]:
    from django.db import connection

    from bench.search_speed import query_mix

    rng = random.Random(args.seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM articles_article WHERE status = 'published' ORDER BY id")
        articles = [pk for (pk,) in cursor.fetchall()]
        # Readers open the people the paper names most, and some of the others.
        cursor.execute(
            "SELECT person_id FROM articles_mention GROUP BY person_id ORDER BY count(*) DESC"
        )
        people = [pk for (pk,) in cursor.fetchall()]
        cursor.execute(
            "SELECT t.slug FROM articles_tag t WHERE EXISTS"
            " (SELECT FROM articles_taggedarticle x WHERE x.tag_id = t.id) ORDER BY t.id"
        )
        tags = [slug for (slug,) in cursor.fetchall()]
    queries = [q for _, q in query_mix(corpus, args.queries, args.seed)]
    return {
        "home": ["/"],
        "article": [f"/articles/{pk}/" for pk in rng.sample(articles, min(500, len(articles)))],
        "person": [
            f"/people/{pk}/"
            for pk in people[:100] + rng.sample(people[100:], min(100, len(people[100:])))
        ],
        "meetings": ["/meetings/"],
        "directives": ["/directives/"],
        "tag": [f"/tags/{quote(slug)}/" for slug in rng.sample(tags, min(200, len(tags)))],
        "search": [f"/search/?{urlencode({'q': q})}" for q in queries],
        "search_json": [f"/search/?{urlencode({'q': q, 'format': 'json'})}" for q in queries],
    }


class RssSampler(threading.Thread):
    """The largest resident set each gunicorn worker of the app reached, sampled twice a
    second from /proc while run.sh serves it."""

    def __init__(self, pid_file: Path) -> None:
        super().__init__(daemon=True)
        self.pid_file = pid_file
        self.largest_kb = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            try:
                master = int(self.pid_file.read_text())
                if b"bench.wsgi" not in Path(f"/proc/{master}/cmdline").read_bytes():
                    continue
                children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
                for pid in children:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            self.largest_kb = max(self.largest_kb, int(line.split()[1]))
            except (OSError, ValueError):
                continue


def app_env(args, url: str, static_root: str, cached: bool) -> str:
    env = {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS ends at the proxy
        "DJANGO_LOG_LEVEL": "WARNING",  # the baseline writes no request log either
        "DJANGO_STATIC_ROOT": static_root,
        "DATABASE_URL": url,
        # Long enough to outlast the pass (production keeps pages 300 s).
        "NEWSROOM_PAGE_CACHE_SECONDS": "3600" if cached else "0",
        "NEWSROOM_SEARCH_CACHE_SECONDS": "60" if cached else "0",
        # The production gunicorn settings (preloading, logging, timeouts): run.sh starts
        # gunicorn in the baseline's directory, where the default ./gunicorn.conf.py is not
        # ours. Its command line (bind, worker class and count) still wins.
        "GUNICORN_CMD_ARGS": f"--config={GUNICORN_CONF}",
        # But workers are not replaced: at these rates one would be every few seconds, and
        # run.sh's CPU accounting loses a process that exits during a run (negative
        # shares, the rep dropped as noisy). What replacing them costs was measured on its
        # own (gunicorn.conf.py, max_requests).
        "GUNICORN_MAX_REQUESTS": "0",
    }
    if cached:
        env["REDIS_URL"] = args.redis_url
    return " ".join(f"{key}={value}" for key, value in env.items())


def warm(env: str, paths: dict, pages: dict, out: Path, port: int) -> None:
    """Store every page of the pass in the page cache first (bench/warm.py)."""
    wanted = {page: paths[page] for page in pages}
    (out / "warm-paths.json").write_text(json.dumps(wanted, ensure_ascii=False))
    environment = {**os.environ, **dict(item.split("=", 1) for item in env.split())}
    done = subprocess.run(
        [sys.executable, "-m", "bench.warm", str(out / "warm-paths.json"), f"127.0.0.1:{port}"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"warming the page cache failed:\n{done.stdout}{done.stderr}")
    print(done.stdout.strip(), flush=True)


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: make bench-deps")
    run_sh = args.baseline / "run.sh"
    if not run_sh.exists():
        sys.exit(f"No baseline at {args.baseline} (--baseline).")
    out = (
        args.out or REPO / "var" / "bench" / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    ).resolve()
    out.mkdir(parents=True, exist_ok=True)
    configs = [config.strip() for config in args.workers.split(",") if config.strip()]
    pages = {page: PAGES[page] for page in args.pages.split(",")}
    root = Path(args.root)
    url = f"postgres://postgres@127.0.0.1:{args.pg_port}/{ARCHIVE_DB}"
    started = time.perf_counter()
    with open(out / "run.log", "w", encoding="utf-8") as log:
        run_baseline(args, "baseline: venv, PostgreSQL, its articles", log, CONFIGS="none")
        db.setup_django(url)
        paths = build_archive(args, url, root / "newsroom-paths.json")
        if args.scale > 1:
            url, paths = scale_archive(args, url, paths)
        if args.prepare_only:
            print(f"PostgreSQL stays up on 127.0.0.1:{args.pg_port}; the archive is {url}")
            return
        scripts = out / "scripts"
        scripts.mkdir(exist_ok=True)
        target_urls = " ".join(
            f"{page}=@{wrk.write_script(scripts / f'{page}.lua', paths[page])}" for page in pages
        )
        admin = [] if args.skip_admin else report.admin_lists(args.admin_reps)
        sizes = report.index_sizes()
        from django.db import connections

        connections.close_all()

        sampler = RssSampler(root / "run" / "gunicorn.pid")
        sampler.start()
        common = {
            "CONFIGS": " ".join(f"{who}:{config}" for config in configs for who in SIDES),
            "TARGET_WSGI": "bench.wsgi:application",
            "TARGET_DIR": str(REPO),
            "TARGET_GUNICORN": str(Path(sys.executable).parent / "gunicorn"),
            "TARGET_URLS": target_urls,
        }
        static_root = os.environ["DJANGO_STATIC_ROOT"]  # collected by setup_django
        baseline_pages = sorted({"plain", *pages.values()})
        run_baseline(
            args,
            "uncached: page cache off",
            log,
            ENDPOINTS=" ".join(baseline_pages),
            TARGET_ENV=app_env(args, url, static_root, cached=False),
            KEEP_PG="1" if args.keep_pg or not args.uncached_only else "0",
            **common,
        )
        shutil.copytree(root / "results", out / "uncached", dirs_exist_ok=True)
        if not args.uncached_only:
            flush_redis(args.redis_url)
            cached_env = app_env(args, url, static_root, cached=True)
            warm(cached_env, paths, pages, out, args.app_port)
            run_baseline(
                args,
                "cached: page cache in Redis",
                log,
                ENDPOINTS=" ".join(page for page in ("plain", "search") if page in baseline_pages),
                TARGET_ENV=cached_env,
                KEEP_PG="1" if args.keep_pg else "0",
                **common,
            )
            shutil.copytree(root / "results", out / "cached", dirs_exist_ok=True)
            flush_redis(args.redis_url)
        sampler.stopping.set()

    text = report.render(
        args,
        uncached=wrk.summarise(out / "uncached", args.baseline),
        cached=wrk.summarise(out / "cached", args.baseline) if not args.uncached_only else {},
        pages=pages,
        configs=[config.replace(":", "-") for config in configs],
        rss_kb=sampler.largest_kb,
        admin=admin,
        sizes=sizes,
        environment=(out / "uncached" / "env.txt").read_text(),
    )
    (out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"{time.perf_counter() - started:.0f} s; results in {out}")


if __name__ == "__main__":
    main()
