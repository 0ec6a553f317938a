"""SQL queries per reader page do not grow with the archive: no query per row shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import tag_cache
from articles.models import Mention, Tag
from newsroom import estimates
from tests.articles.stories import make_story, reader_pages
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Counted are the queries of rendering; a cache hit would make every count zero.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.NEWSROOM_SEARCH_CACHE_SECONDS = 0


def queries_per_page(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        # Search reads pg_stats and reltuples once per process every few minutes: each
        # page counts them, whatever ran before in this process and however long ago.
        estimates.forget()
        # Lists read the names of tags this process has not seen: each page counts it.
        tag_cache.forget()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries.captured_queries)
    return counts


def grow_archive(chair, start: int, stop: int) -> None:
    """More stories, each with more people and tags than the first ones have."""
    tags = [Tag.objects.create(name=f"专题{i}", kind=kind) for i, kind in enumerate("tpt")]
    for n in range(start, stop):
        story = make_story(n, chair)
        story.tags.add(tags[n % 3], tags[(n + 1) % 3])
        Mention.objects.create(article=story, person=make_person(), positions=["副区长"])


@pytest.mark.parametrize("who", ["client", "admin_client"], ids=["reader", "editor"])
def test_pages_cost_the_same_at_3_and_30_articles(request, chair, who):
    client = request.getfixturevalue(who)
    first = [make_story(n, chair) for n in range(1, 4)]
    urls = reader_pages(first[0], chair)
    small = queries_per_page(client, urls)
    grow_archive(chair, 4, 31)
    assert queries_per_page(client, urls) == small
