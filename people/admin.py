from django.contrib import admin

from .models import Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "first_seen", "last_seen"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "disambiguation", "current_title", "updated_at"]
    search_fields = ["name", "aliases", "disambiguation", "positions__title"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
    inlines = [PositionInline]
    fields = ["name", "aliases", "disambiguation", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions")

    @admin.display(description="最近职务")
    def current_title(self, obj):
        position = obj.current_position()
        return position.title if position else ""


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "first_seen", "last_seen"]
    list_select_related = ["person"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person"]
    date_hierarchy = "last_seen"
