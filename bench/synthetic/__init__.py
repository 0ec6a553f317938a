"""Synthetic bulletin pages with known ground truth, for property tests and benchmarks.

``generate_page`` writes one page in the layout of a real district bulletin (our own
phrasing, fictional names and places) and returns the ArticleRecords that parsing it must
give under the matching rules of ``docs/ingest-json.md``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from articles.ingest.records import ArticleRecord

from .names import Cast
from .page import SyntheticPage, generate_bulletin

__all__ = ["Cast", "SyntheticPage", "generate_bulletin", "generate_page", "generate_pages"]


def generate_page(
    rng: random.Random,
    issue_date: dt.date,
    articles: int = 3,
    target_chars: int = 3000,
    cast: Cast | None = None,
) -> tuple[str, list[ArticleRecord]]:
    """One page of ``articles`` articles, about ``target_chars`` characters, and its truth;
    its people drawn from ``cast`` when given, else invented for the page."""
    page = generate_bulletin(rng, issue_date, articles, target_chars, cast)
    return page.text, page.articles


def generate_pages(
    n: int,
    seed: int = 0,
    *,
    issue_date: dt.date | None = None,
    articles: int = 3,
    target_chars: int = 3000,
    cast: Cast | None = None,
) -> Iterator[tuple[dt.date, str, list[ArticleRecord]]]:
    """``n`` pages from one seed: (issue date, text, truth). Without ``issue_date`` the pages
    get consecutive issue dates (one a day, back from 2024-06-30) so an archive built from them
    spans New Year several times."""
    rng = random.Random(seed)
    last = dt.date(2024, 6, 30)
    for i in range(n):
        day = issue_date or last - dt.timedelta(days=n - 1 - i)
        yield day, *generate_page(rng, day, articles, target_chars, cast)
