"""A GIN index on the titles each mention gives its person, for public_title_sql's last
resort: a title that no published article of the position's first or last day gives."""

import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_tags_version"),
        ("people", "0005_fewer_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="mention",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["positions"], name="mention_positions"
            ),
        ),
    ]
