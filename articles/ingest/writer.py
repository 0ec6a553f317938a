"""Writes the articles of one bulletin and what was parsed from them, in a few statements.

A page names some fifty people and brings about a hundred link rows (bench/ingest_speed.py).
They are written as: one query matching every name to a person, one insert of the new
people, one of the new tags, and one statement for the rest — the articles, their meetings,
directives, participations, credits, mentions, tags and the people's positions — as
data-modifying CTEs, linked in SQL by each article's position in the bulletin and each
meeting's order in its article (PostgreSQL docs 7.8.4, "Data-Modifying Statements in WITH").

People and tags are matched and created by name in ``names.py``, safely when several
bulletins are stored at once.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone

from people.models import Position

from ..choices import Status, TagKind
from ..models import (
    SEARCH_FIELDS,
    SEARCH_VECTORS,
    Article,
    Credit,
    Directive,
    Meeting,
    Mention,
    Participation,
    Tag,
    TaggedArticle,
)
from ..search.text import document_binary_fields
from . import rows
from .names import bulletin_names, resolve_people, tag_ids
from .records import ArticleRecord, IngestError

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
ARTICLE_FIELDS = (
    "bulletin",
    "position",
    "headline",
    "kicker",
    "title",
    "subtitle",
    "event_date",
    "date_precision",
    "body",
    "photos",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    *SEARCH_FIELDS,
)
# What a replace rewrites of an article it keeps: all but its bulletin and creation time.
REPLACED_FIELDS = [
    *(name for name in ARTICLE_FIELDS if name not in ("bulletin", "created_at")),
    "edited_at",
]


def validate(obj, exclude=()) -> None:
    """full_clean without the per-row queries (foreign keys and uniqueness are checked by
    PostgreSQL on insert), turning errors into one Chinese message for the editor."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        messages = "；".join(
            f"{obj._meta.get_field(name).verbose_name}：{'，'.join(errs)}"
            if name != "__all__"
            else "，".join(errs)
            for name, errs in err.message_dict.items()
        )
        raise IngestError(f"{obj._meta.verbose_name}“{obj}”无法保存：{messages}") from err


def merged(pairs) -> dict:
    """key -> values, merged in first-seen order, values deduplicated."""
    result: dict = {}
    for key, values in pairs:
        bucket = result.setdefault(key, [])
        bucket.extend(v for v in values if v not in bucket)
    return result


def _from(model, param: str) -> str:
    """The JSON parameter ``param`` as rows ``r`` of ``model``'s table, numbered by
    ``r.ordinality``: rows go in (and get their ids) in the order given, and ``ordering``
    breaks ties by id."""
    return (
        f"json_populate_recordset(NULL::{rows.table(model)}, %({param})s::json)"
        " WITH ORDINALITY AS r"
    )


