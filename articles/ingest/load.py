"""The writing half of ingest: one transaction per bulletin, idempotent on the raw bytes.

``load`` takes what ``decode`` and ``parse`` made and stores it. The same bytes again
change nothing (the bulletin is reported as skipped); ``replace=True`` re-parses a stored
bulletin and rewrites its articles in place (same ids, same published state), unless an
editor has changed one of them since.

Rows are written in batches, a handful of queries per bulletin rather than per name, so
loading keeps pace with parsing (see bench/ingest_speed.py).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import psycopg
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from people.models import Person, Position

from .. import pagecache
from ..choices import Status, TagKind
from ..models import (
    SEARCH_FIELDS,
    Article,
    Bulletin,
    Credit,
    Directive,
    Meeting,
    Mention,
    Participation,
    Tag,
    TaggedArticle,
)
from .prepare import Vectors, sha256_of
from .records import ArticleRecord, Decoded, IngestError, ParsedBulletin

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
BULLETIN_FIELDS = (
    "source_name",
    "sha256",
    "raw_text",
    "encoding",
    "size_bytes",
    "issue_date",
    "imported_at",
    "imported_by",
    "warnings",
)
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


@dataclass
class LoadResult:
    bulletin: Bulletin
    status: str  # "created" | "replaced" | "skipped"
    articles: list[Article] = field(default_factory=list)
    people_new: int = 0
    people_matched: int = 0
    meetings: int = 0
    directives: int = 0


def load(
    *,
    source_name: str,
    raw: bytes,
    decoded: Decoded,
    parsed: ParsedBulletin,
    issue_date: dt.date,
    user=None,
    publish: bool = False,
    replace: bool = False,
    force: bool = False,
    vectors: list[Vectors] | None = None,
) -> LoadResult:
    """Store one parsed bulletin; raise IngestError (nothing stored) when it cannot be.

    ``vectors`` are the articles' search vectors made ahead by ``prepare.article_vectors``
    (in a worker process, by the ingest command); without them they are made here."""
    digest = sha256_of(raw)
    # A concurrent import may create the same person or tag first and make our insert
    # fail; the second attempt then finds and reuses those rows.
    for attempt in range(2):
        existing = Bulletin.objects.filter(sha256=digest).first()
        if existing is not None and not replace:
            return LoadResult(bulletin=existing, status="skipped")
        try:
            with transaction.atomic():
                return _store(
                    existing,
                    digest,
                    source_name,
                    raw,
                    decoded,
                    parsed,
                    issue_date,
                    user=user,
                    publish=publish,
                    force=force,
                    vectors=vectors,
                )
        except IntegrityError as err:
            if attempt:
                raise IngestError(_integrity_message(err)) from err
    raise AssertionError("unreachable")


def _integrity_message(err: IntegrityError) -> str:
    """Name the rule PostgreSQL enforced, in the editor's words where we know them."""
    diag = getattr(err.__cause__, "diag", None)
    constraint = getattr(diag, "constraint_name", None) or ""
    for model in (Bulletin, Article, Credit, Mention, Meeting, Participation, Directive, Tag):
        if any(c.name == constraint for c in model._meta.constraints):
            return f"{model._meta.verbose_name}数据不符合规则（{constraint}），未保存任何内容。"
    return f"数据库拒绝保存（{constraint or err}），未保存任何内容。"


def _store(
    existing,
    digest,
    source_name,
    raw,
    decoded,
    parsed,
    issue_date,
    *,
    user,
    publish,
    force,
    vectors,
) -> LoadResult:
    replaced: dict[int, Article] = {}
    people_before: set[int] = set()
    if existing is None:
        bulletin = Bulletin(sha256=digest)
        status = "created"
    else:
        bulletin = Bulletin.objects.select_for_update().get(pk=existing.pk)
        replaced, people_before = _clear_articles(bulletin, len(parsed.articles), force=force)
        status = "replaced"
    bulletin.source_name = source_name[:255]
    bulletin.raw_text = decoded.text
    bulletin.encoding = decoded.encoding
    bulletin.size_bytes = len(raw)
    bulletin.issue_date = issue_date
    bulletin.warnings = list(parsed.warnings)
    if user is not None and user.is_authenticated:
        bulletin.imported_by = user
    _validate(bulletin, exclude=["imported_by"])
    if existing is None:
        bulletin.imported_at = timezone.now()
        _insert_new([bulletin], BULLETIN_FIELDS)
    else:
        bulletin.save()
    result = LoadResult(bulletin=bulletin, status=status)
    _Writer(result, publish=publish, replaced=replaced).write(parsed.articles, vectors)
    if people_before:
        _tidy_people(people_before)
    pagecache.content_changed()  # the writer's inserts send no signals
    return result


