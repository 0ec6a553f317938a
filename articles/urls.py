from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
]
