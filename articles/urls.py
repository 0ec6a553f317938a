from django.urls import path

from . import feeds, views
from .pagecache import reader_page

app_name = "articles"

# Every page here is a reader page, served to anonymous readers from the page cache.
search = reader_page(views.search, ttl_setting="NEWSROOM_SEARCH_CACHE_SECONDS")

urlpatterns = [
    path("", reader_page(views.home), name="home"),
    path("articles/<int:pk>/", reader_page(views.article_detail), name="article_detail"),
    path("archive/<int:year>/", reader_page(views.year_archive), name="year_archive"),
    path("archive/<int:year>/<int:month>/", reader_page(views.month_archive), name="month_archive"),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        reader_page(views.day_archive),
        name="day_archive",
    ),
    path("search/", search, name="search"),
    path("meetings/", reader_page(views.meeting_list), name="meeting_list"),
    path("meetings/<int:pk>/", reader_page(views.meeting_detail), name="meeting_detail"),
    path("directives/", reader_page(views.directive_list), name="directive_list"),
    path("people/", reader_page(views.person_list), name="person_list"),
    path("people/<int:pk>/", reader_page(views.person_detail), name="person_detail"),
    path("tags/", reader_page(views.tag_list), name="tag_list"),
    path("tags/<str:slug>/", reader_page(views.tag_detail), name="tag_detail"),
    path("feeds/latest.rss", reader_page(feeds.LatestArticlesFeed()), name="feed_latest_rss"),
    path("feeds/latest.atom", reader_page(feeds.LatestArticlesAtomFeed()), name="feed_latest_atom"),
    path("feeds/tags/<str:slug>.rss", reader_page(feeds.TagFeed()), name="feed_tag_rss"),
    path("feeds/tags/<str:slug>.atom", reader_page(feeds.TagAtomFeed()), name="feed_tag_atom"),
    path("feeds/people/<int:pk>.rss", reader_page(feeds.PersonFeed()), name="feed_person_rss"),
    path(
        "feeds/people/<int:pk>.atom", reader_page(feeds.PersonAtomFeed()), name="feed_person_atom"
    ),
]
