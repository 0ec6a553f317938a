from django.contrib import admin

from newsroom.admin_lists import LargeTableAdmin, date_filters

from .models import Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["title", "first_seen", "last_seen"]


@admin.register(Person)
class PersonAdmin(LargeTableAdmin):
    list_display = ["name", "disambiguation", "current_title", "updated_at"]
    sortable_by = ["name"]  # the one column with an index to order by
    search_fields = ["name"]  # see get_search_results
    list_filter = ["created_at"]
    inlines = [PositionInline]
    fields = ["name", "aliases", "disambiguation", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions")

    def get_search_results(self, request, queryset, search_term):
        """People whose name begins with the term, who have it as an alias, or who held it
        as a title (区长), for the list and for autocomplete (asked on every keystroke).

        Each part has its index (person_name_prefix, the aliases GIN, position_title); a
        union of the three id lists lets each use it, where OR-ing them made PostgreSQL walk
        the whole name index in list order (160 ms at 270,000 people), and a join to
        positions made the admin remove duplicates over the table (seconds)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        ids = (
            Person.objects.filter(name__startswith=term)
            .order_by()
            .values("pk")
            .union(
                Person.objects.filter(aliases__contains=[term]).order_by().values("pk"),
                Position.objects.filter(title=term).order_by().values("person_id"),
            )
        )
        return queryset.filter(pk__in=ids), False

    @admin.display(description="最近职务")
    def current_title(self, obj):
        position = obj.current_position()
        return position.title if position else ""


@admin.register(Position)
class PositionAdmin(LargeTableAdmin):
    list_display = ["title", "person", "first_seen", "last_seen"]
    list_select_related = ["person"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person"]
    list_filter = date_filters("last_seen")
