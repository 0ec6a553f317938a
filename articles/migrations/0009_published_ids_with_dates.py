"""The published-ids index carries each article's date as well, so that a person page can
sort the articles behind their directives without reading the table's heap for each
(articles/person_page.py). Built without CONCURRENTLY, as 0001 built it: seconds at
100,000 articles."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_fewer_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_published_ids",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["id"],
                include=("published_at", "event_date"),
                name="article_published_ids",
            ),
        ),
    ]
