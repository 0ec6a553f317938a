from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

BATCH = 1000


def fill_search_text(apps, schema_editor):
    # Articles stored before the column existed; later saves and ingest write it. Every
    # updated row would be added to the GIN indexes again (23 minutes and an index twice its
    # size at 100,000 articles): they are dropped first and built once at the end.
    from articles.search.text import headline_text, searched_text

    Article = apps.get_model("articles", "Article")
    gin_indexes = [index for index in Article._meta.indexes if isinstance(index, GinIndex)]
    for index in gin_indexes:
        schema_editor.remove_index(Article, index)
    last_id = 0
    while True:
        batch = list(
            Article.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .only("kicker", "title", "subtitle", "body")[:BATCH]
        )
        if not batch:
            break
        for article in batch:
            title = headline_text(article.kicker, article.title, article.subtitle)
            article.search_text = searched_text(title, article.body)
        Article.objects.bulk_update(batch, ["search_text"])
        last_id = batch[-1].pk
    for index in gin_indexes:
        schema_editor.add_index(Article, index)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_add_taggedarticle_tag_article_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        # Stored uncompressed: the exact test of a phrase reads it for hundreds of rows per
        # query, and decompressing (pglz) cost as much as reading it
        # (PostgreSQL docs, 73.2 "TOAST": EXTERNAL is out of line without compression).
        migrations.RunSQL(
            "ALTER TABLE articles_article ALTER COLUMN search_text SET STORAGE EXTERNAL",
            "ALTER TABLE articles_article ALTER COLUMN search_text SET STORAGE EXTENDED",
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
