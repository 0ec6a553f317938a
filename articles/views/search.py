"""The search page and its JSON twin."""

import datetime as dt

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from people.models import Person

from ..models import Article, Meeting, Tag
from ..search import engine, parse_query
from ..search import groups as search_groups
from ..search.highlight import highlight, plain_snippet, snippet
from .common import int_param, text_param

ORDERS = {"relevance": "相关度", "newest": "最新"}


def _date_param(request, name):
    try:
        return dt.date.fromisoformat(request.GET.get(name, "").strip())
    except ValueError:
        return None


def _filters(request) -> engine.Filters:
    filters = engine.Filters(
        date_from=_date_param(request, "from"), date_to=_date_param(request, "to")
    )
    slug = text_param(request, "tag", 100)
    if slug:
        filters.tag = Tag.objects.filter(slug=slug).first()
    person_id = int_param(request, "person")
    if person_id:
        filters.person = Person.objects.filter(pk=person_id).first()
    meeting_id = int_param(request, "meeting")
    if meeting_id:
        filters.meeting = Meeting.objects.published().filter(pk=meeting_id).first()
    before = int_param(request, "before")
    if before:
        filters.before = (
            Article.objects.published().filter(pk=before).values_list("published_at", "id").first()
        )
    return filters


def _continued(request, before: int | None) -> str:
    """The query string of this search on its first page, continued below the article
    ``before`` (None: from the newest)."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("before", None)
    if before is not None:
        params["before"] = str(before)
    return "?" + params.urlencode()


@require_safe
def search(request):
    raw = text_param(request, "q", 1000)
    query = parse_query(raw)
    order = request.GET.get("order", "relevance")
    if order not in ORDERS:
        order = "relevance"
    as_json = request.GET.get("format") == "json"
    per_page = min(int_param(request, "per_page") or engine.PER_PAGE, engine.MAX_PER_PAGE)
    filters = _filters(request)
    context = {
        "q": raw[:200],
        "query": query,
        "order": order,
        "order_label": ORDERS[order],
        "orders": ORDERS,
        "filters": filters,
        "per_page": per_page,
    }
    results = None
    if query:
        articles = filters.apply(Article.objects.published())
        results = engine.search(
            articles,
            query,
            order=order,
            page=request.GET.get("page"),
            per_page=per_page,
            before=filters.before,
        )
    if as_json:
        return JsonResponse(
            _json(request, query, results, per_page), json_dumps_params={"ensure_ascii": False}
        )
    if results is not None:
        context.update(
            results=results,
            page_obj=results.page,
            items=[
                (
                    article,
                    highlight(article.title, query.patterns),
                    snippet(article.body, query.body_patterns),
                )
                for article in results.page.object_list
            ],
            groups=search_groups.groups(query, results.candidate_ids),
            facets=search_groups.facets(results.candidates),
        )
        if results.stopped is not None:
            context.update(
                searched_to=timezone.localdate(results.stopped[0]),
                older=_continued(request, results.stopped[1]),
            )
        if filters.before is not None:
            context.update(
                continued_from=timezone.localdate(filters.before[0]),
                newest=_continued(request, None),
            )
    return render(request, "articles/search.html", context)


def _json(request, query, results, per_page) -> dict:
    document = {
        "query": request.GET.get("q", ""),
        "count": results.count if results else 0,
        "count_is_estimate": results.capped if results else False,
        "page": results.page.number if results else 1,
        "per_page": per_page,
        "order": results.order if results else "relevance",
        "results": [],
    }
    if not results:
        document["message"] = "请输入搜索词（至少两个字，单个字只搜索标题）。"
        return document
    document["complete"] = results.stopped is None
    if results.stopped is not None:
        published, last = results.stopped
        document["searched_to"] = timezone.localdate(published).isoformat()
        document["older"] = request.build_absolute_uri(request.path + _continued(request, last))
    for article in results.page.object_list:
        document["results"].append(
            {
                "id": article.pk,
                "url": request.build_absolute_uri(article.get_absolute_url()),
                "headline": article.headline,
                "title": article.title,
                "date": article.event_date.isoformat(),
                "snippet": plain_snippet(article.body, query.body_patterns),
            }
        )
    return document
