"""The writing half of ingest: one transaction per bulletin, idempotent on the raw bytes.

``load`` takes what ``decode`` and ``parse`` made and stores it. The same bytes again
change nothing (the bulletin is reported as skipped); ``replace=True`` re-parses a stored
bulletin and replaces its articles, unless an editor has changed one of them since.

Rows are written in batches, a handful of queries per bulletin rather than per name, so
loading keeps pace with parsing (see bench/ingest_speed.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from people.models import Person, Position

from .. import pagecache
from ..choices import Status, TagKind
from ..models import (
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
from .records import ArticleRecord, Decoded, IngestError, ParsedBulletin

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


@dataclass
class LoadResult:
    bulletin: Bulletin
    status: str  # "created" | "replaced" | "skipped"
    articles: list[Article] = field(default_factory=list)
    people_new: int = 0
    people_matched: int = 0
    meetings: int = 0
    directives: int = 0


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


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
) -> LoadResult:
    """Store one parsed bulletin; raise IngestError (nothing stored) when it cannot be."""
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
    existing, digest, source_name, raw, decoded, parsed, issue_date, *, user, publish, force
) -> LoadResult:
    if existing is None:
        bulletin = Bulletin(sha256=digest)
        status = "created"
    else:
        bulletin = Bulletin.objects.select_for_update().get(pk=existing.pk)
        _clear_articles(bulletin, force=force)
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
    bulletin.save()
    result = LoadResult(bulletin=bulletin, status=status)
    _Writer(result, publish=publish).write(parsed.articles)
    pagecache.content_changed()  # the writer's bulk inserts send no signals
    return result


def _clear_articles(bulletin: Bulletin, *, force: bool) -> None:
    edited = list(bulletin.articles.filter(edited_at__isnull=False).values_list("title", flat=True))
    if edited and not force:
        titles = "、".join(f"《{t}》" for t in edited)
        raise IngestError(
            f"稿件{titles}导入后已被编辑修改，重新导入会覆盖这些修改。确需覆盖请使用 --force。"
        )
    # Directives point at meetings with SET_NULL; delete them first to spare the updates.
    Directive.objects.filter(article__bulletin=bulletin).delete()
    bulletin.articles.all().delete()


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

    def __init__(self, result: LoadResult, *, publish: bool):
        self.result = result
        self.bulletin = result.bulletin
        self.publish = publish
        self.now = timezone.now()
        self.people: dict[str, Person] = {}
        self.by_pk: dict[int, Person] = {}

    def pk_of(self, name: str) -> int:
        return self.people[name.strip()].pk

    def write(self, records: list[ArticleRecord]) -> None:
        self._resolve_people(records)
        articles = [self._article(position, record) for position, record in enumerate(records)]
        Article.objects.bulk_create(articles)
        self.result.articles = articles

        meetings, participations, credits, mentions, directives = [], [], [], [], []
        seen: dict[tuple[int, str], dt.date] = {}
        for article, record in zip(articles, records, strict=True):
            # Merged by person, not by name: a name and an alias of one person are one row.
            people = _merged((self.pk_of(p.name), p.positions) for p in record.people)
            for order, (pk, titles) in enumerate(people.items()):
                person = self.by_pk[pk]
                mentions.append(
                    Mention(article=article, person=person, positions=titles, order=order)
                )
                for title in titles:
                    seen[(person.pk, title)] = record.date
            credits.extend(
                Credit(article=article, person=self.by_pk[pk], role=role, order=order)
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
                    Participation(
                        meeting=meeting,
                        person=self.by_pk[pk],
                        role=role,
                        position="、".join(people.get(pk, [])),
                        order=index,
                    )
                    for index, (pk, role_list) in enumerate(roles.items())
                    for role in role_list
                )
            meetings.extend(article_meetings)
            for order, item in enumerate(record.directives, start=1):
                directive = Directive(
                    article=article,
                    meeting=article_meetings[item.meeting] if item.meeting is not None else None,
                    issuer=self.people[item.issuer.strip()] if item.issuer else None,
                    order=order,
                    heading=item.heading,
                    text=item.text,
                )
                _validate(directive, exclude=["article", "meeting", "issuer"])
                directives.append(directive)

        Meeting.objects.bulk_create(meetings)
        for participation in participations:
            participation.meeting_id = participation.meeting.pk
        for directive in directives:
            directive.meeting_id = directive.meeting.pk if directive.meeting else None
        Participation.objects.bulk_create(participations)
        Credit.objects.bulk_create(credits)
        Mention.objects.bulk_create(mentions)
        Directive.objects.bulk_create(directives)
        self._record_positions(seen)
        self._tag(articles, records)
        self.result.meetings = len(meetings)
        self.result.directives = len(directives)

    def _article(self, position: int, record: ArticleRecord) -> Article:
        article = Article(
            bulletin=self.bulletin,
            position=position,
            headline=record.headline,
            kicker=record.kicker,
            title=record.title,
            subtitle=record.subtitle,
            event_date=record.date,
            date_precision=record.date_precision,
            body="\n\n".join(record.paragraphs),
            photos=record.photos,
            status=Status.PUBLISHED if self.publish else Status.DRAFT,
            published_at=self.now if self.publish else None,
        )
        _validate(article, exclude=["bulletin"])
        article.refresh_search_vectors()  # bulk_create does not call save()
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
        known = list(
            Person.objects.filter(
                Q(name__in=names) | Q(aliases__overlap=names), disambiguation=""
            ).order_by("id")
        )
        # An exact name beats another person's alias.
        for person in known:
            self.people.setdefault(person.name, person)
        for person in known:
            for alias in person.aliases:
                self.people.setdefault(alias, person)
        matched = {self.people[n].pk for n in names if n in self.people}
        new = [Person(name=name) for name in names if name not in self.people]
        for person in new:
            _validate(person)
        Person.objects.bulk_create(new)
        self.people.update((person.name, person) for person in new)
        self.by_pk = {person.pk: person for person in self.people.values()}
        self.result.people_new = len(new)
        self.result.people_matched = len(matched)

    def _record_positions(self, seen: dict[tuple[int, str], dt.date]) -> None:
        """Widen each (person, title) first/last-seen span to the article dates."""
        if not seen:
            return
        person_ids = {person_id for person_id, _ in seen}
        existing = {
            (p.person_id, p.title): p
            for p in Position.objects.filter(person_id__in=person_ids)
            if (p.person_id, p.title) in seen
        }
        changed, new = [], []
        for (person_id, title), day in seen.items():
            position = existing.get((person_id, title))
            if position is None:
                new.append(
                    Position(person_id=person_id, title=title, first_seen=day, last_seen=day)
                )
                continue
            before = (position.first_seen, position.last_seen)
            position.record_seen(day)
            if (position.first_seen, position.last_seen) != before:
                changed.append(position)
        for position in new:
            _validate(position, exclude=["person"])
        Position.objects.bulk_create(new)
        Position.objects.bulk_update(changed, ["first_seen", "last_seen"])

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
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
        new = [Tag(name=name, kind=kind) for name, kind in wanted.items() if name not in tags]
        _assign_slugs(new)
        Tag.objects.bulk_create(new)
        tags.update((tag.name, tag) for tag in new)
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=tags[name])
            for article, names in zip(articles, per_article, strict=True)
            for name in names
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
