"""A larger archive copied from a built one in SQL: the 1,000,000-article run of make bench.

Building an archive in Python holds every article in memory (about 110 KB each, with its
vectors) and took 25 minutes for 100,000 articles on this machine; a million that way would
not fit in memory. ``multiply`` instead copies a built archive into a new database and
inserts ``factor - 1`` more copies of its articles with everything that hangs off them
(bulletins, tags, mentions, credits, meetings, participants, directives), in SQL. Copy k
has its ids moved past those of copy k - 1 and its dates moved k times the archive's span
earlier, so the larger archive reaches further back in time, as a paper's archive grows; its
people and tags are the same ones, each named or used ``factor`` times as often.

Secondary indexes are dropped during the copy and rebuilt after it, and triggers are off
(``session_replication_role = replica``): the copies refer only to rows copied with them,
the dates that triggers copy into rows (migration articles 0011) are moved with the rows
here, and the meetings tallied per organizer (0013) are multiplied.
"""

from __future__ import annotations

import time

import psycopg
from psycopg import sql

from bench import db

# Table → {column: SQL expression in k (the copy number) and the offsets}. Columns not
# named are copied as they are.
COPIED = {
    "articles_bulletin": {
        "id": "id + k * {articles_bulletin}",
        # Unique per page, 64 hexadecimal digits like the digest it replaces.
        "sha256": "md5(sha256 || ':' || k) || md5(k || ':' || sha256)",
        "issue_date": "issue_date - k * {span}",
        "source_name": "source_name || '-' || k",
    },
    "articles_article": {
        "id": "id + k * {articles_article}",
        "bulletin_id": "bulletin_id + k * {articles_bulletin}",
        "event_date": "event_date - k * {span}",
        "published_at": "published_at - make_interval(days => k * {span})",
    },
    "articles_taggedarticle": {
        "id": "id + k * {articles_taggedarticle}",
        "content_object_id": "content_object_id + k * {articles_article}",
    },
    # Rows' copies of their article's and meeting's dates (kept by triggers, which are
    # off here) move with them.
    "articles_mention": {
        "id": "id + k * {articles_mention}",
        "article_id": "article_id + k * {articles_article}",
        "article_date": "article_date - k * {span}",
    },
    "articles_credit": {
        "id": "id + k * {articles_credit}",
        "article_id": "article_id + k * {articles_article}",
        "article_date": "article_date - k * {span}",
    },
    "articles_meeting": {
        "id": "id + k * {articles_meeting}",
        "article_id": "article_id + k * {articles_article}",
        "date": "date - k * {span}",
    },
    "articles_participation": {
        "id": "id + k * {articles_participation}",
        "meeting_id": "meeting_id + k * {articles_meeting}",
        "article_date": "article_date - k * {span}",
        "meeting_date": "meeting_date - k * {span}",
    },
    "articles_directive": {
        "id": "id + k * {articles_directive}",
        "article_id": "article_id + k * {articles_article}",
        "meeting_id": "meeting_id + k * {articles_meeting}",
        "article_date": "article_date - k * {span}",
    },
}


def multiply(source_url: str, target_url: str, factor: int, marker: str) -> None:
    """Make ``target_url`` a copy of ``source_url`` with ``factor`` times its articles, and
    put ``marker`` in its comment."""
    server, source = db.server_and_name(source_url)
    _, target = db.server_and_name(target_url)
    started = time.perf_counter()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        # Nobody may be connected to a template: close what the source has open.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [source],
        )
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    print(f"scale: copied {source} in {time.perf_counter() - started:.0f} s")
    with psycopg.connect(target_url, autocommit=True) as conn:
        # Not archive.py's 64MB: with it the search vector's index took 85 minutes here
        # (session 22), with 1GB 61 (session 6) and 50 (session 23, on a machine that
        # built the 100,000-article archive in 10 minutes against session 22's 14); likely
        # because ten times as many writes of the build's tree each merge into posting
        # lists that keep growing.
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET session_replication_role = replica")
        offsets = {
            table: conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            for table in COPIED
        }
        (offsets["span"],) = conn.execute(
            "SELECT coalesce(max(event_date) - min(event_date) + 1, 1) FROM articles_article"
        ).fetchone()
        indexes = conn.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s)"
            " AND NOT i.indisunique AND NOT i.indisprimary",
            [list(COPIED)],
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        for table, changed in COPIED.items():
            step = time.perf_counter()
            columns = [
                name
                for (name,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = 'public' AND table_name = %s"
                    " ORDER BY ordinal_position",
                    [table],
                )
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            values = ", ".join(
                changed[c].format(**offsets) if c in changed else f'"{c}"' for c in columns
            )
            conn.execute(
                f"INSERT INTO {table} ({quoted}) SELECT {values}"
                f" FROM {table}, generate_series(1, {factor - 1}) AS k ORDER BY k, id"
            )
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
            print(f"scale: {table} in {time.perf_counter() - step:.0f} s")
        # The meetings per organizer (tallied by triggers, off here; migration articles 0013):
        # each copy repeats every meeting.
        conn.execute("UPDATE articles_organizertally SET meetings = meetings * %s", [factor])
        for name, definition in indexes:
            step = time.perf_counter()
            conn.execute(definition)
            print(f"scale: index {name} in {time.perf_counter() - step:.0f} s")
        conn.execute("VACUUM ANALYZE")
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(target), marker))
    print(f"scale: {factor} × the archive in {time.perf_counter() - started:.0f} s")
