"""Reader pages, server-rendered. Only published articles, and what hangs off them, are
visible to readers; a logged-in editor may preview drafts, with a banner saying so."""

from .archive import article_detail, day_archive, home, month_archive, year_archive
from .browse import (
    directive_list,
    meeting_detail,
    meeting_list,
    person_detail,
    person_list,
    tag_detail,
    tag_list,
)
from .search import search
from .site import robots_txt

__all__ = [
    "article_detail",
    "day_archive",
    "directive_list",
    "home",
    "meeting_detail",
    "meeting_list",
    "month_archive",
    "person_detail",
    "person_list",
    "robots_txt",
    "search",
    "tag_detail",
    "tag_list",
    "year_archive",
]
