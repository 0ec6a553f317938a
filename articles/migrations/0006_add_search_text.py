from django.db import migrations, models

BATCH = 1000


def fill_search_text(apps, schema_editor):
    # Articles stored before the column existed; later saves and ingest write it.
    from articles.search.text import headline_text, searched_text

    Article = apps.get_model("articles", "Article")
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


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_add_admin_list_indexes"),
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
