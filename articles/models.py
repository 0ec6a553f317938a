"""Bulletins and what ingest makes of them: articles, meetings, directives, credits, tags."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.links import object_url
from people.models import Person

from . import search
from .choices import CreditRole, DatePrecision, ParticipationRole, Status, TagKind
from .instances import prefetched_all
from .querysets import (
    ArticlePartQuerySet,
    ArticleQuerySet,
    DirectiveQuerySet,
    MeetingQuerySet,
    ParticipationQuerySet,
)

NOT_BLANK = r"\S"
# What articles.search derives from an article's text (search.document_fields): the
# vectors, and the normalised text that phrases are checked in.
SEARCH_VECTORS = ("search_vector", "rank_vector", "title_vector")
SEARCH_FIELDS = (*SEARCH_VECTORS, "search_text")


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Leaves the search fields out of every query unless asked for: they are some 30 KB
    an article, stored out of line, and only search reads them (in SQL). Selecting them
    made PostgreSQL decompress and send them for every article a page lists."""

    def get_queryset(self):
        return super().get_queryset().defer(*SEARCH_FIELDS)


class Bulletin(models.Model):
    """A source page as received: kept whole so nothing an editor imported is ever lost."""

    source_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, help_text="原始字节的摘要，用于去重。")
    raw_text = models.TextField("原文", help_text="解码后的全文，保留原始排版。")
    encoding = models.CharField("编码", max_length=20)
    size_bytes = models.PositiveIntegerField("字节数", default=0)
    issue_date = models.DateField("刊期", help_text="报纸出版日期，用于推算“5月21日”等日期的年份。")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
    )
    warnings = ArrayField(models.TextField(), verbose_name="解析提示", default=list, blank=True)

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = "来源稿件"
        verbose_name_plural = "来源稿件"
        get_latest_by = "imported_at"
        constraints = [
            models.UniqueConstraint(fields=["sha256"], name="bulletin_unique_sha256"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="bulletin_sha256_hex"
            ),
        ]
        # The admin list's order and its year and month filters.
        indexes = [models.Index(fields=["-issue_date", "-id"], name="bulletin_issue_date")]

    def __str__(self):
        return f"{self.source_name}（{self.issue_date:%Y-%m-%d}）"


class Tag(TagBase):
    kind = models.CharField("类别", max_length=10, choices=TagKind, default=TagKind.TOPIC)

    class Meta:
        ordering = ["name"]
        verbose_name = "标签"
        verbose_name_plural = "标签"
        indexes = [models.Index(fields=["kind", "name"], name="tag_kind_name")]

    def get_absolute_url(self):
        # Tag slugs keep Han characters (taggit slugifies with allow_unicode): <str:> route.
        return object_url("articles:tag_detail", self.slug)


class TaggedArticle(TaggedItemBase):
    # No index of their own on these foreign keys, nor on the others below whose column
    # leads a unique constraint or an index of the model: that one serves every lookup by
    # it, and another would only be written to by ingest.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items", db_index=False
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", db_index=False
    )

    class Meta:
        verbose_name = "稿件标签"
        verbose_name_plural = "稿件标签"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"],
                name="taggedarticle_unique_article_tag",
            )
        ]
        # A tag's articles (its page, its count) without visiting the table.
        indexes = [models.Index(fields=["tag", "content_object"], name="taggedarticle_tag_article")]


