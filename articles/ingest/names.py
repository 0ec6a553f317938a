"""People and tags of a bulletin by name: match those that exist, create the rest.

Several bulletins may be stored at once from different connections (``pipeline.store_many``).
Names are matched exactly and created with ``ON CONFLICT DO NOTHING``, in name order: a name
that another transaction created meanwhile is then found, not duplicated (the insert waits
for that transaction, and a new statement sees what it committed), and two transactions
creating the same names wait for each other in the same order, never in a cycle.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError
from django.utils.text import slugify

from people.models import Person

from ..models import Tag
from . import rows
from .records import ArticleRecord

PERSON_FIELDS = ("name", "aliases", "disambiguation", "note", "created_at", "updated_at")


def bulletin_names(records: list[ArticleRecord]) -> list[str]:
    """Every name of the bulletin once, in order of first mention."""
    return list(
        dict.fromkeys(
            name.strip()
            for record in records
            for name in (
                *(c.name for c in record.credits),
                *(p.name for p in record.people),
                *(p.name for m in record.meetings for p in m.participants),
                *(d.issuer for d in record.directives if d.issuer),
            )
        )
    )


def resolve_people(names: list[str], now: dt.datetime) -> tuple[dict[str, int], int, int]:
    """(name or alias -> person id, people created, people matched) for ``names``: each is
    matched to a person by exact name or alias in one query, the rest are created.
    Namesakes told apart by a disambiguation are never matched."""
    people: dict[str, int] = {}
    person = rows.table(Person)
    # Two index scans (name, aliases GIN); written with OR, the planner reads every row.
    known = rows.execute(
        f"SELECT id, name, aliases FROM {person} WHERE disambiguation = '' AND name = ANY(%s) "
        f"UNION ALL SELECT id, name, aliases FROM {person} "
        "WHERE disambiguation = '' AND aliases && %s::varchar[] ORDER BY id",
        [names, names],
        fetch=True,
    )
    # An exact name beats another person's alias.
    for pk, name, _ in known:
        people.setdefault(name, pk)
    for pk, _, aliases in known:
        for alias in aliases:
            people.setdefault(alias, pk)
    matched = {people[n] for n in names if n in people}
    new = sorted(name for name in names if name not in people)
    for name in new:
        rows.check_lengths(Person, name=name)
    created = dict(
        rows.insert(
            Person,
            PERSON_FIELDS,
            [(name, [], "", "", now, now) for name in new],
            returning=("name", "id"),
            on_conflict="(name, disambiguation) DO NOTHING",
        )
    )
    raced = [name for name in new if name not in created]
    if raced:
        # Created by a transaction that committed after this one began: ON CONFLICT
        # waited for it, and this statement (a new snapshot) sees its rows.
        found = rows.execute(
            f"SELECT name, id FROM {person} WHERE disambiguation = '' AND name = ANY(%s)",
            [raced],
            fetch=True,
        )
        people.update(found)
        matched.update(pk for _, pk in found)
    people.update(created)
    return people, len(created), len(matched)


def tag_ids(wanted: dict[str, str]) -> dict[str, int]:
    """name -> id of each tag in ``wanted`` (name -> kind), creating the missing ones with
    unique slugs as ``Tag.save`` would."""
    tag = rows.table(Tag)
    bases = {name: slugify(name, allow_unicode=True) or "tag" for name in wanted}
    found = rows.execute(
        f"SELECT name, id, slug FROM {tag} WHERE name = ANY(%s) "
        f"UNION ALL SELECT name, id, slug FROM {tag} WHERE slug = ANY(%s)",
        [list(wanted), sorted(set(bases.values()))],
        fetch=True,
    )
    ids = {name: pk for name, pk, _ in found if name in wanted}
    new = sorted(name for name in wanted if name not in ids)
    if not new:
        return ids
    slugs = _unique_slugs(new, bases, {slug for _, _, slug in found})
    created = dict(
        rows.insert(
            Tag,
            ("name", "slug", "kind"),
            [(name, slugs[name], wanted[name]) for name in new],
            returning=("name", "id"),
            on_conflict="DO NOTHING",
        )
    )
    ids.update(created)
    raced = [name for name in new if name not in created]
    if raced:
        ids.update(
            rows.execute(f"SELECT name, id FROM {tag} WHERE name = ANY(%s)", [raced], fetch=True)
        )
        if any(name not in ids for name in raced):
            # Another transaction took the slug meanwhile: load() tries again.
            raise IntegrityError("tag slug taken by a concurrent import")
    return ids


def _unique_slugs(names: list[str], bases: dict[str, str], taken: set[str]) -> dict[str, str]:
    """Unique slugs keeping Han characters, as taggit's save() would (it is not called)."""
    slugs = {}
    for name in names:
        slug = bases[name]
        candidate, n = slug, 1
        if candidate in taken:
            taken.update(
                other
                for (other,) in rows.execute(
                    f"SELECT slug FROM {rows.table(Tag)} WHERE slug LIKE %s",
                    [_like_prefix(f"{slug}_")],
                    fetch=True,
                )
            )
        while candidate in taken:
            n += 1
            candidate = f"{slug}_{n}"
        # The slug column has the tag name's length limit.
        slugs[name] = candidate[: Tag._meta.get_field("slug").max_length]
        taken.add(slugs[name])
    return slugs


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"
