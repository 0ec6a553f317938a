"""Home, article pages and date archives."""

from collections import Counter

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, render

from ..choices import TagKind
from ..models import Article, Credit, Directive, Meeting, Mention, Participation, TaggedArticle
from ..querysets import LINK_FIELDS, date_span
from .common import paginate, paginate_uncounted, valid_date_or_404

RELATED_COUNT = 5
# Related articles are ranked among the most recent articles sharing a tag or a person;
# the cap keeps a very common tag from turning one page view into a scan of the archive.
RELATED_CANDIDATES = 300


def home(request):
    articles = Article.objects.latest_published().as_items()
    # The side columns link meetings and directives by name: no article bodies, no vectors
    # (select_related does not go through Article's manager, which defers those).
    meetings = Meeting.objects.published().only("id", "name", "date").order_by("-date", "-id")[:6]
    directives = (
        Directive.objects.published()
        .select_related("article", "meeting")
        .only("id", "order", "heading", "article__id", "article__title", "meeting__name")
        .order_by("-article__event_date", "-article_id", "order")[:6]
    )
    context = {
        "page_obj": paginate_uncounted(request, articles),
        "recent_meetings": meetings,
        "recent_directives": directives,
    }
    return render(request, "articles/home.html", context)


def article_detail(request, pk):
    participations = Participation.objects.select_related("person").order_by("order", "id")
    article = get_object_or_404(
        Article.objects.visible_to(request.user)
        .select_related("bulletin")
        .with_tags()
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
            Prefetch("mentions", queryset=Mention.objects.select_related("person")),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.order_by("order").prefetch_related(
                    Prefetch("participations", queryset=participations)
                ),
            ),
            Prefetch("directives", queryset=Directive.objects.select_related("issuer")),
        ),
        pk=pk,
    )
    previous, following = Article.objects.only(*LINK_FIELDS).around(article)
    context = {
        "article": article,
        "topics": article.tags_of_kind(TagKind.TOPIC),
        "places": article.tags_of_kind(TagKind.PLACE),
        "terms": article.tags_of_kind(TagKind.TERM),
        "related": related_articles(article),
        "previous": previous,
        "next": following,
        "preview": not article.is_published,
    }
    return render(request, "articles/article_detail.html", context)


def related_articles(article) -> list[Article]:
    """Published articles sharing the most tags and people with ``article``."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    person_ids = [mention.person_id for mention in article.mentions.all()]
    published = Article.objects.published().exclude(pk=article.pk).values("pk")
    candidates = []
    if tag_ids:
        candidates.append(
            TaggedArticle.objects.filter(tag_id__in=tag_ids, content_object__in=published)
            .order_by("-content_object_id")
            .values_list("content_object_id", flat=True)[:RELATED_CANDIDATES]
        )
    if person_ids:
        candidates.append(
            Mention.objects.filter(person_id__in=person_ids, article__in=published)
            .order_by("-article_id")
            .values_list("article_id", flat=True)[:RELATED_CANDIDATES]
        )
    if not candidates:
        return []
    # Both candidate lists in one round trip; an article in both scores twice.
    scores = Counter(candidates[0].union(*candidates[1:], all=True))
    best = [pk for pk, _ in sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))]
    best = best[:RELATED_COUNT]
    found = Article.objects.only(*LINK_FIELDS).in_bulk(best)
    return [found[pk] for pk in best if pk in found]


def year_archive(request, year):
    start, end = valid_date_or_404(date_span, year)
    articles = Article.objects.published().for_date(year)
    months = (
        articles.annotate(month=TruncMonth("event_date"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("month")
    )
    context = {
        "period": start,
        "level": "year",
        "months": months,
        "page_obj": paginate(request, articles.order_by("-event_date", "-id").as_items()),
    }
    return render(request, "articles/archive.html", context)


def month_archive(request, year, month):
    start, end = valid_date_or_404(date_span, year, month)
    articles = Article.objects.published().for_date(year, month)
    days = articles.values("event_date").annotate(count=Count("id")).order_by("event_date")
    context = {
        "period": start,
        "level": "month",
        "days": days,
        "page_obj": paginate(request, articles.order_by("-event_date", "-id").as_items()),
    }
    return render(request, "articles/archive.html", context)


def day_archive(request, year, month, day):
    start, end = valid_date_or_404(date_span, year, month, day)
    articles = Article.objects.published().for_date(year, month, day)
    context = {
        "period": start,
        "level": "day",
        "page_obj": paginate(request, articles.order_by("-id").as_items()),
    }
    return render(request, "articles/archive.html", context)
