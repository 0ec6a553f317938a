"""Browsing the archive by meeting, person, directive and tag."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from people.models import Person

from ..choices import TagKind
from ..filtered_lists import DirectiveItems, MeetingItems
from ..item_lists import PersonArticles, TagArticles
from ..models import (
    SEARCH_FIELDS,
    Article,
    Directive,
    Meeting,
    Mention,
    Participation,
    Tag,
)
from ..person_page import person_page
from ..querysets import (
    attach_public_positions,
    date_span,
    organizer_counts,
    published_q,
    tag_by_slug,
    years_of,
)
from .common import int_param, is_editor, paginate, paginate_uncounted, text_param

# What a page that links each item's article leaves unread of it: kilobytes per row, and
# select_related does not go through Article's manager, which defers the vectors.
ARTICLE_TEXT_FIELDS = ("body", "headline", *SEARCH_FIELDS)


def _without_article_text(queryset):
    """``queryset``, whose select_related article is only linked to, without its text."""
    return queryset.defer(*(f"article__{name}" for name in ARTICLE_TEXT_FIELDS))


# Organizers the meeting list offers as a filter, most meetings first.
ORGANIZERS_SHOWN = 30


def meeting_list(request):
    year = int_param(request, "year", low=1900, high=2999)
    month = int_param(request, "month", low=1, high=12) if year else None
    organizer = text_param(request, "organizer", 200)
    person_id = int_param(request, "person")
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    span = date_span(year, month) if year else None
    meetings = MeetingItems(span, organizer, person) if person or not person_id else []
    organizers = [
        (o["organizer"], f"{o['organizer']}（{o['count']}）")
        for o in organizer_counts(ORGANIZERS_SHOWN)
    ]
    years = [day.year for day in years_of(Meeting.objects.published(), "date")]
    context = {
        "page_obj": paginate_uncounted(request, meetings),
        "year": year,
        "month": month,
        "organizer": organizer,
        "person": person,
        "organizers": organizers,
        "years": years,
        "months": [(month, f"{month}月") for month in range(1, 13)],
    }
    return render(request, "articles/meeting_list.html", context)


def meeting_detail(request, pk):
    meetings = _without_article_text(Meeting.objects.select_related("article"))
    if not is_editor(request):
        meetings = meetings.published()
    meeting = get_object_or_404(
        meetings.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person").order_by("order", "id"),
            ),
            Prefetch("directives", queryset=Directive.objects.select_related("issuer")),
        ),
        pk=pk,
    )
    by_role = {}
    for participation in meeting.participations.all():
        by_role.setdefault(participation.get_role_display(), []).append(participation)
    context = {"meeting": meeting, "by_role": by_role, "preview": not meeting.article.is_published}
    return render(request, "articles/meeting_detail.html", context)


def person_list(request):
    visible = Mention.objects.published().filter(person=OuterRef("pk"))
    people = (
        Person.objects.filter(Exists(visible)).prefetch_related("positions").order_by("name", "id")
    )
    page = paginate(request, people, 60)
    attach_public_positions(page.object_list)
    return render(request, "people/person_list.html", {"page_obj": page})


def person_detail(request, pk):
    page = person_page(pk, editor=is_editor(request))
    if page is None:
        raise Http404("没有这个人物")
    context = {
        "person": page.person,
        "positions": page.positions,
        "meetings": page.meetings,
        "more_meetings": page.more_meetings,
        "directives": page.directives,
        "more_directives": page.more_directives,
        "credits": page.credits,
        "page_obj": paginate_uncounted(request, PersonArticles(page.person)),
    }
    return render(request, "people/person_detail.html", context)


def directive_list(request):
    slug = text_param(request, "tag", 100)
    tag = Tag.objects.filter(slug=slug).first() if slug else None
    person_id = int_param(request, "person")
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    year = int_param(request, "year", low=1900, high=2999)
    span = date_span(year) if year else None
    # A tag or a person asked for that does not exist has no directives.
    found = (tag or not slug) and (person or not person_id)
    years = [
        day.year
        for day in years_of(
            Article.objects.published().filter(directives__isnull=False), "event_date"
        )
    ]
    context = {
        "page_obj": paginate_uncounted(
            request, DirectiveItems(span, tag, person) if found else [], 30
        ),
        "tag": tag,
        "person": person,
        "year": year,
        "years": years,
    }
    return render(request, "articles/directive_list.html", context)


def tag_list(request):
    kind = request.GET.get("kind", "")
    tags = Tag.objects.annotate(
        count=Count("tagged_articles", filter=published_q("tagged_articles__content_object__"))
    ).filter(count__gt=0)
    if kind in TagKind.values:
        tags = tags.filter(kind=kind)
    context = {
        "kind": kind if kind in TagKind.values else "",
        "kinds": TagKind.choices,
        "page_obj": paginate(request, tags.order_by("-count", "name"), 120),
    }
    return render(request, "articles/tag_list.html", context)


def tag_detail(request, slug):
    found = tag_by_slug(slug.replace("\x00", ""))
    if found is None or not (found[1] or is_editor(request)):
        raise Http404("没有这个标签")
    tag = found[0]
    return render(
        request,
        "articles/tag_detail.html",
        {"tag": tag, "page_obj": paginate_uncounted(request, TagArticles(tag))},
    )
