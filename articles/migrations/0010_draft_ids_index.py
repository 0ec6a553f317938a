"""An index of the drafts' ids, so that counts taken over all meetings can subtract those
readers may not see without reading the articles' heap (querysets.organizer_counts). Drafts
are a few percent of an archive: the index is small and quick to build."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_published_ids_with_dates"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "draft")),
                fields=["id"],
                name="article_draft_ids",
            ),
        ),
    ]
