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
from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from people.models import Person

from .. import pagecache
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
from . import rows
from .prepare import Vectors, sha256_of
from .records import Decoded, IngestError, ParsedBulletin
from .writer import ARTICLE_FIELDS, REPLACED_FIELDS, Writer, validate

__all__ = ["ARTICLE_FIELDS", "REPLACED_FIELDS", "LoadResult", "load", "sha256_of"]
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
# A bulletin seen for the first time is inserted unless its bytes are there already
# (stored before, or by a concurrent import that committed meanwhile): then nothing is.
NEW_BULLETIN_CONFLICT = "(sha256) DO NOTHING"
DEADLOCK_DETECTED = "40P01"  # PostgreSQL docs, Appendix A: Error Codes


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
    existing = Bulletin.objects.filter(sha256=digest).first() if replace else None
    # A concurrent import may take a tag's slug first and make our insert fail; the second
    # attempt then finds and reuses its rows. (People and tags created meanwhile under the
    # same names are found without a second attempt: see names.py.)
    for attempt in range(2):
        try:
            with transaction.atomic():
                result = _store(
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
            continue
        except OperationalError as err:
            # Imports stored at once (pipeline.store_many) may wait for each other in a
            # cycle, say two replaces tidying the same people; PostgreSQL then rolls one
            # back (deadlock_detected), which may simply try again.
            if getattr(err.__cause__, "sqlstate", None) != DEADLOCK_DETECTED:
                raise
            if attempt:
                raise IngestError("与同时进行的导入互相等待，未保存任何内容，请重试。") from err
            continue
        if result is not None:
            return result
        # The same bytes are stored already: nothing was written.
        existing = Bulletin.objects.get(sha256=digest)
        if not replace:
            return LoadResult(bulletin=existing, status="skipped")
    raise IngestError("稿件来源正被同时导入，未保存任何内容，请重试。")


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
) -> LoadResult | None:
    """Write the bulletin; None (nothing written) when it is new to ``load`` but its bytes
    are stored already."""
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
    validate(bulletin, exclude=["imported_by"])
    if existing is None:
        bulletin.imported_at = timezone.now()
        attnames = [Bulletin._meta.get_field(name).attname for name in BULLETIN_FIELDS]
        inserted = rows.insert(
            Bulletin,
            BULLETIN_FIELDS,
            [tuple(getattr(bulletin, attname) for attname in attnames)],
            returning=("id",),
            on_conflict=NEW_BULLETIN_CONFLICT,
        )
        if not inserted:
            return None
        bulletin.pk = inserted[0][0]
        bulletin._state.adding = False
    else:
        bulletin.save()
    result = LoadResult(bulletin=bulletin, status=status)
    Writer(result, publish=publish, replaced=replaced).write(parsed.articles, vectors)
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