@cache
def page_sql() -> str:
    """The statement that writes a bulletin's articles and everything linked to them; rows
    name their article by its position (and a participation its meeting by article position
    and meeting order), joined here to the ids just made. Returns the new articles' ids."""
    q = rows.quoted
    article_head, _ = rows.insert_sql(Article, ARTICLE_FIELDS)
    # The vectors come as three binary tsvector[] parameters, in the articles' order.
    vector_columns = rows.columns(Article, SEARCH_VECTORS)
    article_values = ", ".join(
        f"v.{q([column])}" if column in vector_columns else f"r.{q([column])}"
        for column in rows.columns(Article, ARTICLE_FIELDS)
    )
    return f"""
WITH new_articles AS (
    {article_head}
    SELECT {article_values}
    FROM {_from(Article, "articles")}
    JOIN unnest(%(search_vectors)b::tsvector[], %(rank_vectors)b::tsvector[],
        %(title_vectors)b::tsvector[]) WITH ORDINALITY AS v({q(vector_columns)}, ordinality)
        ON v.ordinality = r.ordinality
    ORDER BY r.ordinality
    RETURNING id, position
), articles AS (
    SELECT id, position FROM new_articles
    UNION ALL
    SELECT id, position FROM json_populate_recordset(NULL::{rows.table(Article)}, %(kept)s::json)
), meetings AS (
    INSERT INTO {rows.table(Meeting)} AS t (article_id, "order", name, organizer, date)
    SELECT a.id, r."order", r.name, r.organizer, r.date
    FROM {_from(Meeting, "meetings")} JOIN articles AS a ON a.position = r.article_id
    ORDER BY r.ordinality
    RETURNING id, article_id, "order"
), directives AS (
    INSERT INTO {rows.table(Directive)} AS t
        (article_id, meeting_id, issuer_id, "order", heading, text)
    SELECT a.id, m.id, r.issuer_id, r."order", r.heading, r.text
    FROM {_from(Directive, "directives")}
    JOIN articles AS a ON a.position = r.article_id
    LEFT JOIN meetings AS m ON m.article_id = a.id AND m."order" = r.meeting_id
    ORDER BY r.ordinality
), participations AS (
    INSERT INTO {rows.table(Participation)} AS t (meeting_id, person_id, role, position, "order")
    SELECT m.id, r.person_id, r.role, r.position, r."order"
    FROM ROWS FROM (
        json_to_recordset(%(participations)s::json) AS (
            article smallint, meeting smallint, person_id bigint, role text, position text,
            "order" smallint
        )
    ) WITH ORDINALITY AS r(article, meeting, person_id, role, position, "order", ordinality)
    JOIN articles AS a ON a.position = r.article
    JOIN meetings AS m ON m.article_id = a.id AND m."order" = r.meeting
    ORDER BY r.ordinality
), credits AS (
    INSERT INTO {rows.table(Credit)} AS t (article_id, person_id, role, "order")
    SELECT a.id, r.person_id, r.role, r."order"
    FROM {_from(Credit, "credits")} JOIN articles AS a ON a.position = r.article_id
    ORDER BY r.ordinality
), mentions AS (
    INSERT INTO {rows.table(Mention)} AS t (article_id, person_id, positions, "order")
    SELECT a.id, r.person_id, r.positions, r."order"
    FROM {_from(Mention, "mentions")} JOIN articles AS a ON a.position = r.article_id
    ORDER BY r.ordinality
), tagged AS (
    INSERT INTO {rows.table(TaggedArticle)} AS t (content_object_id, tag_id)
    SELECT a.id, r.tag_id
    FROM {_from(TaggedArticle, "tagged")} JOIN articles AS a ON a.position = r.content_object_id
    ORDER BY r.ordinality
), positions AS (
    -- Widen each (person, title) first/last-seen span to the article dates, creating the
    -- positions not seen before (Position.record_seen, in SQL).
    INSERT INTO {rows.table(Position)} AS t (person_id, title, first_seen, last_seen)
    SELECT r.person_id, r.title, r.first_seen, r.last_seen
    FROM {_from(Position, "positions")} ORDER BY r.ordinality
    ON CONFLICT (person_id, title) DO UPDATE SET
        first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),
        last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)
    WHERE t.first_seen IS NULL OR t.last_seen IS NULL
        OR EXCLUDED.first_seen < t.first_seen OR EXCLUDED.last_seen > t.last_seen
)
SELECT id FROM new_articles ORDER BY position
"""


