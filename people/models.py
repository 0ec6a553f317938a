"""People named in bulletins and the positions they held over time.

A leaf app: articles point at people, never the reverse. What a person did (chaired,
attended, issued) lives in articles; here is who they are and what titles they carried.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from newsroom.links import object_url


class PersonQuerySet(models.QuerySet):
    def named(self, name: str):
        """Exact-name match, the rule ingest uses to reuse a person across bulletins."""
        return self.filter(Q(name=name) | Q(aliases__contains=[name]))


class Person(models.Model):
    # Chinese names do not split into given and family names: one field.
    # Indexed by person_unique_name_disambiguation (equality, order) and person_name_prefix
    # (LIKE), not by a third index of its own.
    name = models.CharField("姓名", max_length=40)
    aliases = ArrayField(
        models.CharField(max_length=40),
        verbose_name="别名",
        default=list,
        blank=True,
        help_text="同一人的其他写法，用逗号分隔；导入时按姓名或别名匹配。",
    )
    disambiguation = models.CharField(
        "区分说明",
        max_length=100,
        blank=True,
        help_text="同名不同人时填写以示区分，如“区卫健委”；导入只匹配此项为空的人物。",
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "人物"
        verbose_name_plural = "人物"
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "disambiguation"],
                name="person_unique_name_disambiguation",
            ),
            models.CheckConstraint(condition=Q(name__regex=r"\S"), name="person_name_not_blank"),
        ]
        # Ingest matches names against aliases too (named(), aliases__overlap).
        indexes = [
            # Without a pending list (fastupdate): ingest adds people by the thousand, and a
            # lookup must read the whole unmerged list, which grew to milliseconds a page
            # (PostgreSQL docs 70.4.1, "GIN Fast Update Technique").
            GinIndex(fields=["aliases"], name="person_aliases", fastupdate=False),
            # Search looks people up by the start of their name (name LIKE '丁丽%'); the
            # pattern operator class lets the index serve it under any collation.
            models.Index(
                fields=["name"], name="person_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
            # The admin list's filter by date added.
            models.Index(fields=["created_at"], name="person_created_at"),
        ]

    def __str__(self):
        if self.disambiguation:
            return f"{self.name}（{self.disambiguation}）"
        return self.name

    def get_absolute_url(self):
        return object_url("articles:person_detail", self.pk)

    def current_position(self):
        """The title seen most recently, or None; uses prefetched positions when present."""
        positions = sorted(
            self.positions.all(), key=lambda p: (p.last_seen is not None, p.last_seen, p.id)
        )
        return positions[-1] if positions else None


class PositionQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-last_seen", "-id")


class Position(models.Model):
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name="人物",
        db_index=False,  # position_unique_person_title leads with it
    )
    title = models.CharField(
        "职务",
        max_length=200,
        help_text="按报道原文书写，如“区委书记”“区人大常委会主任”。",
    )
    first_seen = models.DateField("首次见报", null=True, blank=True)
    last_seen = models.DateField("最近见报", null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["person", "first_seen", "id"]
        verbose_name = "职务"
        verbose_name_plural = "职务"
        get_latest_by = "last_seen"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "title"], name="position_unique_person_title"
            ),
            models.CheckConstraint(
                condition=Q(first_seen__isnull=True)
                | Q(last_seen__isnull=True)
                | Q(first_seen__lte=models.F("last_seen")),
                name="position_seen_in_order",
            ),
            models.CheckConstraint(
                condition=Q(title__regex=r"\S"), name="position_title_not_blank"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-last_seen"], name="position_person_last_seen"),
            # The admin finds people by a title they held, and filters positions by year.
            models.Index(fields=["title"], name="position_title"),
            models.Index(fields=["last_seen"], name="position_last_seen"),
        ]

    def __str__(self):
        return f"{self.person.name} · {self.title}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    def record_seen(self, on):
        """Widen the first/last-seen span to include ``on``; the caller saves."""
        if on is None:
            return
        if self.first_seen is None or on < self.first_seen:
            self.first_seen = on
        if self.last_seen is None or on > self.last_seen:
            self.last_seen = on
