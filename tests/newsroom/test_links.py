"""object_url gives what reverse() gives, for every kind of argument and script prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from newsroom.links import object_url

SLUGS = ["双清零", "a b", "100%", "a?b#c", "a+b&c=d", "~x:y@z", "é", "🙂", "tag_2", "a'b\"c<d>"]


@pytest.fixture(params=["/", "/news/", "/报纸/"])
def prefix(request):
    set_script_prefix(request.param)
    yield request.param
    clear_script_prefix()


@pytest.mark.parametrize("slug", SLUGS)
def test_str_argument(prefix, slug):
    assert object_url("articles:tag_detail", slug) == reverse("articles:tag_detail", args=[slug])


@pytest.mark.parametrize("pk", [1, 7, 42, 918273645, 10**12])
@pytest.mark.parametrize(
    "name", ["articles:article_detail", "articles:person_detail", "articles:meeting_detail"]
)
def test_int_argument(prefix, name, pk):
    assert object_url(name, pk) == reverse(name, args=[pk])


def test_each_prefix_gets_its_own_urls():
    set_script_prefix("/a/")
    try:
        first = object_url("articles:article_detail", 5)
        set_script_prefix("/b/")
        second = object_url("articles:article_detail", 5)
    finally:
        clear_script_prefix()
    assert (first, second) == ("/a/articles/5/", "/b/articles/5/")