class Article(models.Model):
    bulletin = models.ForeignKey(
        Bulletin,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="来源稿件",
        help_text="手工录入的稿件可留空。",
        db_index=False,  # article_unique_bulletin_position leads with it
    )
    position = models.PositiveSmallIntegerField("版面顺序", default=0)
    headline = models.CharField(
        "完整标题", max_length=500, help_text="引题、主题、副题按原文合在一起。"
    )
    kicker = models.CharField("引题", max_length=300, blank=True)
    title = models.CharField("主题", max_length=300)
    subtitle = models.CharField("副题", max_length=300, blank=True)
    event_date = models.DateField("事件日期", help_text="电头中的日期；“近日”取刊期。")
    date_precision = models.CharField(
        "日期精度", max_length=12, choices=DatePrecision, default=DatePrecision.DAY
    )
    body = models.TextField("正文", help_text="段落之间空一行。")
    photos = models.BooleanField("配图", default=False, help_text="署名含“文/图”“图”或“摄影”。")
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    tags = TaggableManager("标签", through=TaggedArticle, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Filled from articles.search on every save and by ingest; see that module.
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)
    # Headline and body normalised as the vectors index them: the exact test of a phrase
    # (articles.search.engine) reads this rather than the full vector.
    search_text = models.TextField(default="", editable=False)
    edited_at = models.DateTimeField(
        "人工修改时间",
        null=True,
        blank=True,
        editable=False,
        help_text="编辑在后台修改后记录；重新导入时不会覆盖人工修改过的稿件。",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "position"], name="article_unique_bulletin_position"
            ),
            models.CheckConstraint(
                condition=Q(title__regex=NOT_BLANK), name="article_title_not_blank"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="article_date_precision_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["-event_date", "-id"], name="article_event_date"),
            # The admin list sorted by title.
            models.Index(fields=["title"], name="article_title"),
            GinIndex(fields=["search_vector"], name="article_search_vector"),
            GinIndex(fields=["title_vector"], name="article_title_vector"),
            # "Which of these ids are published" (a person's, a tag's articles) as an
            # index-only scan of a few MB instead of the table's heap; with the date, a
            # person's directives sort newest first without it too (person_page.py).
            models.Index(
                fields=["id"],
                include=["published_at", "event_date"],
                condition=Q(status=Status.PUBLISHED),
                name="article_published_ids",
            ),
            # Drafts are few next to the archive: "which articles are drafts" as an
            # index-only scan, for counts taken over everything less what readers may not see
            # (querysets.organizer_counts).
            models.Index(fields=["id"], condition=Q(status=Status.DRAFT), name="article_draft_ids"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The vectors are derived from this row's own text; keeping them here means every
        # save (admin, shell, ingest) leaves the search index current.
        self.refresh_search_vectors()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *SEARCH_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("articles:article_detail", self.pk)

    def refresh_search_vectors(self) -> None:
        fields = search.document_fields(self.headline_text, self.body)
        for name, value in zip(SEARCH_FIELDS, fields, strict=True):
            setattr(self, name, value)

    @property
    def headline_text(self) -> str:
        """All headline parts, for indexing (kicker, title and subtitle)."""
        return search.text.headline_text(self.kicker, self.title, self.subtitle)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def tags_of_kind(self, kind: str) -> list[Tag]:
        # Works on prefetched tags without another query.
        return [tag for tag in prefetched_all(self, "tags") if tag.kind == kind]


def article_date_field() -> models.DateField:
    """The event date of the article a row belongs to, kept by the database: triggers
    (migration 0011) copy it when the row is written and whenever the article's date
    changes, so whatever value Django writes is replaced. With it, a person's rows come
    newest first from their own index, rather than from a walk of the articles or a sort of
    all the person's rows (a person page's articles, bylines and directives,
    person_page.py)."""
    return models.DateField("稿件日期", null=True, editable=False)


class Credit(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="credits",
        verbose_name="稿件",
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="credits",
        verbose_name="人物",
        db_index=False,
    )
    role = models.CharField("署名身份", max_length=16, choices=CreditRole)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    article_date = article_date_field()

    objects = ArticlePartQuerySet.as_manager()

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = "署名"
        verbose_name_plural = "署名"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="credit_unique_article_person_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=CreditRole.values), name="credit_role_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "role"], name="credit_person_role"),
            # A person's bylines without visiting the table (their articles, counted).
            models.Index(fields=["person", "article"], name="credit_person_article"),
            models.Index(fields=["person", "-article_date", "-article"], name="credit_person_date"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.person.name}"