class Writer:
    """Writes the articles of one bulletin (``result.bulletin``, saved already)."""

    def __init__(self, result, *, publish: bool, replaced: dict[int, Article]):
        self.result = result
        self.replaced = replaced
        self.bulletin = result.bulletin
        self.publish = publish
        self.now = timezone.now()
        self.people: dict[str, int] = {}  # name or alias -> person id

    def pk_of(self, name: str) -> int:
        return self.people[name.strip()]

    def write(self, records: list[ArticleRecord], vectors) -> None:
        self.people, self.result.people_new, self.result.people_matched = resolve_people(
            bulletin_names(records), self.now
        )
        articles = [self._article(position, record) for position, record in enumerate(records)]
        kept = [article for article in articles if article.pk is not None]
        for article in kept:
            # A replace rewrites the article in place (save() would mark it edited).
            article.refresh_search_vectors()
            article.edited_at = None
            article.save_base(force_update=True, update_fields=REPLACED_FIELDS)
        new = [article for article in articles if article.pk is None]
        if vectors is None:
            vectors = [document_binary_fields(a.headline_text, a.body) for a in articles]
        # The new articles' vectors go to the server in binary (see page_sql); the instances
        # returned hold none, as after a query that defers them. Their searched text goes
        # with the other columns.
        new_vectors = []
        for article, fields in zip(articles, vectors, strict=True):
            if article.pk is None:
                new_vectors.append(fields)
                article.search_text = fields[len(SEARCH_VECTORS)]

        page = {name: [] for name in ("meetings", "directives", "participations")}
        page.update(credits=[], mentions=[])
        seen: dict[tuple[int, str], dt.date] = {}
        for position, record in enumerate(records):
            self._links(position, record, page, seen)
        for _, title in seen:
            rows.check_lengths(Position, title=title)
        page["positions"] = [
            {"person_id": person, "title": title, "first_seen": day, "last_seen": day}
            for (person, title), day in sorted(seen.items())
        ]
        page["tagged"] = self._tagged(records)
        attnames = [Article._meta.get_field(name).attname for name in ARTICLE_FIELDS]
        columns = rows.columns(Article, ARTICLE_FIELDS)
        params = {name: rows.document(values) for name, values in page.items()}
        params["articles"] = rows.document(
            {
                column: getattr(article, attname)
                for column, attname in zip(columns, attnames, strict=True)
            }
            for article in new
        )
        params["kept"] = rows.document({"id": a.pk, "position": a.position} for a in kept)
        for index, name in enumerate(("search_vectors", "rank_vectors", "title_vectors")):
            params[name] = [rows.TsVector(vector[index]) for vector in new_vectors]
        ids = rows.execute(page_sql(), params, fetch=True)
        for article, (pk,) in zip(new, ids, strict=True):
            article.pk = pk
            article._state.adding = False
        self.result.articles = articles
        self.result.meetings = len(page["meetings"])
        self.result.directives = len(page["directives"])

    def _links(self, position: int, record: ArticleRecord, page: dict, seen: dict) -> None:
        """The rows linked to the article at ``position``, appended to ``page``."""
        # Merged by person, not by name: a name and an alias of one person are one row.
        people = merged((self.pk_of(p.name), p.positions) for p in record.people)
        for order, (pk, titles) in enumerate(people.items()):
            page["mentions"].append(
                {"article_id": position, "person_id": pk, "positions": titles, "order": order}
            )
            for title in titles:
                seen[(pk, title)] = record.date
        page["credits"].extend(
            {"article_id": position, "person_id": pk, "role": role, "order": order}
            for order, (pk, role) in enumerate(
                dict.fromkeys((self.pk_of(c.name), c.role) for c in record.credits)
            )
        )
        for order, item in enumerate(record.meetings):
            meeting = Meeting(order=order, name=item.name, organizer=item.organizer, date=item.date)
            validate(meeting, exclude=["article"])
            page["meetings"].append(
                {
                    "article_id": position,
                    "order": order,
                    "name": meeting.name,
                    "organizer": meeting.organizer,
                    "date": meeting.date,
                }
            )
            roles = merged((self.pk_of(p.name), p.roles) for p in item.participants)
            page["participations"].extend(
                {
                    "article": position,
                    "meeting": order,
                    "person_id": pk,
                    "role": role,
                    "position": "、".join(people.get(pk, [])),
                    "order": index,
                }
                for index, (pk, role_list) in enumerate(roles.items())
                for role in role_list
            )
        for order, item in enumerate(record.directives, start=1):
            directive = Directive(order=order, heading=item.heading, text=item.text)
            validate(directive, exclude=["article", "meeting", "issuer"])
            page["directives"].append(
                {
                    "article_id": position,
                    "meeting_id": item.meeting,
                    "issuer_id": self.pk_of(item.issuer) if item.issuer else None,
                    "order": order,
                    "heading": directive.heading,
                    "text": directive.text,
                }
            )

    def _article(self, position: int, record: ArticleRecord) -> Article:
        article = article_of(
            record,
            bulletin=self.bulletin,
            position=position,
            status=Status.PUBLISHED if self.publish else Status.DRAFT,
            published_at=self.now if self.publish else None,
            created_at=self.now,
            updated_at=self.now,
        )
        old = self.replaced.get(position)
        if old is not None:
            article.pk, article.created_at = old.pk, old.created_at
            if not self.publish:
                article.status, article.published_at = old.status, old.published_at
        validate(article, exclude=["bulletin"])
        return article

    def _tagged(self, records: list[ArticleRecord]) -> list[dict]:
        """The (article position, tag id) rows of the page, creating the tags not seen yet."""
        wanted: dict[str, str] = {}  # name -> kind, the first kind given wins
        per_article = []
        for record in records:
            names = []
            for kind, values in (
                (TagKind.TOPIC, record.tags),
                (TagKind.PLACE, record.places),
                (TagKind.TERM, record.terms),
            ):
                for value in values:
                    name = value.strip()
                    if name and len(name) <= TAG_MAX_LENGTH:
                        wanted.setdefault(name, kind)
                        names.append(name)
            per_article.append(dict.fromkeys(names))
        if not wanted:
            return []
        tags = tag_ids(wanted)
        return [
            {"content_object_id": position, "tag_id": tags[name]}
            for position, names in enumerate(per_article)
            for name in names
        ]


def article_of(record: ArticleRecord, **fields) -> Article:
    """An unsaved article with the text of ``record``."""
    return Article(
        headline=record.headline,
        kicker=record.kicker,
        title=record.title,
        subtitle=record.subtitle,
        event_date=record.date,
        date_precision=record.date_precision,
        body="\n\n".join(record.paragraphs),
        photos=record.photos,
        **fields,
    )
