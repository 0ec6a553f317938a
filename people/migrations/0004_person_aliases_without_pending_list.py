import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):
    """The aliases GIN index without a pending list (fastupdate off), altered in place
    rather than rebuilt; what was pending is merged into the index now."""

    dependencies = [
        ("people", "0003_add_admin_search_and_filter_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER INDEX person_aliases SET (fastupdate = off)",
                "SELECT gin_clean_pending_list('person_aliases')",
            ],
            reverse_sql="ALTER INDEX person_aliases RESET (fastupdate)",
            state_operations=[
                migrations.RemoveIndex(model_name="person", name="person_aliases"),
                migrations.AddIndex(
                    model_name="person",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fastupdate=False, fields=["aliases"], name="person_aliases"
                    ),
                ),
            ],
        ),
    ]