class Mention(models.Model):
    """A person named in an article, with the positions the article gives them."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name="稿件",
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="mentions",
        verbose_name="人物",
        db_index=False,
    )
    positions = ArrayField(
        models.CharField(max_length=200),
        verbose_name="文中职务",
        default=list,
        blank=True,
        help_text="按原文，多个职务用逗号分隔。",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    article_date = article_date_field()

    objects = ArticlePartQuerySet.as_manager()

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = "报道人物"
        verbose_name_plural = "报道人物"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="mention_unique_article_person"
            )
        ]
        indexes = [
            models.Index(fields=["person", "article"], name="mention_person_article"),
            models.Index(
                fields=["person", "-article_date", "-article"], name="mention_person_date"
            ),
            # Whether a published article gives a person a title (public_title_sql), where
            # the articles of the position's first and last days do not: with the person's
            # index, PostgreSQL reads the few mentions that give the title, where it read
            # all of a leader's (3,200 at 100,000 articles: 3.5 ms, then 0.4). Most
            # mentions give none, so the index is small (840 kB there).
            GinIndex(fields=["positions"], name="mention_positions"),
        ]

    def __str__(self):
        return (
            "、".join([*self.positions, self.person.name]) if self.positions else self.person.name
        )


class Meeting(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name="报道稿件",
        db_index=False,
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("会议名称", max_length=300)
    organizer = models.CharField("召开单位", max_length=200, blank=True)
    date = models.DateField("会议日期", null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "会议"
        verbose_name_plural = "会议"
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"], name="meeting_unique_article_order"
            ),
            # What a directive's meeting refers to: the meeting and its article together
            # (migration 0012's directive_meeting_of_article).
            models.UniqueConstraint(fields=["id", "article"], name="meeting_unique_id_article"),
            models.CheckConstraint(
                condition=Q(name__regex=NOT_BLANK), name="meeting_name_not_blank"
            ),
        ]
        indexes = [
            models.Index(fields=["-date", "-id"], name="meeting_date"),
            models.Index(fields=["organizer", "-date"], name="meeting_organizer_date"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("articles:meeting_detail", self.pk)

    def clean(self):
        # Its directives are the text of the article that reports it, and the database
        # holds each directive's meeting to its own article (migration 0012).
        if self.pk and self.article_id:
            moved = Meeting.objects.filter(pk=self.pk).exclude(article_id=self.article_id)
            if moved.exists() and self.directives.exists():
                raise ValidationError(
                    {"article": "这个会议有工作要求，不能改到其他稿件；请先处理这些工作要求。"}
                )

    def participants(self) -> list[tuple[Person, list[str], str]]:
        """(person, role labels, position as written) per person, in the article's order;
        one person who chaired and spoke is one entry. Uses prefetched participations."""
        grouped: dict[int, tuple[Person, list[str], str]] = {}
        for participation in self.participations.all():
            entry = grouped.setdefault(
                participation.person_id, (participation.person, [], participation.position)
            )
            entry[1].append(participation.get_role_display())
        return list(grouped.values())


class OrganizerTally(models.Model):
    """Changes to the number of meetings each organizer has called, written by the database
    (migration 0013) and summed when read, so that the meeting list's organizer filter reads
    a row or so per organizer instead of counting every meeting of the archive
    (querysets.organizer_counts). Django never writes it.

    Every statement that inserts, deletes or changes meetings adds a row per organizer it
    changes, and then folds each of those organizers' rows that no other transaction holds
    into one. Rows are only ever added, or deleted with their sum added back in the same
    statement, so writers never wait for each other here and the sum of an organizer's rows
    equals its meetings in whatever a reader's snapshot shows. Every meeting is counted,
    whatever its article's status: those readers may not see are subtracted when read.
    Writers under REPEATABLE READ or SERIALIZABLE add their rows without folding them
    (0014): a fold under a snapshot older than the statement would fail on rows folded
    since. The tally is data that the triggers wrote: restore it with the meetings (a
    whole dump, as ``scripts/restore``), never reload meetings into a database that keeps
    its tally, and write meetings with triggers on (``session_replication_role`` replica
    skips them).
    """

    organizer = models.CharField("召开单位", max_length=200)
    meetings = models.IntegerField("会议数的变化")

    class Meta:
        verbose_name = "召开单位的会议数"
        verbose_name_plural = "召开单位的会议数"
        default_permissions = ()
        indexes = [models.Index(fields=["organizer"], name="organizertally_organizer")]

    def __str__(self):
        return f"{self.organizer}：{self.meetings:+d}"


class Participation(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name="会议",
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name="人物",
        db_index=False,
    )
    role = models.CharField("角色", max_length=16, choices=ParticipationRole)
    position = models.CharField("文中职务", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    # Its meeting's article's.
    article_date = article_date_field()
    # Its meeting's date, kept by the database as article_date is: a person's meetings
    # come newest first from their own index (person_page.py).
    meeting_date = models.DateField("会议日期", null=True, editable=False)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "role"],
                name="participation_unique_meeting_person_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values),
                name="participation_role_valid",
            ),
        ]
        indexes = [
            # A person's meetings in one role newest first: the directives of the meetings
            # they chaired (person_page.py).
            models.Index(
                fields=["person", "role", "-article_date"], name="participation_person_role_date"
            ),
            models.Index(fields=["person", "-article_date"], name="participation_person_date"),
            models.Index(
                fields=["person", "-meeting_date", "-meeting"], name="participation_person_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.person.name}（{self.get_role_display()}）"


class Directive(models.Model):
    """A work requirement (工作要求) a meeting or a leader issued, in the article's order."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="directives",
        verbose_name="稿件",
        db_index=False,
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directives",
        verbose_name="会议",
    )
    issuer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directives",
        verbose_name="提出人",
        help_text="由个人提出时填写；“会议强调”留空。",
        db_index=False,  # directive_issuer_date leads with it
    )
    order = models.PositiveSmallIntegerField("序号", default=1)
    heading = models.CharField(
        "要点", max_length=200, help_text="要求的领起短语，如“认清形势、统一思想”。"
    )
    text = models.TextField("全文")
    article_date = article_date_field()

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["article", "order"]
        verbose_name = "工作要求"
        verbose_name_plural = "工作要求"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"], name="directive_unique_article_order"
            ),
            models.CheckConstraint(
                condition=Q(text__regex=NOT_BLANK), name="directive_text_not_blank"
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="directive_order_positive"),
        ]
        indexes = [
            # The directives a person issued, newest first (person_page.py).
            models.Index(
                fields=["issuer", "-article_date", "-article", "order"],
                name="directive_issuer_date",
            )
        ]

    def __str__(self):
        return self.heading or self.text[:30]

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"directive-{self.order}"

    def clean(self):
        # A directive was issued at a meeting its own article reports. The database holds
        # the pair to it too (migration 0012): a person page lists the directives of the
        # meetings someone chaired by the date of those meetings' articles.
        meeting = self.meeting if self.meeting_id else None
        if meeting is not None and self.article_id and meeting.article_id != self.article_id:
            raise ValidationError({"meeting": "只能选择本稿件报道的会议。"})
