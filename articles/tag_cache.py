"""Tags by id, kept in each process and checked against the database's tags version.

A list page prints about two hundred tags of a few dozen. Read with each article as JSON
(id, name, slug, kind), they cost PostgreSQL twice what the articles did: the home page's
statement took 1.0-1.2 ms with them and 0.42 ms with the ids alone (bench archive, prepared,
median of 400). So lists read ids (``TAG_IDS``) and the version of the tags
(``TAGS_VERSION``, migration 0015) in the same statement, and take the tags from here:
what was cached under another version is dropped, and ids not cached are read once.

The Tag instances are shared by every request of the process: pages only read them. A
database is restored with the web processes stopped (README, "Backup and restore"), so no
cache outlives the versions it was read under.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS

from newsroom.prepared import server_cursor

from .instances import loaded


# An article's tag ids in the order ingest added them (topics, places, terms), and the
# version the names were at, as columns of a statement whose outer table is articles_article.
def tag_ids_sql(article: str = "articles_article") -> str:
    """The ids column, for a statement that names the article table ``article``."""
    return (
        "ARRAY(SELECT x.tag_id FROM articles_taggedarticle x"
        f" WHERE x.content_object_id = {article}.id ORDER BY x.id)"
    )


TAG_IDS = tag_ids_sql()
# 0 when the row is missing (truncated by hand): a version the sequence never gives.
TAGS_VERSION = "(SELECT COALESCE(max(v.version), 0) FROM articles_tagsversion v)"

# More tags than this and a process's cache starts again from the tags of the page in hand,
# so its memory stays bounded whatever the archive (a Tag is about half a kilobyte).
LIMIT = 20_000

_READ = f"SELECT id, name, slug, kind, {TAGS_VERSION} FROM articles_tag WHERE id = ANY(%s)"

# Database alias -> (version, tags by id). An entry is replaced whole, never changed in
# place: a thread of a gthread worker sees one or the other. Each database has its own
# sequence of versions, so each its own entry.
_cache: dict[str, tuple[int, dict]] = {}


def tags_by_id(ids: Iterable[int], version: int, using: str = DEFAULT_DB_ALIAS) -> dict:
    """The tags ``ids`` name (a dict by id), as a statement of ``using`` that read
    ``version`` saw them or later.

    An id may be missing from the answer: its tag was deleted after the statement that
    gave the id."""
    from .models import Tag  # models imports querysets, which imports this module

    stamp, known = _cache.get(using, (None, {}))
    if stamp != version:
        known = {}
    wanted = set(ids)
    missing = sorted(wanted.difference(known))
    if not missing:
        if stamp != version:
            _cache[using] = (version, known)
        return known
    with server_cursor(using) as cursor:
        cursor.execute(_READ, [missing])
        rows = cursor.fetchall()
    read = {
        pk: loaded(Tag, id=pk, name=name, slug=slug, kind=kind) for pk, name, slug, kind, _ in rows
    }
    version_read = rows[0][-1] if rows else version
    # This page's tags: those known under the list's own version, and those just read.
    found = {pk: known[pk] for pk in wanted if pk in known} | read
    if version_read != version:
        # Tags changed after the list was read: what is known may be older than the
        # version just read, so only what was read with it is kept under it.
        _cache[using] = (version_read, read)
    elif len(known) + len(read) > LIMIT:
        _cache[using] = (version, found)
    else:
        _cache[using] = (version, known | read)
    return found


def forget() -> None:
    """Empty this process's cache (tests)."""
    _cache.clear()