def _clear_articles(
    bulletin: Bulletin, keep: int, *, force: bool
) -> tuple[dict[int, Article], set[int]]:
    """Before a replace: refuse if an editor changed an article (unless ``force``), remove
    what the old parse made from the articles, and delete the articles past the first
    ``keep``. The kept ones are returned by position, to be rewritten in place: they keep
    their ids (and so their addresses) and whether they are published. Also returns the
    people the old parse named, whose positions and rows ``_tidy_people`` revisits."""
    edited = list(bulletin.articles.filter(edited_at__isnull=False).values_list("title", flat=True))
    if edited and not force:
        titles = "、".join(f"《{t}》" for t in edited)
        raise IngestError(
            f"稿件{titles}导入后已被编辑修改，重新导入会覆盖这些修改。确需覆盖请使用 --force。"
        )
    articles = bulletin.articles.all()
    people = {
        *Mention.objects.filter(article__in=articles).values_list("person", flat=True),
        *Credit.objects.filter(article__in=articles).values_list("person", flat=True),
        *Participation.objects.filter(meeting__article__in=articles).values_list(
            "person", flat=True
        ),
        *Directive.objects.filter(article__in=articles)
        .exclude(issuer=None)
        .values_list("issuer", flat=True),
    }
    # Directives point at meetings with SET_NULL; delete them first to spare the updates.
    for model, link in (
        (Directive, "article"),
        (Meeting, "article"),
        (Credit, "article"),
        (Mention, "article"),
        (TaggedArticle, "content_object"),
    ):
        model.objects.filter(**{f"{link}__in": articles}).delete()
    articles.filter(position__gte=keep).delete()
    kept = articles.only("id", "position", "status", "published_at", "created_at")
    return {article.position: article for article in kept}, people


def _tidy_people(person_ids: set[int]) -> None:
    """After a replace: narrow the first/last-seen spans of the people the old parse named
    to what the articles now say, and delete the people that ingest created and nothing
    refers to any more (a name the old parse got wrong). Positions no article supports are
    left alone: an editor may have entered them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE people_position AS p
            SET first_seen = s.first_seen, last_seen = s.last_seen
            FROM (
                SELECT m.person_id, t.title,
                       min(a.event_date) AS first_seen, max(a.event_date) AS last_seen
                FROM articles_mention AS m
                JOIN articles_article AS a ON a.id = m.article_id
                CROSS JOIN LATERAL unnest(m.positions) AS t(title)
                WHERE m.person_id = ANY(%s)
                GROUP BY m.person_id, t.title
            ) AS s
            WHERE p.person_id = s.person_id AND p.title = s.title
              AND (p.first_seen, p.last_seen) IS DISTINCT FROM (s.first_seen, s.last_seen)
            """,
            [sorted(person_ids)],
        )
    Person.objects.filter(
        pk__in=person_ids,
        aliases=[],
        disambiguation="",
        note="",
        mentions=None,
        credits=None,
        participations=None,
        directives=None,
    ).delete()


def _validate(obj, exclude=()) -> None:
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


def _merged(pairs) -> dict:
    """key -> values, merged in first-seen order, values deduplicated."""
    merged: dict = {}
    for key, values in pairs:
        bucket = merged.setdefault(key, [])
        bucket.extend(v for v in values if v not in bucket)
    return merged


