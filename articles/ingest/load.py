"""The writing half of ingest: one transaction per bulletin, idempotent on the raw bytes.

``load`` takes what ``decode`` and ``parse`` made and stores it. The same bytes again
change nothing (the bulletin is reported as skipped); ``replace=True`` re-parses a stored
bulletin and replaces its articles, unless an editor has changed one of them since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from people.models import Person, Position

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
    issue_date,
    user=None,
    publish: bool = False,
    replace: bool = False,
    force: bool = False,
) -> LoadResult:
    """Store one parsed bulletin; raise IngestError (nothing stored) when it cannot be."""
    digest = sha256_of(raw)
    existing = Bulletin.objects.filter(sha256=digest).first()
    if existing is not None and not replace:
        return LoadResult(bulletin=existing, status="skipped")
    try:
        with transaction.atomic():
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
            _validate(bulletin)
            bulletin.save()
            writer = _Writer(bulletin, publish=publish)
            for position, record in enumerate(parsed.articles):
                writer.write_article(position, record)
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert.
        if not replace and Bulletin.objects.filter(sha256=digest).exists():
            return LoadResult(bulletin=Bulletin.objects.get(sha256=digest), status="skipped")
        raise
    return LoadResult(
        bulletin=bulletin,
        status=status,
        articles=writer.articles,
        people_new=writer.people_new,
        people_matched=len(writer.people_matched),
        meetings=writer.meetings,
        directives=writer.directives,
    )


def _clear_articles(bulletin: Bulletin, *, force: bool) -> None:
    edited = list(bulletin.articles.filter(edited_at__isnull=False).values_list("title", flat=True))
    if edited and not force:
        titles = "、".join(f"《{t}》" for t in edited)
        raise IngestError(
            f"稿件{titles}导入后已被编辑修改，重新导入会覆盖这些修改。确需覆盖请使用 --force。"
        )
    # Directives point at meetings and people with PROTECT; delete children first.
    Directive.objects.filter(article__bulletin=bulletin).delete()
    bulletin.articles.all().delete()


def _validate(obj) -> None:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as err:
        messages = "；".join(
            f"{obj._meta.get_field(name).verbose_name}：{'，'.join(errs)}"
            if name != "__all__"
            else "，".join(errs)
            for name, errs in err.message_dict.items()
        )
        raise IngestError(f"{obj._meta.verbose_name}“{obj}”无法保存：{messages}") from err


class _Writer:
    """Writes the articles of one bulletin, reusing people by exact name."""

    def __init__(self, bulletin: Bulletin, *, publish: bool):
        self.bulletin = bulletin
        self.publish = publish
        self.now = timezone.now()
        self.articles: list[Article] = []
        self.people: dict[str, Person] = {}
        self.people_new = 0
        self.people_matched: set[int] = set()
        self.meetings = 0
        self.directives = 0

    def person(self, name: str) -> Person:
        name = name.strip()
        if name in self.people:
            return self.people[name]
        person = Person.objects.named(name).filter(disambiguation="").order_by("id").first()
        if person is None:
            person = Person(name=name)
            _validate(person)
            person.save()
            self.people_new += 1
        else:
            self.people_matched.add(person.pk)
        self.people[name] = person
        return person

    def write_article(self, position: int, record: ArticleRecord) -> Article:
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
        _validate(article)
        article.save()
        self.articles.append(article)

        positions_of = {p.name.strip(): p.positions for p in record.people}
        for order, credit in enumerate(record.credits):
            Credit.objects.get_or_create(
                article=article,
                person=self.person(credit.name),
                role=credit.role,
                defaults={"order": order},
            )
        # The parser lists each person once; merge anyway, the table allows one row each.
        mentions: dict[str, list[str]] = {}
        for mention in record.people:
            titles = mentions.setdefault(mention.name.strip(), [])
            titles.extend(t for t in mention.positions if t not in titles)
        for order, (name, titles) in enumerate(mentions.items()):
            person = self.person(name)
            Mention.objects.create(article=article, person=person, positions=titles, order=order)
            for title in titles:
                self._record_position(person, title, record.date)

        meetings = [
            self._write_meeting(article, i, m, positions_of) for i, m in enumerate(record.meetings)
        ]
        for order, directive in enumerate(record.directives, start=1):
            meeting = meetings[directive.meeting] if directive.meeting is not None else None
            item = Directive(
                article=article,
                meeting=meeting,
                issuer=self.person(directive.issuer) if directive.issuer else None,
                order=order,
                heading=directive.heading,
                text=directive.text,
            )
            _validate(item)
            item.save()
            self.directives += 1

        self._tag(article, record)
        return article

    def _write_meeting(self, article, order, record, positions_of) -> Meeting:
        meeting = Meeting(
            article=article,
            order=order,
            name=record.name,
            organizer=record.organizer,
            date=record.date,
        )
        _validate(meeting)
        meeting.save()
        self.meetings += 1
        roles_of: dict[str, dict[str, None]] = {}
        for participant in record.participants:
            roles_of.setdefault(participant.name.strip(), {}).update(
                dict.fromkeys(participant.roles)
            )
        rows = [
            Participation(
                meeting=meeting,
                person=self.person(name),
                role=role,
                position="、".join(positions_of.get(name, [])),
                order=index,
            )
            for index, (name, roles) in enumerate(roles_of.items())
            for role in roles
        ]
        Participation.objects.bulk_create(rows)
        return meeting

    def _record_position(self, person: Person, title: str, seen_on) -> None:
        position, _ = Position.objects.get_or_create(person=person, title=title)
        before = (position.first_seen, position.last_seen)
        position.record_seen(seen_on)
        if (position.first_seen, position.last_seen) != before:
            position.save(update_fields=["first_seen", "last_seen"])

    def _tag(self, article: Article, record: ArticleRecord) -> None:
        wanted = [
            *((name, TagKind.TOPIC) for name in record.tags),
            *((name, TagKind.PLACE) for name in record.places),
            *((name, TagKind.TERM) for name in record.terms),
        ]
        tags = []
        for name, kind in wanted:
            name = name.strip()
            if not name or len(name) > TAG_MAX_LENGTH:
                continue
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag(name=name, kind=kind)
                tag.save()
            tags.append(tag)
        if tags:
            article.tags.add(*dict.fromkeys(tags))
