"""Pieces the reader views share: pagination, query parameters, editor preview."""

from django.core.paginator import Paginator
from django.http import Http404

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a bad or out-of-range number gives the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def int_param(request, name: str, *, low: int = 1, high: int = 10**9) -> int | None:
    """An integer query parameter, or None when absent or not a sensible number."""
    raw = request.GET.get(name, "").strip()
    # isascii: str.isdigit() also accepts digits like ² that int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def text_param(request, name: str, limit: int) -> str:
    """A text query parameter, trimmed and bounded; NUL, which PostgreSQL refuses in text,
    is dropped."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


def is_editor(request) -> bool:
    return request.user.is_authenticated and request.user.is_staff


def valid_date_or_404(func, *args):
    try:
        return func(*args)
    except (ValueError, OverflowError):
        raise Http404("没有这个日期") from None
