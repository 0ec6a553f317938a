"""A synthetic archive at scale, written with COPY: what ingest would store for N articles.

``build(n, seed)`` generates bulletin pages with the synthetic generator (bench/synthetic/),
lengthens each article with varied prose (bench/synthetic/vocabulary.py) to about 2,500
characters so that words spread over articles as in a real archive, and writes every table
ingest fills: bulletins (one per page), articles with their search vectors, people, mentions,
positions with first/last-seen dates, credits, tags, meetings with their participants, and
directives with their issuers. The benchmarks share it (search_speed, admin_speed, pages).

With ``cast`` the pages draw their people from a cast of that many names, most often the
first ones, as a paper names its district's leaders in most reports (a realistic spread for
person pages and name searches); without it every page invents its own people.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable
from multiprocessing import Pool

from bench.synthetic import Cast, generate_pages
from bench.synthetic.vocabulary import Lexicon

ARTICLES_PER_PAGE = 3


def _vectors(item: tuple[str, str]) -> tuple[str, ...]:
    from articles.search import document_fields

    return document_fields(*item)


def copy_rows(cursor, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def corpus_records(n_articles: int, seed: int, cast: int | None = None):
    """(page number, issue date, record) triples of the archive, and the lexicon of the
    prose that lengthens each article (after its dateline paragraph, before the directives
    and the closing paragraphs)."""
    rng = random.Random(seed + 7)
    lexicon = Lexicon(rng)
    people = Cast(random.Random(seed + 11), cast) if cast else None
    records = []
    pages = (n_articles + ARTICLES_PER_PAGE - 1) // ARTICLES_PER_PAGE
    for page, (day, _, truth) in enumerate(
        generate_pages(pages, seed, articles=ARTICLES_PER_PAGE, cast=people), start=1
    ):
        for record in truth:
            length = sum(map(len, record.paragraphs))
            extra = [
                lexicon.paragraph(rng, rng.randint(150, 300))
                for _ in range(max(1, (2500 - length) // 220))
            ]
            record.paragraphs[1:1] = extra
            records.append((page, day, record))
    return records[:n_articles], lexicon


def build(n_articles: int, seed: int, *, cast: int | None = None, drafts_every: int = 0) -> dict:
    """Write the archive into the (migrated, empty) database; return what query mixes are
    drawn from: the records, the people's names and the lexicon. With ``drafts_every`` N,
    every Nth article is a draft."""
    from django.db import connection
    from django.utils.text import slugify

    from articles.ingest.load import ARTICLE_FIELDS, BULLETIN_FIELDS
    from articles.ingest.writer import merged

    started = time.perf_counter()
    triples, lexicon = corpus_records(n_articles, seed, cast)
    records = [record for _, _, record in triples]
    generated = time.perf_counter() - started

    items = [
        (" ".join(p for p in (r.kicker, r.title, r.subtitle) if p), "\n\n".join(r.paragraphs))
        for r in records
    ]
    people: dict[str, int] = {}
    for record in records:
        for name in (
            *(c.name for c in record.credits),
            *(m.name for m in record.people),
            *(p.name for m in record.meetings for p in m.participants),
            *(d.issuer for d in record.directives if d.issuer),
        ):
            people.setdefault(name, len(people) + 1)
    tags: dict[str, tuple[int, str]] = {}
    for record in records:
        for name, kind in (
            *((t, "topic") for t in record.tags),
            *((t, "place") for t in record.places),
            *((t, "term") for t in record.terms),
        ):
            if name not in tags and len(name) <= 100:
                tags[name] = (len(tags) + 1, kind)
    slugs: set[str] = set()

    def unique_slug(name: str) -> str:
        base = slugify(name, allow_unicode=True) or "tag"
        slug, n = base, 1
        while slug in slugs:
            n += 1
            slug = f"{base}_{n}"
        slugs.add(slug)
        return slug

    now = dt.datetime.now(dt.UTC)
    pages = {page: day for page, day, _ in triples}
    meeting_ids: dict[tuple[int, int], int] = {}
    positions: dict[tuple[int, str], list[dt.date]] = {}
    for pk, record in enumerate(records, start=1):
        for mention in record.people:
            for title in mention.positions:
                seen = positions.setdefault((people[mention.name], title[:200]), [record.date] * 2)
                seen[0], seen[1] = min(seen[0], record.date), max(seen[1], record.date)
        for order in range(len(record.meetings)):
            meeting_ids[(pk, order)] = len(meeting_ids) + 1

    def article_rows(vectors):
        position_on_page = 0
        previous_page = None
        for pk, ((page, day, r), (_, body), literals) in enumerate(
            zip(triples, items, vectors, strict=True), start=1
        ):
            position_on_page = position_on_page + 1 if page == previous_page else 0
            previous_page = page
            draft = drafts_every and pk % drafts_every == 0
            published = dt.datetime.combine(day, dt.time(8), dt.UTC) + dt.timedelta(seconds=pk)
            # ARTICLE_FIELDS, in order, with the bulletin as its column.
            yield (
                pk,
                page,
                position_on_page,
                r.headline,
                r.kicker,
                r.title,
                r.subtitle,
                r.date,
                r.date_precision,
                body,
                r.photos,
                "draft" if draft else "published",
                None if draft else published,
                now,
                now,
                *literals,
            )

    def participation_rows():
        for pk, r in enumerate(records, start=1):
            titles = {m.name: "、".join(m.positions) for m in r.people}
            for order, meeting in enumerate(r.meetings):
                roles = merged((p.name, p.roles) for p in meeting.participants)
                for index, (name, role_list) in enumerate(roles.items()):
                    for role in role_list:
                        yield (
                            meeting_ids[(pk, order)],
                            people[name],
                            role,
                            titles.get(name, "")[:200],
                            index,
                        )

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
        copy_rows(
            cursor,
            "people_person",
            ["id", "name", "aliases", "disambiguation", "note", "created_at", "updated_at"],
            ((pk, name, [], "", "", now, now) for name, pk in people.items()),
        )
        copy_rows(
            cursor,
            "people_position",
            ["person_id", "title", "first_seen", "last_seen"],
            ((pk, title, *seen) for (pk, title), seen in positions.items()),
        )
        copy_rows(
            cursor,
            "articles_tag",
            ["id", "name", "slug", "kind"],
            ((pk, name, unique_slug(name), kind) for name, (pk, kind) in tags.items()),
        )
        copy_rows(
            cursor,
            "articles_bulletin",
            # BULLETIN_FIELDS, in order, with the id and without an importing editor.
            ["id", *(name for name in BULLETIN_FIELDS if name != "imported_by")],
            (
                (page, f"{day}.txt", f"{page:064x}", "", "utf-8", 9000, day, now, [])
                for page, day in pages.items()
            ),
        )
        # Vectors are computed by two processes while COPY sends them, not kept: held all
        # at once, as text, they were about 100 KB an article (11 GB for 100,000).
        with Pool(2) as pool:
            copy_rows(
                cursor,
                "articles_article",
                # The columns ingest writes (field names are column names but for the
                # bulletin).
                ["id", "bulletin_id", *(name for name in ARTICLE_FIELDS if name != "bulletin")],
                article_rows(pool.imap(_vectors, items, chunksize=200)),
            )
        copy_rows(
            cursor,
            "articles_mention",
            ["article_id", "person_id", "positions", '"order"'],
            (
                (pk, people[m.name], m.positions, order)
                for pk, r in enumerate(records, start=1)
                for order, m in enumerate({m.name: m for m in r.people}.values())
            ),
        )
        copy_rows(
            cursor,
            "articles_credit",
            ["article_id", "person_id", "role", '"order"'],
            (
                (pk, people[name], role, order)
                for pk, r in enumerate(records, start=1)
                for order, (name, role) in enumerate(
                    dict.fromkeys((c.name, c.role) for c in r.credits)
                )
            ),
        )
        copy_rows(
            cursor,
            "articles_taggedarticle",
            ["content_object_id", "tag_id"],
            (
                (pk, tags[name][0])
                for pk, r in enumerate(records, start=1)
                for name in dict.fromkeys((*r.tags, *r.places, *r.terms))
                if name in tags
            ),
        )
        copy_rows(
            cursor,
            "articles_meeting",
            ["id", "article_id", '"order"', "name", "organizer", "date"],
            (
                (meeting_ids[(pk, order)], pk, order, m.name, m.organizer, m.date)
                for pk, r in enumerate(records, start=1)
                for order, m in enumerate(r.meetings)
            ),
        )
        copy_rows(
            cursor,
            "articles_participation",
            ["meeting_id", "person_id", "role", "position", '"order"'],
            participation_rows(),
        )
        copy_rows(
            cursor,
            "articles_directive",
            ["article_id", "meeting_id", "issuer_id", '"order"', "heading", "text"],
            (
                (
                    pk,
                    meeting_ids[(pk, d.meeting)] if d.meeting is not None else None,
                    people[d.issuer] if d.issuer else None,
                    order,
                    d.heading[:200],
                    d.text,
                )
                for pk, r in enumerate(records, start=1)
                for order, d in enumerate(r.directives, start=1)
            ),
        )
        # More memory is slower here: the search vector's GIN index took 8 min 4 s to build
        # with 1GB, 4 min 29 s with 64MB (16MB 4:49, 256MB 5:00; session 22). A build
        # gathers keys in a red-black tree until that much memory is used (ginbulk.c), and
        # the Han bigrams are many keys. The 1,000,000-article copy keeps 1GB (scale.py).
        cursor.execute("SET maintenance_work_mem = '64MB'")
        for _, definition in gin_indexes:
            cursor.execute(definition)
        for table in (
            "people_person",
            "articles_tag",
            "articles_bulletin",
            "articles_article",
            "articles_meeting",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    loaded = time.perf_counter() - started
    print(
        f"built {len(records)} articles, {len(people)} people: generate {generated:.1f} s,"
        f" vectors (2 processes) + COPY + ANALYZE {loaded:.1f} s",
        flush=True,
    )
    return {"records": records, "people": list(people), "lexicon": lexicon}
