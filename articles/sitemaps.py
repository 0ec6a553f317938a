from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from people.models import Person

from .models import Article, Meeting, Mention, Tag, TaggedArticle
from .querysets import published_q


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Meeting.objects.published().only("id").order_by("id")


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        visible = Mention.objects.published().filter(person=OuterRef("pk"))
        return Person.objects.filter(Exists(visible)).only("id").order_by("id")


class TagSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        tagged = TaggedArticle.objects.filter(published_q("content_object__"), tag=OuterRef("pk"))
        return Tag.objects.filter(Exists(tagged)).only("slug").order_by("id")


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "articles:home",
            "articles:meeting_list",
            "articles:directive_list",
            "articles:person_list",
            "articles:tag_list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "tags": TagSitemap,
}
