"""RSS 2.0 and Atom feeds of the latest published articles, per tag and per person."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from people.models import Person

from .instances import prefetched_all
from .models import Article, Tag
from .querysets import is_public_person, is_public_tag

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    description_template = None

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME} · 最新稿件"

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}最新发布的稿件"

    def articles(self, obj):
        return Article.objects.latest_published()

    def items(self, obj=None):
        return self.articles(obj).with_tags()[:FEED_SIZE]

    def item_title(self, item):
        # Titles are plain text in RSS and in Django's Atom (type="text"): XML escaping,
        # which the feed generator does, is all they need.
        return item.title

    def item_description(self, item):
        # Descriptions are HTML to feed readers (Atom summary type="html"): escape the text.
        paragraphs = item.paragraphs
        return escape(paragraphs[0]) if paragraphs else ""

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in prefetched_all(item, "tags")]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug.replace("\x00", ""))
        if not is_public_tag(tag):
            raise Http404("没有这个标签")
        return tag

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME} · {obj.get_kind_display()}：{obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"带有“{obj.name}”的最新稿件"

    def articles(self, obj):
        return Article.objects.latest_published().for_tag(obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, pk):
        person = get_object_or_404(Person, pk=pk)
        if not is_public_person(person):
            raise Http404("没有这个人物")
        return person

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME} · {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"报道{obj.name}的最新稿件"

    def articles(self, obj):
        return Article.objects.published().for_person(obj).order_by("-published_at", "-id")


class PersonAtomFeed(PersonFeed):
    feed_type = Atom1Feed
    subtitle = PersonFeed.description
