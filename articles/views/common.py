"""Pieces the reader views share: pagination, query parameters, editor preview."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.http import Http404

PAGE_SIZE = 20
# Past this, a page number is treated as out of range (OFFSET cost grows with it).
MAX_PAGE = 100_000


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a bad or out-of-range number gives the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class _Uncounted:
    num_pages = None  # what the pagination template shows when the total is known


class UncountedPage(Sequence):
    """A page of a list whose total is not counted: one row more than the page is read to
    know whether there is a next one.

    The home page lists the whole archive, newest first; counting it cost more than
    reading the page (7 ms at 100,000 articles, bench/pages.py) to print a total that
    readers of the front page do not need. So do the lists that grow with the archive:
    meetings, directives, a tag's articles and a person's (a district leader is in one
    article in ten).
    """

    paginator = _Uncounted()

    def __init__(self, object_list: list, number: int, has_next: bool) -> None:
        self.object_list, self.number, self._has_next = object_list, number, has_next

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_uncounted(request, queryset, per_page: int = PAGE_SIZE):
    """Like paginate(), without counting the list; a number past the end still gives the
    last page (found by counting, on that rare path only)."""
    number = int_param(request, "page", high=MAX_PAGE) or 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        return Paginator(queryset, per_page).get_page(number)
    return UncountedPage(rows[:per_page], number, len(rows) > per_page)


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
