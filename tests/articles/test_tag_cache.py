"""Lists take their tags from the per-process cache, which a change of any tag empties."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles import tag_cache
from articles.models import Article, Tag
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cold_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # the pages here are rendered each time
    tag_cache.forget()
    yield
    tag_cache.forget()


def version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(tag_cache.TAGS_VERSION)
        return cursor.fetchone()[0]


def tag_reads(queries) -> int:
    return sum("FROM articles_tag WHERE" in q["sql"] for q in queries.captured_queries)


def first_tag_name() -> str:
    (article,) = Article.objects.as_items()
    return article.tags.all()[0].name


@pytest.fixture
def tagged():
    spring, place = (
        Tag.objects.create(name="春耕", kind="topic"),
        Tag.objects.create(name="梧桐街道", kind="place"),
    )
    article = make_article("春耕动员会召开")
    article.tags.add(spring, place)
    return article, spring, place


def test_tags_are_read_once_per_process_and_in_their_order(client, tagged):
    article, spring, place = tagged
    with CaptureQueriesContext(connection) as first:
        listed = list(Article.objects.as_items())
    with CaptureQueriesContext(connection) as second:
        again = list(Article.objects.as_items())
        page = client.get("/").text
    assert [t.name for t in listed[0].tags.all()] == ["春耕", "梧桐街道"]
    assert [t.name for t in again[0].tags.all()] == ["春耕", "梧桐街道"]
    assert (tag_reads(first), tag_reads(second)) == (1, 0)
    assert page.index("春耕</a>") < page.index("梧桐街道</a>")
    assert again[0].tags.all()[0] is listed[0].tags.all()[0]  # one instance per process


def test_a_renamed_tag_is_shown_by_its_new_name(client, tagged):
    _, spring, _ = tagged
    assert "春耕</a>" in client.get("/").text
    spring.name = "春季农业生产"
    spring.save()
    page = client.get("/").text
    assert "春季农业生产</a>" in page and "春耕</a>" not in page


def test_a_new_tag_is_read_without_dropping_the_others(tagged):
    article, spring, place = tagged
    list(Article.objects.as_items())
    before = version()
    article.tags.add(Tag.objects.create(name="双清零", kind="term"))
    assert version() == before  # ingest adds tags: no version changes
    with CaptureQueriesContext(connection) as queries:
        listed = list(Article.objects.as_items())
    assert [t.name for t in listed[0].tags.all()] == ["春耕", "梧桐街道", "双清零"]
    reads = [q["sql"] for q in queries.captured_queries if "FROM articles_tag WHERE" in q["sql"]]
    assert len(reads) == 1 and str(spring.pk) not in reads[0].split("ANY")[1]


def test_every_change_of_tags_gives_a_version_never_seen(tagged):
    _, spring, place = tagged
    seen = [version()]
    Tag.objects.filter(pk=spring.pk).update(kind="term")
    seen.append(version())
    place.delete()
    seen.append(version())
    with transaction.atomic():
        Tag.objects.filter(pk=spring.pk).update(name="春播")
        inside = version()
        transaction.set_rollback(True)
    assert version() == seen[-1]  # rolled back with the rename
    Tag.objects.filter(pk=spring.pk).update(name="夏收")
    seen.append(version())
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit: have them checked now, or the test's
        # transaction holds "pending trigger events" that TRUNCATE refuses to run with.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE articles_tag CASCADE")
    seen.append(version())
    assert len({*seen, inside}) == len(seen) + 1


def test_a_rename_rolled_back_to_a_savepoint_leaves_no_stale_name(tagged):
    # Within one transaction: a rename, a list read in a savepoint after a second rename,
    # and the savepoint rolled back. The cache must not keep the second name.
    _, spring, _ = tagged
    with transaction.atomic():
        Tag.objects.filter(pk=spring.pk).update(name="春播")
        with transaction.atomic():
            Tag.objects.filter(pk=spring.pk).update(name="夏收")
            assert first_tag_name() == "夏收"
            transaction.set_rollback(True)
        assert first_tag_name() == "春播"


def test_a_tag_deleted_between_the_list_and_its_names_is_left_out(tagged):
    article, spring, place = tagged
    version_then, place_id = version(), place.pk
    place.delete()
    tags = tag_cache.tags_by_id([spring.pk, place_id], version_then)
    assert list(tags) == [spring.pk]


def test_a_change_between_the_list_and_its_names_keeps_the_page_whole(tagged):
    # The list read version `then` with both ids; spring was cached under it; place is
    # changed before its name is read. The page gets both tags, and only what was read
    # under the new version is kept.
    _, spring, place = tagged
    then = version()
    tag_cache.tags_by_id([spring.pk], then)
    Tag.objects.filter(pk=place.pk).update(name="梧桐街道（新）")
    tags = tag_cache.tags_by_id([spring.pk, place.pk], then)
    assert {pk: tag.name for pk, tag in tags.items()} == {
        spring.pk: "春耕",
        place.pk: "梧桐街道（新）",
    }
    assert set(tag_cache.tags_by_id([place.pk], version())) == {place.pk}
    with CaptureQueriesContext(connection) as queries:
        tag_cache.tags_by_id([spring.pk], version())
    assert tag_reads(queries) == 1  # spring was not kept under the new version


def test_the_cache_starts_again_past_its_limit(monkeypatch, tagged):
    _, spring, place = tagged
    monkeypatch.setattr(tag_cache, "LIMIT", 1)
    now = version()
    assert set(tag_cache.tags_by_id([spring.pk], now)) == {spring.pk}
    assert set(tag_cache.tags_by_id([spring.pk, place.pk], now)) == {spring.pk, place.pk}
    third = Tag.objects.create(name="双清零", kind="term")
    assert set(tag_cache.tags_by_id([third.pk], now)) == {third.pk}
    with CaptureQueriesContext(connection) as queries:
        tag_cache.tags_by_id([spring.pk], now)
    assert tag_reads(queries) == 1  # dropped when the cache started again
