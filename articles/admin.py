from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils import timezone

from newsroom.admin_lists import LargeTableAdmin, date_filters
from newsroom.estimates import planner_estimate, table_rows

from . import pagecache
from .admin_import import import_view
from .choices import Status, TagKind
from .models import (
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
from .search import engine, parse_query


class TagKindFilter(admin.SimpleListFilter):
    # An EXISTS per article instead of the join that tags__kind makes, which the admin has
    # to make distinct: 17 s at 100,000 articles (bench/admin_speed.py), now milliseconds.
    title = "标签类别"
    parameter_name = "tag_kind"

    def lookups(self, request, model_admin):
        return TagKind.choices

    def queryset(self, request, queryset):
        if self.value() not in TagKind.values:
            return queryset
        tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__kind=self.value())
        return queryset.filter(Exists(tagged))


def count_of(model, field: str):
    """The number of ``model`` rows whose ``field`` points at the listed row, as a subquery:
    computed for the rows shown only, where Count() over a join grouped the whole table
    (300 ms for the tag list at 100,000 articles)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "order"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "positions", "order"]


class DirectiveInline(admin.StackedInline):
    model = Directive
    extra = 0
    autocomplete_fields = ["issuer"]
    fields = [("order", "heading"), "text", ("meeting", "issuer")]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this article's meetings, not every meeting in the archive.
        if db_field.name == "meeting":
            article_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Meeting.objects.filter(article_id=article_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["order", "name", "organizer", "date"]
    show_change_link = True


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0
    fields = ["position", "title", "event_date", "status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ArticleForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # Published without a date means "now"; set here, before the model's constraint
        # (a published article has a date) is checked.
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


@admin.register(Article)
class ArticleAdmin(LargeTableAdmin):
    form = ArticleForm
    list_display = ["title", "event_date", "status", "published_at", "bulletin", "photos"]
    list_filter = [
        "status",
        *date_filters("event_date"),
        "date_precision",
        "photos",
        TagKindFilter,
    ]
    list_select_related = ["bulletin"]
    # Columns an index can order by; sorting by the others sorts the whole table.
    sortable_by = ["title", "event_date", "published_at"]
    search_fields = ["title"]  # see get_search_results
    ordering = ["-event_date", "-id"]
    inlines = [CreditInline, MentionInline, MeetingInline, DirectiveInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at", "edited_at"]
    autocomplete_fields = ["bulletin"]
    fieldsets = [
        (None, {"fields": ["headline", "kicker", "title", "subtitle"]}),
        ("日期", {"fields": ["event_date", "date_precision"]}),
        ("正文", {"fields": ["body", "photos", "tags"]}),
        ("发布", {"fields": ["status", "published_at"]}),
        (
            "来源",
            {
                "classes": ["collapse"],
                "fields": ["bulletin", "position", "created_at", "updated_at", "edited_at"],
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Headline search (kicker, title, subtitle) on the GIN-indexed title vector of
        reader search, the same substring rule; used by the list and by autocomplete."""
        if not search_term.strip():
            return queryset, False
        query = parse_query(search_term)
        return (engine.in_title(queryset, query) if query else queryset.none()), False

    def save_model(self, request, obj, form, change):
        if change:
            # Marks the article as hand-edited, so re-ingest will not overwrite the edit.
            obj.edited_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="发布所选稿件", permissions=["change"])
    def publish(self, request, queryset):
        # Keep a date already set (a scheduled or re-published article keeps its date).
        count = queryset.exclude(status=Status.PUBLISHED).update(
            status=Status.PUBLISHED,
            published_at=Coalesce("published_at", Value(timezone.now())),
        )
        pagecache.content_changed()  # update() sends no signals
        self.message_user(request, f"已发布 {count} 篇稿件。", messages.SUCCESS)

    @admin.action(description="撤回所选稿件（改为草稿）", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).update(status=Status.DRAFT)
        pagecache.content_changed()
        self.message_user(request, f"已撤回 {count} 篇稿件。", messages.SUCCESS)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position", "order"]


@admin.register(Meeting)
class MeetingAdmin(LargeTableAdmin):
    list_display = ["name", "organizer", "date", "article"]
    list_select_related = ["article"]
    list_filter = [*date_filters("date"), "article__status"]
    # A substring scan of 60,000 names at 100,000 articles; `contains` spares the UPPER()
    # of icontains on every row (Chinese has no case).
    search_fields = ["name__contains", "organizer__contains"]
    autocomplete_fields = ["article"]
    inlines = [ParticipationInline]


@admin.register(Directive)
class DirectiveAdmin(LargeTableAdmin):
    list_display = ["heading", "order", "article", "meeting", "issuer"]
    list_select_related = ["article", "meeting", "issuer"]
    list_filter = [
        "article__status",
        *date_filters("article__event_date", span_model=Article, span_field="event_date"),
    ]
    search_fields = ["heading"]  # see get_search_results
    autocomplete_fields = ["article", "meeting", "issuer"]

    def get_search_results(self, request, queryset, search_term):
        """Directives whose heading or text contains every word. Reading every text takes
        ~400 ms at 260,000 directives: a word that few articles have is looked up first in
        the articles' search index (GIN), and only their directives are read. (A directive
        rewritten by hand into words its article's body lacks is then not found.)"""
        query = parse_query(search_term)
        if not query:
            return (queryset.none() if search_term.strip() else queryset), False
        found = queryset.filter(
            *[Q(heading__contains=t.text) | Q(text__contains=t.text) for t in query.include]
        )
        articles = engine.matching(Article.objects.all(), query)
        if planner_estimate(articles) * 10 < table_rows(Article):
            found = found.filter(article__in=articles.values("pk"))
        # A common word fills the page after a short walk of the list's order instead.
        return found, False


@admin.register(Bulletin)
class BulletinAdmin(LargeTableAdmin):
    list_display = ["source_name", "issue_date", "encoding", "article_count", "imported_at"]
    list_filter = [*date_filters("issue_date"), "encoding"]
    search_fields = ["source_name", "=sha256"]
    inlines = [ArticleInline]
    readonly_fields = [
        "source_name",
        "sha256",
        "encoding",
        "size_bytes",
        "imported_at",
        "imported_by",
        "raw_text",
    ]
    fields = ["source_name", "issue_date", "warnings", *readonly_fields[1:]]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=count_of(Article, "bulletin"))

    @admin.display(description="稿件数", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def has_add_permission(self, request):
        # Bulletins come in through ingest (the import page), which keeps raw text and
        # sha256 consistent.
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(partial(import_view, admin_site=self.admin_site))
        return [path("import/", view, name="articles_bulletin_import"), *super().get_urls()]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {}
    fields = ["name", "kind", "slug"]

    def get_queryset(self, request):
        articles = count_of(TaggedArticle, "tag")
        return super().get_queryset(request).annotate(article_count=articles)

    @admin.display(description="稿件数", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count
