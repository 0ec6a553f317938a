from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "新闻编辑部管理"
admin.site.site_title = "新闻编辑部"
admin.site.index_title = "内容管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("articles.urls")),
]