class _Writer:
    """Writes the articles of one bulletin in batches."""

    def __init__(self, result: LoadResult, *, publish: bool, replaced: dict[int, Article]):
        self.result = result
        self.replaced = replaced
        self.bulletin = result.bulletin
        self.publish = publish
        self.now = timezone.now()
        self.people: dict[str, int] = {}  # name or alias -> person id

    def pk_of(self, name: str) -> int:
        return self.people[name.strip()]

    def write(self, records: list[ArticleRecord], vectors: list[Vectors] | None) -> None:
        self._resolve_people(records)
        articles = [self._article(position, record) for position, record in enumerate(records)]
        if vectors is None:
            for article in articles:
                article.refresh_search_vectors()  # _insert_new does not call save()
        else:
            for article, fields in zip(articles, vectors, strict=True):
                for name, value in zip(SEARCH_FIELDS, fields, strict=True):
                    setattr(article, name, value)
        kept = [article for article in articles if article.pk is not None]
        _insert_new([article for article in articles if article.pk is None], ARTICLE_FIELDS)
        for article in kept:
            # A replace rewrites the article in place (its vectors are current already).
            article.edited_at = None
            article.save_base(force_update=True, update_fields=REPLACED_FIELDS)
        self.result.articles = articles

        meetings, directives = [], []
        # Link rows as plain tuples: a page has about a hundred of them (bench/ingest_speed.py).
        participations, credits, mentions = [], [], []
        seen: dict[tuple[int, str], dt.date] = {}
        for article, record in zip(articles, records, strict=True):
            # Merged by person, not by name: a name and an alias of one person are one row.
            people = _merged((self.pk_of(p.name), p.positions) for p in record.people)
            for order, (pk, titles) in enumerate(people.items()):
                mentions.append((article.pk, pk, titles, order))
                for title in titles:
                    seen[(pk, title)] = record.date
            credits.extend(
                (article.pk, pk, role, order)
                for order, (pk, role) in enumerate(
                    dict.fromkeys((self.pk_of(c.name), c.role) for c in record.credits)
                )
            )
            article_meetings = []
            for order, meeting_record in enumerate(record.meetings):
                meeting = Meeting(
                    article=article,
                    order=order,
                    name=meeting_record.name,
                    organizer=meeting_record.organizer,
                    date=meeting_record.date,
                )
                _validate(meeting, exclude=["article"])
                article_meetings.append(meeting)
                roles = _merged((self.pk_of(p.name), p.roles) for p in meeting_record.participants)
                participations.extend(
                    (meeting, pk, role, "、".join(people.get(pk, [])), index)
                    for index, (pk, role_list) in enumerate(roles.items())
                    for role in role_list
                )
            meetings.extend(article_meetings)
            for order, item in enumerate(record.directives, start=1):
                directive = Directive(
                    article=article,
                    meeting=article_meetings[item.meeting] if item.meeting is not None else None,
                    issuer_id=self.pk_of(item.issuer) if item.issuer else None,
                    order=order,
                    heading=item.heading,
                    text=item.text,
                )
                _validate(directive, exclude=["article", "meeting", "issuer"])
                directives.append(directive)

        _insert_new(meetings, ("article", "order", "name", "organizer", "date"))
        for directive in directives:
            directive.meeting_id = directive.meeting.pk if directive.meeting else None
        _insert_new(directives, ("article", "meeting", "issuer", "order", "heading", "text"))
        _insert(
            Participation,
            ("meeting", "person", "role", "position", "order"),
            [(meeting.pk, *rest) for meeting, *rest in participations],
        )
        _insert(Credit, ("article", "person", "role", "order"), credits)
        _insert(Mention, ("article", "person", "positions", "order"), mentions)
        self._record_positions(seen)
        self._tag(articles, records)
        self.result.meetings = len(meetings)
        self.result.directives = len(directives)

    def _article(self, position: int, record: ArticleRecord) -> Article:
        article = _article_of(
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
        _validate(article, exclude=["bulletin"])
        return article

    def _resolve_people(self, records: list[ArticleRecord]) -> None:
        """Match every name of the bulletin to a person (exact name or alias) in one query,
        and create the rest. Namesakes told apart by a disambiguation are never matched."""
        names = list(
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
        known = (
            Person.objects.filter(Q(name__in=names) | Q(aliases__overlap=names), disambiguation="")
            .order_by("id")
            .values_list("id", "name", "aliases")
        )
        # An exact name beats another person's alias.
        known = list(known)
        for pk, name, _ in known:
            self.people.setdefault(name, pk)
        for pk, _, aliases in known:
            for alias in aliases:
                self.people.setdefault(alias, pk)
        matched = {self.people[n] for n in names if n in self.people}
        new = [name for name in names if name not in self.people]
        for name in new:
            _check_lengths(Person, name=name)
        self.people.update(
            _insert(
                Person,
                ("name", "aliases", "disambiguation", "note", "created_at", "updated_at"),
                [(name, [], "", "", self.now, self.now) for name in new],
                returning=("name", "id"),
            )
        )
        self.result.people_new = len(new)
        self.result.people_matched = len(matched)

    def _record_positions(self, seen: dict[tuple[int, str], dt.date]) -> None:
        """Widen each (person, title) first/last-seen span to the article dates, creating
        the positions not seen before: one statement (Position.record_seen, in SQL)."""
        for _, title in seen:
            _check_lengths(Position, title=title)
        _insert(
            Position,
            ("person", "title", "first_seen", "last_seen"),
            [(person, title, day, day) for (person, title), day in sorted(seen.items())],
            on_conflict="""(person_id, title) DO UPDATE SET
                first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)
            WHERE t.first_seen IS NULL OR t.last_seen IS NULL
                OR EXCLUDED.first_seen < t.first_seen OR EXCLUDED.last_seen > t.last_seen""",
        )

    def _tag(self, articles: list[Article], records: list[ArticleRecord]) -> None:
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
            return
        tags = dict(Tag.objects.filter(name__in=wanted).values_list("name", "id"))
        new = [Tag(name=name, kind=kind) for name, kind in wanted.items() if name not in tags]
        _assign_slugs(new)
        Tag.objects.bulk_create(new)
        tags.update((tag.name, tag.pk) for tag in new)
        _insert(
            TaggedArticle,
            ("content_object", "tag"),
            [
                (article.pk, tags[name])
                for article, names in zip(articles, per_article, strict=True)
                for name in names
            ],
        )


def _article_of(record: ArticleRecord, **fields) -> Article:
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


def _insert(
    model,
    fields: tuple[str, ...],
    rows: list[tuple],
    *,
    returning: tuple[str, ...] = (),
    on_conflict: str = "",
) -> list[tuple]:
    """INSERT ``rows`` (values in the order of ``fields``) into ``model``'s table as one JSON
    parameter: the statement stays short and the same for any number of rows, and no model
    instance is built. For rows checked already (``_check_lengths``, ``_validate``) and the
    link rows of a page, of which there are about a hundred (bench/ingest_speed.py).

    ``on_conflict`` is the rest of an ON CONFLICT clause, where ``t`` names the table's row;
    ``returning`` names fields to return, in the order of the rows inserted."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [quote(meta.get_field(name).column) for name in fields]
    keys = [meta.get_field(name).column for name in fields]
    document = json.dumps(
        [dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False, default=str
    )
    table = quote(meta.db_table)
    sql = (
        f"INSERT INTO {table} AS t ({', '.join(columns)}) "
        f"SELECT {', '.join(columns)} FROM json_populate_recordset(NULL::{table}, %s::json)"
    )
    if on_conflict:
        sql += f" ON CONFLICT {on_conflict}"
    if returning:
        sql += " RETURNING " + ", ".join(quote(meta.get_field(name).column) for name in returning)
    # A cursor binding parameters on the server: the statement text is then the same on
    # every page, and psycopg prepares it once per connection instead of PostgreSQL parsing
    # and planning it each time (Django's own cursors bind on the client).
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [document])
        return cursor.fetchall() if returning else []


def _insert_new(objs: list, fields: tuple[str, ...]) -> None:
    """``_insert`` unsaved instances (already validated) and give them their ids."""
    if not objs:
        return
    meta = objs[0]._meta
    attnames = [meta.get_field(name).attname for name in fields]
    rows = [tuple(getattr(obj, attname) for attname in attnames) for obj in objs]
    ids = _insert(type(objs[0]), fields, rows, returning=("id",))
    # PostgreSQL returns the rows in the order it inserted them, as bulk_create relies on.
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False


def _check_lengths(model, **values: str) -> None:
    """What ``_validate`` would say of overlong text, without building an instance."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        if not value.strip():
            raise IngestError(f"{model._meta.verbose_name}的{field.verbose_name}不能为空。")
        if len(value) > field.max_length:
            raise IngestError(
                f"{model._meta.verbose_name}“{value[:50]}”无法保存：{field.verbose_name}："
                f"最多 {field.max_length} 个字符（现有 {len(value)} 个）。"
            )


def _assign_slugs(tags: list[Tag]) -> None:
    """Unique slugs keeping Han characters, as taggit's save() would (bulk_create skips it)."""
    slugs = [(tag, slugify(tag.name, allow_unicode=True) or "tag") for tag in tags]
    bases = {slug for _, slug in slugs}
    taken = set(Tag.objects.filter(slug__in=bases).values_list("slug", flat=True))
    for tag, slug in slugs:
        candidate, n = slug, 1
        if candidate in taken:
            taken.update(
                Tag.objects.filter(slug__startswith=f"{slug}_").values_list("slug", flat=True)
            )
        while candidate in taken:
            n += 1
            candidate = f"{slug}_{n}"
        # The slug column has the tag name's length limit.
        tag.slug = candidate[: Tag._meta.get_field("slug").max_length]
        taken.add(tag.slug)
