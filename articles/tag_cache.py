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
TAG_IDS = (
    "ARRAY(SELECT x.tag_id FROM articles_taggedarticle x"
    " WHERE x.content_object_id = articles_article.id ORDER BY x.id)"
)
# 0 when the row is missing (truncated by hand): a version no transaction sets.
TAGS_VERSION = "(SELECT COALESCE(max(v.version), 0) FROM articles_tagsversion v)"

# More tags than this and the cache starts again from the tags of the page in hand, so a
# process's memory stays bounded whatever the archive (a Tag is about half a kilobyte).
LIMIT = 20_000

_READ = f"SELECT id, name, slug, kind, {TAGS_VERSION} FROM articles_tag WHERE id = ANY(%s)"

# (version, tags by id), replaced whole, never changed in place: a thread of a gthread
# worker sees one or the other.
_cache: tuple[int | None, dict] = (None, {})


def tags_by_id(ids: Iterable[int], version: int, using: str = DEFAULT_DB_ALIAS) -> dict:
    """The tags ``ids`` name, as a statement that read ``version`` saw them or later.

    An id may be missing from the answer: its tag was deleted after the statement that
    gave the id."""
    from .models import Tag  # models imports querysets, which imports this module

    global _cache
    stamp, known = _cache
    if stamp != version:
        known = {}
    missing = {pk for pk in ids if pk not in known}
    if not missing:
        if stamp != version:
            _cache = (version, known)
        return known
    read = {}
    with server_cursor(using) as cursor:
        cursor.execute(_READ, [sorted(missing)])
        for pk, name, slug, kind, version_now in cursor.fetchall():
            read[pk] = loaded(Tag, id=pk, name=name, slug=slug, kind=kind)
            if version_now != version:  # changed since: what is known is older
                version, known = version_now, {}
    known = read if len(known) + len(read) > LIMIT else {**known, **read}
    _cache = (version, known)
    return known


def forget() -> None:
    """Empty this process's cache (tests)."""
    global _cache
    _cache = (None, {})
