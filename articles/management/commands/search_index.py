"""Rebuild the search vectors of every article (after a change to articles.search)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import pagecache
from articles.management.progress import Progress
from articles.models import SEARCH_FIELDS, Article

BATCH = 500


class Command(BaseCommand):
    help = "重建全部稿件的搜索索引（修改分词规则后使用）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args, batch_size, **options):
        total = Article.objects.count()
        progress = Progress(self.stderr, total)
        done, last_id = 0, 0
        fields = ["id", "kicker", "title", "subtitle", "body"]
        while True:
            batch = list(
                Article.objects.filter(pk__gt=last_id).order_by("pk").only(*fields)[:batch_size]
            )
            if not batch:
                break
            for article in batch:
                article.refresh_search_vectors()
            # One short transaction per batch: readers keep searching while it runs.
            with transaction.atomic():
                Article.objects.bulk_update(batch, SEARCH_FIELDS)
            done += len(batch)
            last_id = batch[-1].pk
            progress.step(count=len(batch))
        progress.done()
        pagecache.content_changed()  # search pages are cached; bulk_update sends no signals
        self.stdout.write(f"已重建 {done} 篇稿件的搜索索引。")
