from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils import timezone

from . import pagecache
from .admin_import import import_view
from .choices import Status
from .models import (
    Article,
    Bulletin,
    Credit,
    Directive,
    Meeting,
    Mention,
    Participation,
    Tag,
)


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
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "event_date", "status", "published_at", "bulletin", "photos"]
    list_filter = ["status", "date_precision", "photos", "tags__kind"]
    list_select_related = ["bulletin"]
    search_fields = ["title", "kicker", "subtitle", "headline"]
    date_hierarchy = "event_date"
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
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "organizer", "date", "article"]
    list_select_related = ["article"]
    list_filter = ["date", "article__status"]
    search_fields = ["name", "organizer"]
    date_hierarchy = "date"
    autocomplete_fields = ["article"]
    inlines = [ParticipationInline]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["heading", "order", "article", "meeting", "issuer"]
    list_select_related = ["article", "meeting", "issuer"]
    list_filter = ["article__status", "article__event_date"]
    search_fields = ["heading", "text"]
    autocomplete_fields = ["article", "meeting", "issuer"]
    date_hierarchy = "article__event_date"


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["source_name", "issue_date", "encoding", "article_count", "imported_at"]
    list_filter = ["issue_date", "encoding"]
    search_fields = ["source_name", "sha256"]
    date_hierarchy = "issue_date"
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
        return super().get_queryset(request).annotate(article_count=Count("articles"))

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
        return super().get_queryset(request).annotate(article_count=Count("tagged_articles"))

    @admin.display(description="稿件数", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count
