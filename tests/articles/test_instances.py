"""Instances built from raw rows behave as the ORM's."""

import datetime as dt

import pytest

from articles.instances import loaded, prefetched
from articles.models import Directive, Tag
from tests.factories import make_article, make_directive

pytestmark = pytest.mark.django_db


def test_loaded_takes_fields_in_any_order_and_defers_the_rest(django_assert_num_queries):
    article = make_article("原稿", event_date=dt.date(2024, 3, 5))
    stored = make_directive(article, order=2, heading="抓落实")
    # Not the model's field order (id, article, meeting, issuer, order, heading, text).
    directive = loaded(Directive, heading="抓落实", order=2, article_id=article.pk, id=stored.pk)
    with django_assert_num_queries(0):
        assert (directive.pk, directive.order, directive.heading) == (stored.pk, 2, "抓落实")
        assert directive.article_id == article.pk and not directive._state.adding
    with django_assert_num_queries(1):
        assert directive.text == stored.text  # deferred: read when first asked for
    with pytest.raises(TypeError, match="no field"):
        loaded(Directive, id=1, title="稿件的字段")


def test_prefetched_lists_answer_all_without_a_query(django_assert_num_queries):
    article = make_article()
    tags = [loaded(Tag, id=1, name="春耕", slug="春耕", kind="topic")]
    prefetched(article, "tags", Tag, tags)
    prefetched(article, "directives", Directive, [])
    with django_assert_num_queries(0):
        assert list(article.tags.all()) == tags
        assert list(article.directives.all()) == []
