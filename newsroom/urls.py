from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.pagecache import reader_page
from articles.sitemaps import SITEMAPS
from articles.views import robots_txt

from . import views

admin.site.site_header = "新闻编辑部管理"
admin.site.site_title = "新闻编辑部"
admin.site.index_title = "内容管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", reader_page(robots_txt), name="robots_txt"),
    path(
        "sitemap.xml",
        reader_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        reader_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("articles.urls")),
]
