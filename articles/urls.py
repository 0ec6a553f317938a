from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("archive/<int:year>/", views.year_archive, name="year_archive"),
    path("archive/<int:year>/<int:month>/", views.month_archive, name="month_archive"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.day_archive, name="day_archive"),
    path("search/", views.search, name="search"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("directives/", views.directive_list, name="directive_list"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("feeds/latest.rss", feeds.LatestArticlesFeed(), name="feed_latest_rss"),
    path("feeds/latest.atom", feeds.LatestArticlesAtomFeed(), name="feed_latest_atom"),
    path("feeds/tags/<str:slug>.rss", feeds.TagFeed(), name="feed_tag_rss"),
    path("feeds/tags/<str:slug>.atom", feeds.TagAtomFeed(), name="feed_tag_atom"),
    path("feeds/people/<int:pk>.rss", feeds.PersonFeed(), name="feed_person_rss"),
    path("feeds/people/<int:pk>.atom", feeds.PersonAtomFeed(), name="feed_person_atom"),
]
