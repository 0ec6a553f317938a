"""Admin lists that stay quick at archive scale (100,000 articles, hundreds of thousands of
people, meetings and directives); measured with bench/admin_speed.py.

Two things in Django's changelist read a whole table on every view: counting the rows, and
the date hierarchy's list of years (SELECT DISTINCT date_trunc('year', …)). Here the count
is the planner's estimate once it is large, and years come from the first and last date,
which an index answers without reading the rows between.
"""

import datetime as dt

from django.contrib import admin
from django.db.models import Max, Min

from .estimates import EstimatedCountPaginator


class LargeTableAdmin(admin.ModelAdmin):
    """For tables that grow with the archive: counted by estimate beyond a few thousand
    rows, and never counted twice (filtered and unfiltered)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False


def _int(value, low: int, high: int) -> int | None:
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    number = int(value)
    return number if low <= number <= high else None


def date_filters(field: str, *, span_model=None, span_field: str | None = None):
    """A year filter and, once a year is chosen, a month filter on the date ``field``:
    the drill-down of ``date_hierarchy``. The years offered run from the earliest to the
    latest ``span_field`` of ``span_model`` (by default the field itself, on the admin's
    model; give the related table for a field across a join, whose index then serves)."""
    label = field.replace("__", "_")

    def span(model_admin):
        model = span_model or model_admin.model
        name = span_field or field
        return model._default_manager.aggregate(first=Min(name), last=Max(name))

    class YearFilter(admin.SimpleListFilter):
        title = "年份"
        parameter_name = f"{label}_year"

        def lookups(self, request, model_admin):
            dates = span(model_admin)
            if dates["first"] is None:
                return []
            years = range(dates["last"].year, dates["first"].year - 1, -1)
            return [(str(year), f"{year}年") for year in years]

        def queryset(self, request, queryset):
            year = _int(self.value(), 1, 9998)
            if year is None:
                return queryset
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
            return queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})

    class MonthFilter(admin.SimpleListFilter):
        title = "月份"
        parameter_name = f"{label}_month"

        def lookups(self, request, model_admin):
            if _int(request.GET.get(YearFilter.parameter_name), 1, 9998) is None:
                return []  # shown once a year is chosen
            return [(str(month), f"{month}月") for month in range(1, 13)]

        def queryset(self, request, queryset):
            year = _int(request.GET.get(YearFilter.parameter_name), 1, 9998)
            month = _int(self.value(), 1, 12)
            if year is None or month is None:
                return queryset
            start = dt.date(year, month, 1)
            end = (start + dt.timedelta(days=32)).replace(day=1)
            return queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})

    return [YearFilter, MonthFilter]
