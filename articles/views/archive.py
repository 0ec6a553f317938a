"""Home, article pages and date archives."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import render

from ..article_page import article_page
from ..choices import TagKind
from ..home_page import side_columns
from ..item_lists import LatestArticles
from ..models import Article
from ..querysets import date_span
from .common import is_editor, paginate, paginate_uncounted, valid_date_or_404


def home(request):
    meetings, directives = side_columns()
    context = {
        "page_obj": paginate_uncounted(request, LatestArticles()),
        "recent_meetings": meetings,
        "recent_directives": directives,
    }
    return render(request, "articles/home.html", context)


def article_detail(request, pk):
    page = article_page(pk, drafts=is_editor(request))
    if page is None:
        raise Http404("没有这篇稿件")
    article = page.article
    context = {
        "article": article,
        "topics": article.tags_of_kind(TagKind.TOPIC),
        "places": article.tags_of_kind(TagKind.PLACE),
        "terms": article.tags_of_kind(TagKind.TERM),
        "related": page.related,
        "previous": page.previous,
        "next": page.following,
        "preview": not article.is_published,
    }
    return render(request, "articles/article_detail.html", context)


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
