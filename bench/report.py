"""The tables of bench/pages.py: pages against the baseline, admin lists, index sizes."""

from __future__ import annotations

import math

GOALS = {
    # page: the least req/s ratio to its baseline page, uncached
    "home": 1.0,
    "article": 1.0,
    "person": 1.0,
    "search": 1.0,
}
CACHED_GOAL = 0.5  # x the baseline's /plain
SEARCH_P95_MS = 50
RSS_MB = 120
ADMIN_MS = 300
ADMIN_GOAL_PAGES = ("article list", "person list")


def admin_lists(reps: int) -> list[tuple]:
    from bench.admin_speed import timings

    return list(timings(reps))


def index_sizes(limit: int = 10) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'i' AND n.nspname = 'public' ORDER BY 2 DESC"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT pg_database_size(current_database()),"
            " pg_total_relation_size('articles_article'),"
            " (SELECT count(*) FROM articles_article),"
            " (SELECT count(*) FROM people_person)"
        )
        database, articles_table, articles, people = cursor.fetchone()
    return {
        "largest": indexes[:limit],
        "all_indexes": sum(size for _, size in indexes),
        "database": database,
        "articles_table": articles_table,
        "articles": articles,
        "people": people,
    }


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _ratio(value: float, base: float | None) -> float:
    return value / base if base else math.nan


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✓" if ok else " ✗")


def render(args, *, uncached, cached, pages, configs, rss_kb, admin, sizes, environment) -> str:
    lines = [
        f"# make bench: {sizes['articles']:,} articles, {sizes['people']:,} people,"
        f" wrk -c{args.connections} -d{args.duration} x{args.reps} reps",
        "",
        environment.strip(),
    ]
    noise = []
    for config in configs:
        lines += _pages_table(config, uncached, cached, pages)
        noise += [
            r["noise_pct"]
            for side in (uncached, cached)
            for who in ("default", "target")
            for r in side.get(f"{who}-{config}", {}).values()
        ]
    lines += _notes(args, noise, rss_kb, sizes, admin)
    return "\n".join(lines) + "\n"


def _pages_table(config, uncached, cached, pages) -> list[str]:
    base_u = uncached.get(f"default-{config}", {})
    base_c = cached.get(f"default-{config}", {})
    ours_u = uncached.get(f"target-{config}", {})
    ours_c = cached.get(f"target-{config}", {})
    plain = base_c.get("plain", {}).get("rps")
    lines = [
        "",
        f"## gunicorn {config}",
        "",
        "Baseline (bare Django, same run): "
        + ", ".join(
            f"/{ep} {base_u[ep]['rps']:,.0f} req/s"
            for ep in ("plain", "list", "detail", "search")
            if ep in base_u
        ),
        "",
        "| page | uncached req/s | p50 / p95 / p99 ms | CPU ms/req | vs baseline | ratio"
        " | cached req/s | p99 ms | ratio to /plain |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for page, base_page in pages.items():
        u, c = ours_u.get(page), ours_c.get(page)
        if not u:
            continue
        ratio = _ratio(u["rps"], base_u.get(base_page, {}).get("rps"))
        goal = GOALS.get(page)
        ok = None if goal is None else ratio >= goal
        if page == "search":
            ok = ok and u["p95_ms"] <= SEARCH_P95_MS
        cached_cells = "| | |"
        if c:
            c_ratio = _ratio(c["rps"], plain)
            c_ok = None if page.startswith("search") else c_ratio >= CACHED_GOAL
            cached_cells = f"{c['rps']:,.0f} | {c['p99_ms']:.1f} | {c_ratio:.2f}{_mark(c_ok)} |"
        errors = u["errors"] + (c["errors"] if c else 0)
        lines.append(
            f"| {page}{' (' + str(errors) + ' errors)' if errors else ''} | {u['rps']:,.0f}"
            f" | {u['p50_ms']:.1f} / {u['p95_ms']:.1f} / {u['p99_ms']:.1f}"
            f" | {u['cpu_ms']:.1f} | /{base_page} | {ratio:.2f}{_mark(ok)} | {cached_cells}"
        )
    return lines


def _notes(args, noise, rss_kb, sizes, admin) -> list[str]:
    lines = [
        "",
        "Ratios are req/s of our page over the baseline page's in the same run (uncached"
        f" goal {GOALS['home']:.1f}x for home, article, person and search; cached goal"
        f" {CACHED_GOAL}x /plain; search p95 goal {SEARCH_P95_MS} ms). CPU ms/req counts"
        " gunicorn and PostgreSQL. Worst share of CPU other processes took during a run:"
        f" {max(noise, default=math.nan):.0f}%.",
        "",
        f"Largest RSS of a worker: {rss_kb / 1024:.0f} MB{_mark(rss_kb / 1024 <= RSS_MB)}"
        f" (goal {RSS_MB} MB).",
        "",
        f"Database {_mb(sizes['database'])}; articles table with TOAST and indexes"
        f" {_mb(sizes['articles_table'])}; all indexes {_mb(sizes['all_indexes'])}. Largest:",
        "",
        "| index | size |",
        "|---|---:|",
        *(f"| {name} | {_mb(size)} |" for name, size in sizes["largest"]),
    ]
    if not admin:
        return lines
    lines += [
        "",
        f"Admin (Django test client, in process, {args.admin_reps} reps, goal {ADMIN_MS} ms"
        " at p95 for the Article and Person lists):",
        "",
        "| admin page | median ms | p95 ms | queries |",
        "|---|---:|---:|---:|",
    ]
    for name, median, p95, _slowest, queries, _query in admin:
        ok = p95 <= ADMIN_MS if name in ADMIN_GOAL_PAGES else None
        lines.append(f"| {name} | {median:.0f} | {p95:.0f}{_mark(ok)} | {queries} |")
    return lines
