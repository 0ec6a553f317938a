"""Instances built from raw rows behave as the ORM's."""

import datetime as dt

import pytest
from django.db.models.signals import post_init

from articles.instances import attach, loaded, prefetched
from articles.models import Article, Directive, Tag
from people.models import Person
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


@pytest.mark.parametrize(
    "model, values",
    [
        (Tag, {"id": 3, "name": "春耕", "slug": "春耕", "kind": "topic"}),
        (Article, {"title": "标题", "id": 7, "event_date": dt.date(2024, 3, 5), "status": "draft"}),
        (
            Directive,
            {"id": 2, "order": 1, "heading": "抓落实", "article_id": 7, "meeting_id": None},
        ),
        (Person, {"id": 5, "name": "丁丽"}),
    ],
)
def test_loaded_builds_what_from_db_builds(model, values):
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    expected = model.from_db(None, names, [values[name] for name in names])
    instance = loaded(model, **values)
    assert type(instance) is model
    state = instance.__dict__.pop("_state")
    assert (state.adding, state.db) == (False, None)
    # A foreign key's setter asks for the related-object cache, which ModelState makes on
    # first access: empty either way.
    empty = {"fields_cache": {}}
    assert {**empty, **state.__dict__} == {**empty, **expected.__dict__.pop("_state").__dict__}
    assert instance.__dict__ == expected.__dict__


def test_loaded_sends_init_signals_to_their_receivers():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.name)

    post_init.connect(receiver, sender=Tag)
    try:
        loaded(Tag, id=1, name="春耕")
        loaded(Person, id=1, name="丁丽")  # no receiver for people
    finally:
        post_init.disconnect(receiver, sender=Tag)
    assert seen == ["春耕"]


def test_attach_relates_as_the_descriptors_do(django_assert_num_queries):
    article = make_article("原稿")
    stored = make_directive(article, order=2, heading="抓落实")
    person = loaded(Person, id=5, name="丁丽")
    directive = attach(
        loaded(Directive, id=stored.pk, order=2), article=article, issuer=person, meeting=None
    )
    expected = loaded(Directive, id=stored.pk, order=2)
    expected.article, expected.issuer, expected.meeting = article, person, None
    with django_assert_num_queries(0):
        assert directive.article is article and directive.issuer is person
        assert directive.meeting is None
        assert (directive.article_id, directive.issuer_id, directive.meeting_id) == (
            article.pk,
            5,
            None,
        )
    for instance in (directive, expected):
        instance.__dict__.pop("_state")
    assert directive.__dict__ == expected.__dict__
