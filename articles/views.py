"""Reader pages. Only published articles, and what hangs off them, are visible to readers;
a logged-in editor may preview drafts, with a banner saying so."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from people.models import Person

from .models import Article, Credit, Directive, Meeting, Participation, Tag

PAGE_SIZE = 20


def home(request):
    articles = Article.objects.latest_published().with_tags()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    meetings = Meeting.objects.published().select_related("article")[:5]
    return render(
        request, "articles/article_list.html", {"page_obj": page, "recent_meetings": meetings}
    )


def article_detail(request, pk):
    participations = Participation.objects.select_related("person").order_by("order", "id")
    article = get_object_or_404(
        Article.objects.visible_to(request.user)
        .select_related("bulletin")
        .prefetch_related(
            "tags",
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
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
    return render(request, "articles/article_detail.html", {"article": article})


def meeting_detail(request, pk):
    meetings = Meeting.objects.select_related("article")
    if not (request.user.is_authenticated and request.user.is_staff):
        meetings = meetings.published()
    meeting = get_object_or_404(
        meetings.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person").order_by("order", "id"),
            ),
            "directives",
        ),
        pk=pk,
    )
    return render(request, "articles/meeting_detail.html", {"meeting": meeting})


def person_detail(request, pk):
    person = get_object_or_404(Person, pk=pk)
    participations = (
        Participation.objects.published()
        .filter(person=person)
        .select_related("meeting", "meeting__article")
        .order_by("-meeting__date", "-meeting_id")
    )
    directives = (
        Directive.objects.published().issued_by(person).select_related("article", "meeting")
    )
    credits = (
        Credit.objects.published()
        .filter(person=person)
        .select_related("article")
        .order_by("-article__event_date", "-article_id")
    )
    articles = Article.objects.published().for_person(person).order_by("-event_date", "-id")
    context = {
        "person": person,
        "positions": person.positions.current(),
        "participations": participations[:50],
        "directives": directives[:50],
        "credits": credits[:50],
        "articles": articles[:50],
    }
    return render(request, "people/person_detail.html", context)


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.latest_published().for_tag(tag).with_tags()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})
