"""Domain queries, written once and shared by views, feeds, sitemaps and the admin."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import Status


def published_q(prefix: str = "") -> Q:
    """The one rule of what readers may see: published, and not scheduled for later."""
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def visible_to(self, user):
        """Readers see published articles; editors also preview drafts."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def latest_published(self):
        return self.published().order_by("-published_at", "-id")

    def for_person(self, person):
        # Subqueries instead of a three-way join + DISTINCT: each side uses its own index.
        from .models import Credit, Mention, Participation

        return self.filter(
            Q(pk__in=Credit.objects.filter(person=person).values("article_id"))
            | Q(pk__in=Mention.objects.filter(person=person).values("article_id"))
            | Q(pk__in=Participation.objects.filter(person=person).values("meeting__article_id"))
        )

    def for_tag(self, tag):
        return self.filter(tagged_items__tag=tag)

    def for_date(self, year: int, month: int | None = None, day: int | None = None):
        qs = self.filter(event_date__year=year)
        if month is not None:
            qs = qs.filter(event_date__month=month)
        if day is not None:
            qs = qs.filter(event_date__day=day)
        return qs

    def with_tags(self):
        return self.prefetch_related("tags")


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("article__"))

    def for_person(self, person):
        return self.filter(participations__person=person).distinct()

    def for_organizer(self, organizer: str):
        return self.filter(organizer=organizer)


class DirectiveQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q("article__"))

    def issued_by(self, person):
        return self.filter(issuer=person)


class ArticlePartQuerySet(models.QuerySet):
    """Credits and mentions: rows that hang off an article."""

    article_path = "article__"

    def published(self):
        return self.filter(published_q(self.article_path))


class ParticipationQuerySet(ArticlePartQuerySet):
    article_path = "meeting__article__"
